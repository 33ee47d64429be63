"""Membership rules: invitations, requests to join, roles, leaving.

An organization always keeps at least one owner. Every change that could remove the last
owner locks the organization's row first, so two owners leaving at once cannot both succeed.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, normalize_email
from portal.core.audit import record_audit
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.time import utcnow
from portal.extensions import db
from portal.organizations.models import (
    Invitation,
    JoinRequest,
    JoinRequestState,
    MemberRole,
    Membership,
    Organization,
)

INVITATION_MAX_AGE_SECONDS = 14 * 24 * 3600

# Invitations and requests to join mail people who did not ask for it, with words the sender
# chose: each sender and each organization has a day's quota. The quotas count rows in the
# database, which every app server shares and which keeps counting when Redis is down or
# restarted; the organization's row is locked first, so two at once count each other.
QUOTA_PERIOD = timedelta(days=1)
INVITATIONS_PER_PERSON = 10
INVITATIONS_PER_ORGANIZATION = 20
JOIN_REQUESTS_PER_PERSON = 5
JOIN_REQUESTS_PER_ORGANIZATION = 20


class MembershipRefused(Exception):
    """A membership change the rules do not allow; `message` is for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="portal-invitation")


def _locked_organization(organization_id: int) -> Organization:
    return db.session.get(Organization, organization_id, with_for_update=True, populate_existing=True)


def _owner_count(organization_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Membership)
        .where(Membership.organization_id == organization_id, Membership.role == MemberRole.OWNER)
    )


def role_of(user: User, organization_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Membership.role).where(Membership.organization_id == organization_id, Membership.user_id == user.id)
    )


def members(organization_id: int) -> list[Membership]:
    return db.session.scalars(
        db.select(Membership)
        .where(Membership.organization_id == organization_id)
        .order_by(Membership.created_at, Membership.id)
        .options(db.joinedload(Membership.user))
    ).all()


def pending_requests(organization_id: int) -> list[JoinRequest]:
    return db.session.scalars(
        db.select(JoinRequest)
        .where(JoinRequest.organization_id == organization_id, JoinRequest.state == JoinRequestState.PENDING)
        .order_by(JoinRequest.created_at)
        .options(db.joinedload(JoinRequest.user))
    ).all()


def pending_invitations(organization_id: int) -> list[Invitation]:
    return db.session.scalars(
        db.select(Invitation)
        .where(Invitation.organization_id == organization_id, Invitation.accepted_at.is_(None))
        .order_by(Invitation.created_at)
    ).all()


def _sent_today(model: type[Invitation] | type[JoinRequest], *conditions) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(model)
        .where(model.created_at > utcnow() - QUOTA_PERIOD, *conditions)
    )


def invite(organization: Organization, inviter: User, email: str, role: str, locale: str) -> Invitation:
    """Mail a signed link; an invitee without an account registers with that address first."""
    _locked_organization(organization.id)
    if _sent_today(Invitation, Invitation.invited_by_id == inviter.id) >= INVITATIONS_PER_PERSON:
        raise MembershipRefused(_l("You have sent as many invitations as allowed in 24 hours. Try again tomorrow."))
    if _sent_today(Invitation, Invitation.organization_id == organization.id) >= INVITATIONS_PER_ORGANIZATION:
        raise MembershipRefused(
            _l("This organization has sent as many invitations as allowed in 24 hours. Try again tomorrow.")
        )
    email = normalize_email(email)
    invitation = Invitation(organization_id=organization.id, email=email, role=role, invited_by_id=inviter.id)
    db.session.add(invitation)
    db.session.flush()
    invitee = find_user_by_email(email)
    mail_locale = invitee.preferred_locale if invitee else locale
    token = _serializer().dumps({"invitation": invitation.id})
    send_mail(
        "organization_invitation", email, mail_locale, _l("You are invited to join an organization"),
        "organizations/mail/invitation.txt",
        inviter=inviter, organization=organization, role=role,
        accept_url=absolute_url("organizations.accept_invitation", token=token, lang=mail_locale),
        register_url=absolute_url("accounts.register", lang=mail_locale),
    )
    record_audit("membership.invited", "organization", organization.id, after={"email": email, "role": role}, actor=inviter)
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    try:
        data = _serializer().loads(token, max_age=INVITATION_MAX_AGE_SECONDS)
    except BadSignature:
        return None
    invitation = db.session.get(Invitation, data.get("invitation"))
    if invitation is None or invitation.accepted_at is not None:
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    if normalize_email(user.email) != invitation.email:
        raise MembershipRefused(
            _l("This invitation was sent to %(email)s. Sign in with that address to accept it.", email=invitation.email)
        )
    membership = _add_member(invitation.organization_id, user, invitation.role, actor=user)
    invitation.accepted_at = utcnow()
    db.session.commit()
    return membership


