import pytest

from portal.extensions import db
from portal.needs.models import Priority
from tests.conftest import csrf_token, sign_in, submit
from tests.organizations_helpers import add_member, make_organization


@pytest.fixture
def ministry(app, make_user):
    owner = make_user(email="minister@example.org")
    organization = make_organization(app, owner, state="verified", kind="endowment_ministry",
                                      names={"ar": "وزارة الأوقاف", "en": "Ministry of Awqaf"}, country_code="YE")
    return {"owner": owner, "organization": organization}


def post_priority(client, organization_id, **overrides):
    data = {"organization_id": str(organization_id), "title_ar": "محو أمية النساء", "title_en": "", "title_fr": "",
            "subsector_code": "literacy_non_formal", "rank": "1", "period_start": "2026", "period_end": "2028"}
    data.update(overrides)
    return submit(client, "/en/priorities", data)


def test_a_ministry_posts_ranks_and_archives_priorities_shown_on_its_country_page(app, client, ministry):
    sign_in(client, "minister@example.org")
    post_priority(client, ministry["organization"])
    post_priority(client, ministry["organization"], title_ar="ترميم المخطوطات", subsector_code="manuscripts_libraries", rank="2")
    page = client.get("/ar/countries/YE").get_data(as_text=True)
    assert page.index("محو أمية النساء") < page.index("ترميم المخطوطات")
    with app.app_context():
        first, second = db.session.scalars(db.select(Priority.id).order_by(Priority.id)).all()
    token = csrf_token(client, "/en/priorities")
    client.post(f"/en/priorities/{first}/rank", data={"rank": "5", "csrf_token": token})
    page = client.get("/ar/countries/YE").get_data(as_text=True)
    assert page.index("ترميم المخطوطات") < page.index("محو أمية النساء")
    client.post(f"/en/priorities/{second}/archive", data={"csrf_token": token})
    assert "ترميم المخطوطات" not in client.get("/ar/countries/YE").get_data(as_text=True)


def test_a_charity_cannot_post_priorities(app, client, make_user, ministry):
    charity = make_user(email="charity@example.org")
    make_organization(app, charity, state="verified", registration_number="c")
    sign_in(client, "charity@example.org")
    assert client.get("/en/priorities").status_code == 302
    token = csrf_token(client, "/en/account")
    post = client.post("/en/priorities", data={"csrf_token": token, "organization_id": str(ministry["organization"])})
    assert post.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Priority)) == 0


def test_a_viewer_of_the_ministry_cannot_change_its_priorities(app, client, make_user, ministry):
    minister = app.test_client()
    sign_in(minister, "minister@example.org")
    post_priority(minister, ministry["organization"])
    viewer = make_user(email="viewer@example.org")
    add_member(app, ministry["organization"], viewer, "viewer")
    sign_in(client, "viewer@example.org")
    with app.app_context():
        priority_id = db.session.scalar(db.select(Priority.id))
    response = client.post(f"/en/priorities/{priority_id}/archive", data={"csrf_token": csrf_token(client, "/en/account")})
    assert response.status_code == 403


def test_a_token_is_shown_once_and_stored_hashed(app, client, make_user):
    make_user(email="dev@example.org")
    sign_in(client, "dev@example.org")
    html = submit(client, "/en/account", {"name": "nightly import"}, action="/en/account/tokens").get_data(as_text=True)
    secret = html.split('class="user-select-all">')[1].split("<")[0]
    assert secret.startswith("isp_") and len(secret) > 40
    again = client.get("/en/account").get_data(as_text=True)
    assert secret not in again and "nightly import" in again and secret[:10] in again
    from portal.accounts.models import ApiToken

    with app.app_context():
        stored = db.session.scalar(db.select(ApiToken))
        assert secret not in (stored.token_hash, stored.prefix)


def test_a_deactivated_users_token_stops_working_at_once(app, client, make_user):
    from portal.accounts.models import User
    from tests.test_api_writes import new_token

    user_id = make_user(email="leaver@example.org")
    token = new_token(app, "leaver@example.org")
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    response = client.post("/api/v1/priorities", json={}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
