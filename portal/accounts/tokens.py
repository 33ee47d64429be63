"""Personal API tokens: created and revoked on the user's page, sent as `Bearer` to /api/v1."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from portal.accounts.models import ApiToken, User
from portal.core.audit import record_audit
from portal.core.time import utcnow
from portal.extensions import db

TOKEN_PREFIX = "isp_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """The stored token and its secret, which is never stored and never shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=_digest(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    record_audit("api_token.created", "user", user.id, after={"token": token.id, "name": token.name}, actor=user)
    db.session.commit()
    return token, secret


def revoke_token(user: User, token_id: int) -> bool:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    record_audit("api_token.revoked", "user", user.id, after={"token": token.id}, actor=user)
    db.session.commit()
    return True


LAST_USED_PRECISION = timedelta(minutes=1)


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to; a revoked token or a deactivated user is refused."""
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    # To the minute is enough for "last used", and spares a write on every API request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
    return token.user


def tokens_of(user: User) -> list[ApiToken]:
    return db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())).all()
