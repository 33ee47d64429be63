"""Rules of the agreements registry (docs/agreements.md): agreements, their states and obligations,
the public view of signed agreements, and the review reminders.

Every change is one function here: it locks the agreement's row, checks the rule (raising
Refused with a message for the officer, and changing nothing), writes the audit entry and
mails the focal point in their own language. The review date is the end date less the notice
period, computed here whenever either changes, and stored so that lists sort and filter on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.agreements.models import (
    EXPIRING_WITHIN_DAYS, Agreement, AgreementReminder, AgreementState, AgreementType, Obligation, ObligationState,
    agreement_partners,
)
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_id
from portal.core.i18n import calendar_date
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.pages import Page, paginate
from portal.core.permissions import Role
from portal.core.rules import Refused, add_once, locked, refuse_if_changed, require_officer
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile
from portal.extensions import db
from portal.meetings.models import ActionItem, ActionItemState, Meeting
from portal.organizations.models import Division, Membership, Organization, OrganizationState
from portal.organizations.services import owners
from portal.projects.models import Pledge, Project

LIST_PAGE_SIZE = 20


def today() -> date:
    return utcnow().date()


def review_date_of(end_date: date | None, notice_days: int) -> date | None:
    """The day to decide on renewal or ending: the end date less the notice; none when open-ended."""
    return end_date - timedelta(days=notice_days) if end_date else None


# --- Who sees what -------------------------------------------------------------------------------

def is_officer(user: User) -> bool:
    return user.is_authenticated and user.is_officer


def _partner_ids_of(user: User):
    return db.select(Membership.organization_id).where(Membership.user_id == user.id)


def is_partner_member(user: User, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    return db.session.scalar(
        db.select(agreement_partners.c.organization_id)
        .where(agreement_partners.c.agreement_id == agreement.id,
               agreement_partners.c.organization_id.in_(_partner_ids_of(user)))
        .limit(1)
    ) is not None


def may_see(user: User, agreement: Agreement) -> bool:
    """Officers see every agreement; everyone the signed ones; a partner's members theirs from
    the moment it awaits their signature. Drafts and negotiations stay internal."""
    if is_officer(user) or agreement.state in AgreementState.SIGNED:
        return True
    return agreement.state in AgreementState.SHOWN_TO_PARTNERS and is_partner_member(user, agreement)


def may_read_document(user: User, agreement: Agreement) -> bool:
    """The signed text is the parties' own: officers and the partners' members."""
    return agreement.document_name is not None and (is_officer(user) or (
        agreement.state in AgreementState.SHOWN_TO_PARTNERS and is_partner_member(user, agreement)))


# --- Registering and editing -----------------------------------------------------------------------

@dataclass
class AgreementData:
    reference: str
    title: TranslatedText
    type: str
    partner_ids: list[int]
    # None: the division of the first partner.
    division: str | None
    focal_point_id: int | None
    parent_id: int | None
    isesco_signed_on: date | None
    partner_signed_on: date | None
    isesco_signatory_name: str | None
    isesco_signatory_title: str | None
    partner_signatory_name: str | None
    partner_signatory_title: str | None
    start_date: date | None
    end_date: date | None
    automatic_renewal: bool
    renewal_term_months: int | None
    notice_days: int


def normal_reference(reference: str) -> str:
    return reference.strip().upper()


def reference_taken(reference: str, except_id: int | None = None) -> bool:
    query = db.select(Agreement.id).where(Agreement.reference == normal_reference(reference))
    if except_id is not None:
        query = query.where(Agreement.id != except_id)
    return db.session.scalar(query) is not None


def _partners(partner_ids: list[int]) -> list[Organization]:
    found = {organization.id: organization for organization in db.session.scalars(
        db.select(Organization).where(Organization.id.in_(partner_ids)))}
    if not partner_ids or len(found) != len(set(partner_ids)):
        raise Refused(_l("Choose at least one partner organization."))
    # In the order chosen: the first gives the agreement its division.
    return [found[partner_id] for partner_id in dict.fromkeys(partner_ids)]


def _check(data: AgreementData, agreement_id: int | None) -> None:
    if reference_taken(data.reference, except_id=agreement_id):
        raise Refused(_l("Another agreement has this reference."))
    if data.type == AgreementType.AMENDMENT:
        parent = db.session.get(Agreement, data.parent_id) if data.parent_id else None
        # An amendment amends an agreement itself, never another amendment: no chain can loop.
        if parent is None or parent.id == agreement_id or parent.type == AgreementType.AMENDMENT:
            raise Refused(_l("An amendment names the agreement it amends."))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise Refused(_l("The end comes before the start."))
    if data.automatic_renewal and not data.renewal_term_months:
        raise Refused(_l("Give the renewal term of an agreement that renews automatically."))
    if data.notice_days < 0:
        raise Refused(_l("The notice period cannot be negative."))
    if data.focal_point_id is not None:
        focal_point = db.session.get(User, data.focal_point_id)
        if focal_point is None or not focal_point.is_officer:
            raise Refused(_l("The focal point is an ISESCO officer."))
    if data.division is not None and data.division not in Division.ALL:
        raise Refused(_l("Choose one of the two divisions."))


def _apply(agreement: Agreement, data: AgreementData) -> None:
    partners = _partners(data.partner_ids)
    agreement.reference = normal_reference(data.reference)
    agreement.title = data.title
    agreement.type = data.type
    agreement.partners = partners
    agreement.division = data.division or partners[0].division
    agreement.focal_point_id = data.focal_point_id
    agreement.parent_id = data.parent_id if data.type == AgreementType.AMENDMENT else None
    for name in ("isesco_signed_on", "partner_signed_on", "start_date", "end_date", "notice_days"):
        setattr(agreement, name, getattr(data, name))
    for name in ("isesco_signatory_name", "isesco_signatory_title", "partner_signatory_name", "partner_signatory_title"):
        setattr(agreement, name, (getattr(data, name) or "").strip() or None)
    agreement.automatic_renewal = data.automatic_renewal
    agreement.renewal_term_months = data.renewal_term_months if data.automatic_renewal else None
    agreement.review_date = review_date_of(data.end_date, data.notice_days)


def _attach(agreement: Agreement, document: StoredFile | None) -> None:
    if document is not None:
        agreement.document_name = document.stored_name
        agreement.document_original_name = document.original_name
        agreement.document_size = document.size


def _snapshot(agreement: Agreement) -> dict:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "reference": agreement.reference, "title": agreement.title.to_json(), "type": agreement.type,
        "division": agreement.division, "state": agreement.state, "reason": agreement.state_reason,
        "partners": [partner.id for partner in agreement.partners], "focal_point_id": agreement.focal_point_id,
        "parent_id": agreement.parent_id, "isesco_signed_on": day(agreement.isesco_signed_on),
        "partner_signed_on": day(agreement.partner_signed_on), "start_date": day(agreement.start_date),
        "end_date": day(agreement.end_date), "automatic_renewal": agreement.automatic_renewal,
        "renewal_term_months": agreement.renewal_term_months, "notice_days": agreement.notice_days,
        "review_date": day(agreement.review_date), "document": agreement.document_original_name,
    }


def create_agreement(officer: User, data: AgreementData, document: StoredFile | None = None) -> Agreement:
    agreement = create_agreement_uncommitted(officer, data, document)
    db.session.commit()
    return agreement


def create_agreement_uncommitted(officer: User, data: AgreementData, document: StoredFile | None = None) -> Agreement:
    """create_agreement without the commit, for a change of which it is one part (a call's selection)."""
    require_officer(officer)
    _check(data, None)
    agreement = Agreement(state=AgreementState.DRAFT)
    _apply(agreement, data)
    _attach(agreement, document)
    add_once(agreement, _l("Another agreement has this reference."))
    record_audit("agreement.created", "agreement", agreement.id, after=_snapshot(agreement), actor=officer)
    return agreement


def _locked(agreement_id: int) -> Agreement:
    return locked(Agreement, agreement_id, _l("This agreement no longer exists."))


def update_agreement(agreement_id: int, officer: User, version: int, data: AgreementData,
                     document: StoredFile | None = None) -> Agreement:
    require_officer(officer)
    agreement = _locked(agreement_id)
    refuse_if_changed(agreement, version, _l(
        "Someone saved this agreement after you opened it: read their changes, then make yours again."))
    _check(data, agreement.id)
    before = _snapshot(agreement)
    _apply(agreement, data)
    _attach(agreement, document)
    agreement.version += 1
    record_audit("agreement.edited", "agreement", agreement.id, before=before, after=_snapshot(agreement), actor=officer)
    db.session.commit()
    return agreement


def set_own_division(officer: User, division: str) -> None:
    """An officer's division: its work comes first in their lists."""
    require_officer(officer)
    if division not in Division.ALL:
        raise Refused(_l("Choose one of the two divisions."))
    before = {"division": officer.division}
    officer.division = division
    record_audit("user.division", "user", officer.id, before=before, after={"division": division}, actor=officer)
    db.session.commit()


# --- States --------------------------------------------------------------------------------------

STATE_MAIL = _l("An agreement you follow changed state")


def _mail_focal_point(agreement: Agreement, actor: User) -> None:
    person = agreement.focal_point
    if person is None or person.id == actor.id:
        return
    send_mail(
        f"agreement_{agreement.state}", person.email, person.preferred_locale, STATE_MAIL,
        "agreements/mail/state.txt", user=person, agreement=agreement, actor=actor,
        agreement_url=absolute_url("agreements.detail", agreement_id=agreement.id, lang=person.preferred_locale),
    )


def _move(agreement_id: int, officer: User, allowed_from: tuple[str, ...], target: str,
          reason: str | None = None, rule=None, in_force_on: date | None = None) -> Agreement:
    require_officer(officer)
    agreement = _locked(agreement_id)
    if agreement.state not in allowed_from:
        raise Refused(_l("This action does not apply to the agreement in its present state."))
    if rule is not None:
        rule(agreement)
    before = _snapshot(agreement)
    agreement.state = target
    agreement.state_reason = (reason or "").strip() or None
    if in_force_on is not None:
        agreement.concluded_on = in_force_on
    if target in AgreementState.ENDED:
        agreement.ended_on = today()
    record_audit(f"agreement.{target}", "agreement", agreement.id, before=before, after=_snapshot(agreement),
                 actor=officer)
    _mail_focal_point(agreement, officer)
    db.session.commit()
    return agreement


def _signed_by_both(agreement: Agreement) -> None:
    if not (agreement.isesco_signed_on and agreement.partner_signed_on):
        raise Refused(_l("Record the dates on which both sides signed before bringing the agreement into force."))


def _in_force_on(day: date | None):
    """The day the agreement came into force, as the officer gives it: reports count the
    agreement as concluded on that day, not on the day it was recorded."""
    def rule(agreement: Agreement) -> None:
        _signed_by_both(agreement)
        if day is None:
            raise Refused(_l("Give the date on which the agreement came into force."))
        if day > today():
            raise Refused(_l("The date on which the agreement came into force cannot be in the future."))
        last_signature = max(agreement.isesco_signed_on, agreement.partner_signed_on)
        if day < last_signature:
            raise Refused(_l("An agreement comes into force once both sides have signed it: on %(date)s at the "
                             "earliest.", date=calendar_date(last_signature, "long")))

    return rule


def _past_its_end(agreement: Agreement) -> None:
    if agreement.end_date is None or agreement.end_date > today():
        raise Refused(_l("An agreement expires only once its end date has passed: terminate it to end it earlier."))


def _with_reason(reason: str | None):
    def rule(agreement: Agreement) -> None:
        if not (reason or "").strip():
            raise Refused(_l("Give the reason: it stays on the agreement's record."))

    return rule


def open_negotiations(agreement_id: int, officer: User) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.DRAFT,), AgreementState.UNDER_NEGOTIATION)


