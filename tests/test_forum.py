"""The forum: editions, the programme and its calendars, registration and its states, seats,
badges and letters, check-in, the officers' lists, reminders and the purge of passport data."""
from __future__ import annotations

import csv
import io
import os
import threading
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.extensions import db, limiter
from portal.forum import services
from portal.forum.models import Edition, Registration, Session, SessionSignup
from tests.conftest import csrf_token, outbox, sign_in, submit
from tests.forum_helpers import (
    VENUE_ZONE, make_edition, make_session, register, registration_data, state_of, with_passport,
)
from tests.organizations_helpers import make_organization

OFFICER, PARTICIPANT, OTHER = "officer", "participant", "other"


@pytest.fixture
def people(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member",
                           name={PARTICIPANT: "Amina Diallo", OTHER: "Omar Haddad"}.get(kind, "Officer Bennani"))
           for kind in (OFFICER, PARTICIPANT, OTHER)}
    ids["edition"] = make_edition(app, ids[OFFICER])
    return ids


def client_for(app, kind):
    client = app.test_client()
    if kind:
        sign_in(client, f"{kind}@example.org")
    return client


def press(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/en/account"), **data})


def page_text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


# --- Editions and the programme ------------------------------------------------------------------

EDITION_FORM = {
    "ordinal": "5", "year": "2030", "title_en": "Fifth forum of charity institutions", "title_ar": "المنتدى الخامس",
    "description_en": "Joint work for countries in special circumstances.", "city_en": "Dakar", "city_fr": "Dakar",
    "country_code": "SN", "venue_en": "Abdou Diouf Centre", "start_date": "2030-05-06", "end_date": "2030-05-08",
    "timezone": "Africa/Dakar", "registration_opens": "2030-01-01", "registration_closes": "2030-04-30",
    "capacity": "400", "interpretation_languages": ["ar", "en", "fr"],
}


def test_an_officer_prepares_an_edition_that_visitors_see_once_registration_opens(app, people):
    officer = client_for(app, OFFICER)
    response = submit(officer, "/en/forum/new", EDITION_FORM)
    assert response.status_code == 302
    with app.app_context():
        edition = db.session.scalar(db.select(Edition).where(Edition.ordinal == 5))
        assert (edition.state, edition.capacity, edition.timezone) == ("draft", 400, "Africa/Dakar")
        assert edition.title.get("ar") == "المنتدى الخامس"
        edition_id = edition.id
    visitor = app.test_client()
    assert visitor.get(f"/en/forum/{edition_id}").status_code == 404
    assert "Fifth forum" not in page_text(visitor, "/en/forum/")
    press(officer, f"/en/forum/{edition_id}/state/registration_open")
    assert "Registration open" in page_text(visitor, f"/en/forum/{edition_id}")
    assert "المنتدى الخامس" in page_text(visitor, "/ar/forum/")


def test_the_edition_form_explains_bad_dates_and_a_taken_number(app, people):
    officer = client_for(app, OFFICER)
    html = submit(officer, "/en/forum/new", {**EDITION_FORM, "end_date": "2030-05-01"}).get_data(as_text=True)
    assert "The end comes before the start." in html
    make_edition(app, people[OFFICER], ordinal=4)
    html = submit(officer, "/en/forum/new", {**EDITION_FORM, "ordinal": "4"}).get_data(as_text=True)
    assert "Another edition has this number." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Edition)) == 2


def test_sessions_are_entered_and_shown_in_the_venues_time_by_day(app, people):
    officer = client_for(app, OFFICER)
    with app.app_context():
        first_day = db.session.get(Edition, people["edition"]).start_date
    second_day = first_day + timedelta(days=1)
    page = f"/en/forum/{people['edition']}/sessions/new"
    for day, hour, title in ((second_day, "09:30", "Workshop on school feeding"), (first_day, "10:00", "Opening plenary")):
        response = submit(officer, page, {"title_en": title, "kind": "workshop", "starts_at": f"{day}T{hour}",
                                          "ends_at": f"{day}T{int(hour[:2]) + 1}:{hour[3:]}", "languages": ["ar", "en"],
                                          "speakers": "Dr. Amina Diallo\nEng. Omar Haddad"})
        assert response.status_code == 302
    with app.app_context():
        opening = db.session.scalar(db.select(Session).where(Session.starts_at < datetime.combine(second_day, datetime.min.time())))
        # Riyadh is UTC+3: 10:00 there is 07:00 UTC.
        assert opening.starts_at == datetime.combine(first_day, datetime.min.time()).replace(hour=7)
    html = page_text(app.test_client(), f"/en/forum/{people['edition']}/programme")
    assert html.index("Opening plenary") < html.index("Workshop on school feeding")
    assert "10:00" in html and "9:30" in html and "(Saudi Arabia Time)" in html
    assert html.count('class="h5 border-bottom pb-1"') == 2
    assert "Dr. Amina Diallo, Eng. Omar Haddad" in html


