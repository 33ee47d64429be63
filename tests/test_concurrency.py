"""Two people deciding on or editing the same thing at the same moment, as real concurrent requests
on PostgreSQL: one of them wins, the other is told (a refusal on the page, 409 problem+json in
the API), nobody gets a server error and nothing is lost."""
from __future__ import annotations

import re
import threading
from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.calls import services as calls_services
from portal.calls.models import Application, Call
from portal.core.audit import AuditEntry
from portal.core.money import Money
from portal.core.translated import TranslatedText
from portal.duediligence.models import RiskFlag
from portal.extensions import db, limiter
from portal.forum.models import Registration
from portal.meetings import services as meetings_services
from portal.meetings.models import Minutes
from portal.needs import priorities
from portal.needs.models import Need, Priority
from portal.organizations.models import Organization
from portal.projects import services as projects_services
from portal.projects.models import Match, Pledge
from tests.agreements_helpers import make_agreement
from tests.api_helpers import api_token, auth
from tests.calls_helpers import apply_to, make_call
from tests.conftest import csrf_token, sign_in
from tests.duediligence_helpers import make_flag
from tests.forum_helpers import make_edition, register
from tests.meetings_helpers import make_meeting
from tests.needs_helpers import form_fields, make_need
from tests.organizations_helpers import add_member, make_organization
from tests.projects_helpers import make_project

pytestmark = pytest.mark.postgres

OFFICER, OTHER_OFFICER, OWNER, EDITOR, DONOR = "officer", "second-officer", "owner", "editor", "donor"


@pytest.fixture
def people(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if "officer" in kind else "member")
           for kind in (OFFICER, OTHER_OFFICER, OWNER, EDITOR, DONOR)}
    ids["organization"] = make_organization(app, ids[OWNER], state="verified")
    add_member(app, ids["organization"], ids[EDITOR], "editor")
    ids["donor_organization"] = make_organization(app, ids[DONOR], state="verified", names={"en": "Donor"},
                                                  registration_number="D-1", kind="donor")
    return ids


def signed_in(app, kind: str):
    client = app.test_client()
    # Sign-in is rate limited per address, and every client here comes from the same one.
    limiter.reset()
    sign_in(client, f"{kind}@example.org")
    return client


def at_once(*requests) -> list:
    """Each request (a function of no argument) in its own thread, all let go together; their
    answers in the same order. An exception in a request (a server error) fails the test."""
    barrier = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def run(index, request):
        barrier.wait()
        try:
            answers[index] = request()
        except Exception as error:  # the test client raises what would have been a 500
            answers[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [answer for answer in answers if isinstance(answer, Exception)]
    assert not errors, f"a concurrent request failed: {errors[0]!r}"
    assert all(answer.status_code < 500 for answer in answers), [answer.status_code for answer in answers]
    return answers


FLASH = re.compile(r'role="status">\s*<div class="alert alert-(success|danger)">([^<]*)<')


def told(client, answer) -> str:
    """What the page the person lands on (or the form shown again) tells them: 'done' or
    'refused: <the refusal>'."""
    assert answer.status_code in (200, 302), answer.status_code
    page = client.get(answer.headers["Location"]) if answer.status_code == 302 else answer
    flash = FLASH.search(page.get_data(as_text=True))
    assert flash, "the person is told nothing"
    return "done" if flash.group(1) == "success" else f"refused: {flash.group(2)}"


def press_together(app, *presses) -> list[str]:
    """Each press is (who, path, form fields): the buttons are pressed at the same moment by
    different people; what each is told, in the same order."""
    clients = [signed_in(app, who) for who, _path, _fields in presses]
    tokens = [csrf_token(client, "/en/account") for client in clients]
    answers = at_once(*[
        (lambda client=client, path=path, fields=fields, token=token:
         client.post(path, data={**fields, "csrf_token": token}))
        for client, token, (_who, path, fields) in zip(clients, tokens, presses)
    ])
    return [told(client, answer) for client, answer in zip(clients, answers)]


def one_wins(outcomes: list[str], refusal: str) -> None:
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"], outcomes
    assert refusal in next(outcome for outcome in outcomes if outcome != "done")


def audited(app, action_prefix: str, object_id: int) -> list[str]:
    with app.app_context():
        return db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.action.startswith(action_prefix), AuditEntry.object_id == str(object_id))).all()


