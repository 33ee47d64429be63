"""Who may open the sanctions pages and press their buttons, tried from the outside: a visitor,
a member of no organization, a member (owner) of the screened organization, and an officer.
Screening results are for officers only: the organization's own members never see them."""
from __future__ import annotations

import pytest

from portal.duediligence.models import RiskFlag
from portal.extensions import db
from portal.sanctions.models import Screening
from tests.conftest import csrf_token
from tests.organizations_helpers import make_organization
from tests.test_forum import client_for
from tests.test_sanctions import SAMPLE

VISITOR, MEMBER, ORG_MEMBER, OFFICER = None, "member", "orgmember", "officer"
PEOPLE = (VISITOR, MEMBER, ORG_MEMBER, OFFICER)
LOGIN = "login"


@pytest.fixture
def places(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (MEMBER, ORG_MEMBER, OFFICER)}
    assert app.test_cli_runner().invoke(args=["portal", "import-sanctions", str(SAMPLE)]).exit_code == 0
    flagged = make_organization(app, ids[ORG_MEMBER], state="verified", registration_number="MA-1",
                                names={"ar": "مؤسسة السراج المنير"}, directors="Hamid Salih Al-Zubaidi")
    with app.app_context():
        first, second = db.session.scalars(db.select(RiskFlag.id).where(RiskFlag.organization_id == flagged)
                                           .order_by(RiskFlag.id)).all()
    return {"flagged": flagged, "flag": first, "other_flag": second}


OFFICERS = {VISITOR: LOGIN, MEMBER: 403, ORG_MEMBER: 403, OFFICER: 200}

ROUTES = [
    ("/en/sanctions/", OFFICERS),
    ("/en/sanctions/organizations/{flagged}", OFFICERS),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_sanctions_page_permissions(app, places, kind, path, expected):
    response = client_for(app, kind).get(path.format(**places))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def screening_count(app, places):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Screening.id)).where(Screening.organization_id == places["flagged"]))


def flag_states(app, places):
    with app.app_context():
        return db.session.scalars(db.select(RiskFlag.state).where(RiskFlag.organization_id == places["flagged"])
                                  .order_by(RiskFlag.id)).all()


# path, form data, what changes and into what for an officer
BUTTONS = [
    ("/en/sanctions/organizations/{flagged}/screen", {}, screening_count, 2),
    # Sanctions flags are decided on the sanctions page through the due diligence's route.
    ("/en/due-diligence/flags/{flag}/clear", {"comment": "Not the listed foundation.", "back": "sanctions"},
     flag_states, ["cleared", "open"]),
    ("/en/due-diligence/flags/{other_flag}/confirm", {"comment": "Same person.", "back": "sanctions"},
     flag_states, ["open", "confirmed"]),
]


@pytest.mark.parametrize(("path", "data", "observe", "after"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_sanctions_button_permissions(app, places, kind, path, data, observe, after):
    before = observe(app, places)
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    response = client.post(path.format(**places), data={"csrf_token": token, **data})
    if kind == OFFICER:
        assert response.status_code == 302 and observe(app, places) == after
        return
    assert observe(app, places) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


TRIED_RULES = {
    "/<lang:lang>/sanctions/",
    "/<lang:lang>/sanctions/organizations/<int:organization_id>",
    "/<lang:lang>/sanctions/organizations/<int:organization_id>/screen",
}