def send_for_signature(agreement_id: int, officer: User) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.UNDER_NEGOTIATION,), AgreementState.AWAITING_SIGNATURE)


def bring_into_force(agreement_id: int, officer: User, in_force_on: date | None) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.AWAITING_SIGNATURE,), AgreementState.IN_FORCE,
                 rule=_in_force_on(in_force_on), in_force_on=in_force_on)


def expire(agreement_id: int, officer: User) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.IN_FORCE,), AgreementState.EXPIRED, rule=_past_its_end)


def terminate(agreement_id: int, officer: User, reason: str | None) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.IN_FORCE,), AgreementState.TERMINATED, reason,
                 rule=_with_reason(reason))


def suspend(agreement_id: int, officer: User, reason: str | None) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.IN_FORCE,), AgreementState.SUSPENDED, reason,
                 rule=_with_reason(reason))


def resume(agreement_id: int, officer: User) -> Agreement:
    return _move(agreement_id, officer, (AgreementState.SUSPENDED,), AgreementState.IN_FORCE)


# action -> (the service, whether it takes a reason, the states it applies to)
ACTIONS = {
    "negotiate": (open_negotiations, False, (AgreementState.DRAFT,)),
    "send_for_signature": (send_for_signature, False, (AgreementState.UNDER_NEGOTIATION,)),
    "bring_into_force": (bring_into_force, False, (AgreementState.AWAITING_SIGNATURE,)),
    "expire": (expire, False, (AgreementState.IN_FORCE,)),
    "terminate": (terminate, True, (AgreementState.IN_FORCE,)),
    "suspend": (suspend, True, (AgreementState.IN_FORCE,)),
    "resume": (resume, False, (AgreementState.SUSPENDED,)),
}