def test_a_session_outside_the_forum_or_ending_before_it_starts_is_refused(app, people):
    officer = client_for(app, OFFICER)
    page = f"/en/forum/{people['edition']}/sessions/new"
    html = submit(officer, page, {"title_en": "Late", "kind": "panel", "starts_at": "2001-01-01T10:00",
                                  "ends_at": "2001-01-01T09:00", "languages": ["en"]}).get_data(as_text=True)
    assert "The session must end after it starts." in html
    assert "The session must take place during the forum." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 0


def test_calendar_files_parse_and_carry_the_venues_time_zone(app, people):
    with app.app_context():
        day = db.session.get(Edition, people["edition"]).start_date
    first = make_session(app, people[OFFICER], people["edition"], day, 10)
    make_session(app, people[OFFICER], people["edition"], day + timedelta(days=1), 14, title_en="Closing")
    client = app.test_client()
    one = client.get(f"/en/forum/sessions/{first}.ics")
    assert one.mimetype == "text/calendar"
    calendar = Calendar.from_ical(one.data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0]["DTSTART"]
    assert start.params["TZID"] == VENUE_ZONE
    assert start.dt.replace(tzinfo=None) == datetime.combine(day, datetime.min.time()).replace(hour=10)
    assert start.dt.astimezone(timezone.utc).hour == 7
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == [VENUE_ZONE]
    assert str(events[0]["SUMMARY"]) == "Opening plenary"
    whole = Calendar.from_ical(client.get(f"/en/forum/{people['edition']}/programme.ics").data)
    assert [str(event["SUMMARY"]) for event in whole.walk("VEVENT")] == ["Opening plenary", "Closing"]
    assert all(event["DTSTART"].params["TZID"] == VENUE_ZONE for event in whole.walk("VEVENT"))


def test_the_api_lists_published_editions_and_their_sessions_in_venue_time(app, people):
    with app.app_context():
        day = db.session.get(Edition, people["edition"]).start_date
    make_session(app, people[OFFICER], people["edition"], day, 10)
    draft = make_edition(app, people[OFFICER], state="draft")
    client = app.test_client()
    editions = client.get("/api/v1/forum/editions").get_json()["items"]
    assert [edition["id"] for edition in editions] == [people["edition"]]
    assert editions[0]["timezone"] == VENUE_ZONE and editions[0]["seats_left"] == 100
    sessions = client.get(f"/api/v1/forum/editions/{people['edition']}/sessions").get_json()["items"]
    assert sessions[0]["starts_at"] == f"{day.isoformat()}T10:00:00+03:00"
    answer = client.get(f"/api/v1/forum/editions/{draft}/sessions")
    assert answer.status_code == 404 and answer.mimetype == "application/problem+json"


# --- Registration and its states -----------------------------------------------------------------

