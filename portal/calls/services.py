"""Rules of calls for partners (docs/calls.md): the call and its states, organizations'
applications, the reviewers' scores, the ranking and the selection of partners.

Every change is one function here: it checks the rule (raising Refused with a message and
changing nothing), writes the audit entry, mails whom it concerns in their own language and
commits. The deadline is a moment (kept in UTC) that the officer set on the wall clock of the
call's time zone: an application is refused from that moment on, whatever the call's state.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, String, cast, true
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.agreements import services as agreements
from portal.agreements.models import Agreement, AgreementType
from portal.calls.models import (
    MAX_SCORE, TOTAL_WEIGHT, Application, ApplicationDocument, ApplicationState, Call, CallState, Criterion, Review,
    Score, call_reviewers,
)
from portal.core.audit import AuditEntry, record_audit, restrict_audit_entries
from portal.core.i18n import PLACE_ZONES
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.money import CENT, MissingExchangeRate, Money, usd_equivalent
from portal.core.rules import Refused, add_once, locked, refuse_if_changed, require_officer
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile
from portal.duediligence.services import has_standing_red_flag, refuse_if_red_flagged
from portal.extensions import db
from portal.needs.services import posting_organizations
from portal.organizations.models import Membership, Organization
from portal.organizations.services import owners
from portal.projects import services as projects
from portal.projects.models import BudgetType, PartnerRole, Project
from portal.reference.models import Country, Field


# --- Who sees what -------------------------------------------------------------------------------

def is_officer(user: User) -> bool:
    return user.is_authenticated and user.is_officer


def may_see(user: User, call: Call) -> bool:
    """Drafts and cancelled calls are internal."""
    return call.state in CallState.PUBLIC or is_officer(user)


def is_reviewer(user: User, call: Call) -> bool:
    return is_officer(user) and db.session.scalar(
        db.select(call_reviewers.c.user_id).where(call_reviewers.c.call_id == call.id,
                                                  call_reviewers.c.user_id == user.id)
    ) is not None


def _reviews_readable_by(reader: User) -> ColumnElement[bool]:
    """A review's entry in the audit trail holds each criterion's score: like the review pages,
    it is for the call's reviewers, and for administrators."""
    if reader.is_admin:
        return true()
    reviewed = (db.select(cast(Application.id, String))
                .join(call_reviewers, call_reviewers.c.call_id == Application.call_id)
                .where(call_reviewers.c.user_id == reader.id))
    return AuditEntry.object_id.in_(reviewed)


restrict_audit_entries("call_review.saved", _reviews_readable_by)


def _member_organization_ids(user: User):
    return db.select(Membership.organization_id).where(Membership.user_id == user.id)


def may_see_application(user: User, application: Application) -> bool:
    """Officers and the applying organization's members; never another applicant."""
    if not user.is_authenticated:
        return False
    return user.is_officer or db.session.scalar(
        db.select(Membership.id).where(Membership.user_id == user.id,
                                       Membership.organization_id == application.organization_id)
    ) is not None


def public_calls() -> list[Call]:
    return _calls(db.select(Call).where(Call.state.in_(CallState.PUBLIC)))


def calls_for(user: User) -> list[Call]:
    return _calls(db.select(Call)) if is_officer(user) else public_calls()


def calls_reviewed_by(user: User) -> list[Call]:
    return _calls(db.select(Call).join(call_reviewers, call_reviewers.c.call_id == Call.id)
                  .where(call_reviewers.c.user_id == user.id, Call.state != CallState.DRAFT))


def _calls(query) -> list[Call]:
    return db.session.scalars(query.order_by(Call.deadline.desc(), Call.id.desc()).options(
        joinedload(Call.project), selectinload(Call.criteria), selectinload(Call.countries), selectinload(Call.fields),
    )).all()


