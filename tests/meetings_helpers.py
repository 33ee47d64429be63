"""Committees, meetings and action items for tests, made through the services as an officer would."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from portal.accounts.models import User
from portal.core.time import from_zone
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.meetings import services


def officer_of(user_id: int) -> User:
    return db.session.get(User, user_id)


def make_committee(app, officer_id: int, partner_id: int, names=None) -> int:
    with app.app_context():
        committee = services.create_committee(officer_of(officer_id), services.CommitteeData(
            name=TranslatedText.build(names or {"en": "Joint committee with the partner", "ar": "اللجنة المشتركة"}),
            agreement_id=None, partner_id=partner_id))
        return committee.id


def make_meeting(app, officer_id: int, committee_id: int | None = None, *, state: str = "draft",
                 people: tuple[int, ...] = (), organizations: tuple[int, ...] = (), agenda: int = 0,
                 starts: datetime | None = None, zone: str = "Asia/Riyadh") -> int:
    """A joint committee session (or a coordination meeting without a committee), moved to `state`."""
    starts = starts or datetime.combine(date.today() + timedelta(days=20), datetime.min.time()).replace(hour=10)
    with app.app_context():
        officer = officer_of(officer_id)
        meeting = services.create_meeting(officer, services.MeetingData(
            kind="joint_committee" if committee_id else "coordination", committee_id=committee_id,
            session_number=services.next_session_number(committee_id) if committee_id else None,
            title=TranslatedText.build({"en": "Fourth session", "ar": "الدورة الرابعة", "fr": "Quatrième session"}, "en"),
            starts_at=from_zone(starts, zone), ends_at=from_zone(starts + timedelta(hours=3), zone), timezone=zone,
            venue="ISESCO headquarters", country_code="MA", mode="hybrid", person_ids=list(people),
            organization_ids=list(organizations)))
        for number in range(1, agenda + 1):
            services.add_agenda_item(meeting.id, officer, services.AgendaItemData(
                title=TranslatedText.build({"en": f"Item {number}", "ar": f"البند {number}"}, "en"),
                presenter="Youssef Benali", duration_minutes=15 * number))
        path = {"draft": [], "scheduled": [services.schedule], "held": [services.schedule, services.mark_held],
                "cancelled": [lambda meeting_id, officer: services.cancel(meeting_id, officer, "Postponed")]}[state]
        for move in path:
            move(meeting.id, officer)
        return meeting.id


def action_data(organization_id: int | None = None, directorate: str | None = None, due: date | None = None,
                person_id: int | None = None) -> services.ActionItemData:
    return services.ActionItemData(
        description=TranslatedText.build({"en": "Send the list of schools", "ar": "إرسال قائمة المدارس"}, "en"),
        organization_id=organization_id, directorate=directorate, person_in_charge=None,
        person_in_charge_id=person_id, due_date=due or date.today() + timedelta(days=30))


def make_action_item(app, officer_id: int, organization_id: int | None = None, *, state: str = "open",
                     due: date | None = None, directorate: str | None = None, person_id: int | None = None) -> int:
    with app.app_context():
        officer = officer_of(officer_id)
        item = services.create_action_item(officer, action_data(organization_id, directorate, due, person_id))
        path = {"open": [], "in_progress": [services.start], "completed": [services.complete],
                "verified": [services.complete, services.verify], "cancelled": [services.cancel_item]}[state]
        for move in path:
            move(item.id, officer, "Noted")
        return item.id


def load(app, model, row_id: int):
    with app.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge_all()
        return row


def state_of(app, model, row_id: int) -> str:
    return load(app, model, row_id).state