def test_a_participant_registers_an_officer_approves_and_the_badge_is_there(app, people):
    participant = client_for(app, PARTICIPANT)
    edition_page = f"/en/forum/{people['edition']}"
    assert "Register for the forum" in page_text(participant, edition_page)
    response = submit(participant, f"{edition_page}/register",
                      {"organization_id": "", "participant_type": "expert", "interpretation_language": "fr",
                       "dietary_needs": "Vegetarian", "listed_publicly": "y"})
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalars(db.select(Registration)).one()
        assert (registration.state, registration.participant_type, registration.passport_number) == ("pending", "expert", None)
        registration_id, code = registration.id, registration.code
    assert len(code) >= 20
    assert outbox(app, "participant@example.org")[-1].subject == "We received your registration for the forum"
    assert participant.get(f"/en/forum/registrations/{registration_id}/badge.pdf").status_code == 404

    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/registrations/{registration_id}/approve")
    assert state_of(app, registration_id) == "approved"
    mail = outbox(app, "participant@example.org")[-1]
    assert mail.subject == "Your registration for the forum is approved"
    assert f"/en/forum/registrations/{registration_id}" in mail.body
    badge = participant.get(f"/en/forum/registrations/{registration_id}/badge.pdf")
    assert badge.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(badge.data)).pages[0].extract_text()
    assert "Amina Diallo" in text and code in text
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "registration")
                                     .order_by(AuditEntry.id)).all()
    assert actions == ["registration.created", "registration.approved"]


def test_registering_twice_leads_to_the_existing_registration(app, people):
    first = register(app, people[PARTICIPANT], people["edition"])
    participant = client_for(app, PARTICIPANT)
    response = participant.get(f"/en/forum/{people['edition']}/register")
    assert response.headers["Location"].endswith(f"/en/forum/registrations/{first}")
    with app.app_context():
        user = db.session.get(User, people[PARTICIPANT])
        with pytest.raises(services.Refused):
            services.register(user, people["edition"], registration_data())


def test_registration_outside_its_window_or_state_is_refused(app, people):
    closed = make_edition(app, people[OFFICER], state="registration_closed")
    not_yet = make_edition(app, people[OFFICER], registration_opens=date.today() + timedelta(days=3))
    participant = client_for(app, PARTICIPANT)
    for edition_id in (closed, not_yet):
        response = participant.get(f"/en/forum/{edition_id}/register")
        assert response.status_code == 302
        assert "Registration for this edition is not open." in participant.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, people[PARTICIPANT])
        with pytest.raises(services.Refused):
            services.register(user, closed, registration_data())


def test_on_behalf_of_an_organization_only_a_verified_one_the_person_belongs_to(app, people):
    verified = make_organization(app, people[PARTICIPANT], state="verified", names={"en": "Sahel Relief"})
    pending = make_organization(app, people[PARTICIPANT], state="pending", names={"en": "New Hope"}, registration_number="X-2")
    foreign = make_organization(app, people[OTHER], state="verified", names={"en": "Other Aid"}, registration_number="X-3")
    html = page_text(client_for(app, PARTICIPANT), f"/en/forum/{people['edition']}/register")
    assert "On behalf of Sahel Relief" in html and "New Hope" not in html and "Other Aid" not in html
    with app.app_context():
        user = db.session.get(User, people[PARTICIPANT])
        for organization_id in (pending, foreign):
            with pytest.raises(services.Refused):
                services.register(user, people["edition"], registration_data(organization_id=organization_id))
    assert state_of(app, register(app, people[PARTICIPANT], people["edition"], organization_id=verified)) == "pending"


def test_approving_past_capacity_is_refused_and_waitlisting_tells_the_participant(app, people, make_user):
    edition = make_edition(app, people[OFFICER], capacity=1)
    first = register(app, people[PARTICIPANT], edition)
    second = register(app, people[OTHER], edition)
    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/registrations/{first}/approve")
    response = press(officer, f"/en/forum/registrations/{second}/approve")
    assert "No seat is left in this edition" in officer.get(response.headers["Location"]).get_data(as_text=True)
    assert state_of(app, second) == "pending"
    press(officer, f"/en/forum/registrations/{second}/waitlist")
    assert state_of(app, second) == "waitlisted"
    assert outbox(app, "other@example.org")[-1].subject == "You are on the forum's waiting list"


def test_a_cancellation_seats_the_first_on_the_waiting_list_and_mails_them(app, people, make_user):
    edition = make_edition(app, people[OFFICER], capacity=1, approve_automatically=True)
    seated = register(app, people[PARTICIPANT], edition)
    early = register(app, people[OTHER], edition)
    late = register(app, make_user(email="late@example.org"), edition)
    assert [state_of(app, rid) for rid in (seated, early, late)] == ["approved", "waitlisted", "waitlisted"]
    participant = client_for(app, PARTICIPANT)
    press(participant, f"/en/forum/registrations/{seated}/cancel")
    assert [state_of(app, rid) for rid in (seated, early, late)] == ["cancelled", "approved", "waitlisted"]
    assert outbox(app, "other@example.org")[-1].subject == "A seat freed up: your registration for the forum is approved"
    assert not any("freed up" in message.subject for message in outbox(app, "late@example.org"))


