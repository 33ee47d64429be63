"""Need rules: editing with optimistic locking, every state transition, expiry, the board."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_id
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, locked, refuse_if_changed, require_officer
from portal.core.money import Money, usd_equivalent
from portal.core.text import search_conditions, search_document
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile
from portal.extensions import db
from portal.needs.models import Need, NeedAttachment, NeedState, Urgency, shown_state
from portal.needs.signals import need_changed
from portal.organizations.models import MemberRole, Membership, Organization
from portal.organizations.services import membership_of, owners
from portal.reference.models import BeneficiaryGroup, Country, ExchangeRate, Subsector

POSTING_ROLES = (MemberRole.OWNER, MemberRole.EDITOR)


def posting_organizations(user: User) -> list[Organization]:
    """Verified organizations in which the user may post needs."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(
        db.select(Organization)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Membership.role.in_(POSTING_ROLES), Organization.state == "verified")
        .order_by(Organization.id)
    ).all()


def member_organizations(user: User) -> list[Organization]:
    """Every organization the user belongs to, in any role and state."""
    return db.session.scalars(
        db.select(Organization)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id)
        .order_by(Organization.id)
    ).all()


def can_edit(user: User, need: Need) -> bool:
    """Editors and owners of the need's organization, while it is verified."""
    return any(organization.id == need.organization_id for organization in posting_organizations(user))


def can_see(user: User, need: Need) -> bool:
    if need.state in NeedState.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if user.is_officer:
        return need.state != NeedState.DRAFT
    return membership_of(user, need.organization) is not None


@dataclass
class NeedData:
    title: TranslatedText
    description: TranslatedText
    country_code: str
    area: str | None
    subsector_codes: list[str]
    group_codes: list[str]
    beneficiary_count: int
    urgency: str
    cost_amount: object
    cost_currency: str
    start_date: date
    end_date: date


def _apply(need: Need, data: NeedData) -> None:
    need.title = data.title
    need.description = data.description
    need.search_text = search_document(data.title.search_text(), data.description.search_text())
    need.country_code = data.country_code
    need.area = (data.area or "").strip() or None
    need.subsectors = db.session.scalars(db.select(Subsector).where(Subsector.code.in_(data.subsector_codes))).all()
    need.beneficiary_groups = db.session.scalars(
        db.select(BeneficiaryGroup).where(BeneficiaryGroup.code.in_(data.group_codes))
    ).all()
    need.beneficiary_count = data.beneficiary_count
    need.urgency = data.urgency
    need.urgency_rank = Urgency.RANK[data.urgency]
    money = Money(data.cost_amount, data.cost_currency)
    if (need.cost_amount, need.cost_currency) != (money.amount, money.currency):
        # The USD equivalent at today's rate, kept: later rates never change it.
        need.cost_usd = usd_equivalent(money)
    need.cost_amount = money.amount
    need.cost_currency = money.currency
    need.start_date = data.start_date
    need.end_date = data.end_date


def _snapshot(need: Need) -> dict:
    return {
        "title": need.title.to_json(),
        "state": need.state,
        "cost": f"{need.cost_amount} {need.cost_currency}",
        "cost_usd": str(need.cost_usd),
        "urgency": need.urgency,
        "country": need.country_code,
        "end_date": need.end_date.isoformat(),
    }


def create_need(organization: Organization, author: User, data: NeedData, attachments: list[StoredFile]) -> Need:
    if organization not in posting_organizations(author):
        raise Refused(_l("Only editors and owners of a verified organization post needs."))
    need = Need(organization_id=organization.id, author_id=author.id, state=NeedState.DRAFT)
    _apply(need, data)
    need.attachments = [_attachment(stored) for stored in attachments]
    db.session.add(need)
    db.session.flush()
    record_audit("need.created", "need", need.id, after=_snapshot(need), actor=author)
    db.session.commit()
    return need