def state_of(app, model, row_id: int) -> str:
    with app.app_context():
        return db.session.get(model, row_id).state


def saved_meanwhile(html: str) -> str:
    """The notice above an edit form refused because someone else saved first."""
    notice = re.search(r'<section class="alert alert-warning" aria-labelledby="newer-heading">.*?</section>', html, re.S)
    assert notice, "the version saved meanwhile is not shown"
    return notice.group(0)


def version_of(app, model, row_id: int) -> int:
    with app.app_context():
        return db.session.get(model, row_id).version


def two_saves(app, page: str, people_kinds: tuple[str, str], form, titles: tuple[str, str]) -> tuple[int, int, str]:
    """Two people send the edit form of `page`, opened at the same version, at the same moment,
    each with their own title (`form(title)` gives the fields): one is saved, the other is shown
    the form again. The winner's and loser's index, and the page the loser sees."""
    clients = [signed_in(app, kind) for kind in people_kinds]
    tokens = [csrf_token(client, page) for client in clients]
    answers = at_once(*[
        (lambda client=client, token=token, title=title: client.post(page, data={**form(title), "csrf_token": token}))
        for client, token, title in zip(clients, tokens, titles)
    ])
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    winner, loser = (0, 1) if answers[0].status_code == 302 else (1, 0)
    html = answers[loser].get_data(as_text=True)
    assert titles[winner] in saved_meanwhile(html)  # the newer text, shown
    assert f'value="{titles[loser]}"' in html  # what they typed, kept
    return winner, loser, html


NOT_NOW = "does not apply to the {} in its present state"


# --- Needs ---------------------------------------------------------------------------------------

def test_publishing_and_returning_a_need_at_once(app, people):
    for _ in range(3):
        need = make_need(app, people["organization"], people[OWNER], state="submitted")
        outcomes = press_together(app, (OFFICER, f"/en/needs/{need}/publish", {}),
                                  (OTHER_OFFICER, f"/en/needs/{need}/return", {"comment": "Add the cost"}))
        one_wins(outcomes, NOT_NOW.format("need"))
        state = state_of(app, Need, need)
        assert state == ("published" if outcomes[0] == "done" else "returned")
        assert audited(app, "need.", need) == ["need.created", f"need.{state}"]


def test_two_saves_of_the_same_version_of_a_need(app, people):
    need = make_need(app, people["organization"], people[OWNER], state="draft")
    opened = version_of(app, Need, need)
    titles = ("Roof and classrooms in Baidoa", "Repair the Baidoa school roof")
    winner, _loser, html = two_saves(app, f"/en/needs/{need}/edit", (OWNER, EDITOR),
                                     lambda title: {**form_fields(title_en=title), "version": str(opened)}, titles)
    assert "Someone else saved this need while you were editing it." in html
    assert f'name="version" type="hidden" value="{opened + 1}"' in html  # saving again goes through
    with app.app_context():
        assert db.session.get(Need, need).title.get("en") == titles[winner]
    assert audited(app, "need.edited", need) == ["need.edited"]


def test_five_api_edits_of_the_same_version_of_a_need(app, people):
    need = make_need(app, people["organization"], people[OWNER], state="draft")
    opened = version_of(app, Need, need)
    token = api_token(app, people[OWNER])
    clients = [app.test_client() for _ in range(5)]
    answers = at_once(*[
        (lambda client=client, count=count: client.patch(
            f"/api/v1/needs/{need}", json={"version": opened, "beneficiary_count": 500 + count}, headers=auth(token)))
        for count, client in enumerate(clients)
    ])
    assert sorted(answer.status_code for answer in answers) == [200, 409, 409, 409, 409]
    for answer in answers:
        if answer.status_code == 409:
            assert answer.mimetype == "application/problem+json"
            assert answer.get_json()["current_version"] == opened + 1
    saved = next(answer for answer in answers if answer.status_code == 200).get_json()
    with app.app_context():
        assert db.session.get(Need, need).beneficiary_count == saved["beneficiary_count"]