def actions_for(agreement: Agreement) -> list[str]:
    return [action for action, (_service, _reason, states) in ACTIONS.items() if agreement.state in states]


# --- Obligations ---------------------------------------------------------------------------------

@dataclass
class ObligationData:
    # None: ISESCO.
    party_id: int | None
    description: str
    due_date: date
    amount: Decimal | None
    currency: str | None


def _obligation_snapshot(obligation: Obligation) -> dict:
    return {"agreement_id": obligation.agreement_id, "party_id": obligation.party_id,
            "description": obligation.description, "due_date": obligation.due_date.isoformat(),
            "amount": str(obligation.amount) if obligation.amount is not None else None,
            "currency": obligation.currency, "state": obligation.state}


def _apply_obligation(agreement: Agreement, obligation: Obligation, data: ObligationData) -> None:
    if data.party_id is not None and data.party_id not in {partner.id for partner in agreement.partners}:
        raise Refused(_l("The party is ISESCO or one of the agreement's partners."))
    if not data.description.strip():
        raise Refused(_l("Say what the party undertakes."))
    if data.amount is not None and (data.amount < 0 or not data.currency):
        raise Refused(_l("Give an amount of zero or more with its currency."))
    obligation.party_id = data.party_id
    obligation.description = data.description.strip()
    obligation.due_date = data.due_date
    obligation.amount = data.amount
    obligation.currency = data.currency if data.amount is not None else None


