"""Who may open each forum page and press each forum button, tried from the outside."""
import pytest

from portal.extensions import db
from portal.forum.models import Edition, Registration, Session, SessionSignup
from tests.conftest import csrf_token
from tests.forum_helpers import make_edition, make_session, register, with_passport
from tests.test_forum import client_for

VISITOR, MEMBER, PARTICIPANT, OFFICER = None, "member", "participant", "officer"
PEOPLE = (VISITOR, MEMBER, PARTICIPANT, OFFICER)
LOGIN, MISSING = "login", 404


@pytest.fixture
def forum(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (MEMBER, PARTICIPANT, OFFICER)}
    edition = make_edition(app, ids[OFFICER], approve_automatically=True)
    with app.app_context():
        day = db.session.get(Edition, edition).start_date
    world = {
        "edition": edition,
        "open_edition": make_edition(app, ids[OFFICER]),
        "draft_edition": make_edition(app, ids[OFFICER], state="draft"),
        "session": make_session(app, ids[OFFICER], edition, day, 10),
        "workshop": make_session(app, ids[OFFICER], edition, day, 15, capacity=5, kind="workshop"),
        "registration": register(app, ids[PARTICIPANT], edition, **with_passport()),
    }
    world["pending_registration"] = register(app, make_user(email="applicant@example.org"), world["open_edition"])
    return world


def expect(allowed, refused=403):
    return {kind: 200 if kind in allowed else (LOGIN if kind is VISITOR else refused) for kind in PEOPLE}


EVERYONE = expect(PEOPLE)
OFFICERS = expect((OFFICER,))
OWN = expect((PARTICIPANT, OFFICER), refused=MISSING)

ROUTES = [
    ("/en/forum/", EVERYONE),
    ("/en/forum/{edition}", EVERYONE),
    ("/en/forum/{draft_edition}", {kind: 200 if kind == OFFICER else MISSING for kind in PEOPLE}),
    ("/en/forum/{edition}/programme", EVERYONE),
    ("/en/forum/{draft_edition}/programme", {kind: 200 if kind == OFFICER else MISSING for kind in PEOPLE}),
    ("/en/forum/{edition}/programme.ics", EVERYONE),
    ("/en/forum/{edition}/participants", EVERYONE),
    ("/en/forum/{open_edition}/register", expect((MEMBER, PARTICIPANT, OFFICER))),
    ("/en/forum/new", OFFICERS),
    ("/en/forum/{edition}/edit", OFFICERS),
    ("/en/forum/{edition}/sessions/new", OFFICERS),
    ("/en/forum/sessions/{session}/edit", OFFICERS),
    ("/en/forum/{edition}/registrations", OFFICERS),
    ("/en/forum/{edition}/check-in", OFFICERS),
    ("/en/forum/registrations/{registration}", OWN),
    ("/en/forum/registrations/{registration}/badge.pdf", OWN),
    ("/en/forum/registrations/{registration}/letter.pdf", OWN),
    ("/api/v1/forum/editions", EVERYONE),
    ("/api/v1/forum/editions/{edition}/sessions", EVERYONE),
]

# Rules whose paths carry a choice (<any(…)>) or an extension, tried here under their own paths.
OTHER_ROUTES = [
    ("/en/forum/sessions/{session}.ics", EVERYONE, "/<lang:lang>/forum/sessions/<int:session_id>.ics"),
    ("/en/forum/{edition}/registrations.csv", OFFICERS,
     "/<lang:lang>/forum/<int:edition_id>/registrations.<any(csv, xlsx):extension>"),
    ("/en/forum/{edition}/registrations.xlsx", OFFICERS,
     "/<lang:lang>/forum/<int:edition_id>/registrations.<any(csv, xlsx):extension>"),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES + [(path, expected) for path, expected, _rule in OTHER_ROUTES])
@pytest.mark.parametrize("kind", PEOPLE)
def test_forum_page_permissions(app, forum, kind, path, expected):
    response = client_for(app, kind).get(path.format(**forum))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def press(app, kind, path, **data):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    return client.post(path, data={"csrf_token": token, **data})


def registration_state(app, forum):
    with app.app_context():
        return db.session.get(Registration, forum["registration"]).state


def edition_state(app, forum):
    with app.app_context():
        return db.session.get(Edition, forum["edition"]).state


def sessions_left(app, forum):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Session))


def seats_taken(app, forum):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(SessionSignup))


def pending_state(app, forum):
    with app.app_context():
        return db.session.get(Registration, forum["pending_registration"]).state


# path, form data, who may press it, what others get when signed in, what changes when the
# allowed press it, and the URL rule when the path stands for a rule with a choice in it.
BUTTONS = [
    ("/en/forum/{edition}/state/registration_closed", {}, (OFFICER,), 403, edition_state, "registration_closed",
     "/<lang:lang>/forum/<int:edition_id>/state/<any(registration_open, registration_closed, held, archived):target>"),
    ("/en/forum/sessions/{session}/delete", {}, (OFFICER,), 403, sessions_left, 1, None),
    ("/en/forum/registrations/{registration}/cancel", {}, (PARTICIPANT, OFFICER), 404, registration_state, "cancelled",
     None),
    ("/en/forum/registrations/{pending_registration}/reject", {"reason": "Not this time"}, (OFFICER,), 403, pending_state, "rejected",
     None),
    ("/en/forum/registrations/{pending_registration}/approve", {}, (OFFICER,), 403, pending_state, "approved",
     "/<lang:lang>/forum/registrations/<int:registration_id>/<any(approve, waitlist):decision>"),
    # Anyone signed in may ask; only an approved participant of the edition gets the seat.
    ("/en/forum/sessions/{workshop}/signup", {}, (PARTICIPANT,), 302, seats_taken, 1,
     "/<lang:lang>/forum/sessions/<int:session_id>/<any(signup, leave):action>"),
]


@pytest.mark.parametrize(("path", "data", "allowed", "refused", "observe", "after", "_rule"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE)
def test_forum_button_permissions(app, forum, kind, path, data, allowed, refused, observe, after, _rule):
    before = observe(app, forum)
    response = press(app, kind, path.format(**forum), **data)
    if kind in allowed:
        assert response.status_code == 302 and observe(app, forum) == after
        return
    assert observe(app, forum) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == refused


TRIED_RULES = {rule for _path, _expected, rule in OTHER_ROUTES} | {
    rule for *_button, rule in BUTTONS if rule
}
