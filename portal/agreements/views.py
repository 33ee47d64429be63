"""The agreements registry: the list (signed agreements for everyone, all of them for officers),
an agreement's page with its amendments, obligations, projects and pledges, and the officers'
forms and state changes."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.agreements import services
from portal.agreements.forms import AgreementForm, ObligationForm, StateForm
from portal.agreements.labels import (
    HISTORY_LABELS, OBLIGATION_ACTION_LABELS, OBLIGATION_STATE_LABELS, SORT_LABELS, STATE_LABELS, TRANSITION_LABELS,
    TYPE_LABELS,
)
from portal.agreements.models import Agreement, AgreementState, Obligation
from portal.core.audit import AuditEntry, readable_audit_entries
from portal.core.feedback import attempt, save_unless_changed, transition
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, in_current_language
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.rules import ChangedMeanwhile, Refused
from portal.core.uploads import UploadRefused, store_document, stored_path
from portal.extensions import db
from portal.organizations.forms import DecisionForm, DivisionForm
from portal.organizations.labels import DIVISION_LABELS

bp = Blueprint("agreements", __name__, url_prefix="/<lang:lang>/agreements", template_folder="templates")


@bp.app_context_processor
def labels():
    return {"agreement_type_labels": TYPE_LABELS, "agreement_state_labels": STATE_LABELS,
            "division_labels": DIVISION_LABELS}


# --- Reading -------------------------------------------------------------------------------------

@bp.route("/")
def index():
    filters = services.AgreementFilters.from_args(request.args)
    officer = services.is_officer(current_user)
    lang = current_locale()
    states = STATE_LABELS if officer else {state: STATE_LABELS[state] for state in AgreementState.SIGNED}
    return render_template(
        "agreements/index.html", filters=filters, officer=officer, today=services.today(),
        page=services.agreements_page(filters, current_user, page_number()),
        division_form=DivisionForm(division=current_user.division) if officer else None,
        options={
            "partner": [(str(org.id), org.names.render(lang).text) for org in services.partner_options(current_user)],
            "type": list(in_current_language(TYPE_LABELS).items()),
            "state": list(in_current_language(states).items()),
            "division": list(in_current_language(DIVISION_LABELS).items()),
            "sort": list(in_current_language(SORT_LABELS).items()),
        },
    )


def _visible(agreement_id: int) -> Agreement:
    agreement = db.get_or_404(Agreement, agreement_id)
    if not services.may_see(current_user, agreement):
        abort(404)
    return agreement


def _history(agreement: Agreement) -> list[AuditEntry]:
    return db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.object_type == "agreement", AuditEntry.object_id == str(agreement.id),
               readable_audit_entries(current_user))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .options(db.joinedload(AuditEntry.actor))
    ).all()


@bp.route("/<int:agreement_id>")
def detail(agreement_id: int):
    agreement = _visible(agreement_id)
    officer = services.is_officer(current_user)
    return render_template(
        "agreements/detail.html", agreement=agreement, officer=officer, today=services.today(),
        amendments=services.amendments_of(agreement, current_user),
        projects=services.projects_under(agreement.id),
        pledges=services.pledges_under(agreement.id, current_user),
        may_read_document=services.may_read_document(current_user, agreement),
        actions=services.actions_for(agreement) if officer else [],
        needs_reason={action for action, (_service, reason, _states) in services.ACTIONS.items() if reason},
        transition_labels=TRANSITION_LABELS, state_form=StateForm(),
        obligation_form=ObligationForm(agreement.partners) if officer else None,
        obligation_state_labels=OBLIGATION_STATE_LABELS, obligation_action_labels=OBLIGATION_ACTION_LABELS,
        action_form=DecisionForm(),
        history=_history(agreement) if officer else [], history_labels=HISTORY_LABELS,
    )


@bp.route("/<int:agreement_id>/document")
def document(agreement_id: int):
    agreement = _visible(agreement_id)
    if not services.may_read_document(current_user, agreement):
        abort(404)
    return send_file(stored_path(agreement.document_name), mimetype="application/pdf",
                     download_name=agreement.document_original_name, as_attachment=True)


# --- Officers' forms -----------------------------------------------------------------------------

def _form(agreement: Agreement | None = None, **kwargs) -> AgreementForm:
    return AgreementForm(services.partner_choices(), services.officers(),
                         services.parent_options(except_id=agreement.id if agreement else None), **kwargs)


def _agreement_data(form: AgreementForm) -> services.AgreementData:
    def chosen(field) -> int | None:
        return int(field.data) if field.data else None

    return services.AgreementData(
        reference=form.reference.data, title=translated_text(form, "title"), type=form.type.data,
        partner_ids=[int(value) for value in form.partner_ids.data], division=form.division.data or None,
        focal_point_id=chosen(form.focal_point_id), parent_id=chosen(form.parent_id),
        isesco_signed_on=form.isesco_signed_on.data, partner_signed_on=form.partner_signed_on.data,
        isesco_signatory_name=form.isesco_signatory_name.data, isesco_signatory_title=form.isesco_signatory_title.data,
        partner_signatory_name=form.partner_signatory_name.data,
        partner_signatory_title=form.partner_signatory_title.data,
        start_date=form.start_date.data, end_date=form.end_date.data,
        automatic_renewal=form.automatic_renewal.data, renewal_term_months=form.renewal_term_months.data,
        notice_days=form.notice_days.data or 0,
    )


def _save(form: AgreementForm, save, agreement_id: int | None = None) -> Agreement | None:
    """Stores the uploaded PDF, if any, then runs `save(data, document)`; None when refused, the
    refusal shown on the form. ChangedMeanwhile is left to the edit page, which shows the newer
    version."""
    if not form.validate_on_submit():
        return None
    if services.reference_taken(form.reference.data, except_id=agreement_id):
        form.reference.errors = [*form.reference.errors, _("Another agreement has this reference.")]
        return None
    document = None
    if form.document.data:
        try:
            document = store_document(form.document.data, pdf_only=True)
        except UploadRefused as refusal:
            form.document.errors = [*form.document.errors, str(refusal)]
            return None
    try:
        return save(_agreement_data(form), document)
    except ChangedMeanwhile:
        raise
    except Refused as refusal:
        flash(str(refusal.message), "danger")
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def create():
    form = _form(focal_point_id=str(current_user.id))
    agreement = _save(form, lambda data, document: services.create_agreement(current_user, data, document))
    if agreement is not None:
        flash(_("The agreement is registered as a draft."), "success")
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    return render_template("agreements/form.html", form=form, agreement=None)


class _FormValues:
    """An agreement as the form's `obj`."""

    def __init__(self, agreement: Agreement):
        set_translated_values(self, "title", agreement.title)
        self.version = str(agreement.version)
        self.partner_ids = [str(partner.id) for partner in agreement.partners]
        self.parent_id = str(agreement.parent_id or "")
        self.focal_point_id = str(agreement.focal_point_id or "")
        for name in ("reference", "type", "division", "isesco_signed_on", "partner_signed_on", "isesco_signatory_name",
                     "isesco_signatory_title", "partner_signatory_name", "partner_signatory_title", "start_date",
                     "end_date", "automatic_renewal", "renewal_term_months", "notice_days"):
            setattr(self, name, getattr(agreement, name))


