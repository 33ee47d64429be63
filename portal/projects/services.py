"""Project rules: the catalogue, its funding, suggestions as pages read them, matches and pledges.

Every state change of a project, a match or a pledge is one function here: it locks the row,
checks the rule, writes the audit entry, tells the people concerned and refreshes the stored
suggestions that the change makes stale.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Callable

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.agreements.models import Agreement, AgreementState, agreement_partners
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_id
from portal.core.jobs import enqueue
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.money import Money, usd_equivalent
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, add_once, locked, require_officer
from portal.core.text import search_conditions, search_document
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.duediligence.services import refuse_if_red_flagged
from portal.extensions import db
from portal.needs import services as needs_services
from portal.needs.models import Need, NeedState
from portal.needs.services import NeedCard, card_query, need_cards, posting_organizations
from portal.organizations.models import Membership, Organization
from portal.organizations.services import can_see_private, owners
from portal.projects.matching import refresh_project
from portal.projects.models import (
    Match, MatchState, PartnerRole, Pledge, PledgeState, Project, ProjectPartner, ProjectState, Suggestion,
)
from portal.reference.models import BeneficiaryGroup, Country, Subsector


# --- The catalogue ----------------------------------------------------------------------------

@dataclass
class ProjectData:
    code: str
    title: TranslatedText
    description: TranslatedText
    directorate: str
    subsector_codes: list[str]
    country_codes: list[str]
    group_codes: list[str]
    budget_usd: Decimal
    budget_type: str
    start_date: date
    end_date: date
    officer_id: int | None
    # The agreement the project falls under.
    agreement_id: int | None = None


def _apply(project: Project, data: ProjectData) -> None:
    if data.agreement_id is not None and db.session.get(Agreement, data.agreement_id) is None:
        raise Refused(_l("Choose an agreement of the registry."))
    project.code = data.code.strip().upper()
    project.title = data.title
    project.description = data.description
    project.search_text = search_document(project.code, data.title.search_text(), data.description.search_text())
    project.directorate = data.directorate
    project.subsectors = db.session.scalars(db.select(Subsector).where(Subsector.code.in_(data.subsector_codes))).all()
    project.countries = db.session.scalars(db.select(Country).where(Country.code.in_(data.country_codes))).all()
    project.beneficiary_groups = db.session.scalars(
        db.select(BeneficiaryGroup).where(BeneficiaryGroup.code.in_(data.group_codes))
    ).all()
    project.budget_usd = data.budget_usd
    project.budget_type = data.budget_type
    project.start_date = data.start_date
    project.end_date = data.end_date
    project.officer_id = data.officer_id
    project.agreement_id = data.agreement_id


def _project_snapshot(project: Project) -> dict:
    return {
        "code": project.code,
        "title": project.title.to_json(),
        "state": project.state,
        "budget_usd": str(project.budget_usd),
        "countries": sorted(country.code for country in project.countries),
        "subsectors": sorted(sub.code for sub in project.subsectors),
        "officer_id": project.officer_id,
        "agreement_id": project.agreement_id,
    }


def code_taken(code: str, except_id: int | None = None) -> bool:
    query = db.select(Project.id).where(Project.code == code.strip().upper())
    if except_id is not None:
        query = query.where(Project.id != except_id)
    return db.session.scalar(query) is not None


def create_project(officer: User, data: ProjectData) -> Project:
    require_officer(officer)
    project = Project(state=ProjectState.PLANNED)
    _apply(project, data)
    db.session.add(project)
    db.session.flush()
    record_audit("project.created", "project", project.id, after=_project_snapshot(project), actor=officer)
    enqueue(refresh_project, project.id)
    db.session.commit()
    return project


def update_project(project_id: int, officer: User, data: ProjectData) -> Project:
    require_officer(officer)
    project = locked(Project, project_id, _l("This action does not apply to the project in its present state."))
    before = _project_snapshot(project)
    _apply(project, data)
    db.session.flush()
    record_audit("project.edited", "project", project.id, before=before, after=_project_snapshot(project), actor=officer)
    enqueue(refresh_project, project.id)
    db.session.commit()
    return project


# state -> the states an officer may move a project to from it
PROJECT_TRANSITIONS = {
    ProjectState.PLANNED: (ProjectState.OPEN_FOR_PARTNERS, ProjectState.ONGOING, ProjectState.CANCELLED),
    ProjectState.OPEN_FOR_PARTNERS: (ProjectState.ONGOING, ProjectState.CANCELLED),
    ProjectState.ONGOING: (ProjectState.OPEN_FOR_PARTNERS, ProjectState.COMPLETED, ProjectState.CANCELLED),
    ProjectState.COMPLETED: (),
    ProjectState.CANCELLED: (),
}


def change_project_state(project_id: int, officer: User, target: str) -> Project:
    """Every move of a project between its states; a completed or cancelled project leaves
    the suggestions at once."""
    require_officer(officer)
    does_not_apply = _l("This action does not apply to the project in its present state.")
    project = locked(Project, project_id, does_not_apply)
    if target not in PROJECT_TRANSITIONS[project.state]:
        raise Refused(does_not_apply)
    before = {"state": project.state}
    project.state = target
    record_audit(f"project.{target}", "project", project.id, before=before, after={"state": target}, actor=officer)
    enqueue(refresh_project, project.id)
    db.session.commit()
    return project


@dataclass(frozen=True)
class Funding:
    """A project's money in USD: budget, what is paid, committed or only pledged, the gap."""

    budget: Decimal
    paid: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    pledged: Decimal = Decimal(0)

    @property
    def secured(self) -> Decimal:
        return self.paid + self.committed

    @property
    def gap(self) -> Decimal:
        return max(self.budget - self.secured, Decimal(0))

    def bar(self) -> dict[str, float]:
        """Percent of the budget paid, committed and only pledged, for the funding bar; more
        money than the budget fills it and no more."""
        shares, room = {}, 100.0
        for part in ("paid", "committed", "pledged"):
            share = min(float(getattr(self, part) * 100 / self.budget) if self.budget else 0.0, room)
            shares[part] = round(share, 1)
            room -= share
        return shares


