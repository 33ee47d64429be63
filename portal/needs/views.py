"""The needs board, a need's page, posting and editing needs, moderation, country pages."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.agreements.services import country_partnerships
from portal.core.feedback import attempt, save_unless_changed
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, in_current_language
from portal.core.pagecache import kept_for_visitors, not_worth_keeping
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.uploads import UploadRefused, store_document, stored_path
from portal.extensions import db
from portal.needs import priorities as priorities_service
from portal.needs import services
from portal.needs.forms import CommentForm, NeedForm, PriorityForm, RankForm
from portal.needs.labels import ACTION_LABELS, NEED_STATE_LABELS, SORT_LABELS, URGENCY_LABELS
from portal.needs.models import Need, NeedAttachment, NeedState, Priority, PriorityState
from portal.organizations.forms import DecisionForm
from portal.organizations.labels import KIND_LABELS
from portal.organizations.models import Organization
from portal.projects.views import need_matching
from portal.reference.models import Country
from portal.reference.services import beneficiary_group_names, country_names_by_name, field_names

# The board says "more than 1,000 needs" rather than count on to the end; a text search
# reads every row it counts, so it stops sooner.
BOARD_COUNT_LIMIT = 1000
SEARCH_COUNT_LIMIT = 100

bp = Blueprint("needs", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.context_processor
def labels():
    # Translated once per page: a board shows these labels on every card.
    return {
        "urgency_labels": in_current_language(URGENCY_LABELS),
        "need_state_labels": in_current_language(NEED_STATE_LABELS),
        "sort_labels": SORT_LABELS,
        "action_labels": ACTION_LABELS,
        "today": date.today(),
    }


@bp.route("/needs/")
@kept_for_visitors(services.BoardFilters)
def board():
    filters = services.BoardFilters.from_args(request.args)
    officer = current_user.is_authenticated and current_user.is_officer
    page = services.board(
        filters, page=page_number(),
        count_limit=SEARCH_COUNT_LIMIT if filters.q.strip() else BOARD_COUNT_LIMIT, officer=officer,
    )
    if not page.items:
        not_worth_keeping()
    return render_template("needs/board.html", page=page, filters=filters, options=_filter_options(officer),
                           officer=officer)


def _filter_options(officer: bool = False) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs of each filter of the board, in the reader's language; officers
    may also list needs in the states the board hides."""
    lang = current_locale()
    fields = field_names(lang)
    states = NeedState.PUBLIC + (services.OFFICER_STATES if officer else ())
    return {
        "country": list(country_names_by_name(lang)),
        "field": [(code, name) for code, name, _subsectors in fields],
        "subsector": [subsector for _code, _name, subsectors in fields for subsector in subsectors],
        "group": list(beneficiary_group_names(lang)),
        "state": [(state, NEED_STATE_LABELS[state]) for state in states],
    }


def _visible_need(need_id: int) -> Need:
    need = db.get_or_404(Need, need_id)
    if not services.can_see(current_user, need):
        abort(404)
    return need


@bp.route("/needs/<int:need_id>")
def detail(need_id: int):
    need = _visible_need(need_id)
    can_edit = services.can_edit(current_user, need)
    return render_template(
        "needs/detail.html",
        need=need,
        can_edit=can_edit,
        action_form=DecisionForm(),
        comment_form=CommentForm(),
        matching=need_matching(need, can_edit),
    )


@bp.route("/needs/<int:need_id>/attachments/<int:attachment_id>")
def attachment(need_id: int, attachment_id: int):
    need = _visible_need(need_id)
    item = db.get_or_404(NeedAttachment, attachment_id)
    if item.need_id != need.id:
        abort(404)
    return send_file(stored_path(item.stored_name), mimetype=item.content_type,
                     download_name=item.original_name, as_attachment=True)


