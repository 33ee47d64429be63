"""Administrators and accounts: roles, deactivation, lockouts, confirmation links, and the
rule that the portal keeps an active administrator."""
from datetime import timedelta

import pytest

from portal.accounts.models import SignInThrottle, User
from portal.core.audit import AuditEntry
from portal.core.time import utcnow
from portal.extensions import db, limiter
from tests.conftest import PASSWORD, csrf_token, outbox, sign_in, submit
from tests.organizations_helpers import make_organization
from tests.test_api_writes import new_token
from tests.test_organization_directory import count_queries

ADMIN_EMAIL = "admin@example.org"


@pytest.fixture
def admin(app, make_user):
    return make_user(ADMIN_EMAIL, role="admin", name="Amina Admin")


def admin_client(app):
    client = app.test_client()
    sign_in(client, ADMIN_EMAIL)
    return client


def press(client, user_id: int, action: str, data: dict | None = None):
    page = f"/en/admin/users/{user_id}"
    return client.post(f"{page}/{action}", data={"csrf_token": csrf_token(client, page), **(data or {})},
                       follow_redirects=True)


def account(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def audit_actions(app, user_id: int) -> list[str]:
    """What was recorded of administrators' changes to the account."""
    with app.app_context():
        return list(db.session.scalars(
            db.select(AuditEntry.action).where(
                AuditEntry.object_type == "user", AuditEntry.object_id == str(user_id), AuditEntry.action.startswith("user.")
            ).order_by(AuditEntry.id)
        ))


def test_an_administrator_promotes_a_member_who_then_reaches_the_verification_queue(app, admin, make_user):
    member = make_user("salma@example.org", name="Salma", locale="ar")
    salma = app.test_client()
    sign_in(salma, "salma@example.org")
    assert salma.get("/en/officer/organizations").status_code == 403

    page = press(admin_client(app), member, "role", {"role": "officer"}).get_data(as_text=True)
    assert "The role was changed." in page
    assert account(app, member).role == "officer"
    assert salma.get("/en/officer/organizations").status_code == 200
    assert audit_actions(app, member) == ["user.role_changed"]
    [mail] = outbox(app, "salma@example.org")
    assert mail.locale == "ar" and "موظف" in mail.body


def test_the_last_active_administrator_can_be_neither_demoted_nor_deactivated(app, admin, make_user):
    client = admin_client(app)
    page = press(client, admin, "role", {"role": "member"}).get_data(as_text=True)
    assert "last active administrator" in page
    assert account(app, admin).role == "admin"
    # Another administrator that is deactivated does not count.
    other = make_user("former@example.org", role="admin", active=False)
    assert "last active administrator" in press(client, admin, "role", {"role": "officer"}).get_data(as_text=True)
    assert account(app, admin).role == "admin"
    assert "You cannot deactivate your own account." in press(client, admin, "deactivate").get_data(as_text=True)
    # With a second active administrator, one may step down.
    press(client, other, "reactivate")
    assert "The role was changed." in press(client, admin, "role", {"role": "officer"}).get_data(as_text=True)
    assert account(app, admin).role == "officer"
    assert audit_actions(app, admin) == ["user.role_changed"]


def test_a_deactivated_user_can_neither_sign_in_nor_use_a_token_until_reactivated(app, admin, make_user):
    leaver = make_user("leaver@example.org", name="Leaver")
    token = new_token(app, "leaver@example.org")
    session = app.test_client()
    sign_in(session, "leaver@example.org")
    assert session.get("/en/account").status_code == 200

    page = press(admin_client(app), leaver, "deactivate").get_data(as_text=True)
    assert "The account was deactivated" in page
    # The open session ends with its next request; the token stops at once.
    assert session.get("/en/account").status_code == 302
    assert app.test_client().post("/api/v1/priorities", json={}, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    limiter.reset()
    refused = sign_in(app.test_client(), "leaver@example.org").get_data(as_text=True)
    assert "This account has been deactivated." in refused

    press(admin_client(app), leaver, "reactivate")
    assert sign_in(app.test_client(), "leaver@example.org").status_code == 302
    assert app.test_client().post("/api/v1/priorities", json={}, headers={"Authorization": f"Bearer {token}"}).status_code != 401
    assert audit_actions(app, leaver) == ["user.deactivated", "user.reactivated"]


def test_an_administrator_unlocks_an_account_after_failed_sign_ins(app, admin, make_user):
    locked = make_user("forgetful@example.org")
    for _attempt in range(5):
        sign_in(app.test_client(), "forgetful@example.org", password="wrong password entirely")
    limiter.reset()
    assert "locked" in sign_in(app.test_client(), "forgetful@example.org").get_data(as_text=True)
    client = admin_client(app)
    assert "Locked after failed sign-ins" in client.get(f"/en/admin/users/{locked}").get_data(as_text=True)
    assert "The account was unlocked." in press(client, locked, "unlock").get_data(as_text=True)
    assert sign_in(app.test_client(), "forgetful@example.org", password=PASSWORD).status_code == 302
    # Unlocking an account that is not locked says so and records nothing more.
    assert "This account is not locked." in press(client, locked, "unlock").get_data(as_text=True)
    assert audit_actions(app, locked) == ["user.unlocked"]
    with app.app_context():
        assert db.session.scalars(db.select(SignInThrottle).where(SignInThrottle.email == "forgetful@example.org")).all() == []


def test_an_administrator_sends_the_confirmation_link_again(app, admin, make_user):
    waiting = make_user("late@example.org", confirmed=False, locale="fr")
    client = admin_client(app)
    assert "A new confirmation link was sent." in press(client, waiting, "resend-confirmation").get_data(as_text=True)
    [mail] = outbox(app, "late@example.org")
    assert mail.locale == "fr"
    confirmed = make_user("done@example.org")
    assert "This address is already confirmed." in press(client, confirmed, "resend-confirmation").get_data(as_text=True)
    assert outbox(app, "done@example.org") == []


def test_the_accounts_list_searches_and_filters(app, admin, make_user):
    charity = make_organization(app, make_user("owner@example.org", name="Hodan Owner"))
    make_user("officer@example.org", role="officer", name="Youssef Officer")
    make_user("gone@example.org", name="Gone Person", active=False)
    client = admin_client(app)

    def names(query: str) -> str:
        return client.get(f"/en/admin/users?{query}").get_data(as_text=True)

    assert "Youssef Officer" in names("role=officer") and "Hodan Owner" not in names("role=officer")
    assert "Gone Person" in names("state=deactivated") and "Youssef Officer" not in names("state=deactivated")
    assert "Hodan Owner" in names(f"organization={charity}") and "Gone Person" not in names(f"organization={charity}")
    assert "Hodan Owner" in names("q=hodan") and "Youssef" not in names("q=hodan")
    assert "No account matches these filters." in names("q=nobody-at-all")
    with app.app_context():
        db.session.execute(db.update(User).where(User.email == "officer@example.org").values(last_sign_in_at=utcnow() - timedelta(days=200)))
        db.session.commit()
    # The administrator signed in just now; the officer long ago; the others never.
    assert "Amina Admin" in names("signed_in=month") and "Youssef Officer" not in names("signed_in=month")
    assert "Youssef Officer" in names("signed_in=quarter_ago") and "Amina Admin" not in names("signed_in=quarter_ago")
    assert "Gone Person" in names("signed_in=never") and "Amina Admin" not in names("signed_in=never")


def test_the_accounts_list_reads_a_fixed_number_of_queries(app, admin, make_user):
    client = admin_client(app)
    few = count_queries(app, "/en/admin/users", client)
    for number in range(12):
        make_user(f"person{number}@example.org", name=f"Person {number}")
    assert "Person 11" in client.get("/en/admin/users").get_data(as_text=True)
    assert count_queries(app, "/en/admin/users", client) == few


ROUTES = [
    ("/en/admin/users", ("admin",)),
    ("/en/admin/users/{member}", ("admin",)),
]
BUTTONS = [
    ("/en/admin/users/{member}/role", {"role": "admin"}),
    ("/en/admin/users/{member}/deactivate", {}),
    ("/en/admin/users/{member}/reactivate", {}),
    ("/en/admin/users/{member}/unlock", {}),
    ("/en/admin/users/{member}/resend-confirmation", {}),
]


@pytest.mark.parametrize("kind", ["anonymous", "member", "officer", "admin"])
def test_only_administrators_reach_the_accounts_pages_and_buttons(app, admin, make_user, kind):
    member = make_user("member@example.org", role="member")
    client = app.test_client()
    if kind == "admin":
        sign_in(client, ADMIN_EMAIL)
    elif kind != "anonymous":
        make_user(f"{kind}2@example.org", role=kind)
        sign_in(client, f"{kind}2@example.org")
    for path, allowed in ROUTES:
        status = client.get(path.format(member=member)).status_code
        assert status == (200 if kind in allowed else 302 if kind == "anonymous" else 403), path
    if kind == "admin":
        return
    token = csrf_token(client, "/en/password/forgot")
    before = account(app, member)
    for path, data in BUTTONS:
        status = client.post(path.format(member=member), data={"csrf_token": token, **data}).status_code
        assert status == (302 if kind == "anonymous" else 403), path
    after = account(app, member)
    assert (after.role, after.active) == (before.role, before.active)
    assert audit_actions(app, member) == []


def failed_message(app) -> int:
    from portal.core.mail import MessageState, OutboxMessage

    with app.app_context():
        message = OutboxMessage(recipient="someone@example.org", locale="fr", kind="need_published", subject="Sujet",
                                body="Texte", state=MessageState.FAILED, error="Connection refused")
        db.session.add(message)
        db.session.commit()
        return message.id


def test_an_administrator_sends_a_failed_message_again(app, admin):
    from portal.core.mail import OutboxMessage

    message_id = failed_message(app)
    client = admin_client(app)
    page = client.get(f"/en/admin/outbox/{message_id}").get_data(as_text=True)
    assert "Connection refused" in page and "Send it again" in page
    token = csrf_token(client, f"/en/admin/outbox/{message_id}")
    answer = client.post(f"/en/admin/outbox/{message_id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "The message is queued again." in answer.get_data(as_text=True)
    with app.app_context():
        # Without a mail server the job interface delivers it to the outbox at once.
        message = db.session.get(OutboxMessage, message_id)
        assert (message.state, message.error) == ("sent", None)
        assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.object_type == "outbox_message")) == "outbox.retried"
    again = client.post(f"/en/admin/outbox/{message_id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "Only a message that failed can be sent again." in again.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["member", "officer"])
def test_only_administrators_send_a_message_again(app, make_user, kind):
    from portal.core.mail import OutboxMessage

    message_id = failed_message(app)
    make_user(f"{kind}@example.org", role=kind)
    client = app.test_client()
    sign_in(client, f"{kind}@example.org")
    response = client.post(f"/en/admin/outbox/{message_id}/retry", data={"csrf_token": csrf_token(client, "/en/account")})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).state == "failed"


def test_the_accounts_search_reads_names_as_every_search_of_the_portal_does(app, admin, make_user):
    make_user("ahmad@example.org", name="عبد الرحمن الأحمد")
    make_user("zoe@example.org", name="Zoë Lefèvre")
    make_user("percent@example.org", name="Omar Haddad")
    client = admin_client(app)

    def names(query: str) -> str:
        return client.get("/en/admin/users", query_string={"q": query}).get_data(as_text=True)

    for query in ("احمد", "أحمد", "الأحمد", "بالأحمد"):
        assert "عبد الرحمن الأحمد" in names(query) and "Zoë Lefèvre" not in names(query)
    assert "Zoë Lefèvre" in names("zoe lefevre") and "Omar Haddad" not in names("zoe lefevre")
    # A % is a character to find, not a wildcard.
    assert "No account matches these filters." in names("%")
