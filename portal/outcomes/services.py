"""Rules of the forum's outcomes: proposals and their endorsements, commitments and their progress.

Proposals and commitments are put forward by editors and owners of verified organizations
(the people who may speak for it, as for needs). One endorsement per organization is kept by
the endorsements table's primary key, so two members pressing at once cannot endorse twice.
Every state change is one function here: it locks the row, checks the rule, writes the audit
entry and mails the people concerned in their language.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_id
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, add_once, require_officer
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.forum.models import Edition, EditionState
from portal.needs.services import posting_organizations
from portal.organizations.models import Organization
from portal.outcomes.models import (
    Commitment, CommitmentState, Endorsement, ProgressNote, Proposal, ProposalState,
)
from portal.projects.models import Project, ProjectState
from portal.reference.models import Country, Subsector

# Proposals and commitments are taken from the moment registration opens until the edition is archived.
EDITION_STATES_TAKING_OUTCOMES = (EditionState.REGISTRATION_OPEN, EditionState.REGISTRATION_CLOSED, EditionState.HELD)
LIST_PAGE_SIZE = 20


def _speaking_for(user: User, organization_id: int) -> Organization:
    """The verified organization the user may speak for (as its owner or editor)."""
    for organization in posting_organizations(user):
        if organization.id == organization_id:
            return organization
    raise Refused(_l("Only editors and owners of a verified organization may do this in its name."))


def _edition_taking_outcomes(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.state not in EDITION_STATES_TAKING_OUTCOMES:
        raise Refused(_l("This edition of the forum does not take proposals or commitments."))
    return edition


def takes_outcomes(edition: Edition) -> bool:
    return edition.state in EDITION_STATES_TAKING_OUTCOMES


# --- Proposals -----------------------------------------------------------------------------------

@dataclass
class ProposalData:
    title: TranslatedText
    description: TranslatedText
    subsector_codes: list[str]
    country_codes: list[str]


def _apply_proposal(proposal: Proposal, data: ProposalData) -> None:
    proposal.title = data.title
    proposal.description = data.description
    proposal.subsectors = db.session.scalars(
        db.select(Subsector).where(Subsector.code.in_(data.subsector_codes))
    ).all()
    proposal.countries = db.session.scalars(db.select(Country).where(Country.code.in_(data.country_codes))).all()


def _proposal_snapshot(proposal: Proposal) -> dict:
    return {
        "edition_id": proposal.edition_id, "organization_id": proposal.organization_id,
        "title": proposal.title.to_json(), "state": proposal.state, "project_id": proposal.project_id,
        "subsectors": sorted(subsector.code for subsector in proposal.subsectors),
        "countries": sorted(country.code for country in proposal.countries),
    }


def create_proposal(user: User, edition_id: int, organization_id: int, data: ProposalData) -> Proposal:
    _speaking_for(user, organization_id)
    _edition_taking_outcomes(edition_id)
    proposal = Proposal(edition_id=edition_id, organization_id=organization_id, author_id=user.id,
                        state=ProposalState.OPEN)
    _apply_proposal(proposal, data)
    db.session.add(proposal)
    db.session.flush()
    record_audit("proposal.created", "proposal", proposal.id, after=_proposal_snapshot(proposal), actor=user)
    db.session.commit()
    return proposal


def may_edit_proposal(user: User, proposal: Proposal) -> bool:
    """Its organization's editors and owners, while nobody has started studying it."""
    return (proposal.state == ProposalState.OPEN and user.is_authenticated
            and any(organization.id == proposal.organization_id for organization in posting_organizations(user)))


def update_proposal(proposal_id: int, user: User, data: ProposalData) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None or not may_edit_proposal(user, proposal):
        raise Refused(_l("This proposal can no longer be changed."))
    before = _proposal_snapshot(proposal)
    _apply_proposal(proposal, data)
    record_audit("proposal.updated", "proposal", proposal.id, before=before, after=_proposal_snapshot(proposal),
                 actor=user)
    db.session.commit()
    return proposal