def _attachment(stored: StoredFile) -> NeedAttachment:
    return NeedAttachment(
        stored_name=stored.stored_name, original_name=stored.original_name, content_type=stored.content_type, size=stored.size
    )


def update_need(need_id: int, editor: User, data: NeedData, expected_version: int, attachments: list[StoredFile]) -> Need:
    """Save an edit made on version `expected_version`; a newer save in between raises
    ChangedMeanwhile with the need as it was saved."""
    no_longer_editable = _l("This need can no longer be edited.")
    need = locked(Need, need_id, no_longer_editable)
    if not can_edit(editor, need) or need.state not in NeedState.EDITABLE:
        raise Refused(no_longer_editable)
    refuse_if_changed(need, expected_version, _l(
        "Someone else saved this need while you were editing it. Their version is shown below; "
        "your text is still in the form. Compare, then save again."))
    before = _snapshot(need)
    _apply(need, data)
    need.attachments.extend(_attachment(stored) for stored in attachments)
    db.session.flush()
    record_audit("need.edited", "need", need.id, before=before, after=_snapshot(need), actor=editor)
    need_changed.send(need.id)
    db.session.commit()
    return need


NEED_MAILS = {
    NeedState.PUBLISHED: (_l("Your need is published"), "needs/mail/published.txt"),
    NeedState.RETURNED: (_l("Your need was returned for changes"), "needs/mail/returned.txt"),
}


def _transition(need_id: int, action: str, allowed_from: tuple[str, ...], target: str, actor: User, comment: str | None = None) -> Need:
    """One state change: check the state, change it, audit it, mail the organization's people."""
    does_not_apply = _l("This action does not apply to the need in its present state.")
    need = locked(Need, need_id, does_not_apply)
    if need.state not in allowed_from:
        raise Refused(does_not_apply)
    before = _snapshot(need)
    need.state = target
    need.state_comment = comment
    if target == NeedState.PUBLISHED:
        need.published_at = utcnow()
    record_audit(f"need.{action}", "need", need.id, before=before, after={**_snapshot(need), "comment": comment}, actor=actor)
    if target in NEED_MAILS:
        subject, template = NEED_MAILS[target]
        for person in people_to_tell(need):
            send_mail(
                f"need_{action}", person.email, person.preferred_locale, subject, template,
                user=person, need=need, comment=comment,
                need_url=absolute_url("needs.detail", need_id=need.id, lang=person.preferred_locale),
            )
    need_changed.send(need.id)
    db.session.commit()
    return need


def people_to_tell(need: Need) -> list[User]:
    """The author and the organization's owners, each once."""
    return list({person.id: person for person in [need.author, *owners(need.organization)]}.values())


def _require_editor(user: User, need_id: int) -> None:
    need = db.session.get(Need, need_id)
    if need is None or not can_edit(user, need):
        raise Refused(_l("Only editors and owners of the need's organization may do this."))


def submit(need_id: int, actor: User) -> Need:
    _require_editor(actor, need_id)
    return _transition(need_id, "submitted", (NeedState.DRAFT, NeedState.RETURNED), NeedState.SUBMITTED, actor)


def publish(need_id: int, officer: User) -> Need:
    require_officer(officer)
    return _transition(need_id, "published", (NeedState.SUBMITTED,), NeedState.PUBLISHED, officer)


def return_for_changes(need_id: int, officer: User, comment: str) -> Need:
    require_officer(officer)
    if not (comment or "").strip():
        raise Refused(_l("Say what should change: the author will read it."))
    return _transition(need_id, "returned", (NeedState.SUBMITTED,), NeedState.RETURNED, officer, comment.strip())


def withdraw(need_id: int, actor: User) -> Need:
    _require_editor(actor, need_id)
    before_work = (NeedState.DRAFT, NeedState.SUBMITTED, NeedState.RETURNED, NeedState.PUBLISHED, NeedState.MATCHED)
    return _transition(need_id, "withdrawn", before_work, NeedState.WITHDRAWN, actor)