def test_raising_the_capacity_seats_the_waiting_list_in_order(app, people, make_user):
    edition = make_edition(app, people[OFFICER], capacity=1, approve_automatically=True)
    ids = [register(app, make_user(email=f"p{number}@example.org"), edition) for number in range(4)]
    with app.app_context():
        officer = db.session.get(User, people[OFFICER])
        current = db.session.get(Edition, edition)
        data = services.EditionData(**{name: getattr(current, name) for name in services.EditionData.__dataclass_fields__})
        data.capacity = 3
        services.update_edition(edition, officer, data)
        data.capacity = 1
        with pytest.raises(services.Refused):
            services.update_edition(edition, officer, data)
    assert [state_of(app, rid) for rid in ids] == ["approved", "approved", "approved", "waitlisted"]


def test_a_rejection_needs_a_reason_which_the_participant_reads(app, people):
    registration_id = register(app, people[PARTICIPANT], people["edition"])
    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/registrations/{registration_id}/reject", reason="")
    assert state_of(app, registration_id) == "pending"
    press(officer, f"/en/forum/registrations/{registration_id}/reject", reason="The forum is for institutions.")
    assert state_of(app, registration_id) == "rejected"
    assert "The forum is for institutions." in outbox(app, "participant@example.org")[-1].body
    assert "The forum is for institutions." in page_text(client_for(app, PARTICIPANT), f"/en/forum/registrations/{registration_id}")


def test_mails_reach_the_participant_in_their_language(app, people, make_user):
    arabic = make_user(email="arabic@example.org", locale="ar", name="فاطمة الزهراء")
    edition = make_edition(app, people[OFFICER], approve_automatically=True)
    register(app, arabic, edition)
    message = outbox(app, "arabic@example.org")[-1]
    assert message.locale == "ar" and "/ar/forum/registrations/" in message.body
    assert message.subject == "تمت الموافقة على تسجيلك في المنتدى"


# --- Visa letters and passport data --------------------------------------------------------------

def test_a_visa_letter_needs_every_passport_detail_and_a_passport_valid_after_the_forum(app, people):
    participant = client_for(app, PARTICIPANT)
    page = f"/en/forum/{people['edition']}/register"
    base = {"organization_id": "", "participant_type": "delegate", "interpretation_language": "en",
            "visa_letter_requested": "y"}
    html = submit(participant, page, base).get_data(as_text=True)
    assert html.count("Needed for the visa letter.") == 4
    html = submit(participant, page, {**base, "passport_name": "AMINA DIALLO", "passport_number": "ML1",
                                      "nationality": "ML", "passport_expiry": date.today().isoformat()}).get_data(as_text=True)
    assert "The passport must be valid beyond the last day of the forum." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0
    submit(participant, page, {k: v for k, v in base.items() if k != "visa_letter_requested"}
           | {"passport_number": "SHOULD-NOT-STAY"})
    with app.app_context():
        assert db.session.scalars(db.select(Registration)).one().passport_number is None