def endorsing_organizations(user: User, proposal: Proposal) -> list[Organization]:
    """The organizations in whose name the user may endorse this proposal: not its author."""
    return [organization for organization in posting_organizations(user)
            if organization.id != proposal.organization_id]


def _endorsable_proposal(proposal_id: int) -> Proposal:
    # A shared lock: endorsements go on side by side, but not while an officer decides.
    proposal = db.session.get(Proposal, proposal_id, with_for_update={"read": True}, populate_existing=True)
    if proposal is None or not proposal.is_endorsable:
        raise Refused(_l("This proposal no longer takes endorsements."))
    return proposal


def endorse(proposal_id: int, user: User, organization_id: int) -> Endorsement:
    organization = _speaking_for(user, organization_id)
    proposal = _endorsable_proposal(proposal_id)
    if organization.id == proposal.organization_id:
        raise Refused(_l("An organization does not endorse its own proposal."))
    endorsement = Endorsement(proposal_id=proposal.id, organization_id=organization.id, endorsed_by_id=user.id)
    add_once(endorsement, _l("Your organization already endorses this proposal."))
    record_audit("proposal.endorsed", "proposal", proposal.id, after={"organization_id": organization.id}, actor=user)
    db.session.commit()
    return endorsement


def withdraw_endorsement(proposal_id: int, user: User, organization_id: int) -> None:
    organization = _speaking_for(user, organization_id)
    proposal = _endorsable_proposal(proposal_id)
    removed = db.session.execute(
        db.delete(Endorsement).where(Endorsement.proposal_id == proposal.id,
                                     Endorsement.organization_id == organization.id)
    ).rowcount
    if not removed:
        raise Refused(_l("Your organization does not endorse this proposal."))
    record_audit("proposal.endorsement_withdrawn", "proposal", proposal.id,
                 before={"organization_id": organization.id}, actor=user)
    db.session.commit()


PROPOSAL_MAILS = {
    ProposalState.UNDER_STUDY: _l("A forum proposal is under study"),
    ProposalState.ADOPTED: _l("A forum proposal is adopted"),
    ProposalState.NOT_RETAINED: _l("A forum proposal was not retained"),
}


def people_to_tell(proposal: Proposal) -> list[User]:
    """Its author and whoever endorsed it, once each."""
    endorsers = db.session.scalars(
        db.select(User).join(Endorsement, Endorsement.endorsed_by_id == User.id)
        .where(Endorsement.proposal_id == proposal.id)
    ).all()
    return list({person.id: person for person in [proposal.author, *endorsers]}.values())


def _decide(proposal_id: int, officer: User, allowed_from: tuple[str, ...], target: str,
            reason: str | None = None, project_id: int | None = None) -> Proposal:
    require_officer(officer)
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None or proposal.state not in allowed_from:
        raise Refused(_l("This action does not apply to the proposal in its present state."))
    before = _proposal_snapshot(proposal)
    proposal.state = target
    proposal.decision_reason = (reason or "").strip() or None
    proposal.decided_at = utcnow()
    if project_id is not None:
        proposal.project_id = project_id
    record_audit(f"proposal.{target}", "proposal", proposal.id, before=before,
                 after={**_proposal_snapshot(proposal), "reason": proposal.decision_reason}, actor=officer)
    for person in people_to_tell(proposal):
        send_mail(f"proposal_{target}", person.email, person.preferred_locale, PROPOSAL_MAILS[target],
                  "outcomes/mail/proposal.txt", user=person, proposal=proposal,
                  proposal_url=absolute_url("outcomes.proposal", proposal_id=proposal.id, lang=person.preferred_locale))
    db.session.commit()
    return proposal


def study(proposal_id: int, officer: User, reason: str | None = None) -> Proposal:
    return _decide(proposal_id, officer, (ProposalState.OPEN,), ProposalState.UNDER_STUDY, reason)


def adopt(proposal_id: int, officer: User, project_id: int | None, reason: str | None = None) -> Proposal:
    if project_id is None or db.session.get(Project, project_id) is None:
        raise Refused(_l("Choose the project of the catalogue this proposal becomes."))
    return _decide(proposal_id, officer, (ProposalState.UNDER_STUDY,), ProposalState.ADOPTED, reason, project_id)


