"""Rules of joint committees, their meetings and minutes, and the action items decided at them
(docs/meetings.md).

Officers run committees and meetings. Every state change is one function here: it locks the
row, checks the rule (a refusal changes nothing), writes the audit entry and mails the people
concerned in their language. A partner organization's editors and owners report progress on
their own organization's action items; its viewers read them; officers see all of them and
verify or cancel them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.config import LOCALES
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_date, as_id
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, add_once, locked, require_officer
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.meetings import documents
from portal.meetings.models import (
    ActionItem, ActionItemDigest, ActionItemPriority, ActionItemState, ActionItemUpdate, AgendaItem,
    JointCommittee, Meeting, MeetingKind, MeetingMode, MeetingOrganization, MeetingOutcome, MeetingPerson,
    MeetingState, Minutes, MinutesState, OutcomeKind,
)
from portal.needs.models import Need
from portal.needs.services import member_organizations, posting_organizations
from portal.organizations.models import Division, MemberRole, Membership, Organization
from portal.projects.models import Directorate, Project

LIST_PAGE_SIZE = 20


def today() -> date:
    return utcnow().date()


# --- Joint committees ----------------------------------------------------------------------------

@dataclass
class CommitteeData:
    name: TranslatedText
    agreement_id: int | None
    partner_id: int | None
    # None: the partner's division, else the agreement's.
    division: str | None = None


def _committee_snapshot(committee: JointCommittee) -> dict:
    return {"name": committee.name.to_json(), "agreement_id": committee.agreement_id,
            "partner_id": committee.partner_id, "division": committee.division}


def _apply_committee(committee: JointCommittee, data: CommitteeData) -> None:
    if data.agreement_id is None and data.partner_id is None:
        raise Refused(_l("A joint committee belongs to an agreement or to a partner: choose one."))
    partner = db.session.get(Organization, data.partner_id) if data.partner_id is not None else None
    agreement = db.session.get(Agreement, data.agreement_id) if data.agreement_id is not None else None
    if (data.partner_id is not None and partner is None) or (data.agreement_id is not None and agreement is None):
        raise Refused(_l("Choose a partner and an agreement the portal knows."))
    committee.name = data.name
    committee.agreement_id, committee.partner_id = data.agreement_id, data.partner_id
    committee.division = data.division if data.division in Division.ALL else (partner or agreement).division


def create_committee(officer: User, data: CommitteeData) -> JointCommittee:
    require_officer(officer)
    committee = JointCommittee()
    _apply_committee(committee, data)
    db.session.add(committee)
    db.session.flush()
    record_audit("committee.created", "joint_committee", committee.id, after=_committee_snapshot(committee),
                 actor=officer)
    db.session.commit()
    return committee


def update_committee(committee_id: int, officer: User, data: CommitteeData) -> JointCommittee:
    require_officer(officer)
    committee = locked(JointCommittee, committee_id, _l("This committee no longer exists."))
    before = _committee_snapshot(committee)
    _apply_committee(committee, data)
    record_audit("committee.updated", "joint_committee", committee.id, before=before,
                 after=_committee_snapshot(committee), actor=officer)
    db.session.commit()
    return committee


def committees(user: User) -> list[JointCommittee]:
    """Every committee, the officer's division first."""
    return db.session.scalars(
        db.select(JointCommittee).options(selectinload(JointCommittee.partner), selectinload(JointCommittee.agreement))
        .order_by(Division.first(JointCommittee.division, user), JointCommittee.id)
    ).all()


def sessions_of(committee_id: int) -> list[Meeting]:
    return db.session.scalars(
        db.select(Meeting).where(Meeting.committee_id == committee_id, Meeting.kind == MeetingKind.JOINT_COMMITTEE)
        .order_by(Meeting.session_number, Meeting.starts_at)
    ).all()


def next_session_number(committee_id: int) -> int:
    last = db.session.scalar(db.select(db.func.max(Meeting.session_number)).where(Meeting.committee_id == committee_id))
    return (last or 0) + 1


# --- Meetings ------------------------------------------------------------------------------------

@dataclass
class MeetingData:
    kind: str
    committee_id: int | None
    session_number: int | None
    title: TranslatedText
    starts_at: datetime  # naive UTC
    ends_at: datetime
    timezone: str
    venue: str | None
    country_code: str | None
    mode: str
    person_ids: list[int]
    organization_ids: list[int]
    # None: the committee's division, else the first invited organization's, else the officer's.
    division: str | None = None


