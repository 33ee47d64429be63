"""Who may open each projects and matching page, and press each button, tried from the outside."""
import pytest

from tests.conftest import csrf_token
from tests.test_projects import DONOR, EDITOR, OFFICER, OUTSIDER, OWNER, VIEWER, client_for, world  # noqa: F401

VISITOR = None
PEOPLE = (VISITOR, OUTSIDER, VIEWER, EDITOR, OWNER, DONOR, OFFICER)
LOGIN = "login"


def expect(allowed):
    return {kind: 200 if kind in allowed else (LOGIN if kind is VISITOR else 403) for kind in PEOPLE}


ROUTES = [
    ("/en/projects/", expect(PEOPLE)),
    ("/en/projects/{school}", expect(PEOPLE)),
    ("/en/projects/new", expect((OFFICER,))),
    ("/en/projects/{school}/edit", expect((OFFICER,))),
    ("/en/officer/matching", expect((OFFICER,))),
    ("/api/v1/projects", expect(PEOPLE)),
    ("/api/v1/projects/{school}", expect(PEOPLE)),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE)
def test_project_page_permissions(app, world, kind, path, expected):  # noqa: F811
    response = client_for(app, kind).get(path.format(**world))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def press(app, kind, path, **data):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    return client.post(path, data={"csrf_token": token, **data})


# Buttons: who may press them; anyone else is sent to sign in (visitor) or refused (403).
BUTTONS = [
    ("/en/projects/{school}/state/ongoing", {}, (OFFICER,)),
    ("/en/officer/matches", {"need_id": "{need}", "project_id": "{school}"}, (OFFICER,)),
    ("/en/projects/{school}/pledges", {"organization_id": "{donor_org}", "amount": "100", "currency": "USD"},
     (DONOR, OWNER, EDITOR)),
]


@pytest.mark.parametrize(("path", "data", "allowed"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE)
def test_project_button_permissions(app, world, kind, path, data, allowed):  # noqa: F811
    response = press(app, kind, path.format(**world), **{key: value.format(**world) for key, value in data.items()})
    if kind in allowed:
        assert response.status_code == 302 and "/login" not in response.headers["Location"]
    elif kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.fixture
def proposed(app, world):  # noqa: F811
    press(app, OFFICER, "/en/officer/matches", need_id=str(world["need"]), project_id=str(world["school"]))
    from portal.extensions import db
    from portal.projects.models import Match

    with app.app_context():
        return db.session.scalars(db.select(Match.id)).one()


# A match is seen by officers and the need's organization (others get 404, as if it did not
# exist); its organization's editors and owners answer it; officers move it on.
MATCH_BUTTONS = [
    ("accept", (EDITOR, OWNER)),
    ("decline", (EDITOR, OWNER)),
    ("cancel", (OFFICER,)),
]


@pytest.mark.parametrize(("action", "allowed"), MATCH_BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE)
def test_match_button_permissions(app, world, proposed, kind, action, allowed):  # noqa: F811
    response = press(app, kind, f"/en/matches/{proposed}/{action}", reason="Not now")
    if kind in allowed:
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/en/needs/{world['need']}")
    elif kind is VISITOR:
        assert "/login" in response.headers["Location"]
    elif kind in (DONOR, OUTSIDER):
        assert response.status_code == 404
    else:
        assert response.status_code == 403
