"""The forum's pages: editions and their programme, registration and the participant's page,
badges and letters, and the officers' registrations list and check-in desk."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.core.exports import csv_download, download, xlsx_download
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, in_current_language, language_name, text_direction, zoned_time
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.rules import Refused
from portal.core.time import from_zone, to_zone
from portal.extensions import db
from portal.forum import calendar, documents, services
from portal.forum.forms import CheckInForm, EditionForm, RegistrationForm, SessionForm
from portal.forum.labels import (
    EDITION_ACTION_LABELS, EDITION_STATE_LABELS, PARTICIPANT_TYPE_LABELS, REGISTRATION_ACTION_LABELS,
    REGISTRATION_STATE_LABELS, SESSION_KIND_LABELS,
)
from portal.forum.models import Edition, EditionState, Registration, RegistrationState, Session
from portal.organizations.forms import DecisionForm, ReasonForm
from portal.outcomes import services as outcomes_services
from portal.reference.services import country_name_of

bp = Blueprint("forum", __name__, url_prefix="/<lang:lang>/forum", template_folder="templates")


def venue_time(moment, edition: Edition, with_date: bool = False) -> str:
    """A stored UTC moment as the venue's clock shows it, the venue's zone named, in the reader's language."""
    return zoned_time(moment, edition.timezone, "medium" if with_date else "short", with_date=with_date)


@bp.app_context_processor
def labels():
    return {
        "edition_state_labels": EDITION_STATE_LABELS,
        "session_kind_labels": SESSION_KIND_LABELS,
        "participant_type_labels": PARTICIPANT_TYPE_LABELS,
        "registration_state_labels": REGISTRATION_STATE_LABELS,
        "venue_time": venue_time,
    }


def _edition_for_reader(edition_id: int) -> Edition:
    """Drafts are the officers' alone: anyone else is told there is no such page."""
    edition = db.get_or_404(Edition, edition_id)
    if not services.may_see_edition(current_user, edition):
        abort(404)
    return edition


@bp.route("/")
def index():
    editions = services.editions_for(current_user)
    # The next edition people can register for or attend; else the latest one.
    coming = [edition for edition in editions
              if edition.state in (EditionState.REGISTRATION_OPEN, EditionState.REGISTRATION_CLOSED)]
    featured = coming[-1] if coming else (editions[0] if editions else None)
    return render_template("forum/index.html", editions=editions, featured=featured,
                           seats_left=services.seats_left(featured) if featured else None,
                           my_registrations=services.registrations_of(current_user))


@bp.route("/<int:edition_id>")
def edition(edition_id: int):
    edition = _edition_for_reader(edition_id)
    return render_template(
        "forum/edition.html", edition=edition,
        registration=services.registration_of(current_user, edition.id),
        registration_open=services.registration_is_open(edition),
        seats_left=services.seats_left(edition),
        next_states=services.EDITION_TRANSITIONS[edition.state],
        edition_action_labels=EDITION_ACTION_LABELS,
        action_form=DecisionForm(), takes_outcomes=outcomes_services.takes_outcomes(edition),
    )


def _edition_data(form: EditionForm) -> services.EditionData:
    return services.EditionData(
        ordinal=form.ordinal.data, year=form.year.data,
        title=translated_text(form, "title"), description=translated_text(form, "description"),
        city=translated_text(form, "city"), country_code=form.country_code.data, venue=translated_text(form, "venue"),
        start_date=form.start_date.data, end_date=form.end_date.data, timezone=form.timezone.data,
        registration_opens=form.registration_opens.data, registration_closes=form.registration_closes.data,
        capacity=form.capacity.data, interpretation_languages=form.interpretation_languages.data,
        approve_automatically=form.approve_automatically.data,
    )


def _ordinal_is_free(form: EditionForm, edition_id: int | None = None) -> bool:
    if services.ordinal_taken(form.ordinal.data, except_id=edition_id):
        form.ordinal.errors = [*form.ordinal.errors, _("Another edition has this number.")]
        return False
    return True


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def create():
    form = EditionForm()
    if form.validate_on_submit() and _ordinal_is_free(form):
        edition = services.create_edition(current_user, _edition_data(form))
        flash(_("The edition is saved as a draft: add its sessions, then open registration."), "success")
        return redirect(url_for("forum.edition", edition_id=edition.id))
    return render_template("forum/edition_form.html", form=form, edition=None)


