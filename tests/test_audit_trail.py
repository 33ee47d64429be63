"""The audit trail officers read: filters, each entry's difference, every object's history,
and entries that no route or API call can change or remove."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from portal.core.audit import AuditEntry
from portal.extensions import db, limiter
from tests.conftest import csrf_token, sign_in, submit
from tests.needs_helpers import make_need
from tests.organizations_helpers import checklist_data, make_organization
from tests.test_api_writes import new_token
from tests.test_organization_directory import count_queries


@pytest.fixture
def world(app, make_user):
    officer = make_user("officer@example.org", role="officer", name="Youssef Officer")
    admin = make_user("admin@example.org", role="admin", name="Amina Admin")
    owner = make_user("owner@example.org", name="Hodan Owner")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    organization = make_organization(app, owner)
    page = f"/en/officer/organizations/{organization}"
    submit(client, page, checklist_data(), action=f"{page}/verify")
    need = make_need(app, organization, owner, state="submitted")
    return {"officer": officer, "admin": admin, "owner": owner, "organization": organization, "need": need, "client": client}


def entry_titles(page: str) -> list[str]:
    return re.findall(r'data-action="([a-z_]+\.[a-z_.]+)"', page)


def test_an_officer_reads_who_changed_what_with_the_difference(app, world):
    page = world["client"].get("/en/audit").get_data(as_text=True)
    assert "organization.verify" in entry_titles(page)
    verification = page[page.index('data-action="organization.verify"'):]
    verification = verification[:verification.index("</article>")]
    assert "Youssef Officer" in verification and ">Verified</span>" in verification
    # The state went from awaiting verification to verified: both named, as the reader reads them.
    assert re.search(r'<th scope="row">State</th>\s*'
                     r'<td[^>]*><del>Awaiting verification</del></td>\s*<td[^>]*><ins>Verified</ins></td>', verification)


def test_the_trail_filters_by_actor_object_action_and_period(app, world):
    client = world["client"]
    by_officer = entry_titles(client.get(f"/en/audit?actor={world['officer']}").get_data(as_text=True))
    assert by_officer and "organization.verify" in by_officer and "need.submit" not in by_officer
    needs_only = entry_titles(client.get("/en/audit?object_type=need").get_data(as_text=True))
    assert needs_only and all(title.startswith("need.") for title in needs_only)
    assert entry_titles(client.get("/en/audit?action=organization.verify").get_data(as_text=True)) == ["organization.verify"]
    today = date.today()
    assert "organization.verify" in entry_titles(client.get(f"/en/audit?start={today}&end={today}").get_data(as_text=True))
    tomorrow = today + timedelta(days=1)
    assert entry_titles(client.get(f"/en/audit?start={tomorrow}").get_data(as_text=True)) == []
    # A date that is not one is ignored, not an error.
    assert client.get("/en/audit?start=yesterday").status_code == 200


def test_each_audited_object_has_its_history(app, world):
    client = world["client"]
    need_page = client.get(f"/en/needs/{world['need']}").get_data(as_text=True)
    history = re.search(r'href="(/en/audit\?[^"]+)">History<', need_page).group(1).replace("&amp;", "&")
    titles = entry_titles(client.get(history).get_data(as_text=True))
    assert titles and all(title.startswith("need.") for title in titles)
    # Visitors and members are not offered the link.
    assert "/en/audit?" not in app.test_client().get(f"/en/organizations/{world['organization']}").get_data(as_text=True)


@pytest.mark.parametrize(("kind", "status"), [("visitor", 302), ("member", 403), ("officer", 200), ("admin", 200)])
def test_officers_and_administrators_read_the_trail_others_do_not(app, world, kind, status):
    client = app.test_client()
    if kind != "visitor":
        sign_in(client, {"member": "owner@example.org", "officer": "officer@example.org", "admin": "admin@example.org"}[kind])
    assert client.get("/en/audit").status_code == status


def test_the_trail_reads_a_fixed_number_of_queries(app, world, make_user):
    client = world["client"]
    few = count_queries(app, "/en/audit", client)
    for number in range(5):
        owner = make_user(f"owner{number}@example.org", name=f"Owner {number}")
        make_need(app, make_organization(app, owner, state="verified", registration_number=f"R{number}",
                                         website=f"https://o{number}.example.org"), owner, state="submitted")
    assert count_queries(app, "/en/audit", client) == few


def snapshot(app) -> dict:
    with app.app_context():
        return {entry.id: (entry.created_at, entry.actor_id, entry.action, entry.object_type, entry.object_id,
                           entry.before, entry.after, entry.ip_address)
                for entry in db.session.scalars(db.select(AuditEntry))}


def test_no_route_and_no_api_call_changes_or_removes_an_entry(app, world):
    """Every rule of the portal, with every method it accepts, as an administrator with a
    valid form token and with an API token, pointed at the ids of existing entries and their
    objects: afterwards every entry is still there as it was (new ones may be added)."""
    before = snapshot(app)
    assert before
    token = new_token(app, "admin@example.org")
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    form_token = csrf_token(admin, "/en/account")
    ids = sorted({int(value) for entry in before.values() for value in (entry[4],) if value.isdigit()} | set(before))
    tried = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "accounts.logout"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for identifier in ids[:3]:
                values = {}
                for argument in rule.arguments:
                    converter = rule._converters[argument].__class__.__name__
                    values[argument] = (
                        "en" if argument == "lang" else identifier if converter == "IntegerConverter"
                        else next(iter(getattr(rule._converters[argument], "items", []) or ["x"]))
                    )
                try:
                    path = rule.build(values, append_unknown=False)[1]
                except Exception:  # noqa: BLE001 (a rule whose arguments this generic walk cannot fill)
                    continue
                data = {"csrf_token": form_token, "reason": "x", "state": "draft", "role": "member"}
                admin.open(path, method=method, data=data)
                admin.open(path, method=method, json={"state": "draft"}, headers={"Authorization": f"Bearer {token}"})
                tried += 1
                limiter.reset()
    assert tried > 100
    after = snapshot(app)
    assert {entry_id: after.get(entry_id) for entry_id in before} == before


def test_entries_of_reference_data_and_settings_link_to_their_pages(app, world):
    from flask import g

    from portal.audit.views import object_page

    with app.test_request_context("/en/"):
        g.lang = "en"
        assert object_page("country", "SO") == "/en/admin/reference/countries/SO/edit"
        assert object_page("settings", "site") == "/en/admin/settings"
        assert object_page("agreement", "12") == "/en/agreements/12"
        # An id that is not a number where one is expected links nowhere rather than failing.
        assert object_page("agreement", "AGR-1") is None and object_page("unknown", "1") is None


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET action = 'rewritten'",
    "UPDATE audit_entries SET after = NULL WHERE action = 'organization.verify'",
    "DELETE FROM audit_entries",
])
def test_the_database_refuses_to_change_or_remove_an_entry(app, world, statement):
    """Whoever connects, with plain SQL and not through the portal's models."""
    before = snapshot(app)
    with app.app_context():
        with pytest.raises(DBAPIError, match="audit entries are never updated or deleted"):
            with db.engine.begin() as connection:
                connection.execute(text(statement))
    assert snapshot(app) == before
