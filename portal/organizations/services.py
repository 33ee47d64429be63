"""Organization rules: registration, the duplicate guard, verification decisions, the directory."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.rules import Refused, require_officer
from portal.core.text import normalize_search, search_conditions, search_document, stem
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile
from portal.duediligence import services as duediligence
from portal.duediligence.labels import CHECKLIST_ITEM_LABELS
from portal.extensions import db
from portal.organizations.models import Division, MemberRole, Membership, Organization, OrganizationState
from portal.reference.models import Country, Field
from portal.sanctions.services import screen_after_registration

# Words that say what kind of body an organization is, not which one: two names that differ
# only by them ("Al-Ihsan Association" / "Al-Ihsan Charity Association") are the same name.
# Arabic ones are compared without their article or prefix («الجمعية», «للتنمية»).
GENERIC_NAME_WORDS = frozenset(
    normalize_search(word)
    for word in (
        "جمعية مؤسسة منظمة هيئة خيرية إنسانية تنمية تنموية "
        "association charity charitable foundation organization organisation society ngo the of for and "
        "fondation organisation société caritative humanitaire de la le les des pour et"
    ).split()
)
NAME_SIMILARITY_THRESHOLD = 92


def registration_key(number: str) -> str:
    return re.sub(r"[\W_]+", "", number).upper()


def website_domain(website: str | None) -> str | None:
    if not website:
        return None
    parsed = urlsplit(website if "//" in website else f"//{website}")
    host = (parsed.hostname or "").lower()
    return host.removeprefix("www.") or None


def _distinctive(search_name: str) -> str:
    words = [word for word in re.split(r"[\s\-'’.,()]+", search_name) if word]
    distinctive = [word for word in words if stem(word) not in GENERIC_NAME_WORDS]
    return " ".join(distinctive or words)


def names_are_alike(first: str, second: str) -> bool:
    """Nearly the same name once normalized: spelling variants and generic words aside."""
    a, b = _distinctive(normalize_search(first)), _distinctive(normalize_search(second))
    return bool(a and b) and fuzz.ratio(a, b) >= NAME_SIMILARITY_THRESHOLD


@dataclass(frozen=True)
class DuplicateCandidate:
    organization: Organization
    reasons: tuple[str, ...]


def find_duplicates(
    names: TranslatedText, country_code: str, registration_number: str, website: str | None, exclude_id: int | None = None
) -> list[DuplicateCandidate]:
    """Organizations that may be this one: same registration number in the same country,
    same website domain, or a nearly identical name in any language."""
    key, domain = registration_key(registration_number), website_domain(website)
    reasons: dict[int, list[str]] = {}
    by_number_or_domain = db.select(Organization.id, Organization.country_code, Organization.registration_key, Organization.website_domain).where(
        ((Organization.registration_key == key) & (Organization.country_code == country_code))
        | ((Organization.website_domain == domain) if domain else db.false())
    )
    for org_id, org_country, org_key, org_domain in db.session.execute(by_number_or_domain):
        if org_key == key and org_country == country_code:
            reasons.setdefault(org_id, []).append("registration_number")
        if domain and org_domain == domain:
            reasons.setdefault(org_id, []).append("website")
    new_names = [names.texts[lang] for lang in names.languages]
    # Each stored name against each new one; the table holds thousands of rows, not millions,
    # and a registration is rare, so reading the names is cheaper than any index would be.
    for org_id, stored in db.session.execute(db.select(Organization.id, Organization.names)):
        if any(names_are_alike(new, old) for new in new_names for old in stored.texts.values()):
            reasons.setdefault(org_id, []).append("name")
    reasons.pop(exclude_id, None)
    if not reasons:
        return []
    found = db.session.scalars(db.select(Organization).where(Organization.id.in_(reasons)).order_by(Organization.id))
    return [DuplicateCandidate(org, tuple(reasons[org.id])) for org in found]


def register_organization(owner: User, data: dict, document: StoredFile) -> Organization:
    """Create a pending organization with its registering user as owner."""
    names: TranslatedText = data["names"]
    organization = Organization(
        names=names,
        search_name=search_document(names.search_text()),
        acronym=data.get("acronym") or None,
        kind=data["kind"],
        country_code=data["country_code"],
        city=data["city"].strip(),
        registration_number=data["registration_number"].strip(),
        registration_key=registration_key(data["registration_number"]),
        website=data.get("website") or None,
        website_domain=website_domain(data.get("website")),
        contact_email=data["contact_email"].strip().lower(),
        contact_phone=data["contact_phone"].strip(),
        description=data.get("description"),
        founding_year=data.get("founding_year"),
        directors="\n".join(filter(None, (line.strip() for line in (data.get("directors") or "").splitlines()))) or None,
        document_name=document.stored_name,
        document_original_name=document.original_name,
        document_type=document.content_type,
        document_size=document.size,
        fields=db.session.scalars(db.select(Field).where(Field.code.in_(data["field_codes"]))).all(),
        countries_of_operation=db.session.scalars(
            db.select(Country).where(Country.code.in_(data["operation_country_codes"]))
        ).all(),
    )
    organization.memberships.append(Membership(user=owner, role=MemberRole.OWNER))
    db.session.add(organization)
    db.session.flush()
    record_audit(
        "organization.registered", "organization", organization.id, after={"state": organization.state, "name": str(names)}
    )
    screen_after_registration(organization.id)
    db.session.commit()
    return organization


class TransitionRefused(Exception):
    pass


# decision -> (states it may start from, state it leads to, whether a reason is required)
TRANSITIONS = {
    "verify": ((OrganizationState.PENDING,), OrganizationState.VERIFIED, False),
    "reject": ((OrganizationState.PENDING,), OrganizationState.REJECTED, True),
    "suspend": ((OrganizationState.VERIFIED,), OrganizationState.SUSPENDED, True),
    "reinstate": ((OrganizationState.SUSPENDED,), OrganizationState.VERIFIED, False),
}

DECISION_MAILS = {
    "verify": (_l("Your organization is verified"), "organizations/mail/verified.txt"),
    "reject": (_l("Your organization's registration was not accepted"), "organizations/mail/rejected.txt"),
    "suspend": (_l("Your organization is suspended"), "organizations/mail/suspended.txt"),
    "reinstate": (_l("Your organization is verified again"), "organizations/mail/verified.txt"),
}


def owners(organization: Organization) -> list[User]:
    return [m.user for m in organization.memberships if m.role == MemberRole.OWNER]


def _decide(organization_id: int, decision: str, officer: User, reason: str | None,
            checklist: dict | None = None) -> Organization:
    """One verification decision: check the rule (and the checklist it is taken with), change the
    state, audit it, mail the owners. Refused (nothing changed) when the checklist does not fit it."""
    allowed_from, target, needs_reason = TRANSITIONS[decision]
    organization = db.session.get(Organization, organization_id, with_for_update=True)
    if organization is None or organization.state not in allowed_from:
        raise TransitionRefused(decision)
    reason = (reason or "").strip() or None
    if needs_reason and not reason:
        raise Refused(_l("Give a reason: the owner will read it."))
    recorded = (duediligence.record_checklist(organization.id, decision, officer, checklist)
                if decision in duediligence.CHECKLIST_DECISIONS else None)
    before = {"state": organization.state, "reason": organization.state_reason}
    organization.state = target
    organization.state_reason = reason
    if target == OrganizationState.VERIFIED and organization.verified_at is None:
        organization.verified_at = utcnow()
    record_audit(
        f"organization.{decision}", "organization", organization.id, before=before,
        after={"state": target, "reason": reason, **({"checklist": recorded.items} if recorded else {})}, actor=officer,
    )
    subject, template = DECISION_MAILS[decision]
    for owner in owners(organization):
        send_mail(
            f"organization_{decision}", owner.email, owner.preferred_locale, subject, template,
            user=owner, organization=organization, reason=reason,
            failed_items=[CHECKLIST_ITEM_LABELS[item] for item in recorded.failed_items] if recorded else [],
            organization_url=absolute_url("organizations.profile", organization_id=organization.id, lang=owner.preferred_locale),
        )
    db.session.commit()
    return organization


def verify(organization_id: int, officer: User, checklist: dict) -> Organization:
    return _decide(organization_id, "verify", officer, None, checklist)


def reject(organization_id: int, officer: User, reason: str, checklist: dict) -> Organization:
    """The rejection names the checklist's failed items to the owners, besides the reason."""
    return _decide(organization_id, "reject", officer, reason, checklist)


