"""The needs board as visitors see it, kept in Redis: served again without a query, and never
older than the last change of a need."""
import os

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs import services as needs_services
from tests.conftest import sign_in
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.test_organization_directory import count_queries

BOARD = "/en/needs/?country=SO"


def _redis_url() -> str:
    # A database per xdist worker, so that parallel tests never share a generation counter.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{8 + int(worker.removeprefix('gw')) % 8}"


@pytest.fixture
def cached_app(app):
    url = _redis_url()
    redis = Redis.from_url(url)
    try:
        redis.flushdb()
    except RedisConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    app.config["REDIS_URL"] = url
    app.extensions.pop("portal.redis", None)
    yield app
    app.config["REDIS_URL"] = ""
    app.extensions.pop("portal.redis", None)
    redis.flushdb()


@pytest.fixture
def published_need(app, make_user):
    owner = make_user(email="owner@example.org")
    organization = make_organization(app, owner, state="verified")
    return make_need(app, organization, owner, state="published")


def _publish(app, need_id, officer_id):
    with app.app_context():
        needs_services.publish(need_id, db.session.get(User, officer_id))


def test_a_visitor_is_served_the_kept_board_without_a_query(cached_app, client, published_need):
    first = client.get(BOARD).get_data(as_text=True)
    assert "Repair a school in Baidoa" in first
    assert count_queries(cached_app, BOARD, client) == 0
    assert client.get(BOARD).get_data(as_text=True) == first


def test_a_published_need_shows_on_the_next_visit(cached_app, client, make_user, published_need):
    owner_id = make_user(email="second-owner@example.org")
    officer_id = make_user(email="officer@example.org", role="officer")
    other = make_organization(cached_app, owner_id, state="verified", registration_number="SO-2",
                              website="https://other.example.org")
    waiting = make_need(cached_app, other, owner_id, state="submitted", title=TranslatedText.build({"en": "Wells for Kismayo"}))
    assert "Wells for Kismayo" not in client.get(BOARD).get_data(as_text=True)

    _publish(cached_app, waiting, officer_id)

    assert "Wells for Kismayo" in client.get(BOARD).get_data(as_text=True)


def test_a_withdrawn_need_leaves_the_kept_board_at_once(cached_app, client, make_user, published_need):
    with cached_app.app_context():
        owner = db.session.scalar(db.select(User).where(User.email == "owner@example.org"))
        assert "Repair a school in Baidoa" in client.get(BOARD).get_data(as_text=True)
        needs_services.withdraw(published_need, owner)

    assert "Repair a school in Baidoa" not in client.get(BOARD).get_data(as_text=True)


def test_signed_in_people_are_never_served_a_visitors_page(cached_app, client, make_user, published_need):
    client.get(BOARD)
    make_user(email="officer@example.org", role="officer")
    sign_in(client, "officer@example.org")

    page = client.get(BOARD).get_data(as_text=True)

    # Officers may list needs in the states the public board hides; visitors are not offered them.
    assert 'value="submitted"' in page
    assert count_queries(cached_app, BOARD, client) > 0


def test_languages_and_queries_are_kept_apart(cached_app, client, published_need):
    english = client.get(BOARD).get_data(as_text=True)
    arabic = client.get("/ar/needs/?country=SO").get_data(as_text=True)
    elsewhere = client.get("/en/needs/?country=AF").get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in arabic and '<html lang="en" dir="ltr">' in english
    assert "Repair a school in Baidoa" in english and "Repair a school in Baidoa" not in elsewhere


def test_the_board_renders_when_redis_is_unreachable(app, client, published_need):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app.extensions.pop("portal.redis", None)
    try:
        response = client.get(BOARD)
    finally:
        app.config["REDIS_URL"] = ""
        app.extensions.pop("portal.redis", None)
    assert response.status_code == 200
    assert "Repair a school in Baidoa" in response.get_data(as_text=True)



def _kept_pages(url: str) -> int:
    return sum(1 for _key in Redis.from_url(url).scan_iter("pagecache:*:*"))


def test_made_up_query_strings_keep_no_more_pages(cached_app, client, published_need):
    junk = []
    for index in range(1000):
        junk.append([
            f"/en/needs/?utm_source=mail{index}",  # a parameter the board does not read
            f"/en/needs/?country=SO&ref={index}",
            f"/en/needs/?q=&country=SO&field=&n{index}=",
            f"/en/needs/?country=SO&sort=nonsense{index}",  # an unknown order is the default one
            f"/en/needs/?country={index}",  # a country no need is in: a page listing nothing
            f"/en/needs/?country=SO&page={index + 2}",  # past the last page
        ][index % 6])
    junk += ["/en/needs/?country=SO", "/en/needs/?country=SO&sort=urgency&q=", "/en/needs/?page=1&country=SO"]

    for url in junk:
        assert client.get(url).status_code == 200

    # The one page all of these show with a need on it: the board of Somalia.
    assert _kept_pages(_redis_url()) == 1
    assert "Repair a school in Baidoa" in client.get("/en/needs/?sort=urgency&country=SO").get_data(as_text=True)
    assert count_queries(cached_app, "/en/needs/?country=SO&q=", client) == 0