def applications_of_user(user: User, call: Call) -> list[Application]:
    """The applications of the user's organizations to the call."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(
        db.select(Application).where(Application.call_id == call.id,
                                     Application.organization_id.in_(_member_organization_ids(user)))
        .options(joinedload(Application.organization)).order_by(Application.id)
    ).all()


def applying_organizations(user: User, call: Call) -> list[Organization]:
    """Verified organizations of an eligible kind in whose name the user may apply (editors, owners)."""
    return [organization for organization in posting_organizations(user)
            if not call.eligible_kinds or organization.kind in call.eligible_kinds]


def is_past_deadline(call: Call) -> bool:
    return utcnow() >= call.deadline


def is_open(call: Call) -> bool:
    return call.state == CallState.PUBLISHED and not is_past_deadline(call)


# --- The call ------------------------------------------------------------------------------------

@dataclass
class CriterionData:
    title: TranslatedText
    weight: int


@dataclass
class CallData:
    project_id: int
    title: TranslatedText
    description: TranslatedText
    eligible_kinds: list[str]
    country_codes: list[str]
    field_codes: list[str]
    documents_requested: TranslatedText | None
    # A UTC moment (core.time.from_zone of the officer's wall clock) and the zone it was set in.
    deadline: datetime
    timezone: str
    criteria: list[CriterionData]
    reviewer_ids: list[int]


def weights_problem(weights: list[int]) -> str | None:
    total = sum(weights)
    if total != TOTAL_WEIGHT:
        return _l("The criteria's weights add up to %(sum)s; they must add up to exactly %(total)s.",
                  sum=total, total=TOTAL_WEIGHT)
    return None


def _check(data: CallData) -> None:
    project = db.session.get(Project, data.project_id)
    if project is None or project.budget_type != BudgetType.OFF_BUDGET:
        raise Refused(_l("Calls for partners are for off-budget projects."))
    if data.timezone not in PLACE_ZONES:
        raise Refused(_l("Choose the deadline's time zone."))
    if not data.criteria or any(criterion.weight <= 0 for criterion in data.criteria):
        raise Refused(_l("Give each criterion a title and a weight greater than zero."))
    problem = weights_problem([criterion.weight for criterion in data.criteria])
    if problem:
        raise Refused(problem)
    if not data.reviewer_ids:
        raise Refused(_l("Choose at least one reviewer."))


def _apply(call: Call, data: CallData) -> None:
    call.project_id = data.project_id
    call.title, call.description = data.title, data.description
    call.eligible_kinds = list(data.eligible_kinds)
    call.documents_requested = data.documents_requested
    call.deadline, call.timezone = data.deadline, data.timezone
    call.countries = db.session.scalars(db.select(Country).where(Country.code.in_(data.country_codes))).all()
    call.fields = db.session.scalars(db.select(Field).where(Field.code.in_(data.field_codes))).all()
    reviewers = db.session.scalars(db.select(User).where(User.id.in_(data.reviewer_ids))).all()
    if len(reviewers) != len(set(data.reviewer_ids)) or not all(reviewer.is_officer for reviewer in reviewers):
        raise Refused(_l("Reviewers are ISESCO officers."))
    call.reviewers = reviewers
    # Criteria are replaced only while nobody has scored against them.
    if [(c.title.to_json(), c.weight) for c in call.criteria] != [(c.title.to_json(), c.weight) for c in data.criteria]:
        call.criteria = [Criterion(title=criterion.title, weight=criterion.weight, position=position)
                         for position, criterion in enumerate(data.criteria)]


def _snapshot(call: Call) -> dict:
    return {
        "project_id": call.project_id, "title": call.title.to_json(), "state": call.state, "reason": call.state_reason,
        "eligible_kinds": list(call.eligible_kinds), "countries": [country.code for country in call.countries],
        "fields": [field.code for field in call.fields], "deadline": call.deadline.isoformat(),
        "timezone": call.timezone, "reviewers": [reviewer.id for reviewer in call.reviewers],
        "criteria": [{"title": criterion.title.to_json(), "weight": criterion.weight} for criterion in call.criteria],
    }


def create_call(officer: User, data: CallData) -> Call:
    require_officer(officer)
    _check(data)
    call = Call(state=CallState.DRAFT, created_by_id=officer.id)
    _apply(call, data)
    db.session.add(call)
    db.session.flush()
    record_audit("call.created", "call", call.id, after=_snapshot(call), actor=officer)
    db.session.commit()
    return call


def _locked(call_id: int) -> Call:
    return locked(Call, call_id, _l("This call no longer exists."))


def update_call(call_id: int, officer: User, version: int, data: CallData) -> Call:
    """Save an edit made on `version` of the call; a newer save in between raises ChangedMeanwhile."""
    require_officer(officer)
    call = _locked(call_id)
    if call.state not in (CallState.DRAFT, CallState.PUBLISHED):
        raise Refused(_l("A closed, completed or cancelled call can no longer be edited."))
    refuse_if_changed(call, version, _l(
        "Someone saved this call after you opened it: read their changes, then make yours again."))
    _check(data)
    has_reviews = db.session.scalar(db.select(Review.id).join(Application).where(Application.call_id == call.id).limit(1))
    if has_reviews and [(c.title.to_json(), c.weight) for c in call.criteria] != [
            (c.title.to_json(), c.weight) for c in data.criteria]:
        raise Refused(_l("Applications are already scored against these criteria: they can no longer change."))
    before = _snapshot(call)
    _apply(call, data)
    record_audit("call.edited", "call", call.id, before=before, after=_snapshot(call), actor=officer)
    db.session.commit()
    return call


def _move(call_id: int, officer: User, allowed_from: tuple[str, ...], target: str, reason: str | None = None,
          rule=None) -> Call:
    require_officer(officer)
    call = _locked(call_id)
    if call.state not in allowed_from:
        raise Refused(_l("This action does not apply to the call in its present state."))
    if rule is not None:
        rule(call)
    before = _snapshot(call)
    call.state = target
    call.state_reason = (reason or "").strip() or None
    if target == CallState.PUBLISHED:
        call.published_at = utcnow()
    record_audit(f"call.{target}", "call", call.id, before=before, after=_snapshot(call), actor=officer)
    return call


def _deadline_ahead(call: Call) -> None:
    if is_past_deadline(call):
        raise Refused(_l("The deadline has passed: set a later one before publishing."))


def publish_call(call_id: int, officer: User) -> Call:
    call = _move(call_id, officer, (CallState.DRAFT,), CallState.PUBLISHED, rule=_deadline_ahead)
    db.session.commit()
    return call


def close_call(call_id: int, officer: User) -> Call:
    """No more applications (they are refused after the deadline anyway); reviews go on."""
    call = _move(call_id, officer, (CallState.PUBLISHED,), CallState.CLOSED)
    db.session.commit()
    return call


def cancel_call(call_id: int, officer: User, reason: str | None) -> Call:
    """The call ends without a partner: whoever applied, or was preparing an application, is told
    why in their own language."""
    if not (reason or "").strip():
        raise Refused(_l("Give the reason: it stays on the call's record."))
    call = _move(call_id, officer, (CallState.DRAFT, CallState.PUBLISHED, CallState.CLOSED), CallState.CANCELLED, reason)
    for application in _applications_of(call, (ApplicationState.DRAFT, *ApplicationState.IN_REVIEW)):
        _mail_applicants(application, call, "call_cancelled", CANCELLATION_MAIL)
    db.session.commit()
    return call


def _has_selection(call: Call) -> None:
    if not db.session.scalar(db.select(Application.id).where(Application.call_id == call.id,
                                                             Application.state == ApplicationState.SELECTED).limit(1)):
        raise Refused(_l("Select at least one partner before completing the call, or cancel it."))


OUTCOME_MAILS = {
    ApplicationState.SELECTED: _l("Your application was selected"),
    ApplicationState.NOT_SELECTED: _l("Your application was not selected"),
}
CANCELLATION_MAIL = _l("A call you applied to was cancelled")


def _applications_of(call: Call, states: tuple[str, ...]) -> list[Application]:
    """The call's applications in these states, locked, with the people to tell about them."""
    return db.session.scalars(
        db.select(Application).where(Application.call_id == call.id, Application.state.in_(states))
        .options(joinedload(Application.organization).selectinload(Organization.memberships)
                 .joinedload(Membership.user), joinedload(Application.created_by))
        .with_for_update(of=Application)
    ).unique().all()