def add_obligation(agreement_id: int, officer: User, data: ObligationData) -> Obligation:
    require_officer(officer)
    agreement = _locked(agreement_id)
    obligation = Obligation(agreement_id=agreement.id, state=ObligationState.PENDING)
    _apply_obligation(agreement, obligation, data)
    db.session.add(obligation)
    db.session.flush()
    record_audit("obligation.added", "obligation", obligation.id, after=_obligation_snapshot(obligation), actor=officer)
    db.session.commit()
    return obligation


def _locked_obligation(obligation_id: int) -> Obligation:
    obligation = locked(Obligation, obligation_id, _l("This obligation no longer exists."))
    if obligation.state != ObligationState.PENDING:
        raise Refused(_l("This obligation is already met or waived: it no longer changes."))
    return obligation


def update_obligation(obligation_id: int, officer: User, data: ObligationData) -> Obligation:
    require_officer(officer)
    obligation = _locked_obligation(obligation_id)
    before = _obligation_snapshot(obligation)
    _apply_obligation(obligation.agreement, obligation, data)
    record_audit("obligation.edited", "obligation", obligation.id, before=before,
                 after=_obligation_snapshot(obligation), actor=officer)
    db.session.commit()
    return obligation


def _close_obligation(obligation_id: int, officer: User, target: str) -> Obligation:
    require_officer(officer)
    obligation = _locked_obligation(obligation_id)
    before = _obligation_snapshot(obligation)
    obligation.state = target
    obligation.closed_on = today()
    record_audit(f"obligation.{target}", "obligation", obligation.id, before=before,
                 after=_obligation_snapshot(obligation), actor=officer)
    db.session.commit()
    return obligation


def meet_obligation(obligation_id: int, officer: User) -> Obligation:
    return _close_obligation(obligation_id, officer, ObligationState.MET)


def waive_obligation(obligation_id: int, officer: User) -> Obligation:
    return _close_obligation(obligation_id, officer, ObligationState.WAIVED)


OBLIGATION_ACTIONS = {"met": meet_obligation, "waived": waive_obligation}


# --- Lists ---------------------------------------------------------------------------------------

SORTS = ("review", "reference", "newest")


@dataclass(frozen=True)
class AgreementFilters(QueryFilters):
    partner: str = ""
    type: str = ""
    state: str = ""
    division: str = ""
    expiring: str = ""
    sort: str = "review"