def set_aside(proposal_id: int, officer: User, reason: str | None) -> Proposal:
    if not (reason or "").strip():
        raise Refused(_l("Say why the proposal is not retained: its authors and endorsers will read it."))
    return _decide(proposal_id, officer, (ProposalState.UNDER_STUDY,), ProposalState.NOT_RETAINED, reason)


# Officers' decisions, by the state each leads to.
PROPOSAL_DECISIONS = {
    ProposalState.OPEN: (ProposalState.UNDER_STUDY,),
    ProposalState.UNDER_STUDY: (ProposalState.ADOPTED, ProposalState.NOT_RETAINED),
    ProposalState.ADOPTED: (),
    ProposalState.NOT_RETAINED: (),
}


def adoptable_projects() -> list[Project]:
    return db.session.scalars(
        db.select(Project).where(Project.state.in_(ProjectState.MATCHABLE)).order_by(Project.code)
    ).all()


def endorsements_of(proposal_id: int) -> list[Endorsement]:
    return db.session.scalars(
        db.select(Endorsement).where(Endorsement.proposal_id == proposal_id)
        .options(selectinload(Endorsement.organization))
        .order_by(Endorsement.created_at, Endorsement.organization_id)
    ).all()


@dataclass(frozen=True)
class ProposalFilters(QueryFilters):
    edition: str = ""
    state: str = ""
    organization: str = ""


def _proposal_conditions(filters: ProposalFilters) -> list:
    conditions = [Proposal.edition_id.in_(db.select(Edition.id).where(Edition.state.in_(EditionState.PUBLIC)))]
    if edition_id := as_id(filters.edition):
        conditions.append(Proposal.edition_id == edition_id)
    if filters.state in ProposalState.ALL:
        conditions.append(Proposal.state == filters.state)
    if organization_id := as_id(filters.organization):
        conditions.append(Proposal.organization_id == organization_id)
    return conditions


def endorsement_counts(proposal_ids: list[int]) -> dict[int, int]:
    if not proposal_ids:
        return {}
    return dict(db.session.execute(
        db.select(Endorsement.proposal_id, db.func.count())
        .where(Endorsement.proposal_id.in_(proposal_ids)).group_by(Endorsement.proposal_id)
    ).all())


def proposals_page(filters: ProposalFilters, page: int) -> Page:
    conditions = _proposal_conditions(filters)
    return paginate(
        db.select(Proposal).where(*conditions)
        .options(selectinload(Proposal.organization), selectinload(Proposal.edition),
                 selectinload(Proposal.subsectors), selectinload(Proposal.countries))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc()),
        db.select(Proposal.id).where(*conditions), page, LIST_PAGE_SIZE,
    )


def proposals_at(edition_id: int) -> list[Proposal]:
    return db.session.scalars(
        db.select(Proposal).where(Proposal.edition_id == edition_id).order_by(Proposal.created_at, Proposal.id)
    ).all()


# --- Commitments ---------------------------------------------------------------------------------

@dataclass
class CommitmentData:
    description: TranslatedText
    proposal_id: int | None
    project_id: int | None
    due_date: date


def today() -> date:
    return utcnow().date()


def _commitment_snapshot(commitment: Commitment) -> dict:
    return {
        "edition_id": commitment.edition_id, "organization_id": commitment.organization_id,
        "description": commitment.description.to_json(), "proposal_id": commitment.proposal_id,
        "project_id": commitment.project_id, "due_date": commitment.due_date.isoformat(), "state": commitment.state,
    }


def _check_links(edition_id: int, data: CommitmentData) -> None:
    if data.proposal_id is None and data.project_id is None:
        raise Refused(_l("Link the commitment to a proposal or a project."))
    if data.proposal_id is not None:
        proposal = db.session.get(Proposal, data.proposal_id)
        if proposal is None or proposal.edition_id != edition_id:
            raise Refused(_l("Choose a proposal of this edition of the forum."))
    if data.project_id is not None and db.session.get(Project, data.project_id) is None:
        raise Refused(_l("Choose a project of the catalogue."))