def complete_call(call_id: int, officer: User) -> Call:
    """The selection is final: every other application under consideration is not selected, and
    every applicant is told the outcome in their own language."""
    call = _move(call_id, officer, (CallState.CLOSED,), CallState.COMPLETED, rule=_has_selection)
    now = utcnow()
    for application in _applications_of(call, ApplicationState.OUTCOMES + ApplicationState.IN_REVIEW):
        if application.state in ApplicationState.IN_REVIEW:
            before = _application_snapshot(application)
            application.state, application.decided_at = ApplicationState.NOT_SELECTED, now
            record_audit("call_application.not_selected", "call_application", application.id, before=before,
                         after=_application_snapshot(application), actor=officer)
        _mail_applicants(application, call, f"call_application_{application.state}", OUTCOME_MAILS[application.state])
    db.session.commit()
    return call


def _mail_applicants(application: Application, call: Call, kind: str, subject) -> None:
    """The application's author and its organization's owners, each in their own language."""
    people = {person.id: person for person in [application.created_by, *owners(application.organization)]}
    for person in people.values():
        send_mail(
            kind, person.email, person.preferred_locale, subject, "calls/mail/outcome.txt", user=person,
            application=application, call=call,
            call_url=absolute_url("calls.detail", call_id=call.id, lang=person.preferred_locale),
        )


