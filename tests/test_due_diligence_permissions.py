"""Who may use each due diligence route: flags are internal to officers, whatever one tries; the
pledge API is for the editors and owners of the organization."""
import pytest

from portal.core.uploads import upload_dir
from portal.duediligence.models import RiskFlag
from portal.extensions import db
from portal.projects.models import Pledge
from tests.api_helpers import api_token, auth
from tests.conftest import csrf_token, sign_in
from tests.duediligence_helpers import make_flag
from tests.needs_helpers import make_need
from tests.organizations_helpers import FILES, add_member, make_organization
from tests.projects_helpers import make_project

# MEMBER belongs to no organization; VIEWER and OWNER to the flagged one.
VISITOR, MEMBER, VIEWER, OWNER, OFFICER = None, "member", "viewer", "owner", "officer"
PEOPLE = (VISITOR, MEMBER, VIEWER, OWNER, OFFICER)
REASON = "Funds diverted to a director"


@pytest.fixture
def world(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in PEOPLE if kind}
    organization = make_organization(app, ids[OWNER], state="verified")
    add_member(app, organization, ids[VIEWER], "viewer")
    flag = make_flag(app, organization, ids[OFFICER], "red", reason=REASON)
    with app.app_context():
        (upload_dir() / "flag-evidence.pdf").write_bytes((FILES / "registration.pdf").read_bytes())
        row = db.session.get(RiskFlag, flag)
        row.evidence_name, row.evidence_original_name = "flag-evidence.pdf", "letter.pdf"
        db.session.commit()
    return {**ids, "organization": organization, "flag": flag, "project": make_project(app, ids[OFFICER]),
            "need": make_need(app, organization, ids[OWNER], state="published")}


def client_for(app, kind):
    client = app.test_client()
    if kind:
        sign_in(client, f"{kind}@example.org")
    return client


def answer_is_refused(response, kind):
    if kind is VISITOR:
        return response.status_code == 302 and "/login" in response.headers["Location"]
    return response.status_code == 403


PAGES = [
    "/en/due-diligence/flags",
    "/en/due-diligence/flags?severity=red&state=open&category=integrity",
    "/en/due-diligence/flags/{flag}/evidence",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_only_officers_open_the_flags_pages(app, world, kind, path):
    response = client_for(app, kind).get(path.format(**world))
    if kind == OFFICER:
        assert response.status_code == 200
    else:
        assert answer_is_refused(response, kind)
        assert REASON not in response.get_data(as_text=True)


def flag_state(app, world):
    with app.app_context():
        flags = db.session.scalars(db.select(RiskFlag).order_by(RiskFlag.id)).all()
        return [(flag.severity, flag.state) for flag in flags]


# path, form data, what the flags are after an officer presses it.
BUTTONS = [
    ("/en/due-diligence/organizations/{organization}/flags",
     {"category": "financial", "severity": "observation", "reason": "Late accounts"}, [("red", "open"), ("observation", "open")]),
    ("/en/due-diligence/flags/{flag}/clear", {"comment": "Unfounded"}, [("red", "cleared")]),
    ("/en/due-diligence/flags/{flag}/confirm", {"comment": "Confirmed by the bank"}, [("red", "confirmed")]),
]


@pytest.mark.parametrize(("path", "data", "after"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_only_officers_raise_clear_and_confirm_flags(app, world, kind, path, data, after):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    response = client.post(path.format(**world), data={"csrf_token": token, **data})
    if kind == OFFICER:
        assert response.status_code == 302 and flag_state(app, world) == after
    else:
        assert answer_is_refused(response, kind) and flag_state(app, world) == [("red", "open")]


def test_flags_on_an_organization_that_does_not_exist_or_a_flag_that_does_not(app, world):
    officer = client_for(app, OFFICER)
    token = csrf_token(officer, "/en/account")
    assert officer.post("/en/due-diligence/organizations/999999/flags",
                        data={"csrf_token": token, "category": "integrity", "severity": "red", "reason": "x"}).status_code == 404
    assert officer.post("/en/due-diligence/flags/999999/clear", data={"csrf_token": token, "comment": "x"}).status_code == 404
    assert officer.get("/en/due-diligence/flags/999999/evidence").status_code == 404


@pytest.mark.parametrize("kind", [person for person in PEOPLE if person != OFFICER], ids=lambda kind: kind or "visitor")
def test_nothing_members_or_visitors_see_reveals_a_flag(app, world, kind):
    client = client_for(app, kind)
    organization = world["organization"]
    paths = [f"/en/organizations/{organization}", "/en/organizations/", f"/en/projects/{world['project']}",
             f"/en/needs/{world['need']}", "/en/", f"/api/v1/organizations/{organization}",
             f"/ar/organizations/{organization}"]
    if kind in (VIEWER, OWNER):
        paths.append(f"/en/organizations/{organization}/members")
    for path in paths:
        body = client.get(path).get_data(as_text=True)
        assert REASON not in body and "due-diligence" not in body and "Risk flag" not in body, path


@pytest.mark.parametrize(("kind", "status"), [(VISITOR, 401), (MEMBER, 403), (VIEWER, 403), (OWNER, 201), (OFFICER, 403)],
                         ids=lambda value: value if isinstance(value, str) else str(value))
def test_the_pledge_api_is_for_the_organizations_editors_and_owners(app, client, world, kind, status):
    with app.app_context():
        flag = db.session.get(RiskFlag, world["flag"])
        flag.state = "cleared"
        db.session.commit()
    headers = auth(api_token(app, world[kind])) if kind else {}
    response = client.post("/api/v1/pledges", headers=headers, json={
        "project_id": world["project"], "organization_id": world["organization"], "amount": "500", "currency": "USD"})
    assert response.status_code == status
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Pledge)) == (1 if status == 201 else 0)


TRIED_RULES = {
    "/<lang:lang>/due-diligence/flags",
    "/<lang:lang>/due-diligence/flags/<int:flag_id>/evidence",
    "/<lang:lang>/due-diligence/organizations/<int:organization_id>/flags",
    "/<lang:lang>/due-diligence/flags/<int:flag_id>/<any(clear, confirm):decision>",
    "/api/v1/pledges",
}
