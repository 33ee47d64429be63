"""Forum rules: editions and their programme, registrations and their seats, check-in.

Seats are counted under a row lock of the edition (sessions: of the session), so approved
registrations never exceed the capacity however many requests arrive at once. Every state
change of a registration is one function here: it locks, checks the rule, writes the audit
entry and mails the participant in their language.
"""
from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_id
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, add_once, locked, require_officer
from portal.core.text import search_conditions
from portal.core.time import to_zone, today_in, utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.forum.models import (
    Edition, EditionState, Registration, RegistrationState, Session, SessionSignup,
)
from portal.organizations.models import Membership, Organization, OrganizationState

# After this many days past an edition's end, passport details are erased.
VISA_DATA_KEPT_DAYS = 90
# Approved participants are reminded this many days before the edition opens.
REMINDER_DAYS_BEFORE = 7


# --- Editions ------------------------------------------------------------------------------------

@dataclass
class EditionData:
    ordinal: int
    year: int
    title: TranslatedText
    description: TranslatedText
    city: TranslatedText
    country_code: str
    venue: TranslatedText
    start_date: date
    end_date: date
    timezone: str
    registration_opens: date
    registration_closes: date
    capacity: int
    interpretation_languages: list[str]
    approve_automatically: bool


def _edition_snapshot(edition: Edition) -> dict:
    return {
        "ordinal": edition.ordinal, "title": edition.title.to_json(), "state": edition.state,
        "start_date": edition.start_date.isoformat(), "end_date": edition.end_date.isoformat(),
        "timezone": edition.timezone, "capacity": edition.capacity,
        "registration": [edition.registration_opens.isoformat(), edition.registration_closes.isoformat()],
        "approve_automatically": edition.approve_automatically,
    }


def ordinal_taken(ordinal: int, except_id: int | None = None) -> bool:
    query = db.select(Edition.id).where(Edition.ordinal == ordinal)
    if except_id is not None:
        query = query.where(Edition.id != except_id)
    return db.session.scalar(query) is not None


def create_edition(officer: User, data: EditionData) -> Edition:
    require_officer(officer)
    edition = Edition(state=EditionState.DRAFT, **vars(data))
    db.session.add(edition)
    db.session.flush()
    record_audit("edition.created", "edition", edition.id, after=_edition_snapshot(edition), actor=officer)
    db.session.commit()
    return edition


def _locked_edition(edition_id: int) -> Edition:
    return locked(Edition, edition_id, _l("This forum edition does not exist."))


def update_edition(edition_id: int, officer: User, data: EditionData) -> Edition:
    """A larger capacity seats the waiting list at once, first come first served."""
    require_officer(officer)
    edition = _locked_edition(edition_id)
    seated = _seated_count(edition.id)
    if data.capacity < seated:
        raise Refused(_l("%(count)s participants already hold a seat: the capacity cannot be lower.", count=seated))
    before = _edition_snapshot(edition)
    for name, value in vars(data).items():
        setattr(edition, name, value)
    db.session.flush()
    record_audit("edition.edited", "edition", edition.id, before=before, after=_edition_snapshot(edition), actor=officer)
    _seat_waiting_list(edition, officer)
    db.session.commit()
    return edition


# state -> the states an officer may move an edition to from it
EDITION_TRANSITIONS = {
    EditionState.DRAFT: (EditionState.REGISTRATION_OPEN,),
    EditionState.REGISTRATION_OPEN: (EditionState.REGISTRATION_CLOSED,),
    EditionState.REGISTRATION_CLOSED: (EditionState.REGISTRATION_OPEN, EditionState.HELD),
    EditionState.HELD: (EditionState.ARCHIVED,),
    EditionState.ARCHIVED: (),
}


def change_edition_state(edition_id: int, officer: User, target: str) -> Edition:
    require_officer(officer)
    edition = _locked_edition(edition_id)
    if target not in EDITION_TRANSITIONS[edition.state]:
        raise Refused(_l("This action does not apply to the edition in its present state."))
    before = {"state": edition.state}
    edition.state = target
    record_audit(f"edition.{target}", "edition", edition.id, before=before, after={"state": target}, actor=officer)
    db.session.commit()
    return edition