# action -> (the service, whether it takes a reason, the states it applies to)
ACTIONS = {
    "publish": (publish_call, False, (CallState.DRAFT,)),
    "close": (close_call, False, (CallState.PUBLISHED,)),
    "complete": (complete_call, False, (CallState.CLOSED,)),
    "cancel": (cancel_call, True, (CallState.DRAFT, CallState.PUBLISHED, CallState.CLOSED)),
}


def actions_for(call: Call) -> list[str]:
    return [action for action, (_service, _reason, states) in ACTIONS.items() if call.state in states]


# --- Applications --------------------------------------------------------------------------------

@dataclass
class ApplicationData:
    concept_note: str
    language: str
    budget: Money | None


def _application_snapshot(application: Application) -> dict:
    return {"call_id": application.call_id, "organization_id": application.organization_id,
            "state": application.state, "budget_amount": str(application.budget_amount or "") or None,
            "budget_currency": application.budget_currency, "budget_usd": str(application.budget_usd or "") or None,
            "documents": [document.original_name for document in application.documents],
            "selected_role": application.selected_role, "agreement_id": application.agreement_id}


NOT_AN_EDITOR = _l("Only editors and owners of a verified organization apply in its name.")
NOT_ELIGIBLE = _l("Organizations of this kind are not eligible for this call.")
DEADLINE_PASSED = _l("The call's deadline has passed: it takes no more applications.")
ALREADY_APPLIED = _l("Your organization has already applied to this call.")


def refuse_unless_may_apply(call: Call, organization: Organization | None, user: User) -> None:
    """The rules an application passes before anything is written, in the order a person would
    want to hear them."""
    if organization is None or organization not in posting_organizations(user):
        raise Refused(NOT_AN_EDITOR)
    refuse_if_red_flagged(organization.id)
    if call.eligible_kinds and organization.kind not in call.eligible_kinds:
        raise Refused(NOT_ELIGIBLE)
    if call.state != CallState.PUBLISHED or is_past_deadline(call):
        raise Refused(DEADLINE_PASSED)


def save_application(call_id: int, organization: Organization | None, user: User, data: ApplicationData,
                     documents: list[StoredFile], submit: bool) -> Application:
    """The organization's application, created or changed while a draft; with `submit`, sent to
    the reviewers (a submitted application no longer changes)."""
    call = db.session.get(Call, call_id)
    if call is None or not may_see(user, call):
        raise Refused(_l("This call no longer exists."))
    refuse_unless_may_apply(call, organization, user)
    if not (data.concept_note or "").strip() and submit:
        raise Refused(_l("Write the concept note before submitting."))
    budget_usd = None
    if data.budget is not None:
        if data.budget.amount <= 0:
            raise Refused(_l("Give a budget greater than zero."))
        try:
            budget_usd = usd_equivalent(data.budget)
        except MissingExchangeRate:
            raise Refused(_l("The portal has no exchange rate for this currency yet.")) from None
    application_id = db.session.scalar(
        db.select(Application.id).where(Application.call_id == call.id, Application.organization_id == organization.id)
    )
    application = locked(Application, application_id, ALREADY_APPLIED) if application_id is not None else None
    if application is not None and application.state != ApplicationState.DRAFT:
        raise Refused(ALREADY_APPLIED)
    before = _application_snapshot(application) if application is not None else None
    new = application is None
    if new:
        application = Application(call_id=call.id, organization_id=organization.id, created_by_id=user.id,
                                  state=ApplicationState.DRAFT)
    application.concept_note = (data.concept_note or "").strip()
    application.language = data.language
    application.budget_amount = data.budget.amount if data.budget else None
    application.budget_currency = data.budget.currency if data.budget else None
    application.budget_usd = budget_usd
    if new:
        add_once(application, ALREADY_APPLIED)
    for document in documents:
        application.documents.append(ApplicationDocument(
            stored_name=document.stored_name, original_name=document.original_name,
            content_type=document.content_type, size=document.size))
    if submit:
        application.state, application.submitted_at = ApplicationState.SUBMITTED, utcnow()
    db.session.flush()
    action = "submitted" if submit else ("saved" if before else "created")
    record_audit(f"call_application.{action}", "call_application", application.id, before=before,
                 after=_application_snapshot(application), actor=user)
    db.session.commit()
    return application