def test_passport_details_reach_officers_only_and_the_purge_erases_them(app, people, make_user):
    organization = make_organization(app, people[PARTICIPANT], state="verified", names={"en": "Sahel Relief"})
    registration_id = register(app, people[PARTICIPANT], people["edition"], organization_id=organization,
                               listed_publicly=True, **with_passport())
    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/registrations/{registration_id}/approve")
    number = "ML7734129"
    edition = people["edition"]
    everyone_elses_pages = {
        client_for(app, PARTICIPANT): [f"/en/forum/registrations/{registration_id}", f"/en/forum/{edition}/participants"],
        client_for(app, OTHER): [f"/en/forum/{edition}/participants", f"/en/organizations/{organization}"],
        app.test_client(): [f"/en/forum/{edition}/participants", "/api/v1/forum/editions",
                            f"/api/v1/forum/editions/{edition}/sessions"],
        officer: [f"/en/forum/{edition}/registrations", f"/en/forum/{edition}/registrations.csv"],
    }
    for client, paths in everyone_elses_pages.items():
        for path in paths:
            assert number not in client.get(path).get_data(as_text=True), path
    export = officer.get(f"/en/forum/{edition}/registrations.xlsx")
    cells = [str(cell) for row in load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True) for cell in row]
    assert "Amina Diallo" in cells and number not in cells
    assert number in page_text(officer, f"/en/forum/registrations/{registration_id}")
    with app.app_context():
        audit = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "registration")).all()
        assert all(number not in str(entry.before) + str(entry.after) for entry in audit)

    # The letter for the participant and officers, then the purge 90 days after the edition.
    assert client_for(app, PARTICIPANT).get(f"/en/forum/registrations/{registration_id}/letter.pdf").mimetype == "application/pdf"
    assert client_for(app, OTHER).get(f"/en/forum/registrations/{registration_id}/letter.pdf").status_code == 404
    with app.app_context():
        end = db.session.get(Edition, edition).end_date
        assert services.purge_visa_data(end + timedelta(days=89)) == 0
        assert services.purge_visa_data(end + timedelta(days=90)) == 1
        assert services.purge_visa_data(end + timedelta(days=91)) == 0
        purged = db.session.get(Registration, registration_id)
        assert (purged.passport_name, purged.passport_number, purged.nationality, purged.passport_expiry) == (None,) * 4
        assert purged.visa_data_purged_at is not None and purged.visa_letter_requested
    html = page_text(officer, f"/en/forum/registrations/{registration_id}")
    assert number not in html and "the passport details have been erased" in html
    assert officer.get(f"/en/forum/registrations/{registration_id}/letter.pdf").status_code == 404


def test_the_purge_command_keeps_recent_editions(app, people):
    registration_id = register(app, people[PARTICIPANT], people["edition"], **with_passport())
    result = app.test_cli_runner().invoke(args=["portal", "purge-visa-data"])
    assert "erased from 0 registrations" in result.output
    with app.app_context():
        assert db.session.get(Registration, registration_id).passport_number == "ML7734129"


def test_the_letter_is_in_the_participants_language(app, people, make_user):
    arabic = make_user(email="arabic@example.org", locale="ar", name="فاطمة الزهراء")
    edition = make_edition(app, people[OFFICER], approve_automatically=True)
    registration_id = register(app, arabic, edition, **with_passport(passport_name="فاطمة الزهراء بنعلي"))
    letter = client_for(app, OFFICER).get(f"/en/forum/registrations/{registration_id}/letter.pdf")
    reader = PdfReader(io.BytesIO(letter.data))
    assert reader.metadata is not None
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ML7734129" in text
    assert "Invitation" not in text  # not the English letter


# --- Check-in and session seats ------------------------------------------------------------------

def test_an_officer_checks_in_by_typing_the_code_and_a_second_time_is_refused(app, people):
    registration_id = register(app, people[PARTICIPANT], people["edition"])
    pending_code = None
    with app.app_context():
        pending_code = db.session.get(Registration, registration_id).code
    officer = client_for(app, OFFICER)
    desk = f"/en/forum/{people['edition']}/check-in"
    html = submit(officer, desk, {"code": pending_code}).get_data(as_text=True)
    assert "This registration is not approved" in html
    press(officer, f"/en/forum/registrations/{registration_id}/approve")
    html = submit(officer, desk, {"code": f"  {pending_code} "}).get_data(as_text=True)
    assert "Checked in. Welcome!" in html and "Amina Diallo" in html
    assert state_of(app, registration_id) == "checked_in"
    html = submit(officer, desk, {"code": pending_code}).get_data(as_text=True)
    assert "Already checked in." in html and "first checked in at" in html
    other_edition = make_edition(app, people[OFFICER])
    html = submit(officer, f"/en/forum/{other_edition}/check-in", {"code": pending_code}).get_data(as_text=True)
    assert "No registration for this edition has this code." in html
    html = submit(officer, desk, {"code": ""}).get_data(as_text=True)
    assert "Type or scan the badge" in html


