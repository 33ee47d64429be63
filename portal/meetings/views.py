"""Pages of joint committees, meetings with their agenda, minutes and outcomes (officers; invitees
read an announced meeting), and the action-item tracker (officers: all; partners: their own)."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.config import LOCALES
from portal.core.exports import download
from portal.core.feedback import attempt
from portal.core.filters import as_id
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, in_current_language, language_name
from portal.core.markdown import render_markdown
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.time import from_zone, to_zone
from portal.extensions import db
from portal.meetings import documents, services
from portal.meetings.forms import (
    ActionItemForm, AgendaItemForm, CommentForm, CommitteeForm, MeetingForm, MinutesForm, OutcomeForm, ProgressForm,
    emails_in,
)
from portal.meetings.labels import (
    ACTION_ITEM_STATE_LABELS, ACTION_ITEM_STEP_LABELS, MEETING_ACTION_LABELS, MEETING_KIND_LABELS, MEETING_MODE_LABELS,
    MEETING_STATE_LABELS, MINUTES_ACTION_LABELS, MINUTES_STATE_LABELS, OUTCOME_KIND_LABELS, PRIORITY_LABELS,
)
from portal.meetings.models import ActionItem, JointCommittee, Meeting, MeetingKind, Minutes
from portal.organizations.forms import DecisionForm
from portal.organizations.labels import DIVISION_LABELS
from portal.organizations.models import Organization, OrganizationState
from portal.outcomes.services import adoptable_projects
from portal.projects.labels import DIRECTORATE_LABELS

bp = Blueprint("meetings", __name__, url_prefix="/<lang:lang>", template_folder="templates")
officers_only = role_required(Role.OFFICER, Role.ADMIN)


@bp.app_context_processor
def labels():
    return {
        "meeting_kind_labels": MEETING_KIND_LABELS, "meeting_state_labels": MEETING_STATE_LABELS,
        "meeting_mode_labels": MEETING_MODE_LABELS, "division_labels": DIVISION_LABELS,
        "minutes_state_labels": MINUTES_STATE_LABELS, "outcome_kind_labels": OUTCOME_KIND_LABELS,
        "action_item_state_labels": ACTION_ITEM_STATE_LABELS, "priority_labels": PRIORITY_LABELS,
        "directorate_labels": DIRECTORATE_LABELS,
        "meeting_time": lambda moment, meeting, form="medium": documents.venue_time(moment, meeting,
                                                                                  current_locale(), form),
    }


def _verified_organizations() -> list[Organization]:
    return db.session.scalars(
        db.select(Organization).where(Organization.state == OrganizationState.VERIFIED).order_by(Organization.search_name)
    ).all()


def _agreements() -> list[Agreement]:
    return db.session.scalars(db.select(Agreement).order_by(Agreement.reference)).all()


def _id(value) -> int | None:
    return int(value) if value else None


# --- Joint committees ----------------------------------------------------------------------------

@bp.route("/committees/")
@officers_only
def committees():
    return render_template("meetings/committees.html", committees=services.committees(current_user))


def _committee_form(**kwargs) -> CommitteeForm:
    return CommitteeForm(_verified_organizations(), _agreements(), **kwargs)


def _committee_data(form: CommitteeForm) -> services.CommitteeData:
    return services.CommitteeData(name=translated_text(form, "name"), agreement_id=_id(form.agreement_id.data),
                                  partner_id=_id(form.partner_id.data), division=form.division.data or None)


@bp.route("/committees/new", methods=["GET", "POST"])
@officers_only
def create_committee():
    form = _committee_form()
    created = []
    if form.validate_on_submit() and attempt(
        lambda: created.append(services.create_committee(current_user, _committee_data(form))),
        _("The joint committee is created."),
    ):
        return redirect(url_for("meetings.committee", committee_id=created[0].id))
    return render_template("meetings/committee_form.html", form=form, committee=None)


@bp.route("/committees/<int:committee_id>")
@officers_only
def committee(committee_id: int):
    committee = db.get_or_404(JointCommittee, committee_id)
    return render_template("meetings/committee.html", committee=committee,
                           sessions=services.sessions_of(committee.id))


class _CommitteeValues:
    def __init__(self, committee: JointCommittee):
        set_translated_values(self, "name", committee.name)
        self.partner_id = str(committee.partner_id or "")
        self.agreement_id = str(committee.agreement_id or "")
        self.division = committee.division


@bp.route("/committees/<int:committee_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_committee(committee_id: int):
    committee = db.get_or_404(JointCommittee, committee_id)
    form = _committee_form(obj=None if request.method == "POST" else _CommitteeValues(committee))
    if form.validate_on_submit() and attempt(
        lambda: services.update_committee(committee.id, current_user, _committee_data(form)),
        _("Your changes are saved."),
    ):
        return redirect(url_for("meetings.committee", committee_id=committee.id))
    return render_template("meetings/committee_form.html", form=form, committee=committee)


# --- Meetings ------------------------------------------------------------------------------------

def _filter_options() -> dict:
    lang = current_locale()
    return {
        "kind": list(in_current_language(MEETING_KIND_LABELS).items()),
        "committee": [(str(committee.id), committee.name.render(lang).text)
                      for committee in services.committees(current_user)],
        "partner": [(str(org.id), org.names.render(lang).text) for org in _verified_organizations()],
        "division": list(in_current_language(DIVISION_LABELS).items()),
    }


@bp.route("/meetings/")
@officers_only
def meetings():
    filters = services.MeetingFilters.from_args(request.args)
    options = _filter_options()
    options["state"] = list(in_current_language(MEETING_STATE_LABELS).items())
    return render_template("meetings/meetings.html", filters=filters, options=options,
                           page=services.meetings_page(filters, current_user, page_number()))


def _meeting_form(**kwargs) -> MeetingForm:
    return MeetingForm(services.committees(current_user), _verified_organizations(), **kwargs)


def _meeting_data(form: MeetingForm) -> services.MeetingData:
    zone = form.timezone.data
    emails = emails_in(form.people_emails.data)
    people = db.session.scalars(db.select(User).where(User.email.in_(emails))).all()
    unknown = sorted(set(emails) - {person.email for person in people})
    if unknown:
        form.people_emails.errors = [_("No account has these addresses: %(emails)s", emails=", ".join(unknown))]
        raise ValueError
    return services.MeetingData(
        kind=form.kind.data, committee_id=_id(form.committee_id.data),
        session_number=form.session_number.data if form.kind.data == MeetingKind.JOINT_COMMITTEE else None,
        title=translated_text(form, "title"), starts_at=from_zone(form.starts_at.data, zone),
        ends_at=from_zone(form.ends_at.data, zone), timezone=zone, venue=(form.venue.data or "").strip() or None,
        country_code=form.country_code.data or None, mode=form.mode.data,
        person_ids=[person.id for person in people], organization_ids=[int(value) for value in form.organization_ids.data],
        division=form.division.data or None,
    )


def _save_meeting(form: MeetingForm, save, done: str) -> bool:
    if not form.validate_on_submit():
        return False
    try:
        data = _meeting_data(form)
    except ValueError:
        return False
    return attempt(lambda: save(data), done)


@bp.route("/meetings/new", methods=["GET", "POST"])
@officers_only
def create_meeting():
    committee_id = as_id(request.args.get("committee"))
    defaults = {}
    if request.method == "GET" and committee_id and db.session.get(JointCommittee, committee_id):
        defaults = {"kind": MeetingKind.JOINT_COMMITTEE, "committee_id": str(committee_id),
                    "session_number": services.next_session_number(committee_id)}
    form = _meeting_form(**defaults)
    created = []
    if _save_meeting(form, lambda data: created.append(services.create_meeting(current_user, data)),
                     _("The meeting is saved as a draft.")):
        return redirect(url_for("meetings.meeting", meeting_id=created[0].id))
    return render_template("meetings/meeting_form.html", form=form, meeting=None)


def _readable_meeting(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    if not services.may_see_meeting(current_user, meeting):
        abort(404)
    return meeting


@bp.route("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    meeting = _readable_meeting(meeting_id)
    is_officer = current_user.is_officer
    minutes = {item.language: item for item in meeting.minutes}
    return render_template(
        "meetings/meeting.html", meeting=meeting, is_officer=is_officer,
        minutes=minutes, languages=[(lang, language_name(lang, current_locale())) for lang in LOCALES],
        minutes_html={lang: render_markdown(item.text) for lang, item in minutes.items()},
        steps=services.MEETING_STEPS[meeting.state] if is_officer else (),
        action_labels=MEETING_ACTION_LABELS, minutes_action_labels=MINUTES_ACTION_LABELS,
        editable=meeting.state in services.EDITABLE_MEETING_STATES and is_officer,
        action_form=DecisionForm(), reason_form=CommentForm(), agenda_form=AgendaItemForm(),
        outcome_form=OutcomeForm(_verified_organizations()) if is_officer and meeting.state == "held" else None,
        action_items={item.outcome_id: item for item in services.action_items_of_meeting(meeting.id)},
        today=services.today(),
    )


class _MeetingValues:
    def __init__(self, meeting: Meeting):
        set_translated_values(self, "title", meeting.title)
        for name in ("kind", "session_number", "timezone", "venue", "country_code", "mode", "division"):
            setattr(self, name, getattr(meeting, name))
        self.committee_id = str(meeting.committee_id or "")
        self.starts_at = to_zone(meeting.starts_at, meeting.timezone).replace(tzinfo=None)
        self.ends_at = to_zone(meeting.ends_at, meeting.timezone).replace(tzinfo=None)
        self.organization_ids = [str(invited.organization_id) for invited in meeting.organizations]
        self.people_emails = "\n".join(person.user.email for person in meeting.people)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_meeting(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _meeting_form(obj=None if request.method == "POST" else _MeetingValues(meeting))
    if _save_meeting(form, lambda data: services.update_meeting(meeting.id, current_user, data),
                     _("Your changes are saved.")):
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/meeting_form.html", form=form, meeting=meeting)


def _back_to(meeting_id: int, anchor: str = ""):
    return redirect(url_for("meetings.meeting", meeting_id=meeting_id) + anchor)


@bp.route("/meetings/<int:meeting_id>/state/<any(scheduled, held, closed, cancelled):target>", methods=["POST"])
@officers_only
def move_meeting(meeting_id: int, target: str):
    db.get_or_404(Meeting, meeting_id)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    change = (lambda: services.cancel(meeting_id, current_user, form.comment.data)) if target == "cancelled" else (
        lambda: services.MEETING_TRANSITIONS[target](meeting_id, current_user))
    attempt(change, _("Done: the meeting is now “%(state)s”.", state=MEETING_STATE_LABELS[target]))
    return _back_to(meeting_id)


@bp.route("/meetings/<int:meeting_id>/meeting.ics")
@login_required
def meeting_ics(meeting_id: int):
    meeting = _readable_meeting(meeting_id)
    return download(documents.meeting_ics(meeting, current_locale()), "text/calendar",
                    f"isesco-meeting-{meeting.id}.ics")


@bp.route("/meetings/<int:meeting_id>/meeting.pdf")
@login_required
def meeting_pdf(meeting_id: int):
    meeting = _readable_meeting(meeting_id)
    return download(documents.meeting_pdf(meeting, current_locale()), "application/pdf",
                    f"isesco-meeting-{meeting.id}-{current_locale()}.pdf", inline=True)


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["POST"])
@officers_only
def record_attendance(meeting_id: int):
    db.get_or_404(Meeting, meeting_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    people = [int(value) for value in request.form.getlist("people") if value.isdigit()]
    organizations = [int(value) for value in request.form.getlist("organizations") if value.isdigit()]
    attempt(lambda: services.record_attendance(meeting_id, current_user, people, organizations),
            _("The attendance is recorded."))
    return _back_to(meeting_id, "#participants")


# --- Agenda --------------------------------------------------------------------------------------

def _agenda_data(form: AgendaItemForm) -> services.AgendaItemData:
    return services.AgendaItemData(title=translated_text(form, "title"),
                                   presenter=(form.presenter.data or "").strip() or None,
                                   duration_minutes=form.duration_minutes.data)


@bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
@officers_only
def add_agenda_item(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        attempt(lambda: services.add_agenda_item(meeting.id, current_user, _agenda_data(form)),
                _("The item is added to the agenda."))
        return _back_to(meeting.id, "#agenda")
    return render_template("meetings/agenda_item_form.html", form=form, meeting=meeting, item=None), 400


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_agenda_item(meeting_id: int, item_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    item = next((item for item in meeting.agenda if item.id == item_id), None) or abort(404)
    values = type("Values", (), {"presenter": item.presenter, "duration_minutes": item.duration_minutes})()
    set_translated_values(values, "title", item.title)
    form = AgendaItemForm(obj=None if request.method == "POST" else values)
    if form.validate_on_submit() and attempt(
        lambda: services.update_agenda_item(meeting.id, item.id, current_user, _agenda_data(form)),
        _("Your changes are saved."),
    ):
        return _back_to(meeting.id, "#agenda")
    return render_template("meetings/agenda_item_form.html", form=form, meeting=meeting, item=item)


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/<any(up, down, delete):change>", methods=["POST"])
@officers_only
def change_agenda_item(meeting_id: int, item_id: int, change: str):
    db.get_or_404(Meeting, meeting_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    if change == "delete":
        attempt(lambda: services.delete_agenda_item(meeting_id, item_id, current_user),
                _("The item is removed from the agenda."))
    else:
        attempt(lambda: services.move_agenda_item(meeting_id, item_id, current_user, -1 if change == "up" else 1),
                _("The agenda's order is changed."))
    return _back_to(meeting_id, "#agenda")


# --- Minutes and outcomes ------------------------------------------------------------------------

@bp.route("/meetings/<int:meeting_id>/minutes/<any(ar, en, fr):language>", methods=["GET", "POST"])
@officers_only
def edit_minutes(meeting_id: int, language: str):
    meeting = db.get_or_404(Meeting, meeting_id)
    minutes = services.minutes_in(meeting, language)
    form = MinutesForm(obj=minutes if request.method == "GET" else None)
    if form.validate_on_submit() and attempt(
        lambda: services.save_minutes(meeting.id, current_user, language, form.text.data),
        _("The minutes are saved."),
    ):
        return _back_to(meeting.id, "#minutes")
    locked = minutes is not None and minutes.is_locked
    return render_template("meetings/minutes_form.html", form=None if locked else form, meeting=meeting,
                           minutes=minutes, minutes_html=render_markdown(minutes.text) if locked else None,
                           language=language, language_label=language_name(language, current_locale()))


@bp.route("/meetings/<int:meeting_id>/minutes/<any(ar, en, fr):language>.pdf")
@login_required
def minutes_pdf(meeting_id: int, language: str):
    """Approved minutes only, to whoever may see the meeting: a draft is not the record yet."""
    minutes = services.minutes_in(_readable_meeting(meeting_id), language)
    if minutes is None or not minutes.is_locked:
        abort(404)
    return download(documents.minutes_pdf(minutes), "application/pdf",
                    f"isesco-meeting-{meeting_id}-minutes-{language}.pdf", inline=True)


@bp.route("/minutes/<int:minutes_id>/<any(circulated, approved):target>", methods=["POST"])
@officers_only
def move_minutes(minutes_id: int, target: str):
    minutes = db.get_or_404(Minutes, minutes_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.MINUTES_TRANSITIONS[target](minutes.id, current_user),
            _("Done: the minutes are now “%(state)s”.", state=MINUTES_STATE_LABELS[target]))
    return _back_to(minutes.meeting_id, "#minutes")


def _action_data(form) -> services.ActionItemData:
    email = (form.person_in_charge_email.data or "").strip().lower()
    person = db.session.scalar(db.select(User).where(User.email == email)) if email else None
    if email and person is None:
        form.person_in_charge_email.errors = [_("No account has this address.")]
        raise ValueError
    return services.ActionItemData(
        description=translated_text(form, "description"), organization_id=_id(form.organization_id.data),
        directorate=form.directorate.data or None, person_in_charge=(form.person_in_charge.data or "").strip() or None,
        person_in_charge_id=person.id if person else None, due_date=form.due_date.data, priority=form.priority.data,
        project_id=_id(getattr(form, "project_id", None) and form.project_id.data),
        agreement_id=_id(getattr(form, "agreement_id", None) and form.agreement_id.data),
        need_id=getattr(form, "need_id", None) and form.need_id.data,
        division=getattr(form, "division", None) and form.division.data or None,
    )


@bp.route("/meetings/<int:meeting_id>/outcomes", methods=["POST"])
@officers_only
def add_outcome(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = OutcomeForm(_verified_organizations())
    if form.validate_on_submit():
        try:
            action = _action_data(form) if form.kind.data == "action" else None
        except ValueError:
            action = None
        else:
            attempt(lambda: services.add_outcome(meeting.id, current_user, form.kind.data,
                                                 translated_text(form, "text"), action),
                    _("The outcome is recorded."))
            return _back_to(meeting.id, "#outcomes")
    return render_template("meetings/outcome_form.html", form=form, meeting=meeting), 400


# --- Action items --------------------------------------------------------------------------------

@bp.route("/action-items/")
@login_required
def action_items():
    filters = services.ActionItemFilters.from_args(request.args)
    today = services.today()
    lang = current_locale()
    options = _filter_options() if current_user.is_officer else {}
    options["partner"] = [(str(org.id), org.names.render(lang).text) for org in (
        services.tracker_partners() if current_user.is_officer else services.member_organizations(current_user))]
    options["state"] = list(in_current_language(ACTION_ITEM_STATE_LABELS).items())
    return render_template(
        "meetings/action_items.html", filters=filters, options=options, today=today,
        page=services.action_items_page(filters, current_user, today, page_number()),
    )


def _action_item_form(**kwargs) -> ActionItemForm:
    return ActionItemForm(_verified_organizations(), adoptable_projects(), _agreements(), **kwargs)


@bp.route("/action-items/new", methods=["GET", "POST"])
@officers_only
def create_action_item():
    form = _action_item_form()
    created = []
    if form.validate_on_submit():
        try:
            data = _action_data(form)
        except ValueError:
            pass
        else:
            if attempt(lambda: created.append(services.create_action_item(current_user, data)),
                       _("The action item is recorded.")):
                return redirect(url_for("meetings.action_item", item_id=created[0].id))
    return render_template("meetings/action_item_form.html", form=form, item=None)


def _readable_item(item_id: int) -> ActionItem:
    item = db.get_or_404(ActionItem, item_id)
    if not services.may_see_action_item(current_user, item):
        abort(404)
    return item


def _item_page(item: ActionItem, progress_form: ProgressForm | None = None):
    may_report = services.may_report_on(current_user, item)
    return render_template(
        "meetings/action_item.html", item=item, today=services.today(), may_report=may_report,
        progress_form=progress_form or ProgressForm(services.PROGRESS_STEPS[item.state]),
        officer_steps=services.OFFICER_STEPS[item.state] if current_user.is_officer else (),
        step_labels=ACTION_ITEM_STEP_LABELS, decision_form=CommentForm(),
    )


@bp.route("/action-items/<int:item_id>")
@login_required
def action_item(item_id: int):
    return _item_page(_readable_item(item_id))


class _ActionItemValues:
    def __init__(self, item: ActionItem):
        set_translated_values(self, "description", item.description)
        for name in ("directorate", "person_in_charge", "due_date", "priority", "need_id", "division"):
            setattr(self, name, getattr(item, name))
        for name in ("organization_id", "project_id", "agreement_id"):
            setattr(self, name, str(getattr(item, name) or ""))
        self.person_in_charge_email = item.person.email if item.person else ""


@bp.route("/action-items/<int:item_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_action_item(item_id: int):
    item = db.get_or_404(ActionItem, item_id)
    form = _action_item_form(obj=None if request.method == "POST" else _ActionItemValues(item))
    if form.validate_on_submit():
        try:
            data = _action_data(form)
        except ValueError:
            pass
        else:
            if attempt(lambda: services.update_action_item(item.id, current_user, data), _("Your changes are saved.")):
                return redirect(url_for("meetings.action_item", item_id=item.id))
    return render_template("meetings/action_item_form.html", form=form, item=item)


@bp.route("/action-items/<int:item_id>/progress", methods=["POST"])
@login_required
def report_progress(item_id: int):
    item = _readable_item(item_id)
    if not services.may_report_on(current_user, item):
        abort(403)
    form = ProgressForm(services.PROGRESS_STEPS[item.state])
    if not form.validate_on_submit():
        return _item_page(item, form), 400
    target = form.new_state.data
    change = services.PROGRESS_TRANSITIONS[target] if target else services.comment_on
    attempt(lambda: change(item.id, current_user, form.comment.data), _("Your report is recorded."))
    return redirect(url_for("meetings.action_item", item_id=item.id))


@bp.route("/action-items/<int:item_id>/<any(verified, cancelled):target>", methods=["POST"])
@officers_only
def decide_action_item(item_id: int, target: str):
    db.get_or_404(ActionItem, item_id)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    attempt(lambda: services.OFFICER_TRANSITIONS[target](item_id, current_user, form.comment.data),
            _("Done: the action item is now “%(state)s”.", state=ACTION_ITEM_STATE_LABELS[target]))
    return redirect(url_for("meetings.action_item", item_id=item_id))