def mark_matched(need_id: int, actor: User) -> Need:
    """Called when the need's organization accepts a match (the matching issue)."""
    return _transition(need_id, "matched", (NeedState.PUBLISHED,), NeedState.MATCHED, actor)


def start_work(need_id: int, actor: User) -> Need:
    _require_editor(actor, need_id)
    return _transition(need_id, "started", (NeedState.MATCHED,), NeedState.IN_PROGRESS, actor)


def fulfil(need_id: int, actor: User) -> Need:
    _require_editor(actor, need_id)
    return _transition(need_id, "fulfilled", (NeedState.IN_PROGRESS,), NeedState.FULFILLED, actor)


def close(need_id: int, actor: User) -> Need:
    if not actor.is_officer:
        _require_editor(actor, need_id)
    return _transition(need_id, "closed", (NeedState.PUBLISHED, NeedState.MATCHED), NeedState.CLOSED, actor)


def expire_needs(today: date) -> int:
    """Published needs whose end date has passed become expired; safe to run any number of times."""
    expired = 0
    for need_id in db.session.scalars(
        db.select(Need.id).where(Need.state == NeedState.PUBLISHED, Need.end_date < today)
    ).all():
        _transition(need_id, "expired", (NeedState.PUBLISHED,), NeedState.EXPIRED, actor=None)
        expired += 1
    return expired


@dataclass(frozen=True)
class NeedCard:
    """A need as lists show it (needs/_card.html), read as plain rows: a board page shows
    twenty, and loading them as full ORM objects cost more than all of the page's SQL."""

    id: int
    title: TranslatedText
    urgency: str
    country_code: str
    area: str | None
    organization_names: TranslatedText
    cost_amount: Decimal
    cost_currency: str
    cost_usd: Decimal
    state: str
    end_date: date
    subsector_code_list: str | None

    def shown_state(self, today: date) -> str:
        return shown_state(self.state, self.end_date, today)


def card_query() -> Select:
    return db.select(
        Need.id, Need.title, Need.urgency, Need.country_code, Need.area, Organization.names,
        Need.cost_amount, Need.cost_currency, Need.cost_usd, Need.state, Need.end_date, Need.subsector_code_list,
    ).join(Need.organization)


def need_cards(query: Select) -> list[NeedCard]:
    """Runs a card_query() narrowed by its caller."""
    return [NeedCard(*row) for row in db.session.execute(query)]


def organization_need_cards(user: User) -> list[NeedCard]:
    """Every need of the user's organizations, newest first."""
    organization_ids = [organization.id for organization in member_organizations(user)]
    return need_cards(card_query().where(Need.organization_id.in_(organization_ids)).order_by(Need.id.desc()))


def moderation_queue() -> list[NeedCard]:
    return need_cards(card_query().where(Need.state == NeedState.SUBMITTED).order_by(Need.id))


BOARD_PAGE_SIZE = 20
SORTS = {
    "urgency": (Need.urgency_rank.desc(), Need.published_at.desc(), Need.id.desc()),
    "newest": (Need.published_at.desc(), Need.id.desc()),
    "cost": (Need.cost_usd.desc(), Need.id.desc()),
}


@dataclass(frozen=True)
class BoardFilters(QueryFilters):
    country: str = ""
    special: str = ""
    field: str = ""
    subsector: str = ""
    group: str = ""
    urgency: str = ""
    state: str = ""
    organization: str = ""
    q: str = ""
    sort: str = "urgency"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            object.__setattr__(self, "sort", "urgency")


# States of needs that officers may list beside the public ones (they see every need but drafts).
OFFICER_STATES = tuple(state for state in NeedState.ALL if state not in NeedState.PUBLIC and state != NeedState.DRAFT)