def test_session_seats_respect_the_capacity_and_only_approved_participants_take_them(app, people, make_user):
    with app.app_context():
        day = db.session.get(Edition, people["edition"]).start_date
    workshop = make_session(app, people[OFFICER], people["edition"], day, 15, capacity=1, kind="workshop",
                            title_en="Workshop")
    open_plenary = make_session(app, people[OFFICER], people["edition"], day, 10)
    first = register(app, people[PARTICIPANT], people["edition"])
    second = register(app, people[OTHER], people["edition"])
    participant, other = client_for(app, PARTICIPANT), client_for(app, OTHER)
    press(participant, f"/en/forum/sessions/{workshop}/signup")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SessionSignup)) == 0
    officer = client_for(app, OFFICER)
    for registration_id in (first, second):
        press(officer, f"/en/forum/registrations/{registration_id}/approve")
    programme = f"/en/forum/{people['edition']}/programme"
    assert "Take a seat" in page_text(participant, programme)
    press(participant, f"/en/forum/sessions/{workshop}/signup")
    assert "You have a seat" in page_text(participant, programme)
    response = press(other, f"/en/forum/sessions/{workshop}/signup")
    assert "This session is full." in other.get(response.headers["Location"]).get_data(as_text=True)
    response = press(other, f"/en/forum/sessions/{open_plenary}/signup")
    assert "no sign-up is needed" in other.get(response.headers["Location"]).get_data(as_text=True)
    press(participant, f"/en/forum/sessions/{workshop}/leave")
    press(other, f"/en/forum/sessions/{workshop}/signup")
    with app.app_context():
        seats = db.session.scalars(db.select(SessionSignup.registration_id)).all()
    assert seats == [second]
    # A cancelled registration frees its session seats.
    press(other, f"/en/forum/registrations/{second}/cancel")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SessionSignup)) == 0


# --- Officers' lists, exports, reminders ---------------------------------------------------------

def test_the_registrations_search_finds_an_arabic_name_with_or_without_its_article(app, people, make_user):
    edition = people["edition"]
    register(app, make_user(email="hasan@example.org", name="حسن الأنصاري"), edition, participant_type="expert")
    register(app, people[OTHER], edition, participant_type="press")
    officer = client_for(app, OFFICER)
    for query in ("الانصاري", "أنصاري", "للأنصاري"):
        html = page_text(officer, f"/en/forum/{edition}/registrations?q={query}")
        assert "حسن الأنصاري" in html and "Omar Haddad" not in html


def test_the_registrations_list_filters_counts_and_exports(app, people, make_user):
    edition = people["edition"]
    ids = {
        "delegate": register(app, people[PARTICIPANT], edition, participant_type="delegate"),
        "press": register(app, people[OTHER], edition, participant_type="press"),
        "expert": register(app, make_user(email="expert@example.org", name="Layla Expert"), edition, participant_type="expert"),
    }
    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/registrations/{ids['press']}/approve")
    html = page_text(officer, f"/en/forum/{edition}/registrations")
    assert "3 registrations" in html and "99 seats left of 100" in html
    html = page_text(officer, f"/en/forum/{edition}/registrations?state=approved")
    assert "1 registration" in html and "Omar Haddad" in html and "Amina Diallo" not in html
    html = page_text(officer, f"/en/forum/{edition}/registrations?q=layla")
    assert "Layla Expert" in html and "Omar Haddad" not in html
    exported = officer.get(f"/en/forum/{edition}/registrations.csv?participant_type=delegate")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Number", "Name", "Email"]
    assert [row[1] for row in rows[1:]] == ["Amina Diallo"]
    workbook = load_workbook(io.BytesIO(officer.get(f"/ar/forum/{edition}/registrations.xlsx").data))
    sheet = workbook.active
    assert sheet.sheet_view.rightToLeft
    assert sheet.max_row == 4