def _conditions(filters: AgreementFilters, viewer: User, on: date) -> list:
    conditions = [] if is_officer(viewer) else [Agreement.state.in_(AgreementState.SIGNED)]
    if partner_id := as_id(filters.partner):
        conditions.append(Agreement.id.in_(db.select(agreement_partners.c.agreement_id)
                                           .where(agreement_partners.c.organization_id == partner_id)))
    if filters.type in AgreementType.ALL:
        conditions.append(Agreement.type == filters.type)
    if filters.state in AgreementState.ALL:
        conditions.append(Agreement.state == filters.state)
    if filters.division in Division.ALL:
        conditions.append(Agreement.division == filters.division)
    if filters.expiring:
        conditions.extend([Agreement.state == AgreementState.IN_FORCE,
                           Agreement.review_date <= on + timedelta(days=EXPIRING_WITHIN_DAYS)])
    return conditions


def _order(filters: AgreementFilters, viewer: User) -> list:
    by = {
        # Open-ended agreements, with no review date, come last.
        "review": [Agreement.review_date.is_(None), Agreement.review_date, Agreement.reference],
        "reference": [Agreement.reference],
        "newest": [Agreement.created_at.desc(), Agreement.id.desc()],
    }[filters.sort if filters.sort in SORTS else "review"]
    return [Division.first(Agreement.division, viewer), *by]


def agreements_page(filters: AgreementFilters, viewer: User, page: int, per_page: int = LIST_PAGE_SIZE,
                    on: date | None = None) -> Page:
    """A page of the agreements the viewer may list, officers' own division first."""
    conditions = _conditions(filters, viewer, on or today())
    return paginate(
        db.select(Agreement).where(*conditions)
        .options(selectinload(Agreement.partners), joinedload(Agreement.focal_point))
        .order_by(*_order(filters, viewer)),
        db.select(Agreement.id).where(*conditions), page, per_page,
    )


def partner_options(viewer: User) -> list[Organization]:
    """Organizations that are party to an agreement the viewer may list, for the partner filter."""
    listed = db.select(agreement_partners.c.organization_id).join(
        Agreement, Agreement.id == agreement_partners.c.agreement_id)
    if not is_officer(viewer):
        listed = listed.where(Agreement.state.in_(AgreementState.SIGNED))
    return db.session.scalars(
        db.select(Organization).where(Organization.id.in_(listed)).order_by(Organization.search_name)
    ).all()


def amendments_of(agreement: Agreement, viewer: User) -> list[Agreement]:
    return [amendment for amendment in agreement.amendments if may_see(viewer, amendment)]


def projects_under(agreement_id: int) -> list[Project]:
    return db.session.scalars(
        db.select(Project).where(Project.agreement_id == agreement_id).order_by(Project.code)
    ).all()


def pledges_under(agreement_id: int, viewer: User) -> list[Pledge]:
    """Pledges stay with officers, as on a project's page."""
    if not is_officer(viewer):
        return []
    return db.session.scalars(
        db.select(Pledge).where(Pledge.agreement_id == agreement_id)
        .options(joinedload(Pledge.organization), joinedload(Pledge.project)).order_by(Pledge.id)
    ).all()


def citable_agreements(organizations: list[Organization] | None = None) -> list[Agreement]:
    """Agreements a project (all of them, for officers) or a pledge (those in force with one of the
    pledging organizations) may fall under."""
    query = db.select(Agreement).order_by(Agreement.reference)
    if organizations is not None:
        query = query.where(Agreement.state == AgreementState.IN_FORCE, Agreement.id.in_(
            db.select(agreement_partners.c.agreement_id)
            .where(agreement_partners.c.organization_id.in_([organization.id for organization in organizations]))))
    return db.session.scalars(query).all()


def officers() -> list[User]:
    return db.session.scalars(
        db.select(User).where(User.role.in_((Role.OFFICER, Role.ADMIN)), User.active.is_(True)).order_by(User.name)
    ).all()


def parent_options(except_id: int | None = None) -> list[Agreement]:
    query = db.select(Agreement).where(Agreement.type != AgreementType.AMENDMENT).order_by(Agreement.reference)
    if except_id is not None:
        query = query.where(Agreement.id != except_id)
    return db.session.scalars(query).all()


def partner_choices() -> list[Organization]:
    return db.session.scalars(
        db.select(Organization).where(Organization.state != OrganizationState.REJECTED)
        .order_by(Organization.search_name)
    ).all()


# --- A country's partnerships --------------------------------------------------------------------

