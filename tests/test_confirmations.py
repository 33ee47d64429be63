"""Buttons of actions that cannot be taken back carry, in the reader's language, the sentence the
browser asks before sending them (data-confirm, read by static/js/confirm.js): withdrawing or
recording a pledge as paid, withdrawing or closing a need, cancelling a forum registration,
closing a call before its deadline or cancelling it, rejecting or suspending an organization,
deactivating an account."""
from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape

from portal.accounts.models import User
from portal.calls.models import Call
from portal.calls.views import deadline_text
from portal.core.money import Money, format_money
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects import services as projects
from tests.calls_helpers import make_call
from tests.conftest import submit
from tests.forum_helpers import make_edition, register
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project
from tests.test_forum import client_for

LANGUAGES = ("ar", "en", "fr")


@pytest.fixture
def world(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role=role)
           for kind, role in (("officer", "officer"), ("admin", "admin"), ("donor", "member"),
                              ("founder", "member"), ("leaver", "member"))}
    donor_org = make_organization(app, ids["donor"], state="verified", registration_number="AE-9",
                                  names={"en": "Khair Fund"})
    pending_org = make_organization(app, ids["founder"], registration_number="SN-2", names={"fr": "Fondation Baraka"},
                                    website="https://baraka.example.org")
    project = make_project(app, ids["officer"])
    with app.app_context():
        donor, officer = db.session.get(User, ids["donor"]), db.session.get(User, ids["officer"])
        organization = db.session.get(Organization, donor_org)
        pledged = projects.make_pledge(organization, donor, project, Money(Decimal("25000"), "EUR")).id
        committed = projects.make_pledge(organization, donor, project, Money(Decimal("1500"), "USD")).id
        projects.commit_pledge(committed, officer)
        db.session.commit()
    edition = make_edition(app, ids["officer"])
    return {
        **ids, "donor_org": donor_org, "pending_org": pending_org, "project": project,
        "pledged": pledged, "committed": committed,
        "need": make_need(app, donor_org, ids["donor"], state="published"),
        "registration": register(app, ids["donor"], edition),
        "call": make_call(app, ids["officer"], project, [ids["officer"]]),
    }


def asks(app, client, lang: str, path: str, message: str, **values) -> None:
    """The page at `path` has a button asking `message`, translated into `lang`."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        sentence = gettext(message, **{name: value(lang) if callable(value) else value for name, value in values.items()})
    if lang != "en":
        with app.test_request_context("/en/"), force_locale("en"):
            assert sentence != gettext(message, **{name: value("en") if callable(value) else value
                                                   for name, value in values.items()}), "not translated"
    html = client.get(f"/{lang}{path}").get_data(as_text=True)
    assert f'data-confirm="{escape(sentence)}"' in html, sentence


def amount(value: str, currency: str):
    return lambda lang: format_money(Decimal(value), currency)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pledge_actions_ask_first_naming_the_amount(app, world, lang):
    project = f"/projects/{world['project']}"
    asks(app, client_for(app, "donor"), lang, project,
         "Withdrawing this pledge of %(amount)s is final: it cannot be restored.", amount=amount("25000", "EUR"))
    asks(app, client_for(app, "officer"), lang, project,
         "Recording this pledge of %(amount)s as paid is final: it cannot be taken back.",
         amount=amount("1500", "USD"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_withdrawing_or_closing_a_need_asks_first(app, world, lang):
    donor = client_for(app, "donor")
    page = f"/needs/{world['need']}"
    asks(app, donor, lang, page, "Withdrawing this need is final: it cannot be submitted or published again.")
    asks(app, donor, lang, page, "Closing this need is final: it leaves the needs board and cannot be reopened.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cancelling_a_forum_registration_asks_first(app, world, lang):
    asks(app, client_for(app, "donor"), lang, f"/forum/registrations/{world['registration']}",
         "Cancelling this registration is final: its seat is given up and it cannot be restored.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_closing_a_call_before_its_deadline_or_cancelling_it_asks_first(app, world, lang):
    officer = client_for(app, "officer")
    page = f"/calls/{world['call']}"

    def deadline(lang):
        with app.test_request_context(f"/{lang}/"), force_locale(lang):
            return deadline_text(db.session.get(Call, world["call"]))

    asks(app, officer, lang, page,
         "Closing this call before its deadline (%(deadline)s) is final: no organization can apply any more.",
         deadline=deadline)
    asks(app, officer, lang, page,
         "Cancelling this call is final: no partner will be selected and it cannot be reopened.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rejecting_or_suspending_an_organization_asks_first(app, world, lang):
    officer = client_for(app, "officer")
    asks(app, officer, lang, f"/officer/organizations/{world['pending_org']}",
         "Rejecting this organization is final: it will not appear in the directory and cannot be verified afterwards.")
    asks(app, officer, lang, f"/officer/organizations/{world['donor_org']}",
         "Suspending this organization takes it out of the directory at once: it can no longer publish needs or "
         "pledge until an officer reinstates it after a new check.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deactivating_an_account_asks_first(app, world, lang):
    asks(app, client_for(app, "admin"), lang, f"/admin/users/{world['leaver']}",
         "Deactivating this account signs its holder out at once and stops their API tokens until it is reactivated.")


def test_every_page_loads_the_script_that_asks(app, world):
    html = client_for(app, None).get("/ar/").get_data(as_text=True)
    assert '<script src="/static/js/confirm.js' in html
    assert client_for(app, None).get("/static/js/confirm.js").status_code == 200


def test_a_deactivation_is_offered_an_undo_that_reactivates_the_account(app, world):
    admin = client_for(app, "admin")
    page = submit(admin, f"/ar/admin/users/{world['leaver']}", {},
                  action=f"/ar/admin/users/{world['leaver']}/deactivate", follow_redirects=True).get_data(as_text=True)
    with app.test_request_context("/ar/"), force_locale("ar"):
        undo = gettext("Undo")
        assert db.session.get(User, world["leaver"]).active is False
    assert undo != "Undo"
    flashed = page.split('role="status"')[1].split("</main>")[0].split('<div class="container')[0]
    assert f'action="/ar/admin/users/{world["leaver"]}/reactivate"' in flashed and f">{undo}</button>" in flashed
    submit(admin, f"/ar/admin/users/{world['leaver']}", {}, action=f"/ar/admin/users/{world['leaver']}/reactivate")
    with app.app_context():
        assert db.session.get(User, world["leaver"]).active is True


def test_no_undo_where_the_rules_have_no_way_back(app, world):
    donor = client_for(app, "donor")
    page = submit(donor, f"/en/projects/{world['project']}", {}, action=f"/en/pledges/{world['pledged']}/withdraw",
                  follow_redirects=True).get_data(as_text=True)
    assert "the pledge is now" in page and ">Undo</button>" not in page