def test_the_registrations_export_keeps_numbers_and_dates_as_such(app, people):
    edition = people["edition"]
    registration_id = register(app, people[PARTICIPANT], edition)
    with app.app_context():
        registration = db.session.get(Registration, registration_id)
        registration.created_at = datetime(2030, 3, 1, 9, 30)  # stored in UTC
        timezone_name = db.session.get(Edition, edition).timezone
        db.session.commit()
    venue_clock = datetime(2030, 3, 1, 9, 30, tzinfo=timezone.utc).astimezone(ZoneInfo(timezone_name))
    for lang in ("ar", "en"):
        sheet = load_workbook(io.BytesIO(client_for(app, OFFICER).get(f"/{lang}/forum/{edition}/registrations.xlsx").data)).active
        number, *_middle, registered_on, checked_in_at = next(sheet.iter_rows(min_row=2))
        assert number.data_type == "n" and number.value == registration_id
        assert registered_on.is_date and registered_on.value == venue_clock.replace(tzinfo=None)
        assert checked_in_at.value is None
    rows = list(csv.reader(io.StringIO(client_for(app, OFFICER).get(f"/ar/forum/{edition}/registrations.csv").data
                                       .decode("utf-8-sig"))))
    assert rows[1][0] == str(registration_id) and rows[1][-2] == venue_clock.strftime("%Y-%m-%d %H:%M:00")


def test_the_registrations_list_reads_a_fixed_number_of_queries(app, people, make_user):
    from tests.test_organization_directory import count_queries

    organization = make_organization(app, people[PARTICIPANT], state="verified")
    officer = client_for(app, OFFICER)
    path = f"/en/forum/{people['edition']}/registrations"
    register(app, people[PARTICIPANT], people["edition"], organization_id=organization)
    few = count_queries(app, path, officer)
    for number in range(6):
        user_id = make_user(email=f"many{number}@example.org")
        owned = make_organization(app, user_id, state="verified", registration_number=f"R-{number}",
                                  names={"en": f"Relief {number}"})
        register(app, user_id, people["edition"], organization_id=owned)
    assert count_queries(app, path, officer) == few


def test_reminders_reach_each_seated_participant_once(app, people, make_user):
    # Registration stays open until the day before, in the venue's calendar too (a day ahead of
    # UTC in the evening).
    soon_start = date.today() + timedelta(days=5)
    soon = make_edition(app, people[OFFICER], start_date=soon_start, approve_automatically=True, capacity=1,
                        registration_closes=soon_start - timedelta(days=1))
    seated = register(app, people[PARTICIPANT], soon)
    waitlisted = register(app, people[OTHER], soon)
    later = make_edition(app, people[OFFICER], start_date=date.today() + timedelta(days=30), approve_automatically=True)
    register(app, make_user(email="later@example.org"), later)
    runner = app.test_cli_runner()
    assert "1 forum reminders sent" in runner.invoke(args=["portal", "forum-reminders"]).output
    assert "0 forum reminders sent" in runner.invoke(args=["portal", "forum-reminders"]).output
    subjects = [message.subject for message in outbox(app, "participant@example.org")]
    assert subjects.count("The forum opens soon") == 1
    assert "The forum opens soon" not in [message.subject for message in outbox(app, "other@example.org")]
    assert "The forum opens soon" not in [message.subject for message in outbox(app, "later@example.org")]
    assert state_of(app, waitlisted) == "waitlisted" and state_of(app, seated) == "approved"


# --- Under concurrent requests (PostgreSQL) ------------------------------------------------------

