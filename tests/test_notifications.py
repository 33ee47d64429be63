"""The notification centre: what the portal tells a user shows under the bell, opens the
object it is about, and mail by category can be turned off, never the account's security mail."""
import re

import pytest

from portal.extensions import db
from portal.notifications.models import Notification
from tests.conftest import csrf_token, outbox, sign_in, submit
from tests.organizations_helpers import checklist_data, make_organization


@pytest.fixture
def officer(app, make_user):
    make_user("officer@example.org", role="officer")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    return client


def verify(officer, organization_id):
    page = f"/en/officer/organizations/{organization_id}"
    return submit(officer, page, checklist_data(), action=f"{page}/verify")


def bell_count(page: str) -> int:
    match = re.search(r'id="unread-count">([0-9٠-٩]+)', page)
    return int(match.group(1)) if match else 0


def ticked(page: str) -> set[str]:
    """The mail categories ticked on the account page."""
    boxes = re.findall(r'<input[^>]*name="categories"[^>]*>', page)
    return {re.search(r'value="([^"]+)"', box).group(1) for box in boxes if " checked" in box}


def test_a_decision_raises_the_bell_and_opening_the_notification_reads_it_and_leads_to_the_object(app, make_user, officer):
    owner = make_user("owner@example.org", locale="ar")
    organization = make_organization(app, owner)
    client = app.test_client()
    sign_in(client, "owner@example.org", lang="ar")
    assert bell_count(client.get("/ar/").get_data(as_text=True)) == 0

    verify(officer, organization)
    home = client.get("/ar/").get_data(as_text=True)
    assert bell_count(home) == 1
    listing = client.get("/ar/notifications").get_data(as_text=True)
    assert 'dir="rtl"' in listing and "تم التحقق من مؤسستك" in listing
    link = re.search(r'href="(/ar/notifications/\d+)"', listing).group(1)
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/organizations/{organization}")
    assert bell_count(client.get("/ar/").get_data(as_text=True)) == 0


def test_mark_all_as_read_empties_the_bell(app, make_user, officer):
    owner = make_user("owner@example.org")
    for number in range(3):
        verify(officer, make_organization(app, owner, names={"en": f"Charity {number}"}, registration_number=f"R-{number}",
                                          website=f"https://charity{number}.example.org"))
    client = app.test_client()
    sign_in(client, "owner@example.org")
    assert bell_count(client.get("/en/").get_data(as_text=True)) == 3
    client.post("/en/notifications/read", data={"csrf_token": csrf_token(client, "/en/notifications")})
    assert bell_count(client.get("/en/").get_data(as_text=True)) == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Notification).where(Notification.read_at.is_(None))) == 0


def test_nobody_opens_or_reads_anothers_notifications(app, make_user, officer):
    owner = make_user("owner@example.org")
    verify(officer, make_organization(app, owner))
    with app.app_context():
        notification_id = db.session.scalar(db.select(Notification.id))
    make_user("curious@example.org")
    curious = app.test_client()
    sign_in(curious, "curious@example.org")
    assert curious.get(f"/en/notifications/{notification_id}").status_code == 404
    curious.post("/en/notifications/read", data={"csrf_token": csrf_token(curious, "/en/notifications")})
    with app.app_context():
        assert db.session.get(Notification, notification_id).read_at is None
    assert app.test_client().get("/en/notifications").status_code == 302


def test_a_category_turned_off_stays_a_notification_but_is_not_mailed(app, make_user, officer):
    owner = make_user("owner@example.org")
    client = app.test_client()
    sign_in(client, "owner@example.org")
    everything = {"organizations", "needs", "matching", "forum", "partnerships", "other"}
    assert ticked(client.get("/en/account").get_data(as_text=True)) == everything
    wanted = everything - {"organizations"}
    response = client.post("/en/account/mail", data={"csrf_token": csrf_token(client, "/en/account"), "categories": sorted(wanted)})
    assert response.status_code == 302
    assert ticked(client.get("/en/account").get_data(as_text=True)) == wanted

    verify(officer, make_organization(app, owner))
    assert outbox(app, "owner@example.org") == []
    assert bell_count(client.get("/en/").get_data(as_text=True)) == 1


def test_security_mail_always_comes_and_mailbox_links_stay_out_of_notifications(app, make_user):
    user = make_user("careful@example.org")
    client = app.test_client()
    sign_in(client, "careful@example.org")
    client.post("/en/account/mail", data={"csrf_token": csrf_token(client, "/en/account"), "categories": []})
    # A password reset link is for the mailbox only.
    submit(app.test_client(), "/en/password/forgot", {"email": "careful@example.org"})
    [reset] = outbox(app, "careful@example.org")
    assert reset.kind == "password_reset"
    with app.app_context():
        assert db.session.scalar(db.select(Notification).where(Notification.user_id == user)) is None


def test_the_bell_costs_one_query_and_none_for_visitors(app, make_user):
    from tests.test_organization_directory import count_queries

    make_user("reader@example.org")
    client = app.test_client()
    sign_in(client, "reader@example.org")
    signed_in = count_queries(app, "/en/", client)
    visitor = count_queries(app, "/en/", app.test_client())
    # The user's row and the unread count.
    assert signed_in - visitor == 2