def funding_of(projects: list[Project]) -> dict[int, Funding]:
    """The funding of each project, in one query."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    if projects:
        for project_id, state, total in db.session.execute(
            db.select(Pledge.project_id, Pledge.state, db.func.sum(Pledge.amount_usd))
            .where(Pledge.project_id.in_([project.id for project in projects]), Pledge.state != PledgeState.WITHDRAWN)
            .group_by(Pledge.project_id, Pledge.state)
        ):
            sums[project_id][state] = Decimal(total)
    return {
        project.id: Funding(
            budget=project.budget_usd,
            paid=sums[project.id].get(PledgeState.PAID, Decimal(0)),
            committed=sums[project.id].get(PledgeState.COMMITTED, Decimal(0)),
            pledged=sums[project.id].get(PledgeState.PLEDGED, Decimal(0)),
        )
        for project in projects
    }


CATALOGUE_PAGE_SIZE = 20


@dataclass(frozen=True)
class ProjectFilters(QueryFilters):
    q: str = ""
    directorate: str = ""
    country: str = ""
    field: str = ""
    subsector: str = ""
    state: str = ""
    budget_type: str = ""


def catalogue_conditions(filters: ProjectFilters) -> list:
    conditions = []
    if filters.directorate:
        conditions.append(Project.directorate == filters.directorate)
    if filters.country:
        conditions.append(Project.countries.any(Country.code == filters.country.upper()))
    if filters.subsector:
        conditions.append(Project.subsectors.any(Subsector.code == filters.subsector))
    elif filters.field:
        conditions.append(Project.subsectors.any(Subsector.field_code == filters.field))
    if filters.state in ProjectState.ALL:
        conditions.append(Project.state == filters.state)
    if filters.budget_type:
        conditions.append(Project.budget_type == filters.budget_type)
    conditions.extend(search_conditions(Project.search_text, filters.q))
    return conditions


def catalogue(filters: ProjectFilters, page: int, per_page: int = CATALOGUE_PAGE_SIZE,
              shown=(Project.countries,)) -> Page:
    """A page of projects, newest first, with the relationships `shown` loaded (a few queries
    whatever the page's length)."""
    conditions = catalogue_conditions(filters)
    rows = (
        db.select(Project).where(*conditions).order_by(Project.start_date.desc(), Project.id.desc())
        .options(*(db.selectinload(relationship) for relationship in shown))
    )
    return paginate(rows, db.select(Project.id).where(*conditions), page, per_page)


# --- Suggestions, as pages and the API read them ------------------------------------------------

def may_see_suggestions(user: User, need: Need) -> bool:
    """Officers, and the people of the need's organization."""
    return can_see_private(user, need.organization)


@dataclass(frozen=True)
class SuggestedProject:
    project_id: int
    code: str
    title: TranslatedText
    score: int
    reasons: list[dict]


@dataclass(frozen=True)
class SuggestedNeed:
    need: NeedCard
    score: int
    reasons: list[dict]


def _organization_ids_of(user: User):
    """The ids of the user's organizations, as a subquery."""
    return db.select(Membership.organization_id).where(Membership.user_id == user.id)


def _suggestible_need() -> tuple:
    """Stored suggestions wait for the next refresh; a need past its end date leaves at once."""
    return Need.state == NeedState.PUBLISHED, Need.end_date >= date.today()


def suggestions_for_need(need_id: int, limit: int = 5) -> list[SuggestedProject]:
    rows = db.session.execute(
        db.select(Project.id, Project.code, Project.title, Suggestion.score, Suggestion.reasons)
        .join(Suggestion, Suggestion.project_id == Project.id)
        .join(Need, Need.id == Suggestion.need_id)
        .where(Suggestion.need_id == need_id, Project.state.in_(ProjectState.MATCHABLE), *_suggestible_need())
        .order_by(Suggestion.score.desc(), Project.id)
        .limit(limit)
    ).all()
    return [SuggestedProject(*row) for row in rows]


def suggestions_for_project(project_id: int, viewer: User, limit: int = 10) -> list[SuggestedNeed]:
    """Needs that have this project among their suggestions, best first: all of them for
    officers, those of the viewer's organizations for anyone else."""
    query = (
        card_query()
        .add_columns(Suggestion.score, Suggestion.reasons)
        .join(Suggestion, Suggestion.need_id == Need.id)
        .where(Suggestion.project_id == project_id, *_suggestible_need())
        .order_by(Suggestion.score.desc(), Need.urgency_rank.desc(), Need.id)
        .limit(limit)
    )
    if not viewer.is_officer:
        query = query.where(Need.organization_id.in_(_organization_ids_of(viewer)))
    return [SuggestedNeed(NeedCard(*row[:-2]), row[-2], row[-1]) for row in db.session.execute(query)]


# --- The officers' workbench --------------------------------------------------------------------

WORKBENCH_PAGE_SIZE = 20
WORKBENCH_SUGGESTIONS = 3


@dataclass
class WorkbenchItem:
    need: NeedCard
    suggestions: list[tuple[int, str, TranslatedText, int, list[dict]]] = field(default_factory=list)


def _has_open_match():
    return db.select(Match.id).where(Match.need_id == Need.id, Match.state.in_(MatchState.OPEN)).exists()


def workbench(page: int) -> Page:
    """Published needs without an open match, most urgent first, each with its top suggestions
    (project id, code, title, score, reasons)."""
    conditions = [*_suggestible_need(), ~_has_open_match()]
    rows = card_query().where(*conditions).order_by(Need.urgency_rank.desc(), Need.published_at, Need.id)
    result = paginate(rows, db.select(Need.id).where(*conditions), page, WORKBENCH_PAGE_SIZE, fetch=need_cards)
    items = {card.id: WorkbenchItem(card) for card in result.items}
    if items:
        for need_id, project_id, code, title, score, reasons in db.session.execute(
            db.select(Suggestion.need_id, Project.id, Project.code, Project.title, Suggestion.score, Suggestion.reasons)
            .join(Project, Project.id == Suggestion.project_id)
            .where(Suggestion.need_id.in_(list(items)), Project.state.in_(ProjectState.MATCHABLE))
            .order_by(Suggestion.need_id, Suggestion.score.desc(), Project.id)
        ):
            if len(items[need_id].suggestions) < WORKBENCH_SUGGESTIONS:
                items[need_id].suggestions.append((project_id, code, title, score, reasons))
    result.items = list(items.values())
    return result


MATCHES_UNDER_WAY_SHOWN = 50


def matches_under_way() -> list[Match]:
    """Proposed, accepted and active matches, the oldest first: what officers follow up."""
    return db.session.scalars(
        db.select(Match).where(Match.state.in_(MatchState.OPEN))
        .order_by(Match.proposed_at, Match.id)
        .limit(MATCHES_UNDER_WAY_SHOWN)
        .options(db.joinedload(Match.need), db.joinedload(Match.project))
    ).all()


# --- Matches ------------------------------------------------------------------------------------

MATCH_MAILS = {
    MatchState.PROPOSED: _l("ISESCO proposes a project for your need"),
    MatchState.ACCEPTED: _l("Your match proposal was accepted"),
    MatchState.DECLINED: _l("Your match proposal was declined"),
}


def _match_snapshot(match: Match) -> dict:
    return {"need_id": match.need_id, "project_id": match.project_id, "state": match.state, "note": match.note,
            "decline_reason": match.decline_reason}


def _officers_of_match(match: Match) -> list[User]:
    people = [match.proposed_by] + ([match.project.officer] if match.project.officer else [])
    return list({person.id: person for person in people}.values())


def _mail_match(match: Match, people: list[User]) -> None:
    for person in people:
        send_mail(
            f"match_{match.state}", person.email, person.preferred_locale, MATCH_MAILS[match.state],
            "projects/mail/match.txt", user=person, match=match,
            need_url=absolute_url("needs.detail", need_id=match.need_id, lang=person.preferred_locale),
            project_url=absolute_url("projects.detail", project_id=match.project_id, lang=person.preferred_locale),
        )


def propose_match(need_id: int, project_id: int, officer: User, note: str | None = None) -> Match:
    """One match per need and project: the unique constraint settles two proposals at once."""
    require_officer(officer)
    need = db.session.get(Need, need_id)
    project = db.session.get(Project, project_id)
    if need is None or need.shown_state(date.today()) != NeedState.PUBLISHED:
        raise Refused(_l("Only a published need can be matched."))
    if project is None or project.state not in ProjectState.MATCHABLE:
        raise Refused(_l("A completed or cancelled project cannot be matched."))
    score = db.session.scalar(
        db.select(Suggestion.score).where(Suggestion.need_id == need_id, Suggestion.project_id == project_id)
    )
    match = Match(need_id=need_id, project_id=project_id, proposed_by_id=officer.id, score=score,
                  note=(note or "").strip() or None, state=MatchState.PROPOSED)
    add_once(match, _l("This need and this project are already matched."))
    record_audit("match.proposed", "match", match.id, after=_match_snapshot(match), actor=officer)
    _mail_match(match, needs_services.people_to_tell(need))
    db.session.commit()
    return match


def match_exists(need_id: int, project_id: int) -> bool:
    return db.session.scalar(
        db.select(Match.id).where(Match.need_id == need_id, Match.project_id == project_id)
    ) is not None


def _locked_match(match_id: int, allowed_from: tuple[str, ...]) -> Match:
    does_not_apply = _l("This action does not apply to the match in its present state.")
    match = locked(Match, match_id, does_not_apply)
    if match.state not in allowed_from:
        raise Refused(does_not_apply)
    return match


def _move_match(match: Match, target: str, actor: User, **changes) -> None:
    before = _match_snapshot(match)
    match.state = target
    for name, value in changes.items():
        setattr(match, name, value)
    record_audit(f"match.{target}", "match", match.id, before=before, after=_match_snapshot(match), actor=actor)


def may_answer(user: User, match: Match) -> bool:
    """Editors and owners of the need's organization answer a proposal."""
    return user.is_authenticated and needs_services.can_edit(user, match.need)


def accept_match(match_id: int, actor: User) -> Match:
    """The need's organization accepts: the need becomes matched."""
    match = _locked_match(match_id, (MatchState.PROPOSED,))
    if not may_answer(actor, match):
        raise Refused(_l("Only editors and owners of the need's organization may answer."))
    _move_match(match, MatchState.ACCEPTED, actor, decided_at=utcnow())
    _mail_match(match, _officers_of_match(match))
    if match.need.state == NeedState.PUBLISHED:
        needs_services.mark_matched(match.need_id, actor)  # commits the match with the need
    else:
        db.session.commit()
    return match


def decline_match(match_id: int, actor: User, reason: str) -> Match:
    if not (reason or "").strip():
        raise Refused(_l("Say why: the officer will read it."))
    match = _locked_match(match_id, (MatchState.PROPOSED,))
    if not may_answer(actor, match):
        raise Refused(_l("Only editors and owners of the need's organization may answer."))
    _move_match(match, MatchState.DECLINED, actor, decline_reason=reason.strip(), decided_at=utcnow())
    _mail_match(match, _officers_of_match(match))
    db.session.commit()
    return match


def _officer_moves_match(match_id: int, officer: User, allowed_from: tuple[str, ...], target: str) -> Match:
    require_officer(officer)
    match = _locked_match(match_id, allowed_from)
    _move_match(match, target, officer)
    db.session.commit()
    return match


def activate_match(match_id: int, officer: User) -> Match:
    return _officer_moves_match(match_id, officer, (MatchState.ACCEPTED,), MatchState.ACTIVE)


def complete_match(match_id: int, officer: User) -> Match:
    return _officer_moves_match(match_id, officer, (MatchState.ACTIVE,), MatchState.COMPLETED)


def cancel_match(match_id: int, officer: User) -> Match:
    return _officer_moves_match(match_id, officer, MatchState.OPEN, MatchState.CANCELLED)


def matches_of_need(need_id: int) -> list[Match]:
    return db.session.scalars(
        db.select(Match).where(Match.need_id == need_id).order_by(Match.id).options(db.joinedload(Match.project))
    ).all()


def matches_of_project(project_id: int) -> list[Match]:
    return db.session.scalars(
        db.select(Match).where(Match.project_id == project_id).order_by(Match.id).options(db.joinedload(Match.need))
    ).all()


# --- Pledges ------------------------------------------------------------------------------------

PLEDGE_MAILS = {
    PledgeState.PLEDGED: _l("A new pledge to your project"),
    PledgeState.COMMITTED: _l("Your pledge is recorded as committed"),
    PledgeState.PAID: _l("Your pledge is recorded as paid"),
    PledgeState.WITHDRAWN: _l("A pledge was withdrawn"),
}


def pledging_organizations(user: User) -> list[Organization]:
    """Verified organizations in whose name the user may pledge (editors and owners)."""
    return posting_organizations(user)


def _pledge_snapshot(pledge: Pledge) -> dict:
    return {"project_id": pledge.project_id, "need_id": pledge.need_id, "organization_id": pledge.organization_id,
            "amount": str(pledge.amount), "currency": pledge.currency, "amount_usd": str(pledge.amount_usd),
            "state": pledge.state, "agreement_id": pledge.agreement_id}


def _mail_pledge(pledge: Pledge, people: list[User]) -> None:
    for person in {person.id: person for person in people if person is not None}.values():
        send_mail(
            f"pledge_{pledge.state}", person.email, person.preferred_locale, PLEDGE_MAILS[pledge.state],
            "projects/mail/pledge.txt", user=person, pledge=pledge,
            project_url=absolute_url("projects.detail", project_id=pledge.project_id, lang=person.preferred_locale),
        )


def _pledgers(pledge: Pledge) -> list[User]:
    return [pledge.pledged_by, *owners(pledge.organization)]


def _check_pledge_agreement(organization: Organization, agreement_id: int | None) -> None:
    """A pledge falls under an agreement in force to which its organization is party."""
    if agreement_id is None:
        return
    party = db.session.scalar(
        db.select(Agreement.id).join(agreement_partners, agreement_partners.c.agreement_id == Agreement.id)
        .where(Agreement.id == agreement_id, Agreement.state == AgreementState.IN_FORCE,
               agreement_partners.c.organization_id == organization.id)
    )
    if party is None:
        raise Refused(_l("A pledge falls under an agreement in force between ISESCO and the pledging organization."))


def make_pledge(organization: Organization, user: User, project_id: int, money: Money,
                need_id: int | None = None, note: str | None = None, agreement_id: int | None = None) -> Pledge:
    if organization not in pledging_organizations(user):
        raise Refused(_l("Only editors and owners of a verified organization pledge in its name."))
    project = db.session.get(Project, project_id)
    if project is None or project.state not in ProjectState.MATCHABLE:
        raise Refused(_l("A completed or cancelled project takes no pledges."))
    if money.amount <= 0:
        raise Refused(_l("Pledge an amount greater than zero."))
    refuse_if_red_flagged(organization.id)
    _check_pledge_agreement(organization, agreement_id)
    pledge = Pledge(
        project_id=project.id, need_id=need_id, organization_id=organization.id, pledged_by_id=user.id,
        amount=money.amount, currency=money.currency, amount_usd=usd_equivalent(money),
        state=PledgeState.PLEDGED, note=(note or "").strip() or None, agreement_id=agreement_id,
    )
    db.session.add(pledge)
    db.session.flush()
    record_audit("pledge.pledged", "pledge", pledge.id, after=_pledge_snapshot(pledge), actor=user)
    _mail_pledge(pledge, [project.officer])
    db.session.commit()
    return pledge


def _move_pledge(pledge_id: int, actor: User, allowed_from: tuple[str, ...], target: str,
                 may: Callable[[User, Pledge], bool], tell: Callable[[Pledge], list[User]]) -> Pledge:
    not_yours = _l("You may not change this pledge.")
    pledge = locked(Pledge, pledge_id, not_yours)
    if not may(actor, pledge):
        raise Refused(not_yours)
    if pledge.state not in allowed_from:
        raise Refused(_l("This action does not apply to the pledge in its present state."))
    before = _pledge_snapshot(pledge)
    pledge.state = target
    record_audit(f"pledge.{target}", "pledge", pledge.id, before=before, after=_pledge_snapshot(pledge), actor=actor)
    _mail_pledge(pledge, tell(pledge))
    # The project's funding gap changed, and with it the needs' scores.
    enqueue(refresh_project, pledge.project_id)
    db.session.commit()
    return pledge


def _officer(user: User, pledge: Pledge) -> bool:
    return user.is_officer


def may_withdraw(user: User, pledge: Pledge) -> bool:
    return user.is_authenticated and pledge.organization in pledging_organizations(user)


def commit_pledge(pledge_id: int, officer: User) -> Pledge:
    return _move_pledge(pledge_id, officer, (PledgeState.PLEDGED,), PledgeState.COMMITTED, _officer, _pledgers)


def record_paid(pledge_id: int, officer: User) -> Pledge:
    return _move_pledge(pledge_id, officer, (PledgeState.COMMITTED,), PledgeState.PAID, _officer, _pledgers)


def withdraw_pledge(pledge_id: int, user: User) -> Pledge:
    return _move_pledge(pledge_id, user, (PledgeState.PLEDGED, PledgeState.COMMITTED), PledgeState.WITHDRAWN,
                        may_withdraw, lambda pledge: [pledge.project.officer, *_pledgers(pledge)])


def pledges_of_project(project_id: int, viewer: User) -> list[Pledge]:
    """All of them for officers; a member's own organizations' pledges; nothing for visitors."""
    if not viewer.is_authenticated:
        return []
    query = (
        db.select(Pledge).where(Pledge.project_id == project_id).order_by(Pledge.id)
        .options(db.joinedload(Pledge.organization))
    )
    if not viewer.is_officer:
        query = query.where(Pledge.organization_id.in_(_organization_ids_of(viewer)))
    return db.session.scalars(query).all()


# --- Partners ------------------------------------------------------------------------------------

def partners_of(project_id: int) -> list[ProjectPartner]:
    return db.session.scalars(
        db.select(ProjectPartner).where(ProjectPartner.project_id == project_id)
        .options(db.joinedload(ProjectPartner.organization))
        .order_by(ProjectPartner.role, ProjectPartner.created_at)
    ).all()


def _partner_snapshot(partner: ProjectPartner) -> dict:
    return {"organization_id": partner.organization_id, "role": partner.role,
            "amount_usd": str(partner.amount_usd) if partner.amount_usd is not None else None}


def add_partner(project_id: int, officer: User, organization_id: int, role: str,
                amount_usd: Decimal | None) -> ProjectPartner:
    """An organization funding or implementing the project: once per role."""
    partner = add_partner_uncommitted(project_id, officer, organization_id, role, amount_usd)
    db.session.commit()
    return partner


def add_partner_uncommitted(project_id: int, officer: User, organization_id: int, role: str,
                            amount_usd: Decimal | None) -> ProjectPartner:
    """add_partner without the commit, for a change of which it is one part (a call's selection)."""
    require_officer(officer)
    if role not in PartnerRole.ALL:
        raise Refused(_l("A partner funds or implements the project."))
    if amount_usd is not None and amount_usd < 0:
        raise Refused(_l("Give an amount of zero or more."))
    if db.session.get(Project, project_id) is None or db.session.get(Organization, organization_id) is None:
        raise Refused(_l("Choose an organization of the portal."))
    partner = ProjectPartner(project_id=project_id, organization_id=organization_id, role=role, amount_usd=amount_usd)
    add_once(partner, _l("This organization already has this role in the project."))
    record_audit("project.partner_added", "project", project_id, after=_partner_snapshot(partner), actor=officer)
    return partner


def remove_partner(project_id: int, officer: User, organization_id: int, role: str) -> None:
    require_officer(officer)
    partner = db.session.get(ProjectPartner, (project_id, organization_id, role), with_for_update=True)
    if partner is None:
        raise Refused(_l("This organization is not a partner of the project in this role."))
    before = _partner_snapshot(partner)
    db.session.delete(partner)
    record_audit("project.partner_removed", "project", project_id, before=before, actor=officer)
    db.session.commit()


@dataclass(frozen=True)
class PledgeFilters(QueryFilters):
    """Officers' selection of pledges: by state, project and organization (ids)."""

    state: str = ""
    project: str = ""
    organization: str = ""


def pledge_conditions(filters: PledgeFilters) -> list:
    conditions = []
    if filters.state in PledgeState.ALL:
        conditions.append(Pledge.state == filters.state)
    if project_id := as_id(filters.project):
        conditions.append(Pledge.project_id == project_id)
    if organization_id := as_id(filters.organization):
        conditions.append(Pledge.organization_id == organization_id)
    return conditions


def needs_of_organizations(organizations: list[Organization]) -> list[tuple[int, TranslatedText]]:
    """Public needs a pledge may name, of the pledging organizations."""
    if not organizations:
        return []
    return db.session.execute(
        db.select(Need.id, Need.title)
        .where(Need.organization_id.in_([org.id for org in organizations]), Need.state.in_(NeedState.PUBLIC))
        .order_by(Need.id.desc())
    ).all()

