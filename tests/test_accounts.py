from collections import Counter

import pytest
from argon2 import extract_parameters, profiles
from itsdangerous import timed

from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.core import mail
from portal.extensions import db
from tests.conftest import PASSWORD, PRODUCTION_HASHER, link_in, outbox, sign_in, submit

NEW_PASSWORD = "another rather long passphrase"


def register(client, email="new@example.org", lang="en", password=PASSWORD, name="Hodan Abdi"):
    return submit(
        client,
        f"/{lang}/register",
        {"name": name, "email": email, "password": password, "confirm_password": password},
    )


def user_by_email(app, email):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def is_signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


@pytest.mark.parametrize(
    ("lang", "subject", "confirmed_text", "welcome"),
    [
        ("en", "Confirm your email address", "Your email address is confirmed", "Welcome, Hodan Abdi."),
        ("fr", "Confirmez votre adresse électronique", "Votre adresse électronique est confirmée", "Bienvenue, Hodan Abdi."),
        ("ar", "أكِّد عنوان بريدك الإلكتروني", "تم تأكيد عنوان بريدك الإلكتروني", "مرحبًا، Hodan Abdi."),
    ],
)
def test_register_confirm_sign_in_and_out_in_each_language(app, client, lang, subject, confirmed_text, welcome):
    response = register(client, lang=lang)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/{lang}/check-your-mailbox")

    # Not yet confirmed: signing in is refused and a new link is sent.
    sign_in(client, "new@example.org", lang=lang)
    assert not is_signed_in(client)

    messages = outbox(app, "new@example.org")
    assert messages[0].subject == subject
    assert messages[0].locale == lang
    page = client.get(link_in(messages[0]), follow_redirects=True).get_data(as_text=True)
    assert confirmed_text in page

    response = sign_in(client, "new@example.org", lang=lang)
    assert response.status_code == 302
    assert welcome in client.get(f"/{lang}/").get_data(as_text=True)
    assert is_signed_in(client)

    response = submit(client, f"/{lang}/", {}, action=f"/{lang}/logout")
    assert response.status_code == 302
    assert not is_signed_in(client)


def test_registering_an_existing_address_looks_the_same_and_mails_its_owner(app, client, make_user):
    make_user(email="taken@example.org", locale="fr")
    fresh = register(client, email="fresh@example.org")
    taken = register(client, email="taken@example.org")
    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"]
    [notice] = outbox(app, "taken@example.org")
    assert notice.kind == "account_exists"
    assert notice.locale == "fr"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2


def test_registering_a_known_or_a_new_address_does_the_same_work(app, client, make_user, monkeypatch):
    """The time of the answer would tell which addresses have an account: both paths hash the
    password once and queue one mail."""
    make_user(email="taken@example.org")
    work = Counter()
    hasher = account_services._hasher

    class CountingHasher:
        def hash(self, password):
            work["password hashed"] += 1
            return hasher.hash(password)

        def __getattr__(self, name):
            return getattr(hasher, name)

    queue = mail.enqueue

    def counting_queue(*args, **kwargs):
        work["mail queued"] += 1
        return queue(*args, **kwargs)

    monkeypatch.setattr(account_services, "_hasher", CountingHasher())
    monkeypatch.setattr(mail, "enqueue", counting_queue)
    fresh = register(client, email="fresh@example.org")
    work_for_a_new_address = dict(work)
    work.clear()
    taken = register(client, email="taken@example.org")
    assert taken.headers["Location"] == fresh.headers["Location"]
    assert dict(work) == work_for_a_new_address == {"password hashed": 1, "mail queued": 1}


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("short1234", "Use at least 10 characters."),
        ("password123", "This password is too common or too easy to guess."),
        ("qwertyuiop", "This password is too common or too easy to guess."),
        ("aaaaaaaaaa", "This password is too common or too easy to guess."),
        # Strong for a stranger, weak for the person it belongs to.
        ("hodan abdi", "This password is too common or too easy to guess."),
        ("Hodan Abdi 1990", "This password is too common or too easy to guess."),
        ("new@example.org", "This password is too common or too easy to guess."),
    ],
)
def test_weak_passwords_are_refused_and_nothing_is_created(app, client, password, error):
    response = register(client, password=password)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert user_by_email(app, "new@example.org") is None
    assert outbox(app) == []


def test_password_errors_are_in_the_readers_language(client):
    response = register(client, lang="fr", password="short")
    assert "Utilisez au moins 10 caractères." in response.get_data(as_text=True)
    response = register(client, lang="ar", password="short")
    assert "استخدم 10 أحرف على الأقل." in response.get_data(as_text=True)
    response = register(client, lang="fr", password="aaaaaaaaaa")
    assert "Ce mot de passe est trop courant ou trop facile à deviner." in response.get_data(as_text=True)
    response = register(client, lang="ar", password="aaaaaaaaaa")
    assert "كلمة المرور هذه شائعة جدًا أو سهلة التخمين." in response.get_data(as_text=True)


