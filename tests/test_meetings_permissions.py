"""Who may open each page of committees, meetings and action items, and press each button, tried
from the outside: a visitor, a member of no organization, the partner's editor and viewer, the
owner of another organization, and an officer."""
from __future__ import annotations

import pytest

from portal.accounts.models import User
from portal.extensions import db
from portal.meetings import services
from portal.meetings.models import ActionItem, Meeting, Minutes
from tests.conftest import csrf_token
from tests.meetings_helpers import make_action_item, make_committee, make_meeting, state_of
from tests.organizations_helpers import add_member, make_organization
from tests.test_forum import client_for

VISITOR, MEMBER, EDITOR, VIEWER, OTHER, OFFICER = None, "member", "editor", "viewer", "other", "officer"
PEOPLE = (VISITOR, MEMBER, EDITOR, VIEWER, OTHER, OFFICER)
LOGIN = "login"


@pytest.fixture
def places(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (MEMBER, EDITOR, VIEWER, OTHER, OFFICER)}
    # EDITOR owns the partner organization: one of the people who speak for it.
    partner = make_organization(app, ids[EDITOR], state="verified", registration_number="SA-1")
    add_member(app, partner, ids[VIEWER])
    make_organization(app, ids[OTHER], state="verified", registration_number="SN-2",
                      names={"fr": "Fondation Baraka"}, website="https://baraka.example.org")
    committee = make_committee(app, ids[OFFICER], partner)
    scheduled = make_meeting(app, ids[OFFICER], committee, state="scheduled", agenda=2, organizations=(partner,))
    held = make_meeting(app, ids[OFFICER], committee, state="held", agenda=1, organizations=(partner,))
    with app.app_context():
        agenda_item = db.session.get(Meeting, scheduled).agenda[0].id
        officer = db.session.get(User, ids[OFFICER])
        minutes = services.save_minutes(held, officer, "ar", "محضر").id
        approved = services.save_minutes(held, officer, "fr", "Procès-verbal").id
        services.circulate_minutes(approved, officer)
        services.approve_minutes(approved, officer)
    return {
        "partner": partner, "minutes": minutes,
        "committee": committee, "scheduled": scheduled, "held": held, "draft_meeting": make_meeting(app, ids[OFFICER]),
        "agenda_item": agenda_item, "item": make_action_item(app, ids[OFFICER], partner),
        "completed": make_action_item(app, ids[OFFICER], partner, state="completed"),
    }


def expect(allowed, refused=403, **others):
    expected = {kind: 200 if kind in allowed else (LOGIN if kind is VISITOR else refused) for kind in PEOPLE}
    expected.update(others)
    return expected


OFFICERS = expect((OFFICER,))
SIGNED_IN = expect((MEMBER, EDITOR, VIEWER, OTHER, OFFICER))
# Invitees (members of an invited organization) read an announced meeting; others are told it is not there.
INVITED = expect((EDITOR, VIEWER, OFFICER), refused=404)
PARTNER = expect((EDITOR, VIEWER, OFFICER), refused=404)