def suspend(organization_id: int, officer: User, reason: str) -> Organization:
    return _decide(organization_id, "suspend", officer, reason)


def reinstate(organization_id: int, officer: User, checklist: dict) -> Organization:
    """The organization is checked again before it is verified again."""
    return _decide(organization_id, "reinstate", officer, None, checklist)


def change_division(organization_id: int, officer: User, division: str) -> Organization:
    """Moves an organization to the other division of the Directorate (audited)."""
    require_officer(officer)
    if division not in Division.ALL:
        raise Refused(_l("Choose one of the two divisions."))
    organization = db.session.get(Organization, organization_id, with_for_update=True, populate_existing=True)
    before = {"division": organization.division}
    organization.division = division
    record_audit("organization.division", "organization", organization.id, before=before,
                 after={"division": division}, actor=officer)
    db.session.commit()
    return organization


def membership_of(user: User, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Membership).where(Membership.organization_id == organization.id, Membership.user_id == user.id)
    )


def can_see_private(user: User, organization: Organization) -> bool:
    """Members and officers see an organization in any state, and its document."""
    return user.is_authenticated and (user.is_officer or membership_of(user, organization) is not None)


DIRECTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class DirectoryFilters(QueryFilters):
    kind: str = ""
    country: str = ""
    field: str = ""
    operates_in: str = ""
    q: str = ""
    # Officers only: organizations in another state than verified.
    state: str = ""


def directory_query(filters: DirectoryFilters, officer: bool = False):
    """Organizations matching the filters, by name: verified ones, or for officers those in
    the state the filters name."""
    state = filters.state if officer and filters.state in OrganizationState.ALL else OrganizationState.VERIFIED
    query = db.select(Organization).where(Organization.state == state)
    if filters.kind:
        query = query.where(Organization.kind == filters.kind)
    if filters.country:
        query = query.where(Organization.country_code == filters.country.upper())
    if filters.field:
        query = query.where(Organization.fields.any(Field.code == filters.field))
    if filters.operates_in:
        query = query.where(Organization.countries_of_operation.any(Country.code == filters.operates_in.upper()))
    query = query.where(*search_conditions(Organization.search_name, filters.q))
    return query.order_by(Organization.search_name, Organization.id)


def directory(filters: DirectoryFilters, page: int, per_page: int = DIRECTORY_PAGE_SIZE, officer: bool = False):
    """A page of the directory, with what the list shows loaded in a fixed number of queries."""
    query = directory_query(filters, officer).options(
        db.joinedload(Organization.country),
        db.selectinload(Organization.fields),
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def organizations_in_state(state: str) -> list[Organization]:
    """The verification queue: oldest first, so nobody waits behind newcomers."""
    return db.session.scalars(
        db.select(Organization)
        .where(Organization.state == state)
        .order_by(Organization.created_at, Organization.id)
        .options(db.joinedload(Organization.country))
    ).all()