@dataclass
class CountryPartnerships:
    commissions: list[Organization]
    agreements: list[Agreement]
    meetings: list[Meeting]
    action_items: list[ActionItem]


COUNTRY_LIST_LIMIT = 20
NATIONAL_COMMISSION = "national_commission"


def country_partnerships(country_code: str, viewer: User) -> CountryPartnerships:
    """What the country page shows of partnerships: the National Commission and its contacts,
    agreements with partners of the country (signed ones for visitors), and, for officers
    (meetings and action items are the Directorate's internal follow-up), its meetings and the
    action items of its organizations."""
    officer = is_officer(viewer)
    commissions = db.session.scalars(
        db.select(Organization).where(Organization.kind == NATIONAL_COMMISSION,
                                      Organization.country_code == country_code,
                                      Organization.state == OrganizationState.VERIFIED)
        .order_by(Organization.search_name)
    ).all()
    agreements = db.select(Agreement).where(Agreement.id.in_(
        db.select(agreement_partners.c.agreement_id)
        .join(Organization, Organization.id == agreement_partners.c.organization_id)
        .where(Organization.country_code == country_code)))
    if not officer:
        agreements = agreements.where(Agreement.state.in_(AgreementState.SIGNED))
    meetings, action_items = [], []
    if officer:
        meetings = db.session.scalars(
            db.select(Meeting).where(Meeting.country_code == country_code)
            .order_by(Meeting.starts_at.desc()).limit(COUNTRY_LIST_LIMIT)
        ).all()
        action_items = db.session.scalars(
            db.select(ActionItem).join(Organization, Organization.id == ActionItem.organization_id)
            .where(Organization.country_code == country_code)
            .options(joinedload(ActionItem.organization))
            .order_by(ActionItem.state.in_(ActionItemState.PENDING).desc(), ActionItem.due_date)
            .limit(COUNTRY_LIST_LIMIT)
        ).all()
    return CountryPartnerships(
        commissions=commissions,
        agreements=db.session.scalars(
            agreements.options(selectinload(Agreement.partners))
            .order_by(Agreement.concluded_on.desc(), Agreement.reference).limit(COUNTRY_LIST_LIMIT)
        ).all(),
        meetings=meetings, action_items=action_items,
    )


# --- Review reminders ----------------------------------------------------------------------------

# Days before the review date at which the focal point and the partners' owners are reminded,
# nearest first: the nearest due is the one sent.
REMINDER_DAYS = (30, 90)
REMINDER_MAIL = _l("An agreement comes up for review")


def reminder_due(review_date: date, on: date) -> int | None:
    """Which reminder an agreement reviewed on `review_date` is due on `on`, if any."""
    days_left = (review_date - on).days
    if days_left < 0:
        return None
    return next((days for days in REMINDER_DAYS if days_left <= days), None)


def _reminded_people(agreement: Agreement) -> list[User]:
    people = [agreement.focal_point, *(owner for partner in agreement.partners for owner in owners(partner))]
    return list({person.id: person for person in people if person is not None and person.active}.values())


def send_review_reminders(on: str | date) -> int:
    """Mails the reminders due on `on` (an ISO date, as a job is given it), each once: the
    reminders table's key is the agreement, the reminder and the review date, so a second run,
    or a run on another server at the same moment, finds it written and sends nothing. Each
    agreement is its own transaction."""
    on = date.fromisoformat(on) if isinstance(on, str) else on
    candidates = db.session.execute(
        db.select(Agreement.id, Agreement.review_date)
        .where(Agreement.state == AgreementState.IN_FORCE, Agreement.review_date >= on,
               Agreement.review_date <= on + timedelta(days=max(REMINDER_DAYS)))
        .order_by(Agreement.review_date, Agreement.id)
    ).all()
    sent = 0
    for agreement_id, review_date in candidates:
        days = reminder_due(review_date, on)
        try:
            add_once(AgreementReminder(agreement_id=agreement_id, days_before=days, review_date=review_date),
                     "already sent")
        except Refused:
            continue
        agreement = db.session.get(Agreement, agreement_id)
        for person in _reminded_people(agreement):
            send_mail(
                f"agreement_review_{days}", person.email, person.preferred_locale, REMINDER_MAIL,
                "agreements/mail/review.txt", user=person, agreement=agreement, days=(review_date - on).days,
                agreement_url=absolute_url("agreements.detail", agreement_id=agreement.id, lang=person.preferred_locale),
            )
        db.session.commit()
        sent += 1
    return sent
