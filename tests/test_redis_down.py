"""Redis is a cache and a queue, not the record: with Redis unreachable, as production configures
it (rate-limit counters, visitors' pages and the job queue all on REDIS_URL), every page still
works, the rate limits still hold in memory, mail still leaves, and /healthz says "degraded"."""
import pytest

from portal.core.mail import MessageState
from portal.core.redisclient import PAUSE_AFTER_FAILURE_SECONDS
from tests.app_helpers import another_app, closed_port
from tests.conftest import PASSWORD, link_in, outbox, sign_in, submit
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.test_accounts import NEW_PASSWORD, is_signed_in, register, request_reset
from tests.test_discussion import PARTICIPANT, people  # noqa: F401  (a fixture)

TOO_MANY = "Too many attempts. Please wait a moment and try again."


@pytest.fixture
def down_app(app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.setenv("JOBS_BACKEND", "rq")
    with another_app(app) as down:
        yield down


def test_production_puts_the_limiters_counters_on_redis(down_app):
    assert down_app.config["RATELIMIT_STORAGE_URI"] == down_app.config["REDIS_URL"].strip()
    assert down_app.config["JOBS_BACKEND"] == "rq"


def test_registration_sign_in_and_passwords_work_without_redis(down_app):
    client = down_app.test_client()
    assert register(client, email="hodan@example.org").status_code == 302
    [confirmation] = outbox(down_app, "hodan@example.org")
    # The queue cannot be reached: the mail left at once instead of waiting for a worker.
    assert confirmation.state == MessageState.SENT
    client.get(link_in(confirmation))
    assert sign_in(client, "hodan@example.org").status_code == 302 and is_signed_in(client)

    response = submit(client, "/en/account", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                              "confirm_password": NEW_PASSWORD}, action="/en/account/password")
    assert response.headers["Location"] == "/en/account" and is_signed_in(client)

    stranger = down_app.test_client()
    assert request_reset(stranger, "hodan@example.org").status_code == 302
    reset_mail = outbox(down_app, "hodan@example.org")[-1]
    response = submit(stranger, link_in(reset_mail), {"password": PASSWORD, "confirm_password": PASSWORD})
    assert response.headers["Location"] == "/en/login"
    assert sign_in(stranger, "hodan@example.org").status_code == 302


def test_the_board_and_the_discussion_work_without_redis(down_app, make_user, people):  # noqa: F811
    owner = make_user(email="owner@example.org")
    make_need(down_app, make_organization(down_app, owner, state="verified"), owner, state="published")
    visitor = down_app.test_client()
    for _ in range(2):
        response = visitor.get("/en/needs/?country=SO")
        assert response.status_code == 200 and "Repair a school in Baidoa" in response.get_data(as_text=True)

    participant = down_app.test_client()
    sign_in(participant, f"{PARTICIPANT}@example.org")
    response = submit(participant, f"/en/forum/themes/{people['theme']}/threads/new",
                      {"title": "Sharing school meals", "body": "Could our kitchens cook for three schools?"})
    assert response.status_code == 302
    assert "Could our kitchens cook" in participant.get(response.headers["Location"]).get_data(as_text=True)


def test_healthz_says_degraded_and_which_service_is_down(down_app):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "database": "ok", "redis": "unreachable"}


def test_the_sign_in_limit_still_holds_in_memory(down_app):
    client = down_app.test_client()
    for index in range(10):
        assert sign_in(client, f"user{index}@example.org", password="guess guess guess").status_code == 200
    response = sign_in(client, "user99@example.org", password="guess guess guess")
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)


def test_after_a_failure_pages_leave_redis_alone_for_a_while(down_app, monkeypatch):
    client = down_app.test_client()
    client.get("/en/needs/")
    link = down_app.extensions["portal.redis"]
    calls = []
    monkeypatch.setattr(link.client, "execute_command", lambda *args, **kwargs: calls.append(args))

    for _ in range(5):
        assert client.get("/en/needs/").status_code == 200
    assert calls == []

    monkeypatch.setattr(link, "paused_until", link.paused_until - PAUSE_AFTER_FAILURE_SECONDS)
    client.get("/en/needs/")
    assert calls, "Redis is asked again once the pause is over"


def test_healthz_answers_ok_with_redis_up(app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    with another_app(app) as up:
        answer = up.test_client().get("/healthz").get_json()
    if answer.get("redis") == "unreachable":
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    assert answer == {"status": "ok", "database": "ok", "redis": "ok"}