def withdraw_application(application_id: int, user: User) -> Application:
    application = locked(Application, application_id, _l("This application no longer exists."))
    if application.organization not in posting_organizations(user):
        raise Refused(_l("Only editors and owners of the organization withdraw its application."))
    if application.state not in (ApplicationState.DRAFT, *ApplicationState.IN_REVIEW):
        raise Refused(_l("This action does not apply to the application in its present state."))
    before = _application_snapshot(application)
    application.state, application.decided_at = ApplicationState.WITHDRAWN, utcnow()
    record_audit("call_application.withdrawn", "call_application", application.id, before=before,
                 after=_application_snapshot(application), actor=user)
    db.session.commit()
    return application


# --- Reviews -------------------------------------------------------------------------------------

def weighted_total(weights_and_scores: list[tuple[int, int]]) -> Decimal:
    """Out of 100: each criterion's score, out of MAX_SCORE, counts for its weight."""
    total = sum(Decimal(weight) * score for weight, score in weights_and_scores) / MAX_SCORE
    return total.quantize(CENT, ROUND_HALF_UP)


def review_of(application: Application, reviewer: User) -> Review | None:
    return db.session.scalar(
        db.select(Review).where(Review.application_id == application.id, Review.reviewer_id == reviewer.id)
        .options(selectinload(Review.scores))
    )


def save_review(application_id: int, reviewer: User, scores: dict[int, tuple[int, str | None]],
                comment: str | None) -> Review:
    """A reviewer's scores (criterion id -> score, comment) of a submitted application; the first
    review puts it under review. Saved again, the scores are replaced."""
    application = locked(Application, application_id, _l("This application no longer exists."))
    call = application.call
    if not is_reviewer(reviewer, call):
        raise Refused(_l("Only the call's reviewers score its applications."))
    if call.state not in (CallState.PUBLISHED, CallState.CLOSED) or application.state not in ApplicationState.IN_REVIEW:
        raise Refused(_l("This application is not open for review."))
    if set(scores) != {criterion.id for criterion in call.criteria}:
        raise Refused(_l("Score every criterion."))
    if any(not 0 <= score <= MAX_SCORE for score, _comment in scores.values()):
        raise Refused(_l("Give each criterion a score from 0 to %(max)s.", max=MAX_SCORE))
    review = review_of(application, reviewer)
    before = {"total": str(review.total)} if review else None
    new = review is None
    if new:
        review = Review(application_id=application.id, reviewer_id=reviewer.id)
    review.comment = (comment or "").strip() or None
    review.total = weighted_total([(criterion.weight, scores[criterion.id][0]) for criterion in call.criteria])
    review.updated_at = utcnow()
    if new:
        add_once(review, _l("You have already reviewed this application."))
    review.scores = [Score(criterion_id=criterion_id, score=score, comment=(note or "").strip() or None)
                     for criterion_id, (score, note) in scores.items()]
    if application.state == ApplicationState.SUBMITTED:
        application.state = ApplicationState.UNDER_REVIEW
    db.session.flush()
    record_audit("call_review.saved", "call_application", application.id, before=before,
                 after={"reviewer_id": reviewer.id, "total": str(review.total),
                        "scores": {str(key): value[0] for key, value in scores.items()}}, actor=reviewer)
    db.session.commit()
    return review


