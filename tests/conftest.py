"""Test fixtures: one app per session on SQLite (a temporary file) or on PostgreSQL
(TEST_DATABASE_URL), reference data loaded once, every other table emptied after each test.

The suite runs in parallel (pytest-xdist, `-n` in pyproject.toml): each worker is a session of
its own, with its own SQLite file, or its own PostgreSQL database named after TEST_DATABASE_URL's
with the worker's id added (test_gw0, test_gw1, ...), made afresh when the worker starts and
dropped when it ends."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("PORTAL_ENV", "testing")

from portal import create_app  # noqa: E402
from portal.accounts import services as account_services  # noqa: E402
from portal.accounts.models import User  # noqa: E402
from portal.accounts.services import hash_password  # noqa: E402
from portal.core.audit import AuditEntry  # noqa: E402
from portal.core.mail import OutboxMessage  # noqa: E402
from portal.core.settings import forget_settings  # noqa: E402
from portal.core.time import utcnow  # noqa: E402
from portal.extensions import db, limiter  # noqa: E402
from portal.reference.services import forget_reference_lists, load_reference_data  # noqa: E402

# What the portal hashes passwords with, kept for the test that checks it (tests/test_accounts.py).
PRODUCTION_HASHER = account_services._hasher
# The same Argon2id at its lowest cost. Argon2 is slow on purpose, a quarter of a second a sign-in
# here, and the tests sign in a few thousand times to check who may do what.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
AUDIT_TABLE = AuditEntry.__table__
REFERENCE_TABLES = {"countries", "areas", "fields", "subsectors", "beneficiary_groups", "currencies", "exchange_rates"}
PASSWORD = "a long and uncommon passphrase"


def _server_command(url, *statements: str) -> None:
    """Run statements such as CREATE DATABASE on the server of `url`, from its maintenance database."""
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        server.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The session's database: a SQLite file, or TEST_DATABASE_URL's database, or under xdist a
    PostgreSQL database of the worker's own beside it (the user needs the right to create one)."""
    base = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not base:
        # SQLite waits for the disk at every commit, and the suite commits tens of thousands of
        # times: the file goes in memory (/dev/shm) where there is one. Nothing else changes.
        if os.access("/dev/shm", os.W_OK):
            folder = Path(tempfile.mkdtemp(prefix="portal-tests-", dir="/dev/shm"))
            yield f"sqlite:///{folder / 'portal.sqlite'}"
            shutil.rmtree(folder, ignore_errors=True)
        else:
            yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite'}"
    elif not worker:
        yield base
    else:
        url = make_url(base)
        name = f"{url.database}_{worker}"
        url = url.set(database=name)
        # A test database need not survive a crash of the server: commits don't wait for the disk.
        _server_command(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"',
                        f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        yield url.render_as_string(hide_password=False)
        _server_command(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Every password hashed or checked in the session goes through TEST_HASHER."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(account_services, "_hasher", TEST_HASHER)
        yield


@pytest.fixture(scope="session")
def app(tmp_path_factory, database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
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
        db.engine.dispose()


def empty_tables(app, *, reference_data_too: bool = False) -> None:
    """Empties the tables a test may have written. The reference data is kept unless asked:
    then it is emptied and loaded again as shipped, for a test that edits it (as an
    administrator's walk of every form does)."""
    with app.app_context():
        db.session.remove()
        tables = [table for table in reversed(db.metadata.sorted_tables)
                  if (reference_data_too or table.name not in REFERENCE_TABLES) and table is not AUDIT_TABLE]
        with db.engine.begin() as connection:
            # The database refuses to delete audit entries (core.audit): on PostgreSQL, TRUNCATE
            # fires no row trigger; SQLite has no TRUNCATE, and the table is made afresh, with its
            # triggers.
            if connection.dialect.name == "postgresql":
                # The same statements in the same transaction, sent in one round trip, not one a table.
                quote = connection.dialect.identifier_preparer.format_table
                connection.exec_driver_sql("; ".join([f"TRUNCATE {quote(AUDIT_TABLE)}",
                                                      *(f"DELETE FROM {quote(table)}" for table in tables)]))
            else:
                AUDIT_TABLE.drop(connection)
                AUDIT_TABLE.create(connection)
                for table in tables:
                    connection.execute(table.delete())
        if reference_data_too:
            load_reference_data()
            forget_reference_lists()
        limiter.reset()
        forget_settings()


@pytest.fixture(autouse=True)
def clean_database(request, app):
    yield
    empty_tables(app)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def password_hash(cheap_password_hashing):
    """The test users share one hash of PASSWORD."""
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


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (row locks, concurrent requests) are skipped on SQLite."""
    if os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="needs TEST_DATABASE_URL pointing at PostgreSQL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: a worker per core, at most four, since each has its own database, app and browser;
    PYTEST_XDIST_AUTO_NUM_WORKERS, read by xdist itself, says otherwise."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return min(len(os.sched_getaffinity(0)), 4)