def may_see_edition(user: User, edition: Edition) -> bool:
    return edition.state in EditionState.PUBLIC or (user.is_authenticated and user.is_officer)


def public_editions() -> list[Edition]:
    """Every edition but drafts, newest first: what visitors and the API see."""
    return db.session.scalars(
        db.select(Edition).where(Edition.state.in_(EditionState.PUBLIC)).order_by(Edition.start_date.desc())
    ).all()


def editions_for(user: User) -> list[Edition]:
    """Newest first; drafts only for officers."""
    if user.is_authenticated and user.is_officer:
        return db.session.scalars(db.select(Edition).order_by(Edition.start_date.desc())).all()
    return public_editions()


def registration_is_open(edition: Edition) -> bool:
    """Open in its state and, in the venue's calendar, between the first and last day."""
    return (
        edition.state == EditionState.REGISTRATION_OPEN
        and edition.registration_opens <= today_in(edition.timezone) <= edition.registration_closes
    )


# --- Sessions ------------------------------------------------------------------------------------

@dataclass
class SessionData:
    title: TranslatedText
    description: TranslatedText | None
    kind: str
    starts_at: datetime  # naive UTC
    ends_at: datetime
    room: str | None
    capacity: int | None
    speakers: str | None
    languages: list[str]


def _session_snapshot(session: Session) -> dict:
    return {"title": session.title.to_json(), "kind": session.kind, "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(), "room": session.room, "capacity": session.capacity}


def create_session(edition_id: int, officer: User, data: SessionData) -> Session:
    require_officer(officer)
    session = Session(edition_id=edition_id, **vars(data))
    db.session.add(session)
    db.session.flush()
    record_audit("session.created", "session", session.id, after=_session_snapshot(session), actor=officer)
    db.session.commit()
    return session


def update_session(session_id: int, officer: User, data: SessionData) -> Session:
    require_officer(officer)
    session = locked(Session, session_id, _l("This session does not exist."))
    taken = _signup_count(session.id)
    if data.capacity is not None and data.capacity < taken:
        raise Refused(_l("%(count)s participants already signed up: the capacity cannot be lower.", count=taken))
    before = _session_snapshot(session)
    for name, value in vars(data).items():
        setattr(session, name, value)
    record_audit("session.edited", "session", session.id, before=before, after=_session_snapshot(session), actor=officer)
    db.session.commit()
    return session


def delete_session(session_id: int, officer: User) -> int:
    """Removes a session from the programme; returns its edition's id."""
    require_officer(officer)
    session = locked(Session, session_id, _l("This session does not exist."))
    edition_id = session.edition_id
    record_audit("session.deleted", "session", session.id, before=_session_snapshot(session), actor=officer)
    db.session.execute(db.delete(SessionSignup).where(SessionSignup.session_id == session.id))
    db.session.delete(session)
    db.session.commit()
    return edition_id


@dataclass(frozen=True)
class ProgrammeDay:
    day: date
    sessions: list[Session]


def programme(edition: Edition) -> list[ProgrammeDay]:
    """The sessions by day in the venue's time zone."""
    days: dict[date, list[Session]] = {}
    for session in edition.sessions:
        days.setdefault(to_zone(session.starts_at, edition.timezone).date(), []).append(session)
    return [ProgrammeDay(day, sessions) for day, sessions in sorted(days.items())]


def _signup_count(session_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(SessionSignup).where(SessionSignup.session_id == session_id)
    )


def signup_counts(edition: Edition) -> dict[int, int]:
    """Seats taken in each session of the edition, in one query."""
    return dict(db.session.execute(
        db.select(SessionSignup.session_id, db.func.count())
        .join(Session, Session.id == SessionSignup.session_id)
        .where(Session.edition_id == edition.id)
        .group_by(SessionSignup.session_id)
    ).all())


def signed_up_session_ids(registration: Registration | None) -> set[int]:
    if registration is None:
        return set()
    return set(db.session.scalars(
        db.select(SessionSignup.session_id).where(SessionSignup.registration_id == registration.id)
    ))


def sign_up(session_id: int, user: User) -> Session:
    """A seat in a session for an approved participant: counted under the session's lock."""
    session = locked(Session, session_id, _l("This session does not exist."))
    registration = registration_of(user, session.edition_id)
    if registration is None or not registration.holds_seat:
        raise Refused(_l("Only approved participants of this edition sign up for its sessions."))
    if session.capacity is None:
        raise Refused(_l("This session is open to every participant: no sign-up is needed."))
    if _signup_count(session.id) >= session.capacity:
        raise Refused(_l("This session is full."))
    add_once(SessionSignup(session_id=session.id, registration_id=registration.id),
             _l("You are already signed up for this session."))
    record_audit("session.signed_up", "session", session.id, after={"registration_id": registration.id}, actor=user)
    db.session.commit()
    return session


def leave_session(session_id: int, user: User) -> None:
    session = db.session.get(Session, session_id)
    registration = registration_of(user, session.edition_id) if session else None
    if registration is None:
        raise Refused(_l("You are not signed up for this session."))
    deleted = db.session.execute(
        db.delete(SessionSignup).where(SessionSignup.session_id == session_id,
                                       SessionSignup.registration_id == registration.id)
    ).rowcount
    if not deleted:
        raise Refused(_l("You are not signed up for this session."))
    record_audit("session.left", "session", session_id, before={"registration_id": registration.id}, actor=user)
    db.session.commit()


# --- Registrations -------------------------------------------------------------------------------

@dataclass
class RegistrationData:
    organization_id: int | None
    participant_type: str
    interpretation_language: str
    accessibility_needs: str | None
    dietary_needs: str | None
    listed_publicly: bool
    visa_letter_requested: bool
    passport_name: str | None = None
    passport_number: str | None = None
    nationality: str | None = None
    passport_expiry: date | None = None


REGISTRATION_MAILS = {
    "received": _l("We received your registration for the forum"),
    "approved": _l("Your registration for the forum is approved"),
    "waitlisted": _l("You are on the forum's waiting list"),
    "promoted": _l("A seat freed up: your registration for the forum is approved"),
    "rejected": _l("Your registration for the forum was not accepted"),
    "reminder": _l("The forum opens soon"),
}


def _mail_participant(registration: Registration, kind: str) -> None:
    person = registration.user
    send_mail(
        f"forum_{kind}", person.email, person.preferred_locale, REGISTRATION_MAILS[kind],
        "forum/mail/registration.txt", user=person, registration=registration, edition=registration.edition,
        occasion=kind,
        registration_url=absolute_url("forum.registration", registration_id=registration.id,
                                      lang=person.preferred_locale),
    )


def _registration_snapshot(registration: Registration) -> dict:
    # Passport details never go into the audit trail, which outlives the purge.
    return {"edition_id": registration.edition_id, "user_id": registration.user_id,
            "organization_id": registration.organization_id, "participant_type": registration.participant_type,
            "state": registration.state, "visa_letter_requested": registration.visa_letter_requested}


def registering_organizations(user: User) -> list[Organization]:
    """Verified organizations the user belongs to, in any role: they may come on its behalf."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(
        db.select(Organization)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Organization.state == OrganizationState.VERIFIED)
        .order_by(Organization.id)
    ).all()


def registration_of(user: User, edition_id: int) -> Registration | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Registration).where(Registration.edition_id == edition_id, Registration.user_id == user.id)
    )


def _seated_count(edition_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Registration)
        .where(Registration.edition_id == edition_id, Registration.state.in_(RegistrationState.SEATED))
    )


def seats_left(edition: Edition) -> int:
    return max(edition.capacity - _seated_count(edition.id), 0)


def seats_left_in(editions: list[Edition]) -> dict[int, int]:
    """The seats left in each edition, in one query."""
    seated = dict(db.session.execute(
        db.select(Registration.edition_id, db.func.count())
        .where(Registration.edition_id.in_([edition.id for edition in editions]),
               Registration.state.in_(RegistrationState.SEATED))
        .group_by(Registration.edition_id)
    ).all()) if editions else {}
    return {edition.id: max(edition.capacity - seated.get(edition.id, 0), 0) for edition in editions}


def register(user: User, edition_id: int, data: RegistrationData) -> Registration:
    """Under the edition's lock: approved while seats remain (when the edition says so),
    waitlisted after; otherwise pending for an officer."""
    edition = _locked_edition(edition_id)
    if not registration_is_open(edition):
        raise Refused(_l("Registration for this edition is not open."))
    if data.organization_id is not None and data.organization_id not in {
        organization.id for organization in registering_organizations(user)
    }:
        raise Refused(_l("You may register on behalf of a verified organization you belong to only."))
    if not data.visa_letter_requested:
        data.passport_name = data.passport_number = data.nationality = data.passport_expiry = None
    state = RegistrationState.PENDING
    if edition.approve_automatically:
        state = RegistrationState.APPROVED if _seated_count(edition.id) < edition.capacity else RegistrationState.WAITLISTED
    registration = Registration(
        edition_id=edition.id, user_id=user.id, state=state, code=secrets.token_urlsafe(16),
        decided_at=utcnow() if state != RegistrationState.PENDING else None, **vars(data),
    )
    add_once(registration, _l("You are already registered for this edition."))
    record_audit("registration.created", "registration", registration.id,
                 after=_registration_snapshot(registration), actor=user)
    _mail_participant(registration, "received" if state == RegistrationState.PENDING else state)
    db.session.commit()
    return registration


def _locked_registration(registration_id: int, allowed_from: tuple[str, ...]) -> Registration:
    does_not_apply = _l("This action does not apply to the registration in its present state.")
    registration = locked(Registration, registration_id, does_not_apply)
    if registration.state not in allowed_from:
        raise Refused(does_not_apply)
    return registration


def _move(registration: Registration, target: str, actor: User | None, action: str | None = None,
          reason: str | None = None) -> None:
    before = _registration_snapshot(registration)
    registration.state = target
    registration.decided_at = utcnow()
    if reason is not None:
        registration.decision_reason = reason
    record_audit(f"registration.{action or target}", "registration", registration.id, before=before,
                 after=_registration_snapshot(registration), actor=actor)


def approve(registration_id: int, officer: User) -> Registration:
    require_officer(officer)
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise Refused(_l("This registration does not exist."))
    # The edition's lock first, always in this order, so two approvals cannot both take the last seat.
    edition = _locked_edition(registration.edition_id)
    registration = _locked_registration(registration_id, (RegistrationState.PENDING, RegistrationState.WAITLISTED))
    if _seated_count(edition.id) >= edition.capacity:
        raise Refused(_l("No seat is left in this edition: put the registration on the waiting list."))
    _move(registration, RegistrationState.APPROVED, officer)
    _mail_participant(registration, "approved")
    db.session.commit()
    return registration


def waitlist(registration_id: int, officer: User) -> Registration:
    require_officer(officer)
    registration = _locked_registration(registration_id, (RegistrationState.PENDING,))
    _move(registration, RegistrationState.WAITLISTED, officer)
    _mail_participant(registration, "waitlisted")
    db.session.commit()
    return registration


def reject(registration_id: int, officer: User, reason: str) -> Registration:
    require_officer(officer)
    if not (reason or "").strip():
        raise Refused(_l("Give a reason: the participant will read it."))
    registration = _locked_registration(registration_id, (RegistrationState.PENDING, RegistrationState.WAITLISTED))
    _move(registration, RegistrationState.REJECTED, officer, reason=reason.strip())
    _mail_participant(registration, "rejected")
    db.session.commit()
    return registration


def may_manage(user: User, registration: Registration) -> bool:
    """The participant themselves and officers."""
    return user.is_authenticated and (user.id == registration.user_id or user.is_officer)


def cancel(registration_id: int, actor: User) -> Registration:
    """The participant withdraws (or an officer for them); a freed seat goes to the first on
    the waiting list."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not may_manage(actor, registration):
        raise Refused(_l("You may not change this registration."))
    edition = _locked_edition(registration.edition_id)
    registration = _locked_registration(registration_id, RegistrationState.CANCELLABLE)
    _move(registration, RegistrationState.CANCELLED, actor)
    db.session.execute(db.delete(SessionSignup).where(SessionSignup.registration_id == registration.id))
    db.session.flush()
    _seat_waiting_list(edition, actor)
    db.session.commit()
    return registration


def _seat_waiting_list(edition: Edition, actor: User | None) -> list[Registration]:
    """Approves the waiting list in order of registration while seats are free; the caller
    holds the edition's lock."""
    free = edition.capacity - _seated_count(edition.id)
    if free <= 0:
        return []
    promoted = db.session.scalars(
        db.select(Registration)
        .where(Registration.edition_id == edition.id, Registration.state == RegistrationState.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
        .limit(free)
        .with_for_update()
    ).all()
    for registration in promoted:
        _move(registration, RegistrationState.APPROVED, actor, action="promoted")
        _mail_participant(registration, "promoted")
    return promoted


class AlreadyCheckedIn(Refused):
    def __init__(self, message, registration: Registration):
        super().__init__(message)
        self.registration = registration


def check_in(edition_id: int, code: str, officer: User) -> Registration:
    """Checks in the badge's holder at the edition's desk; a second scan is refused with the
    time of the first."""
    require_officer(officer)
    registration = db.session.scalar(
        db.select(Registration)
        .where(Registration.edition_id == edition_id, Registration.code == (code or "").strip())
        .with_for_update()
    )
    if registration is None:
        raise Refused(_l("No registration for this edition has this code."))
    if registration.state == RegistrationState.CHECKED_IN:
        raise AlreadyCheckedIn(_l("Already checked in."), registration)
    if registration.state != RegistrationState.APPROVED:
        raise Refused(_l("This registration is not approved: it cannot be checked in."))
    _move(registration, RegistrationState.CHECKED_IN, officer)
    registration.checked_in_at = utcnow()
    registration.checked_in_by_id = officer.id
    db.session.commit()
    return registration


def letter_available(registration: Registration) -> bool:
    return (registration.holds_seat and registration.visa_letter_requested
            and registration.visa_data_purged_at is None and registration.passport_number is not None)


# --- Officers' lists -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RegistrationFilters(QueryFilters):
    state: str = ""
    participant_type: str = ""
    q: str = ""
    organization: str = ""


REGISTRATIONS_PER_PAGE = 50


def _registration_conditions(edition_id: int, filters: RegistrationFilters) -> list:
    conditions = [Registration.edition_id == edition_id]
    if filters.state:
        conditions.append(Registration.state == filters.state)
    if filters.participant_type:
        conditions.append(Registration.participant_type == filters.participant_type)
    if organization_id := as_id(filters.organization):
        conditions.append(Registration.organization_id == organization_id)
    conditions.extend(search_conditions(User.search_text, filters.q))
    return conditions


def _registrations(edition_id: int, filters: RegistrationFilters):
    return (
        db.select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(*_registration_conditions(edition_id, filters))
        .options(db.contains_eager(Registration.user), db.joinedload(Registration.organization))
        .order_by(Registration.created_at, Registration.id)
    )


def registrations_page(edition_id: int, filters: RegistrationFilters, page: int) -> Page:
    count_of = (
        db.select(Registration.id).join(User, User.id == Registration.user_id)
        .where(*_registration_conditions(edition_id, filters))
    )
    return paginate(_registrations(edition_id, filters), count_of, page, REGISTRATIONS_PER_PAGE)


def registrations_for_export(edition_id: int, filters: RegistrationFilters) -> list[Registration]:
    return db.session.scalars(_registrations(edition_id, filters)).unique().all()


@dataclass(frozen=True)
class RegistrationCounts:
    by_state: Counter
    by_type: Counter

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def registration_counts(edition_id: int) -> RegistrationCounts:
    rows = db.session.execute(
        db.select(Registration.state, Registration.participant_type, db.func.count())
        .where(Registration.edition_id == edition_id)
        .group_by(Registration.state, Registration.participant_type)
    ).all()
    by_state, by_type = Counter(), Counter()
    for state, participant_type, count in rows:
        by_state[state] += count
        by_type[participant_type] += count
    return RegistrationCounts(by_state, by_type)


def listed_participants(edition_id: int) -> list[Registration]:
    """Who agreed to appear in the public list, among those holding a seat."""
    return db.session.scalars(
        db.select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(Registration.edition_id == edition_id, Registration.listed_publicly.is_(True),
               Registration.state.in_(RegistrationState.SEATED))
        .options(db.contains_eager(Registration.user), db.joinedload(Registration.organization))
        .order_by(User.name)
    ).all()


def registered_organizations(edition_id: int) -> list[Organization]:
    return db.session.scalars(
        db.select(Organization).where(Organization.id.in_(
            db.select(Registration.organization_id).where(Registration.edition_id == edition_id)
        ))
    ).all()


def registrations_of(user: User) -> list[Registration]:
    """The person's own registrations, newest edition first."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(
        db.select(Registration).join(Edition, Edition.id == Registration.edition_id)
        .where(Registration.user_id == user.id)
        .options(db.contains_eager(Registration.edition))
        .order_by(Edition.start_date.desc())
    ).all()


@dataclass(frozen=True)
class Participation:
    edition: Edition
    participants: int


def participation_of(organization_id: int) -> list[Participation]:
    """Public editions at which the organization had seated participants, with how many."""
    rows = db.session.execute(
        db.select(Edition, db.func.count(Registration.id))
        .join(Registration, Registration.edition_id == Edition.id)
        .where(Registration.organization_id == organization_id, Registration.state.in_(RegistrationState.SEATED),
               Edition.state.in_(EditionState.PUBLIC))
        .group_by(Edition.id)
        .order_by(Edition.start_date.desc())
    ).all()
    return [Participation(edition, count) for edition, count in rows]


# --- Scheduled commands --------------------------------------------------------------------------

def purge_visa_data(today: date) -> int:
    """Erases the passport details of editions that ended 90 days ago or more; idempotent."""
    ended_before = today - timedelta(days=VISA_DATA_KEPT_DAYS)
    registrations = db.session.scalars(
        db.select(Registration)
        .join(Edition, Edition.id == Registration.edition_id)
        .where(Edition.end_date <= ended_before, Registration.visa_data_purged_at.is_(None),
               db.or_(Registration.passport_number.is_not(None), Registration.passport_name.is_not(None),
                      Registration.nationality.is_not(None), Registration.passport_expiry.is_not(None)))
        .with_for_update(of=Registration)
    ).all()
    now = utcnow()
    for registration in registrations:
        registration.passport_name = registration.passport_number = None
        registration.nationality = registration.passport_expiry = None
        registration.visa_data_purged_at = now
        record_audit("registration.visa_data_purged", "registration", registration.id, actor=None)
    db.session.commit()
    return len(registrations)


def send_forum_reminders(today: date) -> int:
    """Mails every seated participant of an edition opening within a week, once each: the
    conditional update lets two servers run it at the same time without mailing twice."""
    due = db.session.scalars(
        db.select(Registration.id)
        .join(Edition, Edition.id == Registration.edition_id)
        .where(Edition.start_date >= today, Edition.start_date <= today + timedelta(days=REMINDER_DAYS_BEFORE),
               Edition.state.in_((EditionState.REGISTRATION_OPEN, EditionState.REGISTRATION_CLOSED)),
               Registration.state.in_(RegistrationState.SEATED), Registration.reminded_at.is_(None))
    ).all()
    sent = 0
    for registration_id in due:
        claimed = db.session.execute(
            db.update(Registration)
            .where(Registration.id == registration_id, Registration.reminded_at.is_(None))
            .values(reminded_at=utcnow())
        ).rowcount
        if claimed:
            _mail_participant(db.session.get(Registration, registration_id), "reminder")
            sent += 1
        db.session.commit()
    return sent