def applications_to_review(call: Call, reviewer: User) -> list[tuple[Application, Review | None]]:
    applications = db.session.scalars(
        db.select(Application).where(Application.call_id == call.id, Application.state != ApplicationState.DRAFT,
                                     Application.state != ApplicationState.WITHDRAWN)
        .options(joinedload(Application.organization)).order_by(Application.submitted_at)
    ).all()
    mine = {review.application_id: review for review in db.session.scalars(
        db.select(Review).join(Application).where(Application.call_id == call.id, Review.reviewer_id == reviewer.id))}
    return [(application, mine.get(application.id)) for application in applications]


# --- Ranking and selection -----------------------------------------------------------------------

@dataclass(frozen=True)
class Ranked:
    application: Application
    average: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    reviews: int


def ranking(call: Call) -> list[Ranked]:
    """Submitted applications with their reviews' weighted average (0–100), its spread and how
    many reviews it rests on, highest first: one query, whatever the number of applications."""
    totals = (
        db.select(Review.application_id, db.func.avg(Review.total).label("average"),
                  db.func.min(Review.total).label("lowest"), db.func.max(Review.total).label("highest"),
                  db.func.count(Review.id).label("reviews"))
        .where(Review.application_id.in_(db.select(Application.id).where(Application.call_id == call.id)))
        .group_by(Review.application_id).subquery()
    )
    rows = db.session.execute(
        db.select(Application, totals.c.average, totals.c.lowest, totals.c.highest,
                  db.func.coalesce(totals.c.reviews, 0))
        .outerjoin(totals, totals.c.application_id == Application.id)
        .where(Application.call_id == call.id, Application.state.in_(ApplicationState.RANKED))
        .options(joinedload(Application.organization), joinedload(Application.agreement))
    ).unique().all()
    ranked = [Ranked(application, Decimal(average).quantize(CENT, ROUND_HALF_UP) if average is not None else None,
                     lowest, highest, count) for application, average, lowest, highest, count in rows]
    return sorted(ranked, key=lambda row: (row.average is None, -(row.average or 0), row.application.id))


def free_agreement_reference(year: int) -> str:
    """The next AGR-<year>-NNN no agreement holds."""
    prefix = f"AGR-{year}-"
    taken = db.session.scalars(db.select(Agreement.reference).where(Agreement.reference.startswith(prefix))).all()
    numbers = [int(reference.removeprefix(prefix)) for reference in taken if reference.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def select_application(application_id: int, officer: User, role: str) -> Application:
    """The organization becomes the project's partner in `role` and a draft cooperation agreement
    is opened with it, in one transaction: all of it happens, or nothing."""
    require_officer(officer)
    if role not in PartnerRole.ALL:
        raise Refused(_l("A partner funds or implements the project."))
    application = locked(Application, application_id, _l("This application no longer exists."))
    call = application.call
    if call.state != CallState.CLOSED:
        raise Refused(_l("Partners are selected once the call is closed."))
    if application.state not in ApplicationState.IN_REVIEW:
        raise Refused(_l("This action does not apply to the application in its present state."))
    # A flag raised after the organization applied suspends its application too.
    if has_standing_red_flag(application.organization_id):
        raise Refused(_l("This organization has a standing red flag: it cannot be selected until the flag is cleared."))
    before = _application_snapshot(application)
    projects.add_partner_uncommitted(call.project_id, officer, application.organization_id, role,
                                     application.budget_usd if role == PartnerRole.FUNDING else None)
    agreement = agreements.create_agreement_uncommitted(officer, agreements.AgreementData(
        reference=free_agreement_reference(utcnow().year), title=call.title, type=AgreementType.COOPERATION_AGREEMENT,
        partner_ids=[application.organization_id], division=None, focal_point_id=officer.id, parent_id=None,
        isesco_signed_on=None, partner_signed_on=None, isesco_signatory_name=None, isesco_signatory_title=None,
        partner_signatory_name=None, partner_signatory_title=None, start_date=None, end_date=None,
        automatic_renewal=False, renewal_term_months=None, notice_days=0,
    ))
    application.state, application.decided_at = ApplicationState.SELECTED, utcnow()
    application.selected_role, application.agreement_id = role, agreement.id
    record_audit("call_application.selected", "call_application", application.id, before=before,
                 after=_application_snapshot(application), actor=officer)
    db.session.commit()
    return application
