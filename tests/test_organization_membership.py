import os
import threading
from datetime import timedelta

import pytest

from portal.accounts.models import User
from portal.extensions import db
from portal.organizations import membership as membership_rules
from portal.organizations.models import JoinRequest, Membership
from tests.conftest import csrf_token, link_in, outbox, sign_in, submit
from tests.organizations_helpers import add_member, make_organization


def roles(app, organization_id) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(
            db.select(User.email, Membership.role).join(Membership, Membership.user_id == User.id)
            .where(Membership.organization_id == organization_id)
        )
        return {email: role for email, role in rows}


def membership_id(app, organization_id, user_id) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(Membership.id).where(Membership.organization_id == organization_id, Membership.user_id == user_id)
        )


@pytest.fixture
def organization(app, make_user):
    owner = make_user(email="owner@example.org", locale="ar")
    return {"id": make_organization(app, owner, state="verified"), "owner": owner}


def as_user(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def members_page(organization_id):
    return f"/en/organizations/{organization_id}/members"


def test_an_invitee_with_an_account_joins_by_the_mailed_link(app, make_user, organization):
    make_user(email="invitee@example.org", locale="fr")
    owner = as_user(app, "owner@example.org")
    submit(owner, members_page(organization["id"]), {"email": "Invitee@Example.org", "role": "editor"},
           action=f"/en/organizations/{organization['id']}/members/invite")
    [mail] = outbox(app, "invitee@example.org")
    assert mail.locale == "fr"
    invitee = as_user(app, "invitee@example.org")
    link = link_in(mail)
    response = submit(invitee, link, {})
    assert response.status_code == 302
    assert roles(app, organization["id"])["invitee@example.org"] == "editor"
    # The link works once.
    assert invitee.get(link).status_code == 302


def test_an_invitee_without_an_account_registers_first_then_joins(app, organization, make_user):
    owner = as_user(app, "owner@example.org")
    submit(owner, members_page(organization["id"]), {"email": "newcomer@example.org", "role": "viewer"},
           action=f"/en/organizations/{organization['id']}/members/invite")
    [mail] = outbox(app, "newcomer@example.org")
    assert "/en/register" in mail.body
    make_user(email="newcomer@example.org")  # registered and confirmed meanwhile
    newcomer = as_user(app, "newcomer@example.org")
    submit(newcomer, link_in(mail), {})
    assert roles(app, organization["id"])["newcomer@example.org"] == "viewer"


def test_an_invitation_is_for_its_address_only(app, organization, make_user):
    make_user(email="someone-else@example.org")
    owner = as_user(app, "owner@example.org")
    submit(owner, members_page(organization["id"]), {"email": "invitee@example.org", "role": "owner"},
           action=f"/en/organizations/{organization['id']}/members/invite")
    intruder = as_user(app, "someone-else@example.org")
    response = submit(intruder, link_in(outbox(app, "invitee@example.org")[0]), {})
    assert "This invitation was sent to invitee@example.org" in response.get_data(as_text=True)
    assert "someone-else@example.org" not in roles(app, organization["id"])


def test_a_request_to_join_is_approved_by_an_owner(app, organization, make_user):
    make_user(email="asker@example.org")
    asker = as_user(app, "asker@example.org")
    submit(asker, f"/en/organizations/{organization['id']}/join", {"message": "I run the Baidoa office."})
    [notice] = outbox(app, "owner@example.org")
    assert notice.locale == "ar" and "I run the Baidoa office." in notice.body
    owner = as_user(app, "owner@example.org")
    html = owner.get(members_page(organization["id"])).get_data(as_text=True)
    assert "asker@example.org" in html
    with app.app_context():
        request_id = db.session.scalar(db.select(JoinRequest.id))
    submit(owner, members_page(organization["id"]), {"role": "editor", "approve": "1"},
           action=f"/en/organizations/{organization['id']}/requests/{request_id}")
    assert roles(app, organization["id"])["asker@example.org"] == "editor"
    assert outbox(app, "asker@example.org")[0].kind == "organization_join_decision"


def test_roles_change_and_the_last_owner_stays(app, organization, make_user):
    other = make_user(email="other@example.org")
    add_member(app, organization["id"], other, "viewer")
    owner = as_user(app, "owner@example.org")
    own_membership = membership_id(app, organization["id"], organization["owner"])
    page = members_page(organization["id"])

    response = submit(owner, page, {"role": "viewer"}, action=f"/en/organizations/{organization['id']}/members/{own_membership}/role")
    assert "always keeps at least one owner" in owner.get(response.headers["Location"]).get_data(as_text=True)
    response = submit(owner, page, {}, action=f"/en/organizations/{organization['id']}/leave")
    assert "always keeps at least one owner" in owner.get(response.headers["Location"]).get_data(as_text=True)
    assert roles(app, organization["id"])["owner@example.org"] == "owner"

    submit(owner, page, {"role": "owner"}, action=f"/en/organizations/{organization['id']}/members/{membership_id(app, organization['id'], other)}/role")
    submit(owner, page, {}, action=f"/en/organizations/{organization['id']}/leave")
    assert roles(app, organization["id"]) == {"other@example.org": "owner"}


def test_an_owner_removes_a_member(app, organization, make_user):
    other = make_user(email="other@example.org")
    add_member(app, organization["id"], other, "editor")
    owner = as_user(app, "owner@example.org")
    submit(owner, members_page(organization["id"]), {},
           action=f"/en/organizations/{organization['id']}/members/{membership_id(app, organization['id'], other)}/remove")
    assert "other@example.org" not in roles(app, organization["id"])


@pytest.mark.postgres
def test_two_owners_leaving_at_once_leave_one_owner(app, organization, make_user):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("row locks are tested on PostgreSQL")
    second = make_user(email="second@example.org")
    add_member(app, organization["id"], second, "owner")
    clients = [as_user(app, "owner@example.org"), as_user(app, "second@example.org")]
    tokens = [csrf_token(client, members_page(organization["id"])) for client in clients]
    barrier = threading.Barrier(2)

    def leave(client, token):
        barrier.wait()
        client.post(f"/en/organizations/{organization['id']}/leave", data={"csrf_token": token})

    threads = [threading.Thread(target=leave, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert list(roles(app, organization["id"]).values()) == ["owner"]


def invite(client, organization_id, email, lang="en"):
    response = submit(client, f"/{lang}/organizations/{organization_id}/members", {"email": email, "role": "viewer"},
                      action=f"/{lang}/organizations/{organization_id}/members/invite")
    return client.get(response.headers["Location"]).get_data(as_text=True)


def invitations_mailed(app) -> int:
    return sum(message.kind == "organization_invitation" for message in outbox(app))


def test_an_owner_sends_ten_invitations_a_day(app, organization, monkeypatch):
    owner = as_user(app, "owner@example.org")
    for index in range(10):
        assert f"The invitation has been sent to stranger{index}@example.org." in invite(
            owner, organization["id"], f"stranger{index}@example.org")
    page = invite(owner, organization["id"], "stranger10@example.org", lang="fr")
    assert "Vous avez envoyé autant d&#39;invitations que permis en 24 heures." in page
    assert invitations_mailed(app) == 10
    assert outbox(app, "stranger10@example.org") == []

    tomorrow = membership_rules.utcnow() + timedelta(days=1, minutes=1)
    monkeypatch.setattr(membership_rules, "utcnow", lambda: tomorrow)
    assert "The invitation has been sent" in invite(owner, organization["id"], "stranger10@example.org")


def test_an_organization_sends_twenty_invitations_a_day_whoever_its_owners(app, organization, make_user):
    owners = []
    for index in range(3):
        add_member(app, organization["id"], make_user(email=f"owner{index}@example.org"), "owner")
        owners.append(as_user(app, f"owner{index}@example.org"))
    for index in range(20):
        invite(owners[index % 2], organization["id"], f"stranger{index}@example.org")
    page = invite(owners[2], organization["id"], "stranger20@example.org")
    assert "This organization has sent as many invitations as allowed in 24 hours." in page
    assert invitations_mailed(app) == 20


def ask_to_join(client, organization_id, lang="en"):
    return submit(client, f"/{lang}/organizations/{organization_id}/join", {"message": "Let me in."},
                  follow_redirects=True).get_data(as_text=True)


def test_asking_again_while_the_request_waits_mails_the_owners_once(app, organization, make_user):
    second = make_user(email="second@example.org")
    add_member(app, organization["id"], second, "owner")
    make_user(email="asker@example.org")
    asker = as_user(app, "asker@example.org")
    assert "Your request has been sent to the organization&#39;s owners." in ask_to_join(asker, organization["id"])
    for _ in range(3):
        page = ask_to_join(asker, organization["id"])
        assert "You have already asked to join this organization" in page
    assert len(outbox(app, "owner@example.org")) == len(outbox(app, "second@example.org")) == 1


def test_a_person_asks_to_join_five_organizations_a_day(app, organization, make_user):
    make_user(email="asker@example.org")
    asker = as_user(app, "asker@example.org")
    others = [make_organization(app, make_user(email=f"owner{index}@example.org"), state="verified") for index in range(5)]
    for organization_id in others:
        assert "Your request has been sent" in ask_to_join(asker, organization_id)
    page = ask_to_join(asker, organization["id"], lang="fr")
    assert "Vous avez envoyé autant de demandes d&#39;adhésion que permis en 24 heures." in page
    assert outbox(app, "owner@example.org") == []


def test_an_organization_receives_twenty_requests_to_join_a_day(app, organization, make_user):
    for index in range(21):
        make_user(email=f"asker{index}@example.org")
        asker = app.test_client()
        # Each from a computer of their own, as sign-ins are limited per client.
        asker.environ_base["REMOTE_ADDR"] = f"198.51.100.{index}"
        sign_in(asker, f"asker{index}@example.org")
        page = ask_to_join(asker, organization["id"])
    assert "This organization has received as many requests to join as it can in 24 hours." in page
    assert len(outbox(app, "owner@example.org")) == 20


@pytest.mark.postgres
def test_fifteen_invitations_sent_at_once_mail_ten(app, organization):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("row locks are tested on PostgreSQL")
    owner = as_user(app, "owner@example.org")
    token = csrf_token(owner, members_page(organization["id"]))
    barrier = threading.Barrier(15)

    def send(index):
        # The owner's browser, fifteen times over: the same session cookie in fifteen clients.
        client = app.test_client()
        client.set_cookie("session", owner.get_cookie("session").value)
        barrier.wait()
        client.post(f"/en/organizations/{organization['id']}/members/invite",
                    data={"csrf_token": token, "email": f"stranger{index}@example.org", "role": "viewer"})

    threads = [threading.Thread(target=send, args=(index,)) for index in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert invitations_mailed(app) == 10