def test_archiving_a_priority_twice_at_once(app, people):
    ministry = make_organization(app, people[OWNER], state="verified", kind="endowment_ministry",
                                 names={"en": "Ministry"}, registration_number="M-1")
    add_member(app, ministry, people[EDITOR], "editor")
    with app.app_context():
        priority = priorities.create_priority(
            db.session.get(Organization, ministry), db.session.get(User, people[OWNER]), priorities.PriorityData(
                title=TranslatedText.build({"en": "Schools"}), description=None,
                subsector_code="school_buildings_equipment", rank=1, period_start=2026, period_end=2028)).id
    path = f"/en/priorities/{priority}/archive"
    one_wins(press_together(app, (OWNER, path, {}), (EDITOR, path, {})), "already archived")
    assert state_of(app, Priority, priority) == "archived"
    assert audited(app, "priority.archived", priority) == ["priority.archived"]


# --- Agreements and minutes ----------------------------------------------------------------------

def agreement_form(people, version: int, title: str) -> dict:
    return {"version": str(version), "reference": "AGR-2027-500", "type": "mou", "title_en": title,
            "partner_ids": [str(people["organization"])], "notice_days": "0"}


def test_two_saves_of_the_same_version_of_an_agreement(app, people):
    agreement = make_agreement(app, people[OFFICER], [people["organization"]], reference="AGR-2027-500")
    page = f"/en/agreements/{agreement}/edit"
    titles = ("Memorandum on schools", "Memorandum on libraries")
    people_kinds = (OFFICER, OTHER_OFFICER)
    _winner, loser, html = two_saves(app, page, people_kinds, lambda title: agreement_form(people, 1, title), titles)
    assert "Someone saved this agreement after you opened it" in html
    assert 'name="version" type="hidden" value="2"' in html
    # Saving again from the page shown, with the version it carries, goes through.
    client = signed_in(app, people_kinds[loser])
    again = client.post(page, data={**agreement_form(people, 2, titles[loser]), "csrf_token": csrf_token(client, page)})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Agreement, agreement).title.get("en") == titles[loser]


def test_terminating_and_suspending_an_agreement_at_once(app, people):
    agreement = make_agreement(app, people[OFFICER], [people["organization"]], state="in_force")
    path = f"/en/agreements/{agreement}/state/"
    outcomes = press_together(app, (OFFICER, path + "terminate", {"reason": "Ended by both"}),
                              (OTHER_OFFICER, path + "suspend", {"reason": "Pending an audit"}))
    one_wins(outcomes, NOT_NOW.format("agreement"))
    assert state_of(app, Agreement, agreement) == ("terminated" if outcomes[0] == "done" else "suspended")


@pytest.fixture
def circulated_minutes(app, people):
    meeting = make_meeting(app, people[OFFICER], state="held")
    with app.app_context():
        officer = db.session.get(User, people[OFFICER])
        minutes = meetings_services.save_minutes(meeting, officer, "en", "The committee met.")
        meetings_services.circulate_minutes(minutes.id, officer)
        return meeting, minutes.id


def test_approving_minutes_twice_at_once(app, people, circulated_minutes):
    _meeting, minutes = circulated_minutes
    path = f"/en/minutes/{minutes}/approved"
    one_wins(press_together(app, (OFFICER, path, {}), (OTHER_OFFICER, path, {})), "present state")
    assert audited(app, "minutes.approved", minutes) == ["minutes.approved"]