@bp.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit(agreement_id: int):
    agreement = db.get_or_404(Agreement, agreement_id)
    form = _form(agreement, obj=None if request.method == "POST" else _FormValues(agreement))
    saved, newer = save_unless_changed(form, lambda version: _save(
        form, lambda data, document: services.update_agreement(agreement.id, current_user, version, data, document),
        agreement.id))
    if saved:
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    return render_template("agreements/form.html", form=form, agreement=agreement, newer=newer)


@bp.route("/<int:agreement_id>/state/<any(negotiate, send_for_signature, bring_into_force, expire, terminate, suspend, resume):action>",
          methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def change_state(agreement_id: int, action: str):
    db.get_or_404(Agreement, agreement_id)
    form = StateForm()
    # A day that is not a date reaches the service as no date, which it refuses in words.
    if not form.validate_on_submit() and set(form.errors) != {"in_force_on"}:
        abort(400)

    def done(state: str) -> str:
        return _("Done: the agreement is now “%(state)s”.", state=STATE_LABELS[state])

    if action == "bring_into_force":
        attempt(lambda: services.bring_into_force(agreement_id, current_user, form.in_force_on.data),
                done(AgreementState.IN_FORCE))
    else:
        transition(services.ACTIONS, action, agreement_id, form.reason.data, lambda agreement: done(agreement.state))
    return redirect(url_for("agreements.detail", agreement_id=agreement_id))


# --- Obligations ---------------------------------------------------------------------------------

def _obligation_data(form: ObligationForm) -> services.ObligationData:
    return services.ObligationData(
        party_id=int(form.party_id.data) if form.party_id.data else None, description=form.description.data,
        due_date=form.due_date.data, amount=form.amount.data, currency=form.currency.data or None,
    )


def _form_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "danger")


@bp.route("/<int:agreement_id>/obligations", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def add_obligation(agreement_id: int):
    agreement = db.get_or_404(Agreement, agreement_id)
    form = ObligationForm(agreement.partners)
    if form.validate_on_submit():
        attempt(lambda: services.add_obligation(agreement.id, current_user, _obligation_data(form)),
                _("The obligation is recorded."))
    else:
        _form_errors(form)
    return redirect(url_for("agreements.detail", agreement_id=agreement.id, _anchor="obligations"))


class _ObligationValues:
    def __init__(self, obligation: Obligation):
        self.party_id = str(obligation.party_id or "")
        self.description = obligation.description
        self.due_date = obligation.due_date
        self.amount = obligation.amount
        self.currency = obligation.currency or ""


@bp.route("/obligations/<int:obligation_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit_obligation(obligation_id: int):
    obligation = db.get_or_404(Obligation, obligation_id)
    form = ObligationForm(obligation.agreement.partners,
                          obj=None if request.method == "POST" else _ObligationValues(obligation))
    if form.validate_on_submit() and attempt(
        lambda: services.update_obligation(obligation.id, current_user, _obligation_data(form)),
        _("Your changes are saved."),
    ):
        return redirect(url_for("agreements.detail", agreement_id=obligation.agreement_id, _anchor="obligations"))
    return render_template("agreements/obligation_form.html", form=form, obligation=obligation)


@bp.route("/obligations/<int:obligation_id>/<any(met, waived):target>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def close_obligation(obligation_id: int, target: str):
    obligation = db.get_or_404(Obligation, obligation_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.OBLIGATION_ACTIONS[target](obligation.id, current_user),
            _("Done: the obligation is now “%(state)s”.", state=OBLIGATION_STATE_LABELS[target]))
    return redirect(url_for("agreements.detail", agreement_id=obligation.agreement_id, _anchor="obligations"))


# --- The officer's division ----------------------------------------------------------------------

@bp.route("/my-division", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def my_division():
    form = DivisionForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_own_division(current_user, form.division.data)
    flash(_("Your division's agreements now come first."), "success")
    return redirect(url_for("agreements.index"))