def _at_once(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    answers = []

    def run(job):
        barrier.wait()
        answers.append(job())

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _signed_in_clients(app, make_user, count, prefix):
    clients = []
    for number in range(count):
        make_user(email=f"{prefix}{number}@example.org", name=f"Participant {number}")
        client = app.test_client()
        # Sign-in is rate limited per address, and every client here comes from the same one.
        limiter.reset()
        sign_in(client, f"{prefix}{number}@example.org")
        clients.append(client)
    return clients


def test_fifty_concurrent_registrations_for_the_last_ten_seats(app, people, make_user):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("concurrent registrations are tested on PostgreSQL")
    edition = make_edition(app, people[OFFICER], capacity=12, approve_automatically=True)
    already = [register(app, people[kind], edition) for kind in (PARTICIPANT, OTHER)]
    clients = _signed_in_clients(app, make_user, 50, "crowd")
    page = f"/en/forum/{edition}/register"
    tokens = [csrf_token(client, page) for client in clients]
    form = {"organization_id": "", "participant_type": "delegate", "interpretation_language": "en"}

    def registration_of(client, token):
        return lambda: client.post(page, data={"csrf_token": token, **form}).status_code

    answers = _at_once([registration_of(client, token) for client, token in zip(clients, tokens)])
    assert answers == [302] * 50
    with app.app_context():
        states = db.session.scalars(
            db.select(Registration.state).where(Registration.edition_id == edition, Registration.id.not_in(already))
        ).all()
        assert (states.count("approved"), states.count("waitlisted"), len(states)) == (10, 40, 50)
        first_waiting = db.session.scalars(
            db.select(Registration.id).where(Registration.edition_id == edition, Registration.state == "waitlisted")
            .order_by(Registration.created_at, Registration.id)
        ).first()
    press(client_for(app, PARTICIPANT), f"/en/forum/registrations/{already[0]}/cancel")
    assert state_of(app, first_waiting) == "approved"
    with app.app_context():
        assert services.seats_left(db.session.get(Edition, edition)) == 0


def test_concurrent_approvals_never_exceed_the_capacity(app, people, make_user):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("concurrent approvals are tested on PostgreSQL")
    edition = make_edition(app, people[OFFICER], capacity=3)
    pending = [register(app, make_user(email=f"wait{number}@example.org"), edition) for number in range(8)]
    officers = [client_for(app, OFFICER) for _ in pending]
    tokens = [csrf_token(client, "/en/account") for client in officers]

    def approval(client, token, registration_id):
        return lambda: client.post(f"/en/forum/registrations/{registration_id}/approve",
                                   data={"csrf_token": token}).status_code

    assert _at_once([approval(*args) for args in zip(officers, tokens, pending)]) == [302] * 8
    assert [state_of(app, rid) for rid in pending].count("approved") == 3


def test_concurrent_sign_ups_never_exceed_a_sessions_capacity(app, people, make_user):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("concurrent sign-ups are tested on PostgreSQL")
    edition = make_edition(app, people[OFFICER], approve_automatically=True)
    with app.app_context():
        day = db.session.get(Edition, edition).start_date
    workshop = make_session(app, people[OFFICER], edition, day, 15, capacity=2, kind="workshop")
    clients = _signed_in_clients(app, make_user, 6, "seat")
    with app.app_context():
        for number in range(6):
            user = db.session.scalar(db.select(User).where(User.email == f"seat{number}@example.org"))
            services.register(user, edition, registration_data())
    tokens = [csrf_token(client, "/en/account") for client in clients]

    def signup(client, token):
        return lambda: client.post(f"/en/forum/sessions/{workshop}/signup", data={"csrf_token": token}).status_code

    assert _at_once([signup(*pair) for pair in zip(clients, tokens)]) == [302] * 6
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SessionSignup)) == 2


def test_the_forum_page_lists_ones_registrations_and_the_profile_the_organizations_participation(app, people):
    organization = make_organization(app, people[PARTICIPANT], state="verified", names={"en": "Sahel Relief"})
    registration_id = register(app, people[PARTICIPANT], people["edition"], organization_id=organization)
    profile = f"/en/organizations/{organization}"
    assert "At the forum" not in page_text(app.test_client(), profile)
    press(client_for(app, OFFICER), f"/en/forum/registrations/{registration_id}/approve")
    html = page_text(app.test_client(), profile)
    assert "At the forum" in html and "Forum of charity institutions" in html and "1 participant" in html
    mine = page_text(client_for(app, PARTICIPANT), "/en/forum/")
    assert f"/en/forum/registrations/{registration_id}" in mine and "Your registrations" in mine
    assert "Your registrations" not in page_text(client_for(app, OTHER), "/en/forum/")


def test_the_editions_list_of_the_api_reads_a_fixed_number_of_queries(app, people):
    from tests.test_organization_directory import count_queries

    client = app.test_client()
    few = count_queries(app, "/api/v1/forum/editions", client)
    for _ in range(3):
        make_edition(app, people[OFFICER])
    assert count_queries(app, "/api/v1/forum/editions", client) == few
    assert len(client.get("/api/v1/forum/editions").get_json()["items"]) == 4