ROUTES = [
    ("/en/committees/", OFFICERS),
    ("/en/committees/new", OFFICERS),
    ("/en/committees/{committee}", OFFICERS),
    ("/en/committees/{committee}/edit", OFFICERS),
    ("/en/meetings/", OFFICERS),
    ("/en/meetings/new", OFFICERS),
    ("/en/meetings/{scheduled}", INVITED),
    ("/en/meetings/{draft_meeting}", expect((OFFICER,), refused=404)),
    ("/en/meetings/{scheduled}/edit", OFFICERS),
    ("/en/meetings/{scheduled}/meeting.ics", INVITED),
    ("/en/meetings/{scheduled}/meeting.pdf", INVITED),
    ("/en/meetings/{scheduled}/agenda/{agenda_item}/edit", OFFICERS),
    ("/en/meetings/{held}/minutes/ar", OFFICERS),
    # Approved minutes download as the agenda does; minutes still in draft are not the record yet.
    ("/en/meetings/{held}/minutes/fr.pdf", INVITED),
    ("/en/meetings/{held}/minutes/ar.pdf", expect((), refused=404)),
    ("/en/action-items/", SIGNED_IN),
    ("/en/action-items/new", OFFICERS),
    ("/en/action-items/{item}", PARTNER),
    ("/en/action-items/{item}/edit", OFFICERS),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_meeting_page_permissions(app, places, kind, path, expected):
    response = client_for(app, kind).get(path.format(**places))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def meeting_state(app, places):
    return state_of(app, Meeting, places["scheduled"])


def agenda_length(app, places):
    with app.app_context():
        return len(db.session.get(Meeting, places["scheduled"]).agenda)


def item_state(app, places):
    return state_of(app, ActionItem, places["item"])


def completed_state(app, places):
    return state_of(app, ActionItem, places["completed"])


def minutes_state(app, places):
    return state_of(app, Minutes, places["minutes"])


def attendance(app, places):
    with app.app_context():
        return [invited.attended for invited in db.session.get(Meeting, places["held"]).organizations]


def outcome_count(app, places):
    with app.app_context():
        return len(db.session.get(Meeting, places["held"]).outcomes)


# path, form data, who may press it, what signed-in others get, what changes, the URL rule it stands for.
BUTTONS = [
    ("/en/meetings/{scheduled}/state/held", {}, (OFFICER,), 403, meeting_state, "held",
     "/<lang:lang>/meetings/<int:meeting_id>/state/<any(scheduled, held, closed, cancelled):target>"),
    ("/en/meetings/{scheduled}/agenda", {"title_en": "Any other business"}, (OFFICER,), 403, agenda_length, 3, None),
    ("/en/meetings/{scheduled}/agenda/{agenda_item}/delete", {}, (OFFICER,), 403, agenda_length, 1,
     "/<lang:lang>/meetings/<int:meeting_id>/agenda/<int:item_id>/<any(up, down, delete):change>"),
    ("/en/meetings/{held}/attendance", {"organizations": "{partner}"}, (OFFICER,), 403, attendance, [True], None),
    ("/en/minutes/{minutes}/circulated", {}, (OFFICER,), 403, minutes_state, "circulated",
     "/<lang:lang>/minutes/<int:minutes_id>/<any(circulated, approved):target>"),
    ("/en/meetings/{held}/outcomes", {"kind": "decision", "text_en": "Adopted", "priority": "normal"}, (OFFICER,), 403,
     outcome_count, 1, None),
    # Members of other organizations are told there is no such item; the partner's viewer may only read it.
    ("/en/action-items/{item}/progress", {"new_state": "in_progress", "comment": "Started"}, (EDITOR, OFFICER),
     {MEMBER: 404, VIEWER: 403, OTHER: 404}, item_state, "in_progress", None),
    ("/en/action-items/{completed}/verified", {"comment": ""}, (OFFICER,), 403, completed_state, "verified",
     "/<lang:lang>/action-items/<int:item_id>/<any(verified, cancelled):target>"),
]


def press(app, kind, path, data: dict):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    return client.post(path, data={"csrf_token": token, **data})


@pytest.mark.parametrize(("path", "data", "allowed", "refused", "observe", "after", "_rule"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_meeting_button_permissions(app, places, kind, path, data, allowed, refused, observe, after, _rule):
    before = observe(app, places)
    response = press(app, kind, path.format(**places), {name: value.format(**places) for name, value in data.items()})
    if kind in allowed:
        assert response.status_code == 302 and observe(app, places) == after
        return
    assert observe(app, places) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == (refused[kind] if isinstance(refused, dict) else refused)


TRIED_RULES = {rule for *_button, rule in BUTTONS if rule} | {
    "/<lang:lang>/meetings/<int:meeting_id>/minutes/<any(ar, en, fr):language>",  # tried as /minutes/ar in ROUTES
    "/<lang:lang>/meetings/<int:meeting_id>/minutes/<any(ar, en, fr):language>.pdf",  # as /minutes/fr.pdf in ROUTES
    "/api/v1/action-items", "/api/v1/action-items/<int:item_id>",  # tests/test_meetings.py, test_openapi.py
}