def test_a_long_uncommon_passphrase_is_accepted(app, client):
    assert register(client, password=PASSWORD).status_code == 302
    assert user_by_email(app, "new@example.org") is not None


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "Test Person 2024", "member@example.org"])
def test_a_new_password_is_judged_the_same_way_when_changed(app, client, make_user, password):
    make_user(email="member@example.org", name="Test Person")
    sign_in(client, "member@example.org")
    response = submit(
        client,
        "/en/account",
        {"current_password": PASSWORD, "password": password, "confirm_password": password},
        action="/en/account/password",
    )
    assert "This password is too common or too easy to guess." in response.get_data(as_text=True)
    assert sign_in(app.test_client(), "member@example.org").status_code == 302


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "Test Person 2024", "member@example.org"])
def test_a_new_password_is_judged_the_same_way_when_reset(app, client, make_user, password):
    make_user(email="member@example.org", name="Test Person")
    request_reset(client, "member@example.org")
    link = link_in(outbox(app, "member@example.org")[0])
    response = submit(client, link, {"password": password, "confirm_password": password})
    assert response.status_code == 200
    assert "This password is too common or too easy to guess." in response.get_data(as_text=True)
    assert sign_in(app.test_client(), "member@example.org").status_code == 302


def test_a_password_longer_than_the_estimator_reads_is_judged_without_an_error(app, client):
    long_password = "x" * 200
    response = register(client, password=long_password)
    assert response.status_code == 200
    assert "This password is too common or too easy to guess." in response.get_data(as_text=True)
    strong = PASSWORD * 6
    assert register(client, password=strong).status_code == 302


def test_wrong_password_and_unknown_address_get_the_same_answer(client, make_user):
    make_user(email="known@example.org")
    wrong = sign_in(client, "known@example.org", password="not the right one").get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org", password="not the right one").get_data(as_text=True)
    message = "The email address or the password is not correct."
    assert message in wrong and message in unknown


LOCKED = {"en": "Too many failed attempts", "fr": "Trop de tentatives infructueuses", "ar": "محاولات فاشلة كثيرة"}
WRONG = {
    "en": "The email address or the password is not correct.",
    "fr": "L&#39;adresse électronique ou le mot de passe est incorrect.",
    "ar": "عنوان البريد الإلكتروني أو كلمة المرور غير صحيحة.",
}


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_five_failures_lock_the_address_for_fifteen_minutes(client, make_user, lang):
    make_user(email="target@example.org")
    for _ in range(4):
        response = sign_in(client, "target@example.org", password="guess guess guess", lang=lang)
        assert WRONG[lang] in response.get_data(as_text=True)
    response = sign_in(client, "target@example.org", password="guess guess guess", lang=lang)
    assert LOCKED[lang] in response.get_data(as_text=True)
    # Even the right password is refused while the lock lasts.
    response = sign_in(client, "target@example.org", lang=lang)
    assert LOCKED[lang] in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_the_lock_ends_after_fifteen_minutes(client, make_user, monkeypatch):
    from datetime import timedelta

    from portal.accounts import services

    make_user(email="target@example.org")
    for _ in range(5):
        sign_in(client, "target@example.org", password="guess guess guess")
    later = services.utcnow() + timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    assert sign_in(client, "target@example.org").status_code == 302
    assert is_signed_in(client)


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_strangers_failures_lock_the_stranger_out_never_the_owner(app, make_user):
    make_user(email="chief@example.org", role="admin")
    attacker = client_at(app, "203.0.113.7")
    for _ in range(5):
        response = sign_in(attacker, "chief@example.org", password="guess guess guess")
    assert LOCKED["en"] in response.get_data(as_text=True)

    owner = client_at(app, "198.51.100.20")
    assert sign_in(owner, "chief@example.org").status_code == 302
    assert is_signed_in(owner)
    # The owner's success does not lift the attacker's lock, not even with the right password.
    assert LOCKED["en"] in sign_in(attacker, "chief@example.org").get_data(as_text=True)
    assert not is_signed_in(attacker)


def test_an_ipv6_client_is_locked_out_with_its_whole_network(app, make_user):
    make_user(email="chief@example.org")
    for index in range(5):
        sign_in(client_at(app, f"2001:db8:0:7::{index + 1}"), "chief@example.org", password="guess guess guess")
    neighbour = client_at(app, "2001:db8:0:7::99")
    assert LOCKED["en"] in sign_in(neighbour, "chief@example.org").get_data(as_text=True)
    elsewhere = client_at(app, "2001:db8:0:8::1")
    assert sign_in(elsewhere, "chief@example.org").status_code == 302


def test_unknown_addresses_lock_the_same_way(client):
    for _ in range(5):
        response = sign_in(client, "ghost@example.org", password="guess guess guess")
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_sign_in_is_rate_limited_per_client(client, make_user):
    for index in range(10):
        assert sign_in(client, f"user{index}@example.org", password="guess guess guess").status_code == 200
    response = sign_in(client, "user99@example.org", password="guess guess guess")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    make_user(email="keeps@example.org")
    response = sign_in(client, "keeps@example.org", remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("remember_token=") and "Expires=" in cookie for cookie in cookies)


