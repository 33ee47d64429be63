"""The API's writes: tokens, validation, permissions, optimistic locking."""
import pytest
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.needs import services as needs_services
from portal.needs.models import Need, Priority
from tests.api_helpers import assert_documented, auth
from tests.conftest import sign_in, submit
from tests.needs_helpers import load_need, make_need
from tests.organizations_helpers import add_member, make_organization


def new_token(app, email) -> str:
    client = app.test_client()
    sign_in(client, email)
    html = submit(client, "/en/account", {"name": "import script"}, action="/en/account/tokens").get_data(as_text=True)
    return html.split('class="user-select-all">')[1].split("<")[0]


@pytest.fixture
def world(app, make_user):
    editor = make_user(email="editor@example.org")
    outsider = make_user(email="outsider@example.org")
    organization = make_organization(app, editor, state="verified")
    ministry = make_organization(app, editor, state="verified", kind="endowment_ministry", names={"en": "Ministry"},
                                 registration_number="m", country_code="SO")
    other = make_organization(app, outsider, state="verified", names={"en": "Other"}, registration_number="o")
    return {"editor": editor, "outsider": outsider, "organization": organization, "ministry": ministry, "other": other,
            "token": new_token(app, "editor@example.org"), "outsider_token": new_token(app, "outsider@example.org")}


def body(**overrides):
    value = {
        "title": {"ar": "مكتبة مدرسية", "en": "A school library"},
        "description": {"en": "Books and shelves for 600 pupils."},
        "country": "SO",
        "area": "Kismayo",
        "subsectors": ["manuscripts_libraries"],
        "beneficiary_groups": ["children"],
        "beneficiary_count": 600,
        "urgency": "medium",
        "cost": {"amount": "9200.50", "currency": "MAD"},
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
    }
    value.update(overrides)
    return value


def count_needs(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Need))


def test_a_token_posts_a_draft_need(app, client, world):
    response = client.post("/api/v1/needs", json=body(organization_id=world["organization"]), headers=auth(world["token"]))
    assert response.status_code == 201
    created = assert_documented(response, "/needs", "post")
    assert response.headers["Location"] == f"/api/v1/needs/{created['id']}"
    assert created["status"] == "draft" and created["cost"]["usd"] == "1000.05"
    assert load_need(app, created["id"]).author_id == world["editor"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("not json", 400),
        ([1, 2], 400),
        (body(), 422),  # no organization_id
        (body(organization_id=0, urgency="soon"), 422),
        (body(organization_id=0, cost={"amount": "12,5", "currency": "USD"}), 422),
        (body(organization_id=0, start_date="31/12/2027"), 422),
        (body(organization_id=0, unexpected="field"), 422),
        (body(organization_id=0, title={}), 422),
    ],
)
def test_bad_input_gets_problem_json_and_changes_nothing(app, client, world, payload, status):
    if isinstance(payload, dict) and payload.get("organization_id") == 0:
        payload["organization_id"] = world["organization"]
    kwargs = {"data": payload, "content_type": "application/json"} if isinstance(payload, str) else {"json": payload}
    response = client.post("/api/v1/needs", headers=auth(world["token"]), **kwargs)
    assert response.status_code == status
    assert_documented(response, "/needs", "post")
    assert count_needs(app) == 0


@pytest.mark.parametrize(
    "overrides",
    [{"country": "QQ"}, {"subsectors": ["nonsense"]}, {"beneficiary_groups": ["aliens"]},
     {"end_date": "2026-01-01"}, {"cost": {"amount": "10", "currency": "XXX"}}],
)
def test_unknown_references_get_422(app, client, world, overrides):
    response = client.post("/api/v1/needs", json=body(organization_id=world["organization"], **overrides), headers=auth(world["token"]))
    assert response.status_code == 422 and response.get_json()["errors"]
    assert count_needs(app) == 0