class _EditionValues:
    def __init__(self, edition: Edition):
        for name in ("ordinal", "year", "country_code", "start_date", "end_date", "timezone", "registration_opens",
                     "registration_closes", "capacity", "interpretation_languages", "approve_automatically"):
            setattr(self, name, getattr(edition, name))
        for prefix in ("title", "description", "city", "venue"):
            set_translated_values(self, prefix, getattr(edition, prefix))


@bp.route("/<int:edition_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = EditionForm(obj=None if request.method == "POST" else _EditionValues(edition))
    if form.validate_on_submit() and _ordinal_is_free(form, edition.id):
        try:
            services.update_edition(edition.id, current_user, _edition_data(form))
        except Refused as refusal:
            form.capacity.errors = [*form.capacity.errors, str(refusal.message)]
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("forum.edition", edition_id=edition.id))
    return render_template("forum/edition_form.html", form=form, edition=edition)


@bp.route("/<int:edition_id>/state/<any(registration_open, registration_closed, held, archived):target>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def change_state(edition_id: int, target: str):
    db.get_or_404(Edition, edition_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        edition = services.change_edition_state(edition_id, current_user, target)
    except Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Done: the edition is now “%(state)s”.", state=EDITION_STATE_LABELS[edition.state]), "success")
    return redirect(url_for("forum.edition", edition_id=edition_id))


# --- The programme -------------------------------------------------------------------------------

@bp.route("/<int:edition_id>/programme")
def programme(edition_id: int):
    edition = _edition_for_reader(edition_id)
    registration = services.registration_of(current_user, edition.id)
    return render_template(
        "forum/programme.html", edition=edition, days=services.programme(edition),
        taken=services.signup_counts(edition), registration=registration,
        signed_up=services.signed_up_session_ids(registration), action_form=DecisionForm(),
    )


def _ics(body: bytes, filename: str) -> Response:
    return download(body, "text/calendar", filename)


@bp.route("/<int:edition_id>/programme.ics")
def programme_ics(edition_id: int):
    edition = _edition_for_reader(edition_id)
    return _ics(calendar.programme_ics(edition), f"isesco-forum-{edition.ordinal}.ics")


def _session_for_reader(session_id: int) -> Session:
    session = db.get_or_404(Session, session_id)
    _edition_for_reader(session.edition_id)
    return session


@bp.route("/sessions/<int:session_id>.ics")
def session_ics(session_id: int):
    session = _session_for_reader(session_id)
    return _ics(calendar.session_ics(session), f"isesco-forum-session-{session.id}.ics")


def _session_data(form: SessionForm, edition: Edition) -> services.SessionData:
    return services.SessionData(
        title=translated_text(form, "title"), description=translated_text(form, "description"), kind=form.kind.data,
        starts_at=from_zone(form.starts_at.data, edition.timezone), ends_at=from_zone(form.ends_at.data, edition.timezone),
        room=(form.room.data or "").strip() or None, capacity=form.capacity.data,
        speakers=(form.speakers.data or "").strip() or None, languages=form.languages.data,
    )


@bp.route("/<int:edition_id>/sessions/new", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def create_session(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = SessionForm(edition, languages=edition.interpretation_languages)
    if form.validate_on_submit():
        services.create_session(edition.id, current_user, _session_data(form, edition))
        flash(_("The session is in the programme."), "success")
        return redirect(url_for("forum.programme", edition_id=edition.id))
    return render_template("forum/session_form.html", form=form, edition=edition, session=None)


class _SessionValues:
    def __init__(self, session: Session):
        edition = session.edition
        set_translated_values(self, "title", session.title)
        if session.description:
            set_translated_values(self, "description", session.description)
        self.kind, self.room, self.capacity = session.kind, session.room, session.capacity
        self.speakers, self.languages = session.speakers, session.languages
        # The form shows the venue's wall-clock time.
        self.starts_at = to_zone(session.starts_at, edition.timezone).replace(tzinfo=None)
        self.ends_at = to_zone(session.ends_at, edition.timezone).replace(tzinfo=None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit_session(session_id: int):
    session = db.get_or_404(Session, session_id)
    edition = session.edition
    form = SessionForm(edition, obj=None if request.method == "POST" else _SessionValues(session))
    if form.validate_on_submit():
        try:
            services.update_session(session.id, current_user, _session_data(form, edition))
        except Refused as refusal:
            form.capacity.errors = [*form.capacity.errors, str(refusal.message)]
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("forum.programme", edition_id=edition.id))
    return render_template("forum/session_form.html", form=form, edition=edition, session=session,
                           action_form=DecisionForm())


@bp.route("/sessions/<int:session_id>/delete", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def delete_session(session_id: int):
    db.get_or_404(Session, session_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    edition_id = services.delete_session(session_id, current_user)
    flash(_("The session is removed from the programme."), "success")
    return redirect(url_for("forum.programme", edition_id=edition_id))


@bp.route("/sessions/<int:session_id>/<any(signup, leave):action>", methods=["POST"])
@login_required
def session_seat(session_id: int, action: str):
    session = _session_for_reader(session_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        if action == "signup":
            services.sign_up(session.id, current_user)
            flash(_("You have a seat in this session."), "success")
        else:
            services.leave_session(session.id, current_user)
            flash(_("Your seat in this session is freed."), "success")
    except Refused as refusal:
        flash(str(refusal.message), "danger")
    return redirect(url_for("forum.programme", edition_id=session.edition_id, _anchor=f"session-{session.id}"))


# --- Registration --------------------------------------------------------------------------------

def _registration_data(form: RegistrationForm) -> services.RegistrationData:
    return services.RegistrationData(
        organization_id=int(form.organization_id.data) if form.organization_id.data else None,
        participant_type=form.participant_type.data,
        interpretation_language=form.interpretation_language.data,
        accessibility_needs=(form.accessibility_needs.data or "").strip() or None,
        dietary_needs=(form.dietary_needs.data or "").strip() or None,
        listed_publicly=form.listed_publicly.data,
        visa_letter_requested=form.visa_letter_requested.data,
        passport_name=(form.passport_name.data or "").strip() or None,
        passport_number=(form.passport_number.data or "").strip() or None,
        nationality=form.nationality.data or None,
        passport_expiry=form.passport_expiry.data,
    )


@bp.route("/<int:edition_id>/register", methods=["GET", "POST"])
@login_required
def register(edition_id: int):
    edition = _edition_for_reader(edition_id)
    existing = services.registration_of(current_user, edition.id)
    if existing is not None:
        return redirect(url_for("forum.registration", registration_id=existing.id))
    if not services.registration_is_open(edition):
        flash(_("Registration for this edition is not open."), "warning")
        return redirect(url_for("forum.edition", edition_id=edition.id))
    language = current_locale() if current_locale() in edition.interpretation_languages else None
    form = RegistrationForm(edition, services.registering_organizations(current_user),
                            interpretation_language=language)
    if form.validate_on_submit():
        try:
            registration = services.register(current_user, edition.id, _registration_data(form))
        except Refused as refusal:
            flash(str(refusal.message), "danger")
        else:
            flash(_registered_message(registration), "success")
            return redirect(url_for("forum.registration", registration_id=registration.id))
    return render_template("forum/register.html", form=form, edition=edition)


def _registered_message(registration: Registration) -> str:
    if registration.state == RegistrationState.APPROVED:
        return _("You are registered: your seat is confirmed and your badge is ready.")
    if registration.state == RegistrationState.WAITLISTED:
        return _("Every seat is taken: you are on the waiting list and will be mailed if a seat frees up.")
    return _("Your registration is received: an ISESCO officer will review it and you will be told by mail.")


def _managed_registration(registration_id: int) -> Registration:
    """The participant's own registration, or any for officers; others are told it does not exist."""
    registration = db.get_or_404(Registration, registration_id)
    if not services.may_manage(current_user, registration):
        abort(404)
    return registration


@bp.route("/registrations/<int:registration_id>")
@login_required
def registration(registration_id: int):
    registration = _managed_registration(registration_id)
    edition = registration.edition
    signed_up = services.signed_up_session_ids(registration)
    return render_template(
        "forum/registration.html", registration=registration, edition=edition,
        sessions=[session for session in edition.sessions if session.id in signed_up],
        letter_available=services.letter_available(registration),
        # Passport details are for officers only, even on the participant's own page.
        show_passport=current_user.is_officer,
        nationality_name=country_name_of(current_locale()).get(registration.nationality or ""),
        action_form=DecisionForm(), reason_form=ReasonForm(),
        decisions=REGISTRATION_ACTION_LABELS if current_user.is_officer else {},
    )


@bp.route("/registrations/<int:registration_id>/cancel", methods=["POST"])
@login_required
def cancel(registration_id: int):
    registration = _managed_registration(registration_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(registration.id, current_user)
    except Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("The registration is cancelled."), "success")
    return redirect(url_for("forum.registration", registration_id=registration.id))


@bp.route("/registrations/<int:registration_id>/<any(approve, waitlist):decision>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def decide(registration_id: int, decision: str):
    db.get_or_404(Registration, registration_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    change = services.approve if decision == "approve" else services.waitlist
    try:
        registration = change(registration_id, current_user)
    except Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Done: the registration is now “%(state)s”.", state=REGISTRATION_STATE_LABELS[registration.state]), "success")
    return redirect(request.form.get("next") if _is_local(request.form.get("next"))
                    else url_for("forum.registration", registration_id=registration_id))


def _is_local(target: str | None) -> bool:
    return bool(target) and target.startswith("/") and not target.startswith("//")


@bp.route("/registrations/<int:registration_id>/reject", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def reject(registration_id: int):
    db.get_or_404(Registration, registration_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason: the participant will read it."), "danger")
    else:
        try:
            services.reject(registration_id, current_user, form.reason.data)
        except Refused as refusal:
            flash(str(refusal.message), "danger")
        else:
            flash(_("The registration is rejected; the participant is told why."), "success")
    return redirect(url_for("forum.registration", registration_id=registration_id))


def _pdf(body: bytes, filename: str) -> Response:
    return download(body, "application/pdf", filename, inline=True)


def _organization_name(registration: Registration, lang: str) -> str | None:
    return registration.organization.names.render(lang).text if registration.organization else None


def _place(edition: Edition, lang: str) -> str:
    return ", ".join((edition.venue.render(lang).text, edition.city.render(lang).text,
                      country_name_of(lang).get(edition.country_code, edition.country_code)))


def _dates(edition: Edition) -> str:
    return f"{format_date(edition.start_date, 'long')} – {format_date(edition.end_date, 'long')}"


@bp.route("/registrations/<int:registration_id>/badge.pdf")
@login_required
def badge(registration_id: int):
    registration = _managed_registration(registration_id)
    if not registration.holds_seat:
        abort(404)
    lang = current_locale()
    edition = registration.edition
    content = documents.BadgeContent(
        name=registration.user.name, organization=_organization_name(registration, lang),
        participant_type=str(PARTICIPANT_TYPE_LABELS[registration.participant_type]),
        edition_title=edition.title.render(lang).text, edition_dates=_dates(edition),
        venue=_place(edition, lang), code=registration.code,
    )
    return _pdf(documents.badge_pdf(content, lang), f"badge-{registration.id}.pdf")


@bp.route("/registrations/<int:registration_id>/letter.pdf")
@login_required
def letter(registration_id: int):
    """In the participant's language, whoever downloads it."""
    registration = _managed_registration(registration_id)
    if not services.letter_available(registration):
        abort(404)
    lang = registration.user.preferred_locale
    edition = registration.edition
    with force_locale(lang):
        content = documents.LetterContent(
            lang=lang, passport_name=registration.passport_name, passport_number=registration.passport_number,
            nationality=country_name_of(lang).get(registration.nationality, registration.nationality),
            passport_expiry=format_date(registration.passport_expiry, "long"),
            organization=_organization_name(registration, lang),
            participant_type=str(PARTICIPANT_TYPE_LABELS[registration.participant_type]),
            edition_title=edition.title.render(lang).text, edition_dates=_dates(edition),
            venue=_place(edition, lang), issued_on=format_date(registration.decided_at or registration.created_at, "long"),
            reference=f"ISESCO/FORUM/{edition.ordinal}/{registration.id:06d}",
        )
    return _pdf(documents.visa_letter_pdf(content), f"invitation-letter-{registration.id}.pdf")


@bp.route("/<int:edition_id>/participants")
def participants(edition_id: int):
    edition = _edition_for_reader(edition_id)
    return render_template("forum/participants.html", edition=edition,
                           participants=services.listed_participants(edition.id))


# --- Officers ------------------------------------------------------------------------------------

def _filter_options(edition: Edition) -> dict:
    lang = current_locale()
    return {
        "state": list(in_current_language(REGISTRATION_STATE_LABELS).items()),
        "participant_type": list(in_current_language(PARTICIPANT_TYPE_LABELS).items()),
        "organization": [(str(org.id), org.names.render(lang).text)
                         for org in services.registered_organizations(edition.id)],
    }


@bp.route("/<int:edition_id>/registrations")
@role_required(Role.OFFICER, Role.ADMIN)
def registrations(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    filters = services.RegistrationFilters.from_args(request.args)
    return render_template(
        "forum/registrations.html", edition=edition, filters=filters, options=_filter_options(edition),
        page=services.registrations_page(edition.id, filters, page_number()),
        counts=services.registration_counts(edition.id), seats_left=services.seats_left(edition),
        action_form=DecisionForm(), decisions=REGISTRATION_ACTION_LABELS,
    )


def _venue_clock(moment, edition: Edition):
    """A stored UTC moment as the venue's clock shows it, as a date and time a spreadsheet reads
    as one (spreadsheets hold no time zone: the venue's is the one the forum's pages use)."""
    return to_zone(moment, edition.timezone).replace(tzinfo=None, second=0, microsecond=0)


def _export_table(edition: Edition, filters: services.RegistrationFilters):
    lang = current_locale()
    header = [_("Number"), _("Name"), _("Email"), _("Organization"), _("Participant type"), _("State"),
              _("Interpretation language"), _("Accessibility needs"), _("Dietary needs"),
              _("In the public list"), _("Visa letter requested"), _("Registered on"), _("Checked in at")]
    yes, no = _("Yes"), _("No")
    rows = [
        [registration.id, registration.user.name, registration.user.email, _organization_name(registration, lang) or "",
         str(PARTICIPANT_TYPE_LABELS[registration.participant_type]), str(REGISTRATION_STATE_LABELS[registration.state]),
         language_name(registration.interpretation_language), registration.accessibility_needs or "",
         registration.dietary_needs or "", yes if registration.listed_publicly else no,
         yes if registration.visa_letter_requested else no,
         _venue_clock(registration.created_at, edition),
         _venue_clock(registration.checked_in_at, edition) if registration.checked_in_at else None]
        for registration in services.registrations_for_export(edition.id, filters)
    ]
    return header, rows


@bp.route("/<int:edition_id>/registrations.<any(csv, xlsx):extension>")
@role_required(Role.OFFICER, Role.ADMIN)
def export_registrations(edition_id: int, extension: str):
    """Without passport details: those stay on the registration's page."""
    edition = db.get_or_404(Edition, edition_id)
    header, rows = _export_table(edition, services.RegistrationFilters.from_args(request.args))
    filename = f"forum-{edition.ordinal}-registrations.{extension}"
    if extension == "csv":
        return csv_download(filename, header, rows)
    return xlsx_download(filename, _("Registrations"), header, rows, right_to_left=text_direction() == "rtl")


@bp.route("/<int:edition_id>/check-in", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def check_in(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = CheckInForm()
    checked_in, refusal, earlier = None, None, None
    if form.validate_on_submit():
        try:
            checked_in = services.check_in(edition.id, form.code.data, current_user)
        except services.AlreadyCheckedIn as already:
            refusal, earlier = already.message, already.registration
        except Refused as refused:
            refusal = refused.message
        form = CheckInForm(formdata=None)
    counts = services.registration_counts(edition.id)
    return render_template("forum/check_in.html", edition=edition, form=form, checked_in=checked_in,
                           refusal=refusal, earlier=earlier, counts=counts)