def _need_data(form: NeedForm) -> services.NeedData:
    return services.NeedData(
        title=translated_text(form, "title"),
        description=translated_text(form, "description"),
        country_code=form.country_code.data,
        area=form.area.data,
        subsector_codes=form.subsector_codes.data,
        group_codes=form.group_codes.data,
        beneficiary_count=form.beneficiary_count.data,
        urgency=form.urgency.data,
        cost_amount=form.cost_amount.data,
        cost_currency=form.cost_currency.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
    )


def _stored_attachments(form: NeedForm) -> list | None:
    """The checked files, or None after putting the reason on the form (nothing is kept)."""
    stored = []
    for upload in form.attachments.data or []:
        if not upload or not upload.filename:
            continue
        try:
            stored.append(store_document(upload))
        except UploadRefused as refusal:
            for kept in stored:
                stored_path(kept.stored_name).unlink(missing_ok=True)
            form.attachments.errors = [*form.attachments.errors, f"{upload.filename}: {refusal}"]
            return None
    return stored


@bp.route("/needs/new", methods=["GET", "POST"])
@login_required
def create():
    organizations = services.posting_organizations(current_user)
    if not organizations:
        flash(_("To post a need, be an editor or owner of a verified organization."), "info")
        return redirect(url_for("organizations.directory"))
    form = NeedForm(organizations)
    if form.validate_on_submit():
        attachments = _stored_attachments(form)
        if attachments is not None:
            organization = next(org for org in organizations if str(org.id) == form.organization_id.data)
            need = services.create_need(organization, current_user, _need_data(form), attachments)
            flash(_("Your need is saved as a draft. Submit it for review when it is ready."), "success")
            return redirect(url_for("needs.detail", need_id=need.id))
    return render_template("needs/form.html", form=form, need=None, newer=None)


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit(need_id: int):
    need = _visible_need(need_id)
    if not services.can_edit(current_user, need) or need.state not in NeedState.EDITABLE:
        abort(403)
    form = NeedForm([need.organization], obj=None if request.method == "POST" else _FormValues(need))
    # A need stays with the organization that posted it.
    del form.organization_id
    newer = None
    if form.validate_on_submit():
        attachments = _stored_attachments(form)
        if attachments is not None:
            try:
                newer = save_unless_changed(form, lambda version: services.update_need(
                    need.id, current_user, _need_data(form), version, attachments))[1]
            except services.Refused as refusal:
                flash(str(refusal.message), "danger")
                return redirect(url_for("needs.detail", need_id=need.id))
            if newer is None:
                flash(_("Your changes are saved."), "success")
                return redirect(url_for("needs.detail", need_id=need.id))
    return render_template("needs/form.html", form=form, need=need, newer=newer)


class _FormValues:
    """A need as the form's `obj`: one attribute per form field."""

    def __init__(self, need: Need):
        self.organization_id = str(need.organization_id)
        set_translated_values(self, "title", need.title)
        set_translated_values(self, "description", need.description)
        self.country_code = need.country_code
        self.area = need.area
        self.subsector_codes = [sub.code for sub in need.subsectors]
        self.group_codes = [group.code for group in need.beneficiary_groups]
        self.beneficiary_count = need.beneficiary_count
        self.urgency = need.urgency
        self.cost_amount = need.cost_amount
        self.cost_currency = need.cost_currency
        self.start_date = need.start_date
        self.end_date = need.end_date
        self.version = str(need.version)


EDITOR_ACTIONS = {
    "submit": services.submit,
    "withdraw": services.withdraw,
    "start": services.start_work,
    "fulfil": services.fulfil,
    "close": services.close,
}
OFFICER_ACTIONS = {"publish": services.publish}