def board_conditions(filters: BoardFilters, today: date) -> list:
    """Needs a visitor may see, filtered; a published need past its end date is left out."""
    visible = Need.state.in_(NeedState.PUBLIC) & ((Need.state != NeedState.PUBLISHED) | (Need.end_date >= today))
    conditions = [visible]
    if filters.state in NeedState.PUBLIC:
        conditions.append(Need.state == filters.state)
    return conditions + _filter_conditions(filters)


def officer_conditions(filters: BoardFilters, today: date) -> list:
    """The board as officers may read it: as everyone sees it, or the needs in one of the
    states it hides (`expired` includes published needs past their end date)."""
    if filters.state not in OFFICER_STATES:
        return board_conditions(filters, today)
    if filters.state == NeedState.EXPIRED:
        state = (Need.state == NeedState.EXPIRED) | ((Need.state == NeedState.PUBLISHED) & (Need.end_date < today))
    else:
        state = Need.state == filters.state
    return [state, *_filter_conditions(filters)]


def _filter_conditions(filters: BoardFilters) -> list:
    """The board's filters but the state."""
    conditions = []
    if filters.country:
        conditions.append(Need.country_code == filters.country.upper())
    if filters.special:
        conditions.append(Need.country.has(Country.special_circumstances.is_(True)))
    if filters.subsector:
        conditions.append(Need.subsectors.any(Subsector.code == filters.subsector))
    elif filters.field:
        conditions.append(Need.subsectors.any(Subsector.field_code == filters.field))
    if filters.group:
        conditions.append(Need.beneficiary_groups.any(BeneficiaryGroup.code == filters.group))
    if filters.urgency in Urgency.ALL:
        conditions.append(Need.urgency == filters.urgency)
    if organization_id := as_id(filters.organization):
        conditions.append(Need.organization_id == organization_id)
    conditions.extend(search_conditions(Need.search_text, filters.q))
    return conditions


def board(
    filters: BoardFilters, page: int, per_page: int = BOARD_PAGE_SIZE, today: date | None = None,
    count_limit: int | None = None, officer: bool = False,
) -> Page:
    """A page of the board's cards; `officer` lets the state filter name the states only officers see."""
    conditions = (officer_conditions if officer else board_conditions)(filters, today or date.today())
    rows = card_query().where(*conditions).order_by(*SORTS[filters.sort])
    return paginate(rows, db.select(Need.id).where(*conditions), page, per_page, count_limit, fetch=need_cards)


def board_records(filters: BoardFilters, page: int, per_page: int) -> Page:
    """A page of the board's needs, whole, with what the API shows of each."""
    conditions = board_conditions(filters, date.today())
    rows = (
        db.select(Need)
        .where(*conditions)
        .order_by(*SORTS[filters.sort])
        .options(
            db.joinedload(Need.organization),
            db.selectinload(Need.subsectors),
            db.selectinload(Need.beneficiary_groups),
        )
    )
    return paginate(rows, db.select(Need.id).where(*conditions), page, per_page)


def reference_problems(data: NeedData) -> dict[str, str]:
    """What in a need's data names nothing the portal knows, for callers without a form's
    choice lists (the API). Keys are the API's field names."""
    problems = {}
    if db.session.get(Country, data.country_code) is None:
        problems["country"] = "unknown country code"
    known_subsectors = set(db.session.scalars(db.select(Subsector.code).where(Subsector.code.in_(data.subsector_codes))))
    if not data.subsector_codes or known_subsectors != set(data.subsector_codes):
        problems["subsectors"] = "unknown subsector code"
    known_groups = set(db.session.scalars(db.select(BeneficiaryGroup.code).where(BeneficiaryGroup.code.in_(data.group_codes))))
    if not data.group_codes or known_groups != set(data.group_codes):
        problems["beneficiary_groups"] = "unknown beneficiary group code"
    if data.end_date < data.start_date:
        problems["end_date"] = "the end comes before the start"
    if db.session.scalar(db.select(ExchangeRate.id).where(ExchangeRate.currency_code == data.cost_currency).limit(1)) is None:
        problems["cost"] = "no exchange rate for this currency"
    return problems