def _meeting_snapshot(meeting: Meeting) -> dict:
    return {
        "kind": meeting.kind, "committee_id": meeting.committee_id, "session_number": meeting.session_number,
        "title": meeting.title.to_json(), "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(), "timezone": meeting.timezone, "venue": meeting.venue,
        "country_code": meeting.country_code, "mode": meeting.mode, "state": meeting.state,
        "division": meeting.division, "people": sorted(person.user_id for person in meeting.people),
        "organizations": sorted(invited.organization_id for invited in meeting.organizations),
    }


def _apply_meeting(meeting: Meeting, data: MeetingData, officer: User) -> None:
    committee = db.session.get(JointCommittee, data.committee_id) if data.committee_id is not None else None
    if data.kind not in MeetingKind.ALL or data.mode not in MeetingMode.ALL:
        raise Refused(_l("Choose the kind and the mode of the meeting."))
    if data.kind == MeetingKind.JOINT_COMMITTEE and (committee is None or not data.session_number):
        raise Refused(_l("A joint committee session names its committee and its session number."))
    if data.ends_at < data.starts_at:
        raise Refused(_l("The meeting ends before it starts."))
    session_number = data.session_number if committee is not None else None
    if session_number and db.session.scalar(db.select(Meeting.id).where(
        Meeting.committee_id == committee.id, Meeting.session_number == session_number,
        Meeting.id != (meeting.id or 0),
    )):
        raise Refused(_l("This committee already has a session with this number."))
    organizations = db.session.scalars(db.select(Organization).where(Organization.id.in_(data.organization_ids))).all()
    people = db.session.scalars(db.select(User).where(User.id.in_(data.person_ids))).all()
    for name in ("kind", "title", "starts_at", "ends_at", "timezone", "venue", "country_code", "mode"):
        setattr(meeting, name, getattr(data, name))
    meeting.committee_id, meeting.session_number = data.committee_id, session_number
    if data.division in Division.ALL:
        meeting.division = data.division
    else:
        meeting.division = (committee.division if committee else organizations[0].division if organizations
                            else officer.division or Division.GOVERNMENTAL_DONORS)
    attended = {person.user_id for person in meeting.people if person.attended}
    meeting.people = [MeetingPerson(user_id=person.id, attended=person.id in attended) for person in people]
    attended = {invited.organization_id for invited in meeting.organizations if invited.attended}
    meeting.organizations = [MeetingOrganization(organization_id=organization.id,
                                                 attended=organization.id in attended)
                             for organization in organizations]


def create_meeting(officer: User, data: MeetingData) -> Meeting:
    require_officer(officer)
    meeting = Meeting(state=MeetingState.DRAFT, created_by_id=officer.id)
    _apply_meeting(meeting, data, officer)
    db.session.add(meeting)
    db.session.flush()
    record_audit("meeting.created", "meeting", meeting.id, after=_meeting_snapshot(meeting), actor=officer)
    db.session.commit()
    return meeting


EDITABLE_MEETING_STATES = (MeetingState.DRAFT, MeetingState.SCHEDULED)


def _meeting_for_change(meeting_id: int, officer: User, allowed_from: tuple[str, ...], refusal) -> Meeting:
    require_officer(officer)
    meeting = locked(Meeting, meeting_id, refusal)
    if meeting.state not in allowed_from:
        raise Refused(refusal)
    return meeting


def update_meeting(meeting_id: int, officer: User, data: MeetingData) -> Meeting:
    meeting = _meeting_for_change(meeting_id, officer, EDITABLE_MEETING_STATES,
                                  _l("A meeting is changed only while it is a draft or scheduled."))
    before = _meeting_snapshot(meeting)
    _apply_meeting(meeting, data, officer)
    record_audit("meeting.updated", "meeting", meeting.id, before=before, after=_meeting_snapshot(meeting),
                 actor=officer)
    db.session.commit()
    return meeting


def invitees(meeting: Meeting) -> list[User]:
    """The invited people and the owners of the invited organizations, once each."""
    owners = db.session.scalars(
        db.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id.in_([invited.organization_id for invited in meeting.organizations]),
               Membership.role == MemberRole.OWNER)
    ).all()
    people = [person.user for person in meeting.people] + list(owners)
    return sorted({person.id: person for person in people if person.active}.values(), key=lambda person: person.id)


MEETING_MAILS = {
    MeetingState.SCHEDULED: _l("Invitation to an ISESCO meeting"),
    MeetingState.CANCELLED: _l("An ISESCO meeting is cancelled"),
}