def create_commitment(user: User, edition_id: int, organization_id: int, data: CommitmentData) -> Commitment:
    _speaking_for(user, organization_id)
    _edition_taking_outcomes(edition_id)
    _check_links(edition_id, data)
    commitment = Commitment(edition_id=edition_id, organization_id=organization_id, author_id=user.id,
                            state=CommitmentState.ANNOUNCED, **vars(data))
    db.session.add(commitment)
    db.session.flush()
    record_audit("commitment.announced", "commitment", commitment.id, after=_commitment_snapshot(commitment),
                 actor=user)
    db.session.commit()
    return commitment


def may_report_on(user: User, commitment: Commitment) -> bool:
    """Its organization's editors and owners, and officers, who follow up on what was promised."""
    if not user.is_authenticated:
        return False
    return user.is_officer or any(organization.id == commitment.organization_id
                                  for organization in posting_organizations(user))


def _commitment_for_update(commitment_id: int, user: User) -> Commitment:
    commitment = db.session.get(Commitment, commitment_id, with_for_update=True, populate_existing=True)
    if commitment is None or not may_report_on(user, commitment):
        raise Refused(_l("Only the organization's editors and owners, and ISESCO officers, may update this commitment."))
    return commitment


def update_commitment(commitment_id: int, user: User, data: CommitmentData) -> Commitment:
    commitment = _commitment_for_update(commitment_id, user)
    if commitment.state not in CommitmentState.PENDING:
        raise Refused(_l("A fulfilled or dropped commitment is no longer changed."))
    _check_links(commitment.edition_id, data)
    before = _commitment_snapshot(commitment)
    for name, value in vars(data).items():
        setattr(commitment, name, value)
    record_audit("commitment.updated", "commitment", commitment.id, before=before,
                 after=_commitment_snapshot(commitment), actor=user)
    db.session.commit()
    return commitment


def _note(commitment: Commitment, user: User, noted_on: date, text: str, new_state: str | None = None) -> None:
    if noted_on > today():
        raise Refused(_l("A progress note records what has happened: its date cannot be in the future."))
    commitment.notes.append(ProgressNote(author_id=user.id, noted_on=noted_on, text=text.strip(), new_state=new_state))


def add_note(commitment_id: int, user: User, noted_on: date, text: str) -> Commitment:
    commitment = _commitment_for_update(commitment_id, user)
    _note(commitment, user, noted_on, text)
    db.session.commit()
    return commitment


def _advance(commitment_id: int, user: User, allowed_from: tuple[str, ...], target: str,
             noted_on: date, text: str) -> Commitment:
    commitment = _commitment_for_update(commitment_id, user)
    if commitment.state not in allowed_from:
        raise Refused(_l("This action does not apply to the commitment in its present state."))
    before = _commitment_snapshot(commitment)
    _note(commitment, user, noted_on, text, target)
    commitment.state = target
    if target not in CommitmentState.PENDING:
        commitment.closed_at = utcnow()
    record_audit(f"commitment.{target}", "commitment", commitment.id, before=before,
                 after=_commitment_snapshot(commitment), actor=user)
    db.session.commit()
    return commitment


def start_work(commitment_id: int, user: User, noted_on: date, text: str) -> Commitment:
    return _advance(commitment_id, user, (CommitmentState.ANNOUNCED,), CommitmentState.IN_PROGRESS, noted_on, text)


def fulfil(commitment_id: int, user: User, noted_on: date, text: str) -> Commitment:
    return _advance(commitment_id, user, (CommitmentState.IN_PROGRESS,), CommitmentState.FULFILLED, noted_on, text)


def drop(commitment_id: int, user: User, noted_on: date, text: str) -> Commitment:
    return _advance(commitment_id, user, CommitmentState.PENDING, CommitmentState.DROPPED, noted_on, text)


# The state a progress note may move a commitment to, from each state.
COMMITMENT_STEPS = {
    CommitmentState.ANNOUNCED: (CommitmentState.IN_PROGRESS, CommitmentState.DROPPED),
    CommitmentState.IN_PROGRESS: (CommitmentState.FULFILLED, CommitmentState.DROPPED),
    CommitmentState.FULFILLED: (),
    CommitmentState.DROPPED: (),
}
COMMITMENT_TRANSITIONS = {
    CommitmentState.IN_PROGRESS: start_work,
    CommitmentState.FULFILLED: fulfil,
    CommitmentState.DROPPED: drop,
}