def test_minutes_approved_while_being_saved_keep_the_text_that_was_approved(app, people, circulated_minutes):
    meeting, minutes = circulated_minutes
    outcomes = press_together(app, (OFFICER, f"/en/minutes/{minutes}/approved", {}),
                              (OTHER_OFFICER, f"/en/meetings/{meeting}/minutes/en", {"text": "A later text."}))
    assert outcomes[0] == "done"
    with app.app_context():
        approval = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "minutes.approved")).one()
        saved = db.session.get(Minutes, minutes)
        assert saved.text == approval.after["text"]
    assert outcomes[1] == "done" or "locked" in outcomes[1]


# --- Matches and pledges -------------------------------------------------------------------------

@pytest.fixture
def project(app, people):
    return make_project(app, people[OFFICER])


def test_accepting_and_declining_a_match_at_once(app, people, project):
    need = make_need(app, people["organization"], people[OWNER], state="published")
    with app.app_context():
        match = projects_services.propose_match(need, project, db.session.get(User, people[OFFICER])).id
    outcomes = press_together(app, (OWNER, f"/en/matches/{match}/accept", {}),
                              (EDITOR, f"/en/matches/{match}/decline", {"reason": "Already funded"}))
    one_wins(outcomes, NOT_NOW.format("match"))
    assert state_of(app, Match, match) == ("accepted" if outcomes[0] == "done" else "declined")
    assert state_of(app, Need, need) == ("matched" if outcomes[0] == "done" else "published")


@pytest.fixture
def pledge(app, people, project):
    with app.app_context():
        return projects_services.make_pledge(
            db.session.get(Organization, people["donor_organization"]), db.session.get(User, people[DONOR]), project,
            Money(Decimal("1000"), "USD")).id


def test_committing_a_pledge_twice_at_once(app, people, pledge):
    path = f"/en/pledges/{pledge}/commit"
    one_wins(press_together(app, (OFFICER, path, {}), (OTHER_OFFICER, path, {})), NOT_NOW.format("pledge"))
    assert audited(app, "pledge.committed", pledge) == ["pledge.committed"]


def test_committing_and_withdrawing_a_pledge_at_once(app, people, pledge):
    outcomes = press_together(app, (OFFICER, f"/en/pledges/{pledge}/commit", {}),
                              (DONOR, f"/en/pledges/{pledge}/withdraw", {}))
    # Withdrawn either way: after the commitment, or before it, which is then refused.
    assert outcomes[1] == "done"
    assert outcomes[0] == "done" or NOT_NOW.format("pledge") in outcomes[0]
    assert state_of(app, Pledge, pledge) == "withdrawn"


# --- Forum registrations -------------------------------------------------------------------------

@pytest.fixture
def pending_registration(app, people):
    edition = make_edition(app, people[OFFICER])
    return register(app, people[EDITOR], edition)


def test_approving_and_rejecting_a_registration_at_once(app, people, pending_registration):
    path = f"/en/forum/registrations/{pending_registration}/"
    outcomes = press_together(app, (OFFICER, path + "approve", {}),
                              (OTHER_OFFICER, path + "reject", {"reason": "The hall is for delegates"}))
    one_wins(outcomes, NOT_NOW.format("registration"))
    assert state_of(app, Registration, pending_registration) == ("approved" if outcomes[0] == "done" else "rejected")


def test_rejecting_and_cancelling_a_registration_at_once(app, people, pending_registration):
    path = f"/en/forum/registrations/{pending_registration}/"
    outcomes = press_together(app, (OFFICER, path + "reject", {"reason": "The hall is for delegates"}),
                              (EDITOR, path + "cancel", {}))
    one_wins(outcomes, NOT_NOW.format("registration"))
    assert state_of(app, Registration, pending_registration) == ("rejected" if outcomes[0] == "done" else "cancelled")


# --- Calls, applications, risk flags -------------------------------------------------------------

@pytest.fixture
def call(app, people, project):
    return make_call(app, people[OFFICER], project, [people[OFFICER]])


def test_closing_a_call_twice_at_once(app, people, call):
    path = f"/en/calls/{call}/state/close"
    one_wins(press_together(app, (OFFICER, path, {}), (OTHER_OFFICER, path, {})), NOT_NOW.format("call"))
    assert audited(app, "call.closed", call) == ["call.closed"]


