"""A session ends for good: once its owner signs out, changes or resets the password, or an
administrator deactivates the account, a copy of the session cookie or of the remember-me cookie
taken before opens nothing, whoever holds it."""
import pytest

from portal.accounts.models import ApiToken, User
from portal.extensions import db
from tests.conftest import PASSWORD, csrf_token, link_in, outbox, sign_in, submit
from tests.test_administration import ADMIN_EMAIL, press

NEW_PASSWORD = "another rather long passphrase"
VICTIM = "victim@example.org"


def is_signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def copied(app, client, cookie: str):
    """Another browser holding only a copy of one of `client`'s cookies."""
    thief = app.test_client()
    thief.set_cookie(cookie, client.get_cookie(cookie).value)
    return thief


def sign_out(app, client) -> None:
    assert submit(client, "/en/", {}, action="/en/logout").status_code == 302


def change_password(app, client) -> None:
    response = submit(
        client,
        "/en/account",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        action="/en/account/password",
    )
    assert response.status_code == 302


def reset_password(app, client) -> None:
    visitor = app.test_client()
    submit(visitor, "/en/password/forgot", {"email": VICTIM})
    link = link_in(outbox(app, VICTIM)[-1])
    response = submit(visitor, link, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.headers["Location"] == "/en/login"


def deactivate(app, client) -> None:
    administrator = app.test_client()
    sign_in(administrator, ADMIN_EMAIL)
    press(administrator, victim_id(app), "deactivate")


def victim_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email == VICTIM))


ENDINGS = [sign_out, change_password, reset_password, deactivate]


@pytest.fixture
def victim(app, make_user):
    make_user(ADMIN_EMAIL, role="admin", name="Amina Admin")
    make_user(VICTIM, name="Victim")
    client = app.test_client()
    sign_in(client, VICTIM, remember=True)
    assert client.get_cookie("session") and client.get_cookie("remember_token")
    return client


@pytest.mark.parametrize("ending", ENDINGS, ids=lambda ending: ending.__name__)
@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_a_copied_cookie_is_refused_once_the_session_has_ended(app, victim, ending, cookie):
    thief = copied(app, victim, cookie)
    assert is_signed_in(thief)
    stolen = copied(app, victim, cookie)
    ending(app, victim)
    assert not is_signed_in(stolen)
    assert not is_signed_in(thief)


def test_a_copied_session_cannot_create_a_token_after_sign_out(app, victim):
    thief = copied(app, victim, "session")
    token = csrf_token(thief, "/en/account")
    sign_out(app, victim)
    response = thief.post("/en/account/tokens", data={"csrf_token": token, "name": "mine now"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/login")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_signing_out_deletes_the_remember_me_cookie_of_the_browser(app, victim):
    sign_out(app, victim)
    assert victim.get_cookie("remember_token") is None
    assert not is_signed_in(victim)


def test_reactivating_an_account_does_not_bring_its_old_sessions_back(app, victim):
    stolen = copied(app, victim, "remember_token")
    deactivate(app, victim)
    administrator = app.test_client()
    sign_in(administrator, ADMIN_EMAIL)
    press(administrator, victim_id(app), "reactivate")
    assert not is_signed_in(stolen)
    assert not is_signed_in(victim)


def test_who_changes_the_password_stays_signed_in_here_and_is_still_remembered(app, victim):
    change_password(app, victim)
    assert is_signed_in(victim)
    # The session cookie gone (the browser closed), the new remember-me cookie still signs in.
    remembered = copied(app, victim, "remember_token")
    assert is_signed_in(remembered)