@dataclass(frozen=True)
class CommitmentFilters(QueryFilters):
    edition: str = ""
    organization: str = ""
    country: str = ""
    state: str = ""
    overdue: str = ""


def _commitment_conditions(filters: CommitmentFilters, on: date, with_state: bool = True) -> list:
    conditions = [Commitment.edition_id.in_(db.select(Edition.id).where(Edition.state.in_(EditionState.PUBLIC)))]
    if edition_id := as_id(filters.edition):
        conditions.append(Commitment.edition_id == edition_id)
    if organization_id := as_id(filters.organization):
        conditions.append(Commitment.organization_id == organization_id)
    if filters.country:
        conditions.append(Commitment.organization_id.in_(
            db.select(Organization.id).where(Organization.country_code == filters.country.upper())
        ))
    if with_state and filters.state in CommitmentState.ALL:
        conditions.append(Commitment.state == filters.state)
    if filters.overdue:
        conditions.extend([Commitment.state.in_(CommitmentState.PENDING), Commitment.due_date < on])
    return conditions


@dataclass(frozen=True)
class CommitmentTotals:
    by_state: Counter
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def commitment_totals(filters: CommitmentFilters, on: date) -> CommitmentTotals:
    """Counts by state under every filter but the state, so each count leads to its own list."""
    conditions = _commitment_conditions(filters, on, with_state=False)
    overdue_now = db.and_(Commitment.state.in_(CommitmentState.PENDING), Commitment.due_date < on)
    rows = db.session.execute(
        db.select(Commitment.state, db.func.count(), db.func.sum(db.case((overdue_now, 1), else_=0)))
        .where(*conditions).group_by(Commitment.state)
    ).all()
    return CommitmentTotals(Counter({state: count for state, count, _overdue in rows}),
                            sum(overdue or 0 for *_rest, overdue in rows))


def _with_links(query):
    return query.options(selectinload(Commitment.organization), selectinload(Commitment.edition),
                         selectinload(Commitment.proposal), selectinload(Commitment.project))


def commitments_page(filters: CommitmentFilters, on: date, page: int) -> Page:
    conditions = _commitment_conditions(filters, on)
    return paginate(
        _with_links(db.select(Commitment).where(*conditions)).order_by(Commitment.due_date, Commitment.id),
        db.select(Commitment.id).where(*conditions), page, LIST_PAGE_SIZE,
    )


def commitments_of(organization_id: int) -> list[Commitment]:
    """An organization's commitments at public editions, the next due first."""
    return db.session.scalars(
        _with_links(db.select(Commitment).where(*_commitment_conditions(
            CommitmentFilters(organization=str(organization_id)), today())))
        .order_by(Commitment.due_date, Commitment.id)
    ).all()


def commitments_on(proposal_id: int | None = None, project_id: int | None = None) -> list[Commitment]:
    """Commitments on a proposal, or on a project of the catalogue."""
    link = Commitment.proposal_id == proposal_id if proposal_id is not None else Commitment.project_id == project_id
    return db.session.scalars(
        _with_links(db.select(Commitment).where(link, *_commitment_conditions(CommitmentFilters(), today())))
        .order_by(Commitment.due_date, Commitment.id)
    ).all()


def proposals_adopted_as(project_id: int) -> list[Proposal]:
    return db.session.scalars(
        db.select(Proposal).where(Proposal.project_id == project_id, Proposal.state == ProposalState.ADOPTED)
        .options(selectinload(Proposal.organization)).order_by(Proposal.decided_at)
    ).all()


def tracker_organizations() -> list[Organization]:
    """Organizations with a commitment, for the tracker's filter."""
    return db.session.scalars(
        db.select(Organization).where(Organization.id.in_(db.select(Commitment.organization_id)))
        .order_by(Organization.search_name)
    ).all()
