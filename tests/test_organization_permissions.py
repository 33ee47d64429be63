"""Who may use each organization route, tried from the outside as each kind of person."""
import pytest

from portal.accounts.models import User
from portal.extensions import db
from portal.organizations.models import Invitation, JoinRequest, Membership, Organization
from tests.conftest import csrf_token, sign_in
from tests.organizations_helpers import add_member, checklist_data, make_organization

VISITOR, OUTSIDER, VIEWER, EDITOR, OWNER, OFFICER, ADMIN = "visitor", "outsider", "viewer", "editor", "owner", "officer", "admin"
PEOPLE = (VISITOR, OUTSIDER, VIEWER, EDITOR, OWNER, OFFICER, ADMIN)
SIGNED_IN = PEOPLE[1:]
MEMBERS = (VIEWER, EDITOR, OWNER)
OFFICERS = (OFFICER, ADMIN)


@pytest.fixture
def world(app, make_user):
    """A pending and a verified organization, each person in their place, a pending request."""
    ids = {kind: make_user(email=f"{kind}@example.org", role=kind if kind in OFFICERS else "member") for kind in SIGNED_IN}
    pending = make_organization(app, ids[OWNER], state="pending", registration_number="1")
    verified = make_organization(app, ids[OWNER], state="verified", names={"en": "Verified Org"}, registration_number="2")
    other = make_organization(app, ids[OUTSIDER], state="verified", names={"en": "Other Org"}, registration_number="3")
    for organization in (pending, verified):
        add_member(app, organization, ids[VIEWER], "viewer")
        add_member(app, organization, ids[EDITOR], "editor")
    requester = make_user(email="requester@example.org")
    with app.app_context():
        join_request = JoinRequest(organization_id=verified, user_id=requester)
        db.session.add(join_request)
        db.session.commit()
        request_id = join_request.id
        viewer_membership = db.session.scalar(
            db.select(Membership.id).where(Membership.organization_id == verified, Membership.user_id == ids[VIEWER])
        )
    return {"pending": pending, "verified": verified, "other": other, "request": request_id, "viewer_membership": viewer_membership}


def client_for(app, kind):
    client = app.test_client()
    if kind != VISITOR:
        sign_in(client, f"{kind}@example.org")
    return client


# method, path, who is let through; for everyone else: visitors are sent to sign in,
# the signed-in get 403, or 404 where the page's existence is itself private.
ROUTES = [
    ("GET", "/en/organizations/", PEOPLE, None),
    ("GET", "/en/organizations/new", SIGNED_IN, None),
    ("GET", "/en/organizations/{verified}", PEOPLE, None),
    ("GET", "/en/organizations/{pending}", MEMBERS + OFFICERS, 404),
    ("GET", "/en/organizations/{pending}/document", MEMBERS + OFFICERS, 403),
    ("GET", "/en/organizations/{verified}/members", MEMBERS, 403),
    ("GET", "/en/organizations/{verified}/join", (OUTSIDER, OFFICER, ADMIN), None),
    ("POST", "/en/organizations/{verified}/members/invite", (OWNER,), 403),
    ("POST", "/en/organizations/{verified}/members/{viewer_membership}/role", (OWNER,), 403),
    ("POST", "/en/organizations/{verified}/members/{viewer_membership}/remove", (OWNER,), 403),
    ("POST", "/en/organizations/{verified}/requests/{request}", (OWNER,), 403),
    ("POST", "/en/organizations/{verified}/leave", MEMBERS, 403),
    ("GET", "/en/officer/organizations", OFFICERS, 403),
    ("GET", "/en/officer/organizations/{pending}", OFFICERS, 403),
    ("POST", "/en/officer/organizations/{pending}/verify", OFFICERS, 403),
    ("POST", "/en/officer/organizations/{verified}/suspend", OFFICERS, 403),
]

POST_DATA = {"email": "new@example.org", "role": "editor", "reason": "Checked by phone.", "decline": "1", **checklist_data()}


def _membership_of(kind: str, organization_id: int):
    return db.session.scalar(db.select(Membership.role).join(User, User.id == Membership.user_id)
                             .where(Membership.organization_id == organization_id, User.email == f"{kind}@example.org"))


# What each POST changes, read from the database: path -> (what it reads, the value before, the
# value after the person let through has posted; a callable when it depends on who posts).
EFFECTS = {
    "/en/organizations/{verified}/members/invite": (
        lambda world, kind: db.session.scalar(db.select(Invitation.role).where(Invitation.email == "new@example.org")),
        None, "editor"),
    "/en/organizations/{verified}/members/{viewer_membership}/role": (
        lambda world, kind: db.session.get(Membership, world["viewer_membership"]).role, "viewer", "editor"),
    "/en/organizations/{verified}/members/{viewer_membership}/remove": (
        lambda world, kind: db.session.get(Membership, world["viewer_membership"]) is not None, True, False),
    "/en/organizations/{verified}/requests/{request}": (
        lambda world, kind: db.session.get(JoinRequest, world["request"]).state, "pending", "declined"),
    # The owner is the only one, and an organization always keeps one: the owner stays.
    "/en/organizations/{verified}/leave": (
        lambda world, kind: _membership_of(kind, world["verified"]), lambda kind: kind if kind in MEMBERS else None,
        lambda kind: "owner" if kind == OWNER else None),
    "/en/officer/organizations/{pending}/verify": (
        lambda world, kind: db.session.get(Organization, world["pending"]).state, "pending", "verified"),
    "/en/officer/organizations/{verified}/suspend": (
        lambda world, kind: db.session.get(Organization, world["verified"]).state, "verified", "suspended"),
}


def _effect(app, world, kind, path, moment: int):
    """The value EFFECTS reads for `path`, and the one expected `moment` (1: before, 2: after)."""
    read, *expected = EFFECTS[path]
    with app.app_context():
        value = read(world, kind)
    wanted = expected[moment - 1]
    return value, wanted(kind) if callable(wanted) else wanted


@pytest.mark.parametrize(("method", "path", "allowed", "refusal"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE)
def test_organization_route_permissions(app, world, kind, method, path, allowed, refusal):
    client = client_for(app, kind)
    url = path.format(**world)
    if method == "GET":
        response = client.get(url)
    else:
        value, expected = _effect(app, world, kind, path, 1)
        assert value == expected
        token = csrf_token(client, "/en/account" if kind != VISITOR else "/en/login")
        response = client.post(url, data={**POST_DATA, "csrf_token": token})
        # What the post changed: what it is for when the person is let through, nothing otherwise.
        value, expected = _effect(app, world, kind, path, 2 if kind in allowed else 1)
        assert value == expected, (kind, value)
    location = response.headers.get("Location", "")
    if kind in allowed:
        assert response.status_code in (200, 302), response.status_code
        assert "/login" not in location
        if "/join" in url and kind in MEMBERS:
            assert response.status_code == 302
    elif kind == VISITOR and refusal != 404:
        assert response.status_code == 302 and "/login" in location
    elif kind == VISITOR:
        assert response.status_code == 404
    elif "/join" in url:
        # Members are already in: they are shown the members page instead.
        assert response.status_code == 302 and "/members" in location
    else:
        assert response.status_code == refusal


def test_unverified_organizations_are_never_public(app, client, world):
    for path in ("/en/organizations/", "/api/v1/organizations", f"/api/v1/organizations/{world['pending']}"):
        body = client.get(path).get_data(as_text=True)
        assert "Al-Ihsane" not in body and "الإحسان" not in body