def test_closing_and_cancelling_a_call_at_once(app, people, call):
    path = f"/en/calls/{call}/state/"
    outcomes = press_together(app, (OFFICER, path + "close", {}),
                              (OTHER_OFFICER, path + "cancel", {"reason": "The project is postponed"}))
    # Cancelled either way: once closed, or before the closing, which is then refused.
    assert outcomes[1] == "done"
    assert outcomes[0] == "done" or NOT_NOW.format("call") in outcomes[0]
    assert state_of(app, Call, call) == "cancelled"


def call_form(people, project, version: int, title: str) -> dict:
    return {"version": str(version), "project_id": str(project), "title_en": title, "description_en": "Libraries",
            "deadline": "2035-01-01T12:00", "timezone": "Asia/Riyadh", "criteria-0-title": "All",
            "criteria-0-weight": "100", "reviewer_ids": str(people[OFFICER])}


def test_two_saves_of_the_same_version_of_a_call(app, people, project, call):
    opened = version_of(app, Call, call)
    titles = ("Partners for school libraries in Somalia", "Partners for libraries")
    winner, _loser, html = two_saves(app, f"/en/calls/{call}/edit", (OFFICER, OTHER_OFFICER),
                                     lambda title: call_form(people, project, opened, title), titles)
    assert "Someone saved this call after you opened it" in html
    assert f'name="version" type="hidden" value="{opened + 1}"' in html
    with app.app_context():
        assert db.session.get(Call, call).title.get("en") == titles[winner]


def test_submitting_and_saving_an_application_draft_at_once(app, people, call):
    application = apply_to(app, call, people["organization"], people[OWNER], submit=False)
    form = {"organization_id": str(people["organization"]), "concept_note": "Our plan, longer", "language": "en",
            "budget_amount": "", "budget_currency": "USD"}
    page = f"/en/calls/{call}/apply"
    outcomes = press_together(app, (OWNER, page, {**form, "submit": "1"}), (EDITOR, page, {**form, "draft": "1"}))
    # Submitted either way: after the draft was saved, or before, and the draft is then refused.
    assert outcomes[0] == "done"
    assert outcomes[1] == "done" or "already applied" in outcomes[1]
    assert state_of(app, Application, application) == "submitted"


def test_selecting_and_withdrawing_an_application_at_once(app, people, call):
    application = apply_to(app, call, people["organization"], people[OWNER])
    with app.app_context(), force_locale("en"):
        calls_services.close_call(call, db.session.get(User, people[OFFICER]))
    outcomes = press_together(app, (OFFICER, f"/en/calls/applications/{application}/select", {"role": "implementing"}),
                              (OWNER, f"/en/calls/applications/{application}/withdraw", {}))
    one_wins(outcomes, NOT_NOW.format("application"))
    assert state_of(app, Application, application) == ("selected" if outcomes[0] == "done" else "withdrawn")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Agreement)) == (outcomes[0] == "done")


def test_confirming_a_flag_twice_at_once(app, people):
    flag = make_flag(app, people["organization"], people[OFFICER])
    path = f"/en/due-diligence/flags/{flag}/confirm"
    one_wins(press_together(app, (OFFICER, path, {"comment": "It is the listed party"}),
                            (OTHER_OFFICER, path, {"comment": "Same name and address"})), NOT_NOW.format("flag"))
    assert state_of(app, RiskFlag, flag) == "confirmed"


def test_clearing_and_confirming_a_flag_at_once(app, people):
    flag = make_flag(app, people["organization"], people[OFFICER])
    path = f"/en/due-diligence/flags/{flag}/"
    outcomes = press_together(app, (OFFICER, path + "clear", {"comment": "A namesake"}),
                              (OTHER_OFFICER, path + "confirm", {"comment": "It is the listed party"}))
    # Cleared either way: after the confirmation, or before it, which is then refused.
    assert outcomes[0] == "done"
    assert outcomes[1] == "done" or NOT_NOW.format("flag") in outcomes[1]
    assert state_of(app, RiskFlag, flag) == "cleared"
