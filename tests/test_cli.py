from portal.accounts.models import User
from portal.agreements.demo import DEMO_PARTNERS
from portal.demo import DEMO_ACCOUNTS, DEMO_ORGANIZATIONS, DEMO_PASSWORD
from portal.organizations.models import Organization
from portal.extensions import db
from tests.conftest import sign_in


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(User))


def test_create_admin_makes_an_administrator_who_can_sign_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["portal", "create-admin", "--email", "Chief@Example.org", "--name", "Chief", "--password", "a long admin passphrase"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "chief@example.org"))
        assert user.role == "admin" and user.email_confirmed_at is not None
    sign_in(client, "chief@example.org", password="a long admin passphrase")
    assert client.get("/en/admin/outbox").status_code == 200


def test_create_admin_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(
        args=["portal", "create-admin", "--email", "a@example.org", "--name", "A", "--password", "password123"]
    )
    assert result.exit_code != 0
    assert count_users(app) == 0


def test_seed_demo_is_idempotent_and_its_accounts_sign_in(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "seed-demo"])
    second = runner.invoke(args=["portal", "seed-demo"])
    assert first.exit_code == second.exit_code == 0
    assert count_users(app) == len(DEMO_ACCOUNTS)
    with app.app_context():
        states = db.session.scalars(db.select(Organization.state)).all()
        # The agreements registry's own partners (DEMO_PARTNERS) and the organization under a red
        # flag (portal.duediligence.demo) are verified too; the sanctions demo's near-hit
        # (portal.sanctions.demo) waits for verification.
        assert len(DEMO_ORGANIZATIONS) == 12 and len(states) == 12 + len(DEMO_PARTNERS) + 2
        assert states.count("verified") == 9 + len(DEMO_PARTNERS) + 1 and states.count("pending") == 4
        languages = {lang for names in db.session.scalars(db.select(Organization.names)) for lang in names.languages}
        assert languages == {"ar", "en", "fr"}
    assert "admin@demo.isesco.org" in first.output and DEMO_PASSWORD in first.output
    for account in DEMO_ACCOUNTS:
        fresh = app.test_client()
        assert sign_in(fresh, account["email"], password=DEMO_PASSWORD).status_code == 302


def test_load_reference_data_reports_nothing_new_on_a_loaded_database(app):
    result = app.test_cli_runner().invoke(args=["portal", "load-reference-data"])
    assert result.exit_code == 0
    assert "up to date" in result.output


def test_demo_needs_cover_every_special_circumstances_country_field_and_state(app):
    from portal.needs.models import Need, NeedState, Priority
    from portal.reference.models import Country, Subsector

    app.test_cli_runner().invoke(args=["portal", "seed-demo"])
    with app.app_context():
        needs = db.session.scalars(db.select(Need).options(db.selectinload(Need.subsectors))).all()
        special = set(db.session.scalars(db.select(Country.code).where(Country.special_circumstances.is_(True))))
        assert {need.country_code for need in needs} == special
        fields = {sub.field_code for need in needs for sub in need.subsectors}
        assert fields == set(db.session.scalars(db.select(Subsector.field_code)))
        assert {need.state for need in needs} == set(NeedState.ALL)
        assert {lang for need in needs for lang in need.title.languages} == {"ar", "en", "fr"}
        assert db.session.scalar(db.select(db.func.count()).select_from(Priority)) >= 2


def test_seed_bench_grows_the_database_to_the_counts_asked(app, client):
    from portal.needs.models import Need
    from portal.projects.models import Project

    runner = app.test_cli_runner()
    runner.invoke(args=["portal", "seed-demo"])
    counts = ["--organizations", "40", "--needs", "300", "--projects", "80"]
    result = runner.invoke(args=["portal", "seed-bench", *counts])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 40
        assert db.session.scalar(db.select(db.func.count()).select_from(Need)) == 300
        assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 80
    assert runner.invoke(args=["portal", "seed-bench", *counts]).output.startswith("0 organizations and 0 needs")
    assert client.get("/ar/needs/?sort=cost").status_code == 200