def test_no_token_or_a_revoked_token_gets_401(app, client, world):
    assert client.post("/api/v1/needs", json=body(organization_id=world["organization"])).status_code == 401
    editor = app.test_client()
    sign_in(editor, "editor@example.org")
    from portal.accounts.models import ApiToken

    with app.app_context():
        token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == world["editor"]))
    submit(editor, "/en/account", {}, action=f"/en/account/tokens/{token_id}/revoke")
    response = client.post("/api/v1/needs", json=body(organization_id=world["organization"]), headers=auth(world["token"]))
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert count_needs(app) == 0


def test_another_organizations_token_gets_403(app, client, world):
    response = client.post("/api/v1/needs", json=body(organization_id=world["organization"]), headers=auth(world["outsider_token"]))
    assert response.status_code == 403
    need_id = make_need(app, world["organization"], world["editor"], state="published")
    response = client.patch(f"/api/v1/needs/{need_id}", json={"version": 1, "urgency": "low"}, headers=auth(world["outsider_token"]))
    assert response.status_code == 403
    assert count_needs(app) == 1


def test_a_viewer_token_cannot_post(app, client, world, make_user):
    viewer = make_user(email="viewer@example.org")
    add_member(app, world["organization"], viewer, "viewer")
    response = client.post("/api/v1/needs", json=body(organization_id=world["organization"]), headers=auth(new_token(app, "viewer@example.org")))
    assert response.status_code == 403


def test_patch_checks_the_version(app, client, world):
    need_id = make_need(app, world["organization"], world["editor"], state="draft")
    version = client.get(f"/api/v1/needs/{need_id}", headers=auth(world["token"]))
    current = load_need(app, need_id).version
    first = client.patch(f"/api/v1/needs/{need_id}", json={"version": current, "urgency": "critical"}, headers=auth(world["token"]))
    assert first.status_code == 200 and first.get_json()["urgency"] == "critical"
    stale = client.patch(f"/api/v1/needs/{need_id}", json={"version": current, "urgency": "low"}, headers=auth(world["token"]))
    assert stale.status_code == 409 and stale.get_json()["current_version"] == current + 1
    assert load_need(app, need_id).urgency == "critical"
    assert version.status_code == 404  # drafts are not in the public GET


def test_patch_refuses_a_published_need_with_409(app, client, world):
    need_id = make_need(app, world["organization"], world["editor"], state="published")
    current = load_need(app, need_id).version
    response = client.patch(f"/api/v1/needs/{need_id}", json={"version": current, "urgency": "low"}, headers=auth(world["token"]))
    assert response.status_code == 409


def test_a_stale_row_that_escapes_the_rules_is_a_409_not_a_500(app, client, world, monkeypatch):
    need_id = make_need(app, world["organization"], world["editor"], state="draft")
    current = load_need(app, need_id).version

    def raced(*arguments):
        raise StaleDataError("UPDATE statement on table 'needs' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(needs_services, "update_need", raced)
    response = client.patch(f"/api/v1/needs/{need_id}", json={"version": current, "urgency": "low"},
                            headers=auth(world["token"]))
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert "changed by someone else" in response.get_json()["detail"]


def test_a_ministry_posts_a_priority_for_its_country(app, client, world):
    response = client.post(
        "/api/v1/priorities",
        json={"organization_id": world["ministry"], "title": {"ar": "محو الأمية"}, "subsector": "literacy_non_formal",
              "rank": 1, "period_start": 2026, "period_end": 2028},
        headers=auth(world["token"]),
    )
    assert response.status_code == 201
    assert response.get_json()["country"] == "SO"
    refused = client.post(
        "/api/v1/priorities",
        json={"organization_id": world["organization"], "title": {"en": "X"}, "subsector": "literacy_non_formal",
              "rank": 1, "period_start": 2026, "period_end": 2028},
        headers=auth(world["token"]),
    )
    assert refused.status_code == 403  # a charity is not a ministry
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Priority)) == 1
