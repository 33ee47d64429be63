"""Test fixtures: one app per session on SQLite (a temporary file) or on PostgreSQL
(TEST_DATABASE_URL), reference data loaded once, every other table emptied after each test."""
from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("PORTAL_ENV", "testing")

from portal import create_app  # noqa: E402
from portal.accounts.models import User  # noqa: E402
from portal.accounts.services import hash_password  # noqa: E402
from portal.core.mail import OutboxMessage  # noqa: E402
from portal.core.settings import forget_settings  # noqa: E402
from portal.core.time import utcnow  # noqa: E402
from portal.extensions import db, limiter  # noqa: E402
from portal.reference.services import load_reference_data  # noqa: E402

REFERENCE_TABLES = {"countries", "areas", "fields", "subsectors", "beneficiary_groups", "currencies", "exchange_rates"}
PASSWORD = "a long and uncommon passphrase"


def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
            "SECRET_KEY": "test-secret",
            "PORTAL_BASE_URL": "http://localhost",
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_reference_data()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()


@pytest.fixture(autouse=True)
def clean_database(request, app):
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES:
                    connection.execute(table.delete())
        limiter.reset()
        forget_settings()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def password_hash():
    """Argon2 is slow on purpose; the test users share one hash of PASSWORD."""
    return hash_password(PASSWORD)


@pytest.fixture
def make_user(app, password_hash):
    def make(email="member@example.org", role="member", locale="en", confirmed=True, name="Test Person", active=True):
        with app.app_context():
            user = User(
                email=email,
                name=name,
                role=role,
                preferred_locale=locale,
                password_hash=password_hash,
                email_confirmed_at=utcnow() if confirmed else None,
                active=active,
            )
            db.session.add(user)
            db.session.commit()
            return user.id

    return make


CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    match = CSRF_FIELD.search(html)
    assert match, f"no CSRF token on {page}"
    return match.group(1) or match.group(2)


def submit(client, page: str, data: dict, action: str | None = None, **kwargs):
    """Post a form the way a browser does: with the CSRF token of the page that shows it."""
    token = csrf_token(client, page)
    return client.post(action or page, data={"csrf_token": token, **data}, **kwargs)


def sign_in(client, email, password=PASSWORD, lang="en", remember=False):
    data = {"email": email, "password": password, **({"remember": "y"} if remember else {})}
    return submit(client, f"/{lang}/login", data)


def outbox(app, recipient: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        messages = db.session.scalars(query).all()
        db.session.expunge_all()
        return messages


def link_in(message: OutboxMessage) -> str:
    """The path of the portal link in a message, as the recipient would open it."""
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)