def _add_member(organization_id: int, user: User, role: str, actor: User) -> Membership:
    existing = db.session.scalar(
        db.select(Membership).where(Membership.organization_id == organization_id, Membership.user_id == user.id)
    )
    if existing is not None:
        return existing
    membership = Membership(organization_id=organization_id, user_id=user.id, role=role)
    db.session.add(membership)
    record_audit("membership.added", "organization", organization_id, after={"user": user.id, "role": role}, actor=actor)
    return membership


def request_to_join(organization: Organization, user: User, message: str | None) -> JoinRequest:
    """Mail the owners; a request waiting for their answer is not mailed again.

    The quotas count requests made in the last 24 hours. A request asked again after the owners
    answered it reuses its row and is not counted: the owners have to answer before each new mail."""
    _locked_organization(organization.id)
    if role_of(user, organization.id):
        raise MembershipRefused(_l("You are already a member of this organization."))
    join_request = db.session.scalar(
        db.select(JoinRequest).where(JoinRequest.organization_id == organization.id, JoinRequest.user_id == user.id)
    )
    if join_request is not None and join_request.state == JoinRequestState.PENDING:
        raise MembershipRefused(
            _l("You have already asked to join this organization: its owners have your request and will answer it.")
        )
    if join_request is None:
        if _sent_today(JoinRequest, JoinRequest.user_id == user.id) >= JOIN_REQUESTS_PER_PERSON:
            raise MembershipRefused(
                _l("You have sent as many requests to join as allowed in 24 hours. Try again tomorrow.")
            )
        if _sent_today(JoinRequest, JoinRequest.organization_id == organization.id) >= JOIN_REQUESTS_PER_ORGANIZATION:
            raise MembershipRefused(
                _l("This organization has received as many requests to join as it can in 24 hours. Try again tomorrow.")
            )
        join_request = JoinRequest(organization_id=organization.id, user_id=user.id)
        db.session.add(join_request)
    join_request.state = JoinRequestState.PENDING
    join_request.message = (message or "").strip() or None
    join_request.decided_at = None
    for membership in members(organization.id):
        if membership.role == MemberRole.OWNER:
            owner = membership.user
            send_mail(
                "organization_join_request", owner.email, owner.preferred_locale,
                _l("Someone asks to join your organization"), "organizations/mail/join_request.txt",
                owner=owner, requester=user, organization=organization, message=join_request.message,
                members_url=absolute_url("organizations.members", organization_id=organization.id, lang=owner.preferred_locale),
            )
    db.session.commit()
    return join_request


def decide_join_request(join_request: JoinRequest, owner: User, approve: bool, role: str = MemberRole.VIEWER) -> None:
    if join_request.state != JoinRequestState.PENDING:
        raise MembershipRefused(_l("This request has already been answered."))
    join_request.state = JoinRequestState.APPROVED if approve else JoinRequestState.DECLINED
    join_request.decided_at = utcnow()
    if approve:
        _add_member(join_request.organization_id, join_request.user, role, actor=owner)
    requester = join_request.user
    send_mail(
        "organization_join_decision", requester.email, requester.preferred_locale,
        _l("Your request to join an organization has been answered"), "organizations/mail/join_decision.txt",
        user=requester, organization=join_request.organization, approved=approve,
    )
    db.session.commit()


def change_role(organization_id: int, membership_id: int, role: str, actor: User) -> None:
    _locked_organization(organization_id)
    membership = _membership(organization_id, membership_id)
    if membership.role == MemberRole.OWNER and role != MemberRole.OWNER and _owner_count(organization_id) == 1:
        raise MembershipRefused(_l("An organization always keeps at least one owner: name another owner first."))
    before = membership.role
    membership.role = role
    record_audit(
        "membership.role_changed", "organization", organization_id,
        before={"user": membership.user_id, "role": before}, after={"user": membership.user_id, "role": role}, actor=actor,
    )
    db.session.commit()


def remove_member(organization_id: int, membership_id: int, actor: User) -> None:
    """An owner removing someone, or anyone leaving (their own membership)."""
    _locked_organization(organization_id)
    membership = _membership(organization_id, membership_id)
    if membership.role == MemberRole.OWNER and _owner_count(organization_id) == 1:
        raise MembershipRefused(_l("An organization always keeps at least one owner: name another owner first."))
    record_audit(
        "membership.removed", "organization", organization_id,
        before={"user": membership.user_id, "role": membership.role}, actor=actor,
    )
    db.session.delete(membership)
    db.session.commit()


def _membership(organization_id: int, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organization_id != organization_id:
        raise MembershipRefused(_l("This person is not a member of the organization."))
    return membership
