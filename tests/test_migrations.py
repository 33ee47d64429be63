"""`flask db upgrade` on an empty database gives exactly the models' schema: what Alembic
compares (tables, columns, types, indexes, keys), and the CHECK constraints, which it does not."""
import os
import re
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from portal import create_app
from portal.core.schema import alembic_include_object
from portal.extensions import db


@pytest.fixture
def new_database(tmp_path):
    """Makes empty databases (SQLite files, or PostgreSQL databases beside TEST_DATABASE_URL's),
    dropped after the test."""
    base = os.environ.get("TEST_DATABASE_URL")
    made = []

    def make() -> str:
        if not base:
            return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:12]}.sqlite'}"
        name = f"migrations_{uuid.uuid4().hex[:12]}"
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    server = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT") if base else None
    yield make
    if server is not None:
        with server.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _normalised(sql: str) -> str:
    """One spelling of a CHECK's condition: quotes around names and spacing as the database
    keeps them do not count."""
    return re.sub(r"\s+", " ", sql.replace('"', "")).strip().lower()


def check_constraints(connection) -> dict[tuple[str, str], str]:
    """(table, constraint name) -> normalised condition, as the database reports them."""
    inspector = inspect(connection)
    return {(table, check["name"]): _normalised(check["sqltext"])
            for table in inspector.get_table_names() for check in inspector.get_check_constraints(table)}


def check_constraint_differences(migrated: dict, modelled: dict) -> list[str]:
    differences = []
    for key in sorted(migrated.keys() | modelled.keys(), key=lambda key: (key[0], key[1] or "")):
        table, name = key
        if key not in migrated:
            differences.append(f"{table}.{name}: in the models, not in the migrations: {modelled[key]}")
        elif key not in modelled:
            differences.append(f"{table}.{name}: in the migrations, not in the models: {migrated[key]}")
        elif migrated[key] != modelled[key]:
            differences.append(f"{table}.{name}: migrations say {migrated[key]}, models say {modelled[key]}")
    return differences


def _migrated(url: str):
    """An app on `url`, upgraded to the head migration."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
    return app


def _checks_of(app) -> dict[tuple[str, str], str]:
    with app.app_context():
        with db.engine.connect() as connection:
            found = check_constraints(connection)
        db.engine.dispose()
    return found


def _modelled_checks(url: str) -> dict[tuple[str, str], str]:
    """The CHECK constraints of the models, as the same database keeps them after create_all."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
    return _checks_of(app)


def test_upgrade_gives_the_models_schema(new_database):
    app = _migrated(new_database())
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": alembic_include_object(connection.dialect.name)},
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_upgrade_gives_the_models_check_constraints(new_database):
    migrated, modelled = _checks_of(_migrated(new_database())), _modelled_checks(new_database())
    assert len(modelled) > 80
    assert check_constraint_differences(migrated, modelled) == []


def test_a_check_constraint_missing_from_the_migrations_is_reported(new_database):
    app = _migrated(new_database())
    # What a migration forgetting a new project state would leave: the old condition.
    with app.app_context():
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("ALTER TABLE projects DROP CONSTRAINT ck_projects_state"))
            else:
                # SQLite cannot drop a constraint; its schema is the text of each CREATE TABLE.
                connection.execute(text("PRAGMA writable_schema = ON"))
                connection.execute(text(
                    "UPDATE sqlite_master SET sql = replace(sql, 'CONSTRAINT ck_projects_state CHECK', 'CHECK') "
                    "WHERE type = 'table' AND name = 'projects'"))
                connection.execute(text("PRAGMA writable_schema = OFF"))
        db.engine.dispose()
    differences = check_constraint_differences(_checks_of(app), _modelled_checks(new_database()))
    assert any(line.startswith("projects.ck_projects_state: in the models, not in the migrations") for line in differences)


def test_a_changed_check_condition_is_reported():
    migrated = {("projects", "ck_projects_state"): _normalised("state IN ('planned', 'ongoing')")}
    modelled = {("projects", "ck_projects_state"): _normalised('"state" IN (\'planned\', \'ongoing\', \'closed\')')}
    assert check_constraint_differences(migrated, modelled) == [
        "projects.ck_projects_state: migrations say state in ('planned', 'ongoing'), "
        "models say state in ('planned', 'ongoing', 'closed')"
    ]
    assert check_constraint_differences(modelled, modelled) == []


def test_the_migrated_database_refuses_to_change_or_remove_an_audit_entry(new_database):
    app = _migrated(new_database())
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO audit_entries (created_at, action, object_type, object_id) "
                                    "VALUES (CURRENT_TIMESTAMP, 'thing.changed', 'thing', '7')"))
        for statement in ("UPDATE audit_entries SET action = 'rewritten'", "DELETE FROM audit_entries"):
            with pytest.raises(DBAPIError, match="audit entries are never updated or deleted"):
                with db.engine.begin() as connection:
                    connection.execute(text(statement))
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT action FROM audit_entries")).scalars().all() == ["thing.changed"]
        db.engine.dispose()