def test_the_session_is_renewed_at_sign_in(client, make_user):
    make_user(email="fixation@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, "fixation@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


def test_sign_out_needs_a_post_with_a_csrf_token(client, make_user):
    make_user(email="stay@example.org")
    sign_in(client, "stay@example.org")
    assert client.get("/en/logout").status_code == 405
    assert client.post("/en/logout").status_code == 400
    assert is_signed_in(client)


def test_the_next_parameter_cannot_send_anyone_off_site(client, make_user):
    make_user(email="next@example.org")
    token_page = "/en/login?next=https://evil.example/"
    response = submit(client, token_page, {"email": "next@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/en/"


def test_a_protected_page_sends_visitors_to_sign_in_and_back(client, make_user):
    make_user(email="back@example.org")
    response = client.get("/en/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/login?next=")
    response = submit(client, response.headers["Location"], {"email": "back@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/en/account"


def request_reset(client, email, lang="en"):
    return submit(client, f"/{lang}/password/forgot", {"email": email})


@pytest.mark.parametrize(
    ("lang", "subject"),
    [("ar", "أعِد تعيين كلمة المرور"), ("en", "Reset your password"), ("fr", "Réinitialisez votre mot de passe")],
)
def test_password_reset_works_once_in_the_users_language(app, client, make_user, lang, subject):
    make_user(email="forgot@example.org", locale=lang)
    assert request_reset(client, "forgot@example.org").status_code == 302
    [message] = outbox(app, "forgot@example.org")
    assert message.subject == subject
    link = link_in(message)
    assert link.startswith(f"/{lang}/password/reset/")

    response = submit(client, link, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.headers["Location"] == f"/{lang}/login"
    assert sign_in(client, "forgot@example.org", password=NEW_PASSWORD).status_code == 302

    reused = client.get(link)
    assert reused.status_code == 302
    assert reused.headers["Location"] == f"/{lang}/password/forgot"


def test_password_reset_links_expire_after_an_hour(app, client, make_user, monkeypatch):
    make_user(email="slow@example.org")
    request_reset(client, "slow@example.org")
    link = link_in(outbox(app, "slow@example.org")[0])
    real_time = timed.time.time
    monkeypatch.setattr(timed.time, "time", lambda: real_time() + 3601)
    assert client.get(link).headers["Location"] == "/en/password/forgot"


def test_a_reset_request_looks_the_same_for_unknown_addresses(app, client, make_user):
    make_user(email="real@example.org")
    known = request_reset(client, "real@example.org")
    unknown = request_reset(client, "unknown@example.org")
    assert known.headers["Location"] == unknown.headers["Location"]
    assert outbox(app, "unknown@example.org") == []


def test_a_new_password_signs_out_other_sessions(app, make_user):
    make_user(email="two@example.org")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "two@example.org")
    sign_in(phone, "two@example.org")
    response = submit(
        laptop,
        "/en/account",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        action="/en/account/password",
    )
    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_changing_the_password_needs_the_current_one(client, make_user):
    make_user(email="cur@example.org")
    sign_in(client, "cur@example.org")
    response = submit(
        client,
        "/en/account",
        {"current_password": "wrong wrong wrong", "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        action="/en/account/password",
    )
    assert "The current password is not correct." in response.get_data(as_text=True)
    assert sign_in(client.application.test_client(), "cur@example.org").status_code == 302


def test_the_profile_saves_the_preferred_language(app, client, make_user):
    make_user(email="prefs@example.org", locale="en")
    sign_in(client, "prefs@example.org")
    response = submit(client, "/en/account", {"name": "New Name", "preferred_locale": "ar"})
    assert response.headers["Location"] == "/ar/account"
    user = user_by_email(app, "prefs@example.org")
    assert (user.name, user.preferred_locale) == ("New Name", "ar")
    assert client.get("/").headers["Location"].endswith("/ar/")


def test_a_deactivated_account_cannot_sign_in(client, make_user):
    make_user(email="off@example.org", active=False)
    response = sign_in(client, "off@example.org")
    assert "deactivated" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_the_portal_hashes_with_argon2id_at_the_recommended_cost_and_raises_cheaper_hashes_at_sign_in(
        app, client, make_user, monkeypatch):
    """The other tests hash at Argon2's lowest cost (tests/conftest.py); the portal's own hasher is
    RFC 9106's low-memory profile, and a sign-in brings a hash of a lower cost up to it."""
    monkeypatch.setattr(account_services, "_hasher", PRODUCTION_HASHER)
    assert extract_parameters(account_services.hash_password(PASSWORD)) == profiles.RFC_9106_LOW_MEMORY
    make_user(email="old@example.org")
    assert PRODUCTION_HASHER.check_needs_rehash(user_by_email(app, "old@example.org").password_hash)
    assert sign_in(client, "old@example.org").status_code == 302
    assert is_signed_in(client)
    stored = user_by_email(app, "old@example.org").password_hash
    assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY
    assert PRODUCTION_HASHER.verify(stored, PASSWORD)
