"""Server-side permission checks: every protected view declares who may use it."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager


class Role:
    MEMBER = "member"
    OFFICER = "officer"
    ADMIN = "admin"
    ALL = (MEMBER, OFFICER, ADMIN)


def role_required(*roles: str):
    """Anonymous visitors are sent to sign in; signed-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