def _mail_invitees(meeting: Meeting) -> None:
    for person in invitees(meeting):
        lang = person.preferred_locale
        with force_locale(lang):
            agenda = documents.agenda_lines(meeting, lang)
        send_mail(f"meeting_{meeting.state}", person.email, lang, MEETING_MAILS[meeting.state],
                  "meetings/mail/invitation.txt", user=person, meeting=meeting, agenda=agenda,
                  meeting_start=documents.venue_time(meeting.starts_at, meeting, lang),
                  meeting_end=documents.venue_time(meeting.ends_at, meeting, lang, "short"),
                  meeting_place=documents.place(meeting, lang),
                  meeting_url=absolute_url("meetings.meeting", meeting_id=meeting.id, lang=lang),
                  ics_url=absolute_url("meetings.meeting_ics", meeting_id=meeting.id, lang=lang))


def _move_meeting(meeting_id: int, officer: User, allowed_from: tuple[str, ...], target: str,
                  reason: str | None = None) -> Meeting:
    meeting = _meeting_for_change(meeting_id, officer, allowed_from,
                                  _l("This action does not apply to the meeting in its present state."))
    before = _meeting_snapshot(meeting)
    meeting.state = target
    meeting.state_reason = (reason or "").strip() or None
    record_audit(f"meeting.{target}", "meeting", meeting.id, before=before,
                 after={**_meeting_snapshot(meeting), "reason": meeting.state_reason}, actor=officer)
    if target in MEETING_MAILS and (target == MeetingState.SCHEDULED or before["state"] == MeetingState.SCHEDULED):
        _mail_invitees(meeting)
    db.session.commit()
    return meeting


def schedule(meeting_id: int, officer: User) -> Meeting:
    """Announces the meeting: every invitee is mailed the invitation with its calendar file."""
    return _move_meeting(meeting_id, officer, (MeetingState.DRAFT,), MeetingState.SCHEDULED)


def mark_held(meeting_id: int, officer: User) -> Meeting:
    return _move_meeting(meeting_id, officer, (MeetingState.SCHEDULED,), MeetingState.HELD)


