"""Joint committees, meetings, minutes and action items: their states, documents, mails and the
partners' view of their own items (docs/meetings.md)."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import icalendar
import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from portal.core.audit import AuditEntry
from portal.core.rules import Refused
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.meetings import services
from portal.meetings.models import ActionItem, ActionItemDigest, Meeting, Minutes
from portal.organizations.models import MemberRole
from tests.api_helpers import api_token, auth
from tests.conftest import outbox, submit
from tests.meetings_helpers import (
    action_data, load, make_action_item, make_committee, make_meeting, officer_of, state_of,
)
from tests.organizations_helpers import add_member, make_organization
from tests.test_forum import client_for
from tests.test_forum_documents import text_of
from tests.test_organization_directory import count_queries


@pytest.fixture
def world(app, make_user):
    """An officer; a verified partner (owner "partner", editor "editor", viewer "viewer", all
    Arabic-speaking but the editor, French); another verified organization (owner "other")."""
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == "officer" else "member",
                           locale={"partner": "ar", "editor": "fr", "viewer": "ar"}.get(kind, "en"))
           for kind in ("officer", "partner", "editor", "viewer", "other", "member")}
    partner = make_organization(app, ids["partner"], state="verified", registration_number="SA-1",
                                kind="endowment_ministry", names={"ar": "وزارة الأوقاف", "en": "Ministry of Endowments"})
    add_member(app, partner, ids["editor"], MemberRole.EDITOR)
    add_member(app, partner, ids["viewer"], MemberRole.VIEWER)
    other = make_organization(app, ids["other"], state="verified", registration_number="SN-2",
                              names={"fr": "Fondation Baraka"}, website="https://baraka.example.org")
    committee = make_committee(app, ids["officer"], partner)
    return {**ids, "partner_org": partner, "other_org": other, "committee": committee}


def actions_on(app, object_type: str, object_id: int) -> list[str]:
    with app.app_context():
        return db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id)).order_by(AuditEntry.id)).all()


def refused(app, change, model, row_id: int, message: str) -> None:
    """The change is refused with `message` and leaves the row and the audit trail as they were."""
    before = load(app, model, row_id)
    with app.app_context(), force_locale("en"):
        audits = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
        with pytest.raises(Refused, match=message):
            change()
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == audits
    after = load(app, model, row_id)
    assert (after.state, getattr(after, "updated_at", None)) == (before.state, getattr(before, "updated_at", None))


# --- Committees and meetings ---------------------------------------------------------------------

def test_a_committee_takes_its_partner_division_and_numbers_its_sessions(app, world):
    with app.app_context():
        committee = db.session.get(services.JointCommittee, world["committee"])
        assert committee.division == "governmental_donors"
        assert services.next_session_number(committee.id) == 1
    make_meeting(app, world["officer"], world["committee"])
    with app.app_context(), force_locale("en"):
        assert services.next_session_number(world["committee"]) == 2
        with pytest.raises(Refused, match="belongs to an agreement or to a partner"):
            services.create_committee(officer_of(world["officer"]), services.CommitteeData(
                name=TranslatedText.build({"en": "Nobody's"}), agreement_id=None, partner_id=None))


def test_the_new_session_form_proposes_the_next_number(app, world):
    make_meeting(app, world["officer"], world["committee"])
    html = client_for(app, "officer").get(f"/en/meetings/new?committee={world['committee']}").get_data(as_text=True)
    assert 'name="session_number" type="number" value="2"' in html


@pytest.mark.parametrize(("path", "final"), [
    (("scheduled", "held", "closed"), "closed"),
    (("cancelled",), "cancelled"),
    (("scheduled", "cancelled"), "cancelled"),
])
def test_every_allowed_meeting_transition_works_and_is_audited(app, world, path, final):
    meeting_id = make_meeting(app, world["officer"], world["committee"])
    with app.app_context():
        officer = officer_of(world["officer"])
        for target in path:
            if target == "cancelled":
                services.cancel(meeting_id, officer, "The minister is travelling")
                continue
            if target == "closed":
                services.save_minutes(meeting_id, officer, "ar", "محضر الاجتماع")
                minutes_id = services.minutes_in(db.session.get(Meeting, meeting_id), "ar").id
                services.circulate_minutes(minutes_id, officer)
                services.approve_minutes(minutes_id, officer)
            services.MEETING_TRANSITIONS[target](meeting_id, officer)
    assert state_of(app, Meeting, meeting_id) == final
    assert actions_on(app, "meeting", meeting_id) == ["meeting.created", *(f"meeting.{target}" for target in path)]


@pytest.mark.parametrize(("state", "target"), [
    ("draft", "held"), ("draft", "closed"), ("scheduled", "scheduled"), ("scheduled", "closed"),
    ("held", "scheduled"), ("held", "held"), ("held", "cancelled"), ("cancelled", "scheduled"), ("cancelled", "cancelled"),
])
def test_other_meeting_transitions_are_refused_and_change_nothing(app, world, state, target):
    meeting_id = make_meeting(app, world["officer"], world["committee"], state=state)
    change = {**services.MEETING_TRANSITIONS, "cancelled": lambda meeting_id, officer: services.cancel(
        meeting_id, officer, "Reason")}[target]
    refused(app, lambda: change(meeting_id, officer_of(world["officer"])), Meeting, meeting_id,
            "does not apply to the meeting in its present state")


def test_a_meeting_closes_only_with_approved_minutes_and_cancels_only_with_a_reason(app, world):
    held = make_meeting(app, world["officer"], world["committee"], state="held")
    draft = make_meeting(app, world["officer"], world["committee"])
    refused(app, lambda: services.close(held, officer_of(world["officer"])), Meeting, held, "Approve the minutes")
    refused(app, lambda: services.cancel(draft, officer_of(world["officer"]), "  "), Meeting, draft, "Say why")


def test_members_may_not_run_meetings(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"])
    refused(app, lambda: services.schedule(meeting_id, officer_of(world["partner"])), Meeting, meeting_id,
            "Only ISESCO officers")


def test_scheduling_mails_each_invitee_in_their_language_with_the_calendar_link(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"], agenda=3,
                              people=(world["editor"], world["officer"]), organizations=(world["partner_org"],))
    assert not outbox(app)
    with app.app_context():
        services.schedule(meeting_id, officer_of(world["officer"]))
    # The partner's owner through the organization, the editor and the officer in person.
    mails = {message.recipient: message for message in outbox(app)}
    assert set(mails) == {"partner@example.org", "editor@example.org", "officer@example.org"}
    assert mails["partner@example.org"].locale == "ar" and "الدورة الرابعة" in mails["partner@example.org"].body
    assert "دعوة" in mails["partner@example.org"].subject
    assert mails["editor@example.org"].locale == "fr" and "Quatrième session" in mails["editor@example.org"].body
    assert "Invitation" in mails["editor@example.org"].subject
    assert f"/fr/meetings/{meeting_id}/meeting.ics" in mails["editor@example.org"].body
    assert "3. Item 3" in mails["officer@example.org"].body


def test_the_ics_gives_the_venue_wall_clock_with_its_zone(app, world):
    starts = datetime(2027, 3, 10, 10, 0)
    meeting_id = make_meeting(app, world["officer"], world["committee"], state="scheduled", agenda=3,
                              organizations=(world["partner_org"],), starts=starts, zone="Asia/Riyadh")
    response = client_for(app, "partner").get(f"/en/meetings/{meeting_id}/meeting.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Riyadh"
    assert event.decoded("DTSTART").replace(tzinfo=None) == starts
    assert event.decoded("DTEND").replace(tzinfo=None) == starts + timedelta(hours=3)
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Asia/Riyadh"]
    assert "1. Item 1" in str(event["DESCRIPTION"]) and str(event["SUMMARY"]) == "Fourth session"


def test_the_pdf_of_the_agenda_is_shaped_arabic(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"], agenda=3)
    response = client_for(app, "officer").get(f"/ar/meetings/{meeting_id}/meeting.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = text_of(reader)
    assert "الدورة الرابعة" in text and "البند 2" in text and "جدول الأعمال" in text
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    english = text_of(PdfReader(io.BytesIO(client_for(app, "officer").get(
        f"/en/meetings/{meeting_id}/meeting.pdf").data)))
    assert "Fourth session" in english and "Item 3" in english and "Agenda" in english


def test_the_agenda_is_ordered_reordered_and_frozen_once_held(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"], agenda=3)
    officer = client_for(app, "officer")
    with app.app_context():
        first, second, third = (item.id for item in db.session.get(Meeting, meeting_id).agenda)
    page = f"/en/meetings/{meeting_id}"
    submit(officer, page, {}, action=f"/en/meetings/{meeting_id}/agenda/{third}/up")
    submit(officer, page, {}, action=f"/en/meetings/{meeting_id}/agenda/{first}/delete")
    with app.app_context():
        assert [item.id for item in db.session.get(Meeting, meeting_id).agenda] == [third, second]
        services.schedule(meeting_id, officer_of(world["officer"]))
        services.mark_held(meeting_id, officer_of(world["officer"]))
    response = submit(officer, page, {}, action=f"/en/meetings/{meeting_id}/agenda/{second}/delete",
                      follow_redirects=True)
    assert "only before the meeting is held" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Meeting, meeting_id).agenda) == 2
    assert actions_on(app, "meeting", meeting_id).count("meeting.agenda_changed") == 5


# --- Minutes -------------------------------------------------------------------------------------

def test_minutes_go_draft_circulated_approved_and_are_then_locked(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"], state="held")
    with app.app_context(), force_locale("en"):
        officer = officer_of(world["officer"])
        minutes = services.save_minutes(meeting_id, officer, "fr", "Procès-verbal")
        minutes_id = minutes.id
        services.save_minutes(meeting_id, officer, "fr", "Procès-verbal, **corrigé**")
        with pytest.raises(Refused, match="present state"):
            services.approve_minutes(minutes_id, officer)
        db.session.rollback()
        services.circulate_minutes(minutes_id, officer)
        with pytest.raises(Refused, match="present state"):
            services.circulate_minutes(minutes_id, officer)
        db.session.rollback()
        services.approve_minutes(minutes_id, officer)
    refused(app, lambda: services.save_minutes(meeting_id, officer_of(world["officer"]), "fr", "Changed"),
            Minutes, minutes_id, "Approved minutes are locked")
    refused(app, lambda: services.circulate_minutes(minutes_id, officer_of(world["officer"])), Minutes, minutes_id,
            "present state")
    assert load(app, Minutes, minutes_id).text == "Procès-verbal, **corrigé**"
    assert actions_on(app, "minutes", minutes_id) == ["minutes.saved", "minutes.saved", "minutes.circulated",
                                                       "minutes.approved"]
    # The page offers no edit any more, and the form refuses.
    officer = client_for(app, "officer")
    assert f'href="/en/meetings/{meeting_id}/minutes/fr"' not in officer.get(f"/en/meetings/{meeting_id}").get_data(as_text=True)
    response = submit(officer, f"/en/meetings/{meeting_id}/minutes/fr", {"text": "Rewritten"}, follow_redirects=True)
    assert "locked" in response.get_data(as_text=True)
    assert load(app, Minutes, minutes_id).text == "Procès-verbal, **corrigé**"


def approved_minutes(app, world, language: str, text: str) -> int:
    meeting_id = make_meeting(app, world["officer"], world["committee"], state="held",
                              organizations=(world["partner_org"],))
    with app.app_context():
        officer = officer_of(world["officer"])
        minutes_id = services.save_minutes(meeting_id, officer, language, text).id
        services.circulate_minutes(minutes_id, officer)
        services.approve_minutes(minutes_id, officer)
    return meeting_id


def test_approved_minutes_read_only_with_their_pdf(app, world):
    meeting_id = approved_minutes(app, world, "ar", "قرر المجتمعون **إطلاق** البرنامج\n\n- تعيين منسق وطني")
    officer = client_for(app, "officer")
    page = officer.get(f"/ar/meetings/{meeting_id}/minutes/ar").get_data(as_text=True)
    assert "<textarea" not in page and 'name="text"' not in page and "حفظ" not in page
    assert "<strong>إطلاق</strong>" in page
    pdf_link = f"/ar/meetings/{meeting_id}/minutes/ar.pdf"
    assert f'href="{pdf_link}"' in page
    # The partner reads the same PDF from the meeting's page.
    partner = client_for(app, "partner")
    assert f'href="{pdf_link}"' in partner.get(f"/ar/meetings/{meeting_id}").get_data(as_text=True)
    response = partner.get(pdf_link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    # Shaped and laid out right to left, the Arabic comes back in logical order, without its Markdown.
    text = text_of(reader)
    assert "قرر المجتمعون إطلاق البرنامج" in text and "تعيين منسق وطني" in text and "**" not in text
    assert "محضر" in text and "الدورة الرابعة" in text
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_minutes_wait_for_the_meeting_to_be_held(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"], state="scheduled")
    with app.app_context(), force_locale("en"), pytest.raises(Refused, match="once the meeting is held"):
        services.save_minutes(meeting_id, officer_of(world["officer"]), "ar", "محضر")


def test_an_action_outcome_creates_its_action_item_with_a_reference(app, world):
    meeting_id = make_meeting(app, world["officer"], world["committee"], state="held")
    with app.app_context(), force_locale("en"):
        officer = officer_of(world["officer"])
        services.add_outcome(meeting_id, officer, "decision", TranslatedText.build({"en": "The plan is adopted"}))
        outcome = services.add_outcome(meeting_id, officer, "action", TranslatedText.build({"en": "Send the list"}),
                                       action_data(world["partner_org"]))
        item = outcome.action_item
        assert item.meeting_id == meeting_id and item.organization_id == world["partner_org"]
        assert item.reference == f"ACT-{date.today().year}-001" and item.division == "governmental_donors"
        assert services.create_action_item(officer, action_data(directorate="education")).reference.endswith("-002")
        with pytest.raises(Refused, match="An action outcome, and only one"):
            services.add_outcome(meeting_id, officer, "decision", TranslatedText.build({"en": "x"}),
                                 action_data(world["partner_org"]))


# --- Action items --------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "final"), [
    (("in_progress", "completed", "verified"), "verified"),
    (("completed", "verified"), "verified"),
    (("cancelled",), "cancelled"),
    (("in_progress", "cancelled"), "cancelled"),
])
def test_every_allowed_action_item_transition_works_and_is_audited(app, world, path, final):
    item_id = make_action_item(app, world["officer"], world["partner_org"])
    moves = {**services.PROGRESS_TRANSITIONS, **services.OFFICER_TRANSITIONS}
    with app.app_context():
        for target in path:
            who = world["officer"] if target in services.OFFICER_TRANSITIONS else world["editor"]
            moves[target](item_id, officer_of(who), "Done as agreed")
    item = load(app, ActionItem, item_id)
    assert item.state == final
    assert actions_on(app, "action_item", item_id) == ["action_item.created", *(f"action_item.{t}" for t in path)]
    if final == "verified":
        assert item.verified_by_id == world["officer"] and item.completed_at and item.verified_at


@pytest.mark.parametrize(("state", "target", "who", "message"), [
    ("open", "verified", "officer", "present state"),
    ("in_progress", "in_progress", "editor", "present state"),
    ("completed", "completed", "editor", "present state"),
    ("completed", "cancelled", "officer", "present state"),
    ("verified", "in_progress", "officer", "present state"),
    ("cancelled", "completed", "officer", "present state"),
    ("completed", "verified", "editor", "Only ISESCO officers"),
    ("open", "cancelled", "partner", "Only ISESCO officers"),
    ("open", "in_progress", "viewer", "editors and owners"),
    ("open", "completed", "other", "editors and owners"),
])
def test_other_action_item_transitions_are_refused_and_change_nothing(app, world, state, target, who, message):
    item_id = make_action_item(app, world["officer"], world["partner_org"], state=state)
    change = {**services.PROGRESS_TRANSITIONS, **services.OFFICER_TRANSITIONS}[target]
    refused(app, lambda: change(item_id, officer_of(world[who]), "A comment"), ActionItem, item_id, message)


def test_cancelling_an_item_needs_a_reason(app, world):
    item_id = make_action_item(app, world["officer"], world["partner_org"])
    refused(app, lambda: services.cancel_item(item_id, officer_of(world["officer"]), " "), ActionItem, item_id,
            "Write the comment")


def test_a_partner_sees_and_updates_only_its_own_items(app, world):
    own = make_action_item(app, world["officer"], world["partner_org"], due=date.today() - timedelta(days=3))
    foreign = make_action_item(app, world["officer"], world["other_org"])
    directorate = make_action_item(app, world["officer"], directorate="culture")
    editor = client_for(app, "editor")
    tracker = editor.get("/en/action-items/").get_data(as_text=True)
    assert f'data-testid="action-item-{own}"' in tracker and 'data-testid="overdue"' in tracker
    assert f'data-testid="action-item-{foreign}"' not in tracker
    assert f'data-testid="action-item-{directorate}"' not in tracker
    assert editor.get(f"/en/action-items/{foreign}").status_code == 404
    response = submit(editor, f"/en/action-items/{own}", {"new_state": "completed", "comment": "Sent on Monday"},
                      action=f"/en/action-items/{own}/progress")
    assert response.status_code == 302 and state_of(app, ActionItem, own) == "completed"
    # The officer who recorded it is asked to verify it, in their language.
    (mail,) = outbox(app, "officer@example.org")
    assert "verify" in mail.body and "Sent on Monday" in mail.body
    # A viewer reads the item but has no form to report on it.
    viewer = client_for(app, "viewer")
    page = viewer.get(f"/en/action-items/{own}").get_data(as_text=True)
    assert "Sent on Monday" in page and "progress_form" not in page and "/progress" not in page
    officer_tracker = client_for(app, "officer").get("/en/action-items/").get_data(as_text=True)
    assert all(f'data-testid="action-item-{item}"' in officer_tracker for item in (own, foreign, directorate))


def test_the_tracker_filters_and_marks_overdue(app, world):
    late = make_action_item(app, world["officer"], world["partner_org"], due=date.today() - timedelta(days=1))
    done_late = make_action_item(app, world["officer"], world["partner_org"], state="completed",
                                 due=date.today() - timedelta(days=1))
    other = make_action_item(app, world["officer"], world["other_org"])
    officer = client_for(app, "officer")
    overdue = officer.get("/en/action-items/?overdue=1").get_data(as_text=True)
    assert f"action-item-{late}" in overdue and f"action-item-{done_late}" not in overdue
    by_partner = officer.get(f"/en/action-items/?partner={world['other_org']}").get_data(as_text=True)
    assert f"action-item-{other}" in by_partner and f"action-item-{late}" not in by_partner
    by_division = officer.get("/en/action-items/?division=ngos_civil_society").get_data(as_text=True)
    assert f"action-item-{other}" in by_division and f"action-item-{late}" not in by_division
    assert f"action-item-{done_late}" in officer.get("/en/action-items/?state=completed").get_data(as_text=True)


def test_the_tracker_and_the_meetings_list_run_a_fixed_number_of_queries(app, world):
    officer = client_for(app, "officer")

    def add_session(committee_id: int) -> None:
        meeting = make_meeting(app, world["officer"], committee_id, state="held",
                               organizations=(world["other_org"], world["partner_org"]))
        with app.app_context():
            services.add_outcome(meeting, officer_of(world["officer"]), "action",
                                 TranslatedText.build({"en": "Act"}), action_data(world["other_org"]))

    add_session(world["committee"])
    few = [count_queries(app, path, officer) for path in ("/en/action-items/", "/en/meetings/")]
    for number in range(6):
        add_session(make_committee(app, world["officer"], world["other_org"], names={"en": f"Committee {number}"}))
    assert [count_queries(app, path, officer) for path in ("/en/action-items/", "/en/meetings/")] == few


def test_my_division_comes_first(app, world, make_user):
    ngo_officer = make_user(email="ngo-officer@example.org", role="officer")
    with app.app_context():
        officer_of(ngo_officer).division = "ngos_civil_society"
        db.session.commit()
    governmental = make_action_item(app, world["officer"], world["partner_org"], due=date.today())
    ngo = make_action_item(app, world["officer"], world["other_org"], due=date.today() + timedelta(days=90))
    with app.app_context():
        page = services.action_items_page(services.ActionItemFilters(), officer_of(ngo_officer), date.today(), 1)
        assert [item.id for item in page.items] == [ngo, governmental]


# --- The weekly digest ---------------------------------------------------------------------------

def test_the_overdue_digest_goes_once_a_week_to_those_in_charge(app, world, make_user):
    monday = date(2027, 5, 10)
    focal = make_user(email="focal@example.org", role="officer", locale="fr")
    person = make_user(email="person@example.org", locale="en")
    late = monday - timedelta(days=2)
    make_action_item(app, world["officer"], world["partner_org"], due=late)
    make_action_item(app, world["officer"], world["partner_org"], due=late, state="in_progress")
    make_action_item(app, world["officer"], world["partner_org"], due=late, state="completed")
    make_action_item(app, world["officer"], world["other_org"], due=late, person_id=person)
    make_action_item(app, focal, directorate="science", due=late)
    make_action_item(app, world["officer"], world["other_org"], due=monday + timedelta(days=10))
    with app.app_context():
        assert services.send_overdue_action_item_digest(monday) == 3
    mails = {message.recipient: message for message in outbox(app) if message.kind == "action_item_digest"}
    assert set(mails) == {"partner@example.org", "person@example.org", "focal@example.org"}
    assert mails["partner@example.org"].locale == "ar" and mails["partner@example.org"].body.count("ACT-") == 2
    assert mails["focal@example.org"].locale == "fr" and "en retard" in mails["focal@example.org"].subject
    runner = app.test_cli_runner()
    with app.app_context():
        assert services.send_overdue_action_item_digest(monday + timedelta(days=4)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(ActionItemDigest)) == 3
        assert services.send_overdue_action_item_digest(monday + timedelta(days=7)) == 3
    # `flask portal remind` runs it with the agreements' reminders; a second week's run has sent them.
    result = runner.invoke(args=["portal", "remind", "--today", (monday + timedelta(days=8)).isoformat()])
    assert result.exit_code == 0 and "send_overdue_action_item_digest" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ActionItemDigest)) == 6


# --- API -----------------------------------------------------------------------------------------

def test_the_api_lists_and_updates_only_the_tokens_organizations_items(app, client, world):
    own = make_action_item(app, world["officer"], world["partner_org"], due=date.today() - timedelta(days=1))
    done = make_action_item(app, world["officer"], world["partner_org"], state="verified")
    foreign = make_action_item(app, world["officer"], world["other_org"])
    editor, viewer = auth(api_token(app, world["editor"])), auth(api_token(app, world["viewer"]))
    body = client.get("/api/v1/action-items", headers=editor).get_json()
    assert [item["id"] for item in body["items"]] == [own, done] and body["total"] == 2
    assert body["items"][0]["overdue"] is True and body["items"][0]["reference"].startswith("ACT-")
    assert [item["id"] for item in client.get("/api/v1/action-items?overdue=1", headers=editor).get_json()["items"]] == [own]
    assert [item["id"] for item in client.get("/api/v1/action-items?state=verified", headers=editor).get_json()["items"]] == [done]
    officer = auth(api_token(app, world["officer"]))
    assert client.get("/api/v1/action-items", headers=officer).get_json()["total"] == 3

    assert client.patch(f"/api/v1/action-items/{foreign}", json={"state": "in_progress"}, headers=editor).status_code == 404
    assert client.patch(f"/api/v1/action-items/{own}", json={"state": "in_progress"}, headers=viewer).status_code == 403
    conflict = client.patch(f"/api/v1/action-items/{done}", json={"state": "completed"}, headers=editor)
    assert conflict.status_code == 409 and conflict.mimetype == "application/problem+json"
    assert client.patch(f"/api/v1/action-items/{own}", json={"state": "verified"}, headers=editor).status_code == 422
    changed = client.patch(f"/api/v1/action-items/{own}", json={"state": "in_progress", "comment": "Started"},
                           headers=editor)
    assert changed.status_code == 200 and changed.get_json()["state"] == "in_progress"
    assert state_of(app, ActionItem, own) == "in_progress" and state_of(app, ActionItem, foreign) == "open"
