"""Demo data for `flask portal seed-demo`: idempotent, so it can run on every start."""
from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, hash_password
from portal.core.permissions import Role
from portal.core.time import utcnow
from portal.extensions import db

DEMO_PASSWORD = "demo-portal-2026"

DEMO_ACCOUNTS = [
    {"email": "admin@demo.isesco.org", "name": "Amina El Idrissi", "role": Role.ADMIN, "locale": "ar"},
    {"email": "officer@demo.isesco.org", "name": "Youssef Benali", "role": Role.OFFICER, "locale": "fr"},
    {"email": "charity@demo.isesco.org", "name": "Hodan Abdi Warsame", "role": Role.MEMBER, "locale": "ar"},
    {"email": "ministry@demo.isesco.org", "name": "Abdullah Al-Harbi", "role": Role.MEMBER, "locale": "ar"},
    {"email": "donor@demo.isesco.org", "name": "Claire Martin", "role": Role.MEMBER, "locale": "en"},
]


def seed_demo() -> list[dict]:
    """Create the demo accounts that are missing; returns the accounts to print."""
    for account in DEMO_ACCOUNTS:
        if find_user_by_email(account["email"]) is None:
            db.session.add(
                User(
                    email=account["email"],
                    name=account["name"],
                    role=account["role"],
                    preferred_locale=account["locale"],
                    password_hash=hash_password(DEMO_PASSWORD),
                    email_confirmed_at=utcnow(),
                )
            )
    db.session.commit()
    return [dict(account, password=DEMO_PASSWORD) for account in DEMO_ACCOUNTS]