def close(meeting_id: int, officer: User) -> Meeting:
    """Closes the record of a held meeting, once its minutes are approved in some language."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is not None and meeting.state == MeetingState.HELD and not any(
        minutes.state == MinutesState.APPROVED for minutes in meeting.minutes
    ):
        raise Refused(_l("Approve the minutes in at least one language before closing the meeting."))
    return _move_meeting(meeting_id, officer, (MeetingState.HELD,), MeetingState.CLOSED)


def cancel(meeting_id: int, officer: User, reason: str | None) -> Meeting:
    if not (reason or "").strip():
        raise Refused(_l("Say why the meeting is cancelled: the invitees will read it."))
    return _move_meeting(meeting_id, officer, EDITABLE_MEETING_STATES, MeetingState.CANCELLED, reason)


# Officers' actions on a meeting, by the state each leads to.
MEETING_TRANSITIONS = {
    MeetingState.SCHEDULED: schedule,
    MeetingState.HELD: mark_held,
    MeetingState.CLOSED: close,
}
MEETING_STEPS = {
    MeetingState.DRAFT: (MeetingState.SCHEDULED, MeetingState.CANCELLED),
    MeetingState.SCHEDULED: (MeetingState.HELD, MeetingState.CANCELLED),
    MeetingState.HELD: (MeetingState.CLOSED,),
    MeetingState.CLOSED: (),
    MeetingState.CANCELLED: (),
}


def record_attendance(meeting_id: int, officer: User, user_ids: list[int], organization_ids: list[int]) -> Meeting:
    meeting = _meeting_for_change(meeting_id, officer, MeetingState.TOOK_PLACE,
                                  _l("Attendance is recorded once the meeting is held."))
    before = _meeting_snapshot(meeting)
    for person in meeting.people:
        person.attended = person.user_id in user_ids
    for invited in meeting.organizations:
        invited.attended = invited.organization_id in organization_ids
    record_audit("meeting.attendance", "meeting", meeting.id, before=before, after={
        "people": sorted(person.user_id for person in meeting.people if person.attended),
        "organizations": sorted(invited.organization_id for invited in meeting.organizations if invited.attended),
    }, actor=officer)
    db.session.commit()
    return meeting


def may_see_meeting(user: User, meeting: Meeting) -> bool:
    """Officers, and once it is announced, the invited people and members of invited organizations."""
    if not user.is_authenticated:
        return False
    if user.is_officer:
        return True
    if meeting.state == MeetingState.DRAFT:
        return False
    own = {organization.id for organization in member_organizations(user)}
    return (any(person.user_id == user.id for person in meeting.people)
            or any(invited.organization_id in own for invited in meeting.organizations))


@dataclass(frozen=True)
class MeetingFilters(QueryFilters):
    kind: str = ""
    committee: str = ""
    partner: str = ""
    division: str = ""
    state: str = ""
    start: str = ""  # ISO dates of the period the meetings start in
    end: str = ""


def _meeting_conditions(filters: MeetingFilters) -> list:
    conditions = []
    if filters.kind in MeetingKind.ALL:
        conditions.append(Meeting.kind == filters.kind)
    if committee_id := as_id(filters.committee):
        conditions.append(Meeting.committee_id == committee_id)
    if partner_id := as_id(filters.partner):
        conditions.append(db.or_(
            Meeting.committee_id.in_(db.select(JointCommittee.id).where(JointCommittee.partner_id == partner_id)),
            Meeting.id.in_(db.select(MeetingOrganization.meeting_id)
                           .where(MeetingOrganization.organization_id == partner_id)),
        ))
    if filters.division in Division.ALL:
        conditions.append(Meeting.division == filters.division)
    if filters.state in MeetingState.ALL:
        conditions.append(Meeting.state == filters.state)
    if start := as_date(filters.start):
        conditions.append(Meeting.starts_at >= datetime.combine(start, datetime.min.time()))
    if end := as_date(filters.end):
        conditions.append(Meeting.starts_at < datetime.combine(end, datetime.max.time()))
    return conditions


def meetings_page(filters: MeetingFilters, user: User, page: int) -> Page:
    conditions = _meeting_conditions(filters)
    return paginate(
        db.select(Meeting).where(*conditions)
        .options(selectinload(Meeting.committee).selectinload(JointCommittee.partner),
                 selectinload(Meeting.organizations).selectinload(MeetingOrganization.organization))
        .order_by(Division.first(Meeting.division, user), Meeting.starts_at.desc(), Meeting.id.desc()),
        db.select(Meeting.id).where(*conditions), page, LIST_PAGE_SIZE,
    )


# --- Agenda --------------------------------------------------------------------------------------

@dataclass
class AgendaItemData:
    title: TranslatedText
    presenter: str | None
    duration_minutes: int | None


def _agenda_meeting(meeting_id: int, officer: User) -> Meeting:
    return _meeting_for_change(meeting_id, officer, EDITABLE_MEETING_STATES,
                               _l("The agenda is changed only before the meeting is held."))


def _agenda_snapshot(meeting: Meeting) -> dict:
    return {"agenda": [{"id": item.id, "position": item.position, "title": item.title.to_json(),
                        "presenter": item.presenter, "duration_minutes": item.duration_minutes}
                       for item in meeting.agenda]}


def _agenda_item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = next((item for item in meeting.agenda if item.id == item_id), None)
    if item is None:
        raise Refused(_l("This item is not on the meeting's agenda."))
    return item


def _audit_agenda(meeting: Meeting, officer: User, before: dict) -> None:
    db.session.flush()
    db.session.refresh(meeting, ["agenda"])
    record_audit("meeting.agenda_changed", "meeting", meeting.id, before=before, after=_agenda_snapshot(meeting),
                 actor=officer)
    db.session.commit()


def add_agenda_item(meeting_id: int, officer: User, data: AgendaItemData) -> AgendaItem:
    meeting = _agenda_meeting(meeting_id, officer)
    before = _agenda_snapshot(meeting)
    item = AgendaItem(meeting_id=meeting.id, position=max((item.position for item in meeting.agenda), default=0) + 1,
                      **vars(data))
    db.session.add(item)
    _audit_agenda(meeting, officer, before)
    return item


def update_agenda_item(meeting_id: int, item_id: int, officer: User, data: AgendaItemData) -> AgendaItem:
    meeting = _agenda_meeting(meeting_id, officer)
    before = _agenda_snapshot(meeting)
    item = _agenda_item_of(meeting, item_id)
    for name, value in vars(data).items():
        setattr(item, name, value)
    _audit_agenda(meeting, officer, before)
    return item


def move_agenda_item(meeting_id: int, item_id: int, officer: User, step: int) -> None:
    """Swaps the item with its neighbour: step -1 moves it up, +1 down."""
    meeting = _agenda_meeting(meeting_id, officer)
    before = _agenda_snapshot(meeting)
    items = list(meeting.agenda)
    index = items.index(_agenda_item_of(meeting, item_id))
    if not 0 <= index + step < len(items):
        raise Refused(_l("This item cannot move further."))
    item, neighbour = items[index], items[index + step]
    # Through a free position: (meeting, position) is unique at every step.
    positions = item.position, neighbour.position
    item.position = 0
    db.session.flush()
    neighbour.position = positions[0]
    db.session.flush()
    item.position = positions[1]
    _audit_agenda(meeting, officer, before)


def delete_agenda_item(meeting_id: int, item_id: int, officer: User) -> None:
    meeting = _agenda_meeting(meeting_id, officer)
    before = _agenda_snapshot(meeting)
    meeting.agenda.remove(_agenda_item_of(meeting, item_id))
    _audit_agenda(meeting, officer, before)


# --- Minutes and outcomes ------------------------------------------------------------------------

def _minutes_snapshot(minutes: Minutes) -> dict:
    return {"meeting_id": minutes.meeting_id, "language": minutes.language, "state": minutes.state,
            "text": minutes.text}


def _held_meeting(meeting_id: int, officer: User) -> Meeting:
    return _meeting_for_change(meeting_id, officer, MeetingState.TOOK_PLACE,
                               _l("Minutes are written once the meeting is held."))


def minutes_in(meeting: Meeting, language: str) -> Minutes | None:
    return next((minutes for minutes in meeting.minutes if minutes.language == language), None)


def save_minutes(meeting_id: int, officer: User, language: str, text: str) -> Minutes:
    if language not in LOCALES:
        raise Refused(_l("Minutes are written in Arabic, English or French."))
    meeting = _held_meeting(meeting_id, officer)
    minutes = minutes_in(meeting, language)
    if minutes is not None:
        # Approval locks the minutes' row, not the meeting's: an approval made while this save
        # was on its way is seen here, and the approved text stays as it was approved.
        minutes = locked(Minutes, minutes.id, _l("These minutes no longer exist."))
    if minutes is not None and minutes.is_locked:
        raise Refused(_l("Approved minutes are locked: they can no longer be changed."))
    before = _minutes_snapshot(minutes) if minutes else None
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id, language=language, state=MinutesState.DRAFT, text=text.strip(),
                          written_by_id=officer.id)
        add_once(minutes, _l("These minutes were just started by someone else: open them again."))
    else:
        minutes.text, minutes.written_by_id = text.strip(), officer.id
        db.session.flush()
    record_audit("minutes.saved", "minutes", minutes.id, before=before, after=_minutes_snapshot(minutes),
                 actor=officer)
    db.session.commit()
    return minutes


def _move_minutes(minutes_id: int, officer: User, allowed_from: str, target: str) -> Minutes:
    require_officer(officer)
    does_not_apply = _l("This action does not apply to the minutes in their present state.")
    minutes = locked(Minutes, minutes_id, does_not_apply)
    if minutes.state != allowed_from:
        raise Refused(does_not_apply)
    before = _minutes_snapshot(minutes)
    minutes.state = target
    if target == MinutesState.APPROVED:
        minutes.approved_at = utcnow()
    record_audit(f"minutes.{target}", "minutes", minutes.id, before=before, after=_minutes_snapshot(minutes),
                 actor=officer)
    db.session.commit()
    return minutes


def circulate_minutes(minutes_id: int, officer: User) -> Minutes:
    return _move_minutes(minutes_id, officer, MinutesState.DRAFT, MinutesState.CIRCULATED)


def approve_minutes(minutes_id: int, officer: User) -> Minutes:
    return _move_minutes(minutes_id, officer, MinutesState.CIRCULATED, MinutesState.APPROVED)


MINUTES_TRANSITIONS = {MinutesState.CIRCULATED: circulate_minutes, MinutesState.APPROVED: approve_minutes}


def add_outcome(meeting_id: int, officer: User, kind: str, text: TranslatedText,
                action: "ActionItemData | None" = None) -> MeetingOutcome:
    """Records what the meeting concluded; an action outcome creates its action item."""
    if kind not in OutcomeKind.ALL:
        raise Refused(_l("Choose whether the outcome is information, a decision or an action."))
    if (kind == OutcomeKind.ACTION) != (action is not None):
        raise Refused(_l("An action outcome, and only one, describes its action item."))
    meeting = _meeting_for_change(meeting_id, officer, (MeetingState.HELD,),
                                  _l("Outcomes are recorded once the meeting is held, until it is closed."))
    outcome = MeetingOutcome(meeting_id=meeting.id, kind=kind, text=text,
                             position=max((outcome.position for outcome in meeting.outcomes), default=0) + 1)
    db.session.add(outcome)
    db.session.flush()
    record_audit("meeting.outcome_recorded", "meeting", meeting.id,
                 after={"outcome_id": outcome.id, "kind": kind, "text": text.to_json()}, actor=officer)
    if action is not None:
        _new_action_item(officer, action, meeting=meeting, outcome=outcome)
    db.session.commit()
    return outcome


# --- Action items --------------------------------------------------------------------------------

@dataclass
class ActionItemData:
    description: TranslatedText
    organization_id: int | None
    directorate: str | None
    person_in_charge: str | None
    person_in_charge_id: int | None
    due_date: date
    priority: str = ActionItemPriority.NORMAL
    project_id: int | None = None
    agreement_id: int | None = None
    need_id: int | None = None
    # None: the responsible organization's division, else the meeting's, else the officer's.
    division: str | None = None


def _action_item_snapshot(item: ActionItem) -> dict:
    return {
        "reference": item.reference, "description": item.description.to_json(), "meeting_id": item.meeting_id,
        "organization_id": item.organization_id, "directorate": item.directorate,
        "person_in_charge": item.person_in_charge, "person_in_charge_id": item.person_in_charge_id,
        "due_date": item.due_date.isoformat(), "priority": item.priority, "project_id": item.project_id,
        "agreement_id": item.agreement_id, "need_id": item.need_id, "state": item.state, "division": item.division,
    }


def _apply_action_item(item: ActionItem, data: ActionItemData, officer: User) -> None:
    if data.organization_id is None and data.directorate is None:
        raise Refused(_l("Name the organization or the ISESCO directorate responsible."))
    organization = db.session.get(Organization, data.organization_id) if data.organization_id else None
    if data.organization_id is not None and organization is None:
        raise Refused(_l("Choose an organization the portal knows."))
    if data.directorate is not None and data.directorate not in Directorate.ALL:
        raise Refused(_l("Choose one of ISESCO's directorates."))
    if data.priority not in ActionItemPriority.ALL:
        raise Refused(_l("Choose the priority."))
    for model, value in ((Project, data.project_id), (Agreement, data.agreement_id), (Need, data.need_id),
                         (User, data.person_in_charge_id)):
        if value is not None and db.session.get(model, value) is None:
            raise Refused(_l("A link names nothing the portal knows."))
    for name, value in vars(data).items():
        if name != "division":
            setattr(item, name, value)
    if data.division in Division.ALL:
        item.division = data.division
    else:
        item.division = (organization.division if organization else item.meeting.division if item.meeting
                         else officer.division or Division.GOVERNMENTAL_DONORS)


def next_reference(year: int) -> str:
    prefix = f"ACT-{year}-"
    last = db.session.scalar(
        db.select(ActionItem.reference).where(ActionItem.reference.like(f"{prefix}%"))
        .order_by(db.func.length(ActionItem.reference).desc(), ActionItem.reference.desc()).limit(1)
    )
    return f"{prefix}{(int(last.removeprefix(prefix)) if last else 0) + 1:03d}"


def _new_action_item(officer: User, data: ActionItemData, meeting: Meeting | None = None,
                     outcome: MeetingOutcome | None = None) -> ActionItem:
    item = ActionItem(state=ActionItemState.OPEN, created_by_id=officer.id, meeting=meeting,
                      outcome_id=outcome.id if outcome else None)
    _apply_action_item(item, data, officer)
    # Two officers recording at once may pick the same number: the unique reference sends the
    # second one round again, inside a savepoint that keeps the rest of the transaction.
    for _attempt in range(5):
        item.reference = next_reference(today().year)
        try:
            with db.session.begin_nested():
                db.session.add(item)
                db.session.flush()
            break
        except IntegrityError:
            continue
    else:
        raise Refused(_l("Too many action items were recorded at once: try again."))
    record_audit("action_item.created", "action_item", item.id, after=_action_item_snapshot(item), actor=officer)
    return item


def create_action_item(officer: User, data: ActionItemData) -> ActionItem:
    require_officer(officer)
    item = _new_action_item(officer, data)
    db.session.commit()
    return item


def update_action_item(item_id: int, officer: User, data: ActionItemData) -> ActionItem:
    require_officer(officer)
    only_pending = _l("Only an open or in-progress action item is changed.")
    item = locked(ActionItem, item_id, only_pending)
    if item.state not in ActionItemState.PENDING:
        raise Refused(only_pending)
    before = _action_item_snapshot(item)
    _apply_action_item(item, data, officer)
    record_audit("action_item.updated", "action_item", item.id, before=before, after=_action_item_snapshot(item),
                 actor=officer)
    db.session.commit()
    return item


def may_see_action_item(user: User, item: ActionItem) -> bool:
    """Officers, and every member of the responsible organization."""
    if not user.is_authenticated:
        return False
    return user.is_officer or item.organization_id in {org.id for org in member_organizations(user)}


def may_report_on(user: User, item: ActionItem) -> bool:
    """Officers, and the editors and owners of the responsible (verified) organization."""
    if not user.is_authenticated:
        return False
    return user.is_officer or item.organization_id in {org.id for org in posting_organizations(user)}


def _item_for_change(item_id: int, user: User, allowed_from: tuple[str, ...], officers_only: bool) -> ActionItem:
    not_allowed = (_l("Only ISESCO officers may do this.") if officers_only else
                   _l("Only the responsible organization's editors and owners, and ISESCO officers, may update this action item."))
    item = locked(ActionItem, item_id, not_allowed)
    if not may_report_on(user, item) or (officers_only and not user.is_officer):
        raise Refused(not_allowed)
    if item.state not in allowed_from:
        raise Refused(_l("This action does not apply to the action item in its present state."))
    return item


def _move_item(item_id: int, user: User, allowed_from: tuple[str, ...], target: str | None, comment: str,
               officers_only: bool = False) -> ActionItem:
    comment = (comment or "").strip()
    if not comment and target in (None, ActionItemState.CANCELLED):
        raise Refused(_l("Write the comment: what has happened, or why the item is cancelled."))
    item = _item_for_change(item_id, user, allowed_from, officers_only)
    before = _action_item_snapshot(item)
    item.updates.append(ActionItemUpdate(author_id=user.id, comment=comment, new_state=target))
    if target is not None:
        item.state = target
        now = utcnow()
        if target == ActionItemState.COMPLETED:
            item.completed_at = now
        elif target == ActionItemState.VERIFIED:
            item.verified_at, item.verified_by_id = now, user.id
        elif target == ActionItemState.CANCELLED:
            item.state_reason = comment
    record_audit(f"action_item.{target or 'commented'}", "action_item", item.id, before=before,
                 after={**_action_item_snapshot(item), "comment": comment}, actor=user)
    if target == ActionItemState.COMPLETED and item.created_by is not None and item.created_by_id != user.id:
        officer = item.created_by
        send_mail("action_item_completed", officer.email, officer.preferred_locale,
                  _l("An action item is completed and awaits your verification"),
                  "meetings/mail/completed.txt", user=officer, item=item, comment=comment,
                  item_url=absolute_url("meetings.action_item", item_id=item.id, lang=officer.preferred_locale))
    db.session.commit()
    return item


def comment_on(item_id: int, user: User, comment: str) -> ActionItem:
    return _move_item(item_id, user, ActionItemState.ALL, None, comment)


def start(item_id: int, user: User, comment: str = "") -> ActionItem:
    return _move_item(item_id, user, (ActionItemState.OPEN,), ActionItemState.IN_PROGRESS, comment)


def complete(item_id: int, user: User, comment: str = "") -> ActionItem:
    """Done, by the partner's account: an officer verifies it. Work that needed no separate
    start may be completed from open."""
    return _move_item(item_id, user, ActionItemState.PENDING, ActionItemState.COMPLETED, comment)


def verify(item_id: int, officer: User, comment: str = "") -> ActionItem:
    return _move_item(item_id, officer, (ActionItemState.COMPLETED,), ActionItemState.VERIFIED, comment,
                      officers_only=True)


def cancel_item(item_id: int, officer: User, reason: str) -> ActionItem:
    return _move_item(item_id, officer, ActionItemState.PENDING, ActionItemState.CANCELLED, reason,
                      officers_only=True)


# What the responsible organization reports, and what officers decide, by target state.
PROGRESS_TRANSITIONS = {ActionItemState.IN_PROGRESS: start, ActionItemState.COMPLETED: complete}
PROGRESS_STEPS = {
    ActionItemState.OPEN: (ActionItemState.IN_PROGRESS, ActionItemState.COMPLETED),
    ActionItemState.IN_PROGRESS: (ActionItemState.COMPLETED,),
    ActionItemState.COMPLETED: (),
    ActionItemState.VERIFIED: (),
    ActionItemState.CANCELLED: (),
}
OFFICER_TRANSITIONS = {ActionItemState.VERIFIED: verify, ActionItemState.CANCELLED: cancel_item}
OFFICER_STEPS = {
    ActionItemState.OPEN: (ActionItemState.CANCELLED,),
    ActionItemState.IN_PROGRESS: (ActionItemState.CANCELLED,),
    ActionItemState.COMPLETED: (ActionItemState.VERIFIED,),
    ActionItemState.VERIFIED: (),
    ActionItemState.CANCELLED: (),
}


@dataclass(frozen=True)
class ActionItemFilters(QueryFilters):
    committee: str = ""
    partner: str = ""
    division: str = ""
    state: str = ""
    overdue: str = ""


def _overdue(on: date):
    return db.and_(ActionItem.state.in_(ActionItemState.PENDING), ActionItem.due_date < on)


def _action_item_conditions(filters: ActionItemFilters, user: User, on: date) -> list:
    conditions = []
    if not user.is_officer:
        conditions.append(ActionItem.organization_id.in_(
            db.select(Membership.organization_id).where(Membership.user_id == user.id)))
    if committee_id := as_id(filters.committee):
        conditions.append(ActionItem.meeting_id.in_(
            db.select(Meeting.id).where(Meeting.committee_id == committee_id)))
    if partner_id := as_id(filters.partner):
        conditions.append(ActionItem.organization_id == partner_id)
    if filters.division in Division.ALL:
        conditions.append(ActionItem.division == filters.division)
    if filters.state in ActionItemState.ALL:
        conditions.append(ActionItem.state == filters.state)
    if filters.overdue:
        conditions.append(_overdue(on))
    return conditions


def _with_links(query):
    return query.options(selectinload(ActionItem.organization),
                         selectinload(ActionItem.meeting).selectinload(Meeting.committee))


def action_items_page(filters: ActionItemFilters, user: User, on: date, page: int,
                      per_page: int = LIST_PAGE_SIZE) -> Page:
    """Officers see every item, their division's first; members their organizations' items."""
    conditions = _action_item_conditions(filters, user, on)
    return paginate(
        _with_links(db.select(ActionItem).where(*conditions))
        .order_by(Division.first(ActionItem.division, user), ActionItem.due_date, ActionItem.id),
        db.select(ActionItem.id).where(*conditions), page, per_page,
    )


def action_items_of_meeting(meeting_id: int) -> list[ActionItem]:
    return db.session.scalars(
        _with_links(db.select(ActionItem).where(ActionItem.meeting_id == meeting_id)).order_by(ActionItem.id)
    ).all()


def tracker_partners() -> list[Organization]:
    return db.session.scalars(
        db.select(Organization).where(Organization.id.in_(db.select(ActionItem.organization_id)))
        .order_by(Organization.search_name)
    ).all()


# --- The weekly overdue digest -------------------------------------------------------------------

def _owners_of(organization_ids: set[int]) -> dict[int, list[User]]:
    owners: dict[int, list[User]] = defaultdict(list)
    for membership in db.session.scalars(
        db.select(Membership).options(selectinload(Membership.user))
        .where(Membership.organization_id.in_(organization_ids), Membership.role == MemberRole.OWNER)
    ):
        owners[membership.organization_id].append(membership.user)
    return owners


def people_in_charge(items: list[ActionItem]) -> dict[int, tuple[User, list[ActionItem]]]:
    """Who answers for each item: its person in charge when that is an account, else the
    responsible organization's owners, else (a directorate's item) the officer who recorded it."""
    owners = _owners_of({item.organization_id for item in items if item.organization_id})
    recipients: dict[int, tuple[User, list[ActionItem]]] = {}
    for item in items:
        if item.person is not None:
            people = [item.person]
        elif item.organization_id is not None:
            people = owners[item.organization_id]
        else:
            people = [item.created_by] if item.created_by else []
        for person in people:
            if person.active:
                recipients.setdefault(person.id, (person, []))[1].append(item)
    return recipients


def iso_week(on: date) -> str:
    year, week, _day = on.isocalendar()
    return f"{year}-W{week:02d}"


def send_overdue_action_item_digest(on: str | date) -> int:
    """Mails each person in charge of overdue items one list of them per ISO week (`on` an ISO
    date, as a job is given it); run again in the same week (or on a second server at once), it
    mails nobody twice: the digest's row is claimed first, through its primary key."""
    on = date.fromisoformat(on) if isinstance(on, str) else on
    week = iso_week(on)
    items = db.session.scalars(
        db.select(ActionItem).where(_overdue(on))
        .options(selectinload(ActionItem.person), selectinload(ActionItem.created_by),
                 selectinload(ActionItem.organization))
        .order_by(ActionItem.due_date, ActionItem.id)
    ).all()
    sent = 0
    for user_id, (person, overdue) in sorted(people_in_charge(items).items()):
        try:
            add_once(ActionItemDigest(user_id=user_id, week=week, item_count=len(overdue)), "")
        except Refused:
            continue
        lang = person.preferred_locale
        send_mail("action_item_digest", person.email, lang, _l("Overdue action items"),
                  "meetings/mail/digest.txt", user=person, items=overdue, today=on,
                  tracker_url=absolute_url("meetings.action_items", lang=lang, overdue="1"))
        db.session.commit()
        sent += 1
    return sent