@bp.route("/needs/<int:need_id>/<any(submit, withdraw, start, fulfil, close, publish):action>", methods=["POST"])
@login_required
def act(need_id: int, action: str):
    need = _visible_need(need_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    allowed = current_user.is_officer if action == "publish" else (
        services.can_edit(current_user, need) or (action == "close" and current_user.is_officer)
    )
    if not allowed:
        abort(403)
    change = OFFICER_ACTIONS.get(action) or EDITOR_ACTIONS[action]
    try:
        change(need.id, current_user)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Done: the need is now “%(state)s”.", state=NEED_STATE_LABELS[db.session.get(Need, need.id).state]), "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.route("/needs/<int:need_id>/return", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def return_for_changes(need_id: int):
    need = _visible_need(need_id)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Say what should change: the author will read it."), "danger")
        return redirect(url_for("needs.detail", need_id=need.id))
    try:
        services.return_for_changes(need.id, current_user, form.comment.data)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("The need has been returned to its author with your comment."), "success")
    return redirect(url_for("needs.moderation"))


@bp.route("/needs/mine")
@login_required
def mine():
    needs = services.organization_need_cards(current_user)
    return render_template("needs/mine.html", needs=needs)


@bp.route("/officer/needs")
@role_required(Role.OFFICER, Role.ADMIN)
def moderation():
    return render_template("needs/moderation.html", needs=services.moderation_queue())


@bp.route("/countries/<code>")
def country(code: str):
    found = db.get_or_404(Country, code.upper())
    if found.code != code:
        return redirect(url_for("needs.country", code=found.code), 301)
    filters = services.BoardFilters(country=found.code)
    needs = services.board(filters, page=1, per_page=10)
    organizations = db.session.scalars(
        db.select(Organization)
        .where(Organization.state == "verified")
        .where((Organization.country_code == found.code) | Organization.countries_of_operation.any(Country.code == found.code))
        .order_by(Organization.search_name)
        .options(db.joinedload(Organization.country))
    ).all()
    return render_template("needs/country.html", country=found, needs=needs, organizations=organizations,
                           priorities=priorities_service.active_priorities(found.code), kind_labels=KIND_LABELS,
                           partnerships=country_partnerships(found.code, current_user), today=date.today())


@bp.route("/priorities", methods=["GET", "POST"])
@login_required
def priorities():
    organizations = priorities_service.priority_organizations(current_user)
    if not organizations:
        flash(_("Priorities are posted by editors and owners of a verified endowment ministry or national commission."), "info")
        return redirect(url_for("organizations.directory"))
    form = PriorityForm(organizations)
    if form.validate_on_submit():
        organization = next(org for org in organizations if str(org.id) == form.organization_id.data)
        priorities_service.create_priority(
            organization,
            current_user,
            priorities_service.PriorityData(
                title=translated_text(form, "title"),
                description=translated_text(form, "description"),
                subsector_code=form.subsector_code.data,
                rank=form.rank.data,
                period_start=form.period_start.data,
                period_end=form.period_end.data,
            ),
        )
        flash(_("The priority is published on the country page."), "success")
        return redirect(url_for("needs.priorities"))
    return render_template(
        "needs/priorities.html", form=form, priorities=priorities_service.priorities_of(organizations),
        rank_form=RankForm(), action_form=DecisionForm(),
    )


@bp.route("/priorities/<int:priority_id>/<any(rank, archive, activate):change>", methods=["POST"])
@login_required
def change_priority(priority_id: int, change: str):
    if not priorities_service.may_change(current_user, db.get_or_404(Priority, priority_id)):
        abort(403)
    form = RankForm() if change == "rank" else DecisionForm()
    if not form.validate_on_submit():
        flash(_("Give a rank between 1 and 99."), "danger")
        return redirect(url_for("needs.priorities"))
    if change == "rank":
        attempt(lambda: priorities_service.set_rank(priority_id, current_user, form.rank.data),
                _("The priority is updated."))
    else:
        state = PriorityState.ARCHIVED if change == "archive" else PriorityState.ACTIVE
        attempt(lambda: priorities_service.set_state(priority_id, current_user, state), _("The priority is updated."))
    return redirect(url_for("needs.priorities"))
