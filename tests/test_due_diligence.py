"""Due diligence (docs/due-diligence.md): the verification checklist kept with each decision, and risk
flags raised, cleared and confirmed by officers, a standing red flag suspending pledges."""
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from flask_babel import force_locale

from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.core.money import Money
from portal.duediligence.labels import CHECKLIST_ITEM_LABELS
from portal.duediligence.models import RiskFlag, VerificationChecklist
from portal.duediligence.services import RED_FLAG_REFUSAL
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects import services as projects_services
from portal.projects.models import Pledge
from tests.api_helpers import api_token, assert_documented, auth
from tests.conftest import outbox, sign_in, submit
from tests.duediligence_helpers import make_flag
from tests.organizations_helpers import FILES, add_member, checklist_data, load_organization, make_organization
from tests.projects_helpers import make_project
from tests.test_organization_directory import count_queries


@pytest.fixture
def world(app, make_user):
    """A pending charity with an Arabic-speaking owner, a verified donor with an editor, a project."""
    officer = make_user(email="officer@example.org", name="Youssef Officer", role="officer")
    owner = make_user(email="owner@example.org", name="هودان", locale="ar")
    donor_owner = make_user(email="donor@example.org", name="Claire Donor")
    editor = make_user(email="editor@example.org", name="Omar Editor")
    charity = make_organization(app, owner)
    donor = make_organization(app, donor_owner, state="verified", kind="donor", names={"en": "Khair Fund"},
                              registration_number="AE-1", country_code="AE", website="https://khair.example.org")
    add_member(app, donor, editor, "editor")
    return {"officer": officer, "owner": owner, "editor": editor, "charity": charity, "donor": donor,
            "project": make_project(app, officer)}


def officer_client(app):
    client = app.test_client()
    sign_in(client, "officer@example.org")
    return client


def decide(client, organization_id, decision, data):
    page = f"/en/officer/organizations/{organization_id}"
    return submit(client, page, data, action=f"{page}/{decision}")


def audit_entries(app, organization_id, prefix):
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.object_type == "organization",
                                        AuditEntry.object_id == str(organization_id),
                                        AuditEntry.action.startswith(prefix))
            .order_by(AuditEntry.id).options(db.joinedload(AuditEntry.actor))
        ).all()
        db.session.expunge_all()
        return entries


def checklists(app, organization_id):
    with app.app_context():
        rows = db.session.scalars(db.select(VerificationChecklist)
                                  .where(VerificationChecklist.organization_id == organization_id)).all()
        db.session.expunge_all()
        return rows


# --- The verification checklist ------------------------------------------------------------------

def test_verifying_keeps_the_checklist_which_officers_read_on_the_organization_page(app, world):
    client = officer_client(app)
    data = {**checklist_data(), "contact_comment": "Called the head office on 3 March."}
    assert decide(client, world["charity"], "verify", data).status_code == 302
    assert load_organization(app, world["charity"]).state == "verified"
    [checklist] = checklists(app, world["charity"])
    assert checklist.decision == "verify" and checklist.officer_id == world["officer"]
    assert checklist.items["contact"] == {"result": "passed", "comment": "Called the head office on 3 March."}
    assert checklist.items["audited_accounts"]["result"] == "not_applicable"
    [entry] = audit_entries(app, world["charity"], "organization.verify")
    assert entry.actor.name == "Youssef Officer" and entry.after["checklist"] == checklist.items

    page = client.get(f"/en/officer/organizations/{world['charity']}").get_data(as_text=True)
    kept = page[page.index('id="checklists"'):]
    assert "Verification" in kept and "Youssef Officer" in kept
    assert "Contact confirmed: <strong>Passed</strong> — <span dir=\"auto\">Called the head office on 3 March.</span>" in kept
    assert "Audited accounts: <strong>Not applicable</strong>" in kept


def test_a_rejection_names_the_failed_items_to_the_owner_in_their_language(app, world):
    data = {**checklist_data(failed=("safeguarding", "registration_document")), "reason": "الوثائق ناقصة."}
    decide(officer_client(app), world["charity"], "reject", data)
    assert load_organization(app, world["charity"]).state == "rejected"
    [mail] = outbox(app, "owner@example.org")
    assert mail.locale == "ar" and "الوثائق ناقصة." in mail.body
    with app.app_context(), force_locale("ar"):
        failed = [str(CHECKLIST_ITEM_LABELS[item]) for item in ("registration_document", "safeguarding")]
        passed = str(CHECKLIST_ITEM_LABELS["contact"])
    assert failed[0] != "Registration document valid and current"
    assert all(name in mail.body for name in failed) and passed not in mail.body
    assert checklists(app, world["charity"])[0].failed_items == ["registration_document", "safeguarding"]


@pytest.mark.parametrize(("decision", "failed", "message"), [
    ("verify", ("mission",), "An organization with a failed item cannot be verified"),
    ("reject", (), "A rejection names at least one failed item of the checklist."),
])
def test_a_checklist_that_does_not_fit_the_decision_is_refused_and_nothing_changes(app, world, decision, failed, message):
    response = decide(officer_client(app), world["charity"], decision, {**checklist_data(failed=failed), "reason": "Why"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert load_organization(app, world["charity"]).state == "pending"
    assert checklists(app, world["charity"]) == [] and outbox(app) == []
    assert [entry.action for entry in audit_entries(app, world["charity"], "organization.")] == ["organization.registered"]


def test_an_item_left_unticked_shows_the_form_again_with_what_was_filled_in(app, world):
    data = checklist_data()
    del data["safeguarding_result"]
    response = decide(officer_client(app), world["charity"], "verify", {**data, "mission_comment": "Schools only"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Tick a result for this item." in html and 'value="Schools only"' in html
    assert load_organization(app, world["charity"]).state == "pending"


def test_audited_accounts_are_checked_above_the_threshold_of_pledges(app, world):
    with app.app_context():
        donor = db.session.get(Organization, world["donor"])
        projects_services.make_pledge(donor, db.session.get(User, world["editor"]), world["project"],
                                      Money(Decimal("60000"), "USD"))
        donor.state = "suspended"
        db.session.commit()
    client = officer_client(app)
    page = client.get(f"/en/officer/organizations/{world['donor']}").get_data(as_text=True)
    assert "exceed $50,000.00; it has pledged $60,000.00" in page
    refused = decide(client, world["donor"], "reinstate", checklist_data())
    assert "its audited accounts must be checked" in refused.get_data(as_text=True)
    assert load_organization(app, world["donor"]).state == "suspended"
    decide(client, world["donor"], "reinstate", {**checklist_data(), "audited_accounts_result": "passed"})
    assert load_organization(app, world["donor"]).state == "verified"
    assert checklists(app, world["donor"])[0].decision == "reinstate"


# --- Risk flags ----------------------------------------------------------------------------------

def raise_flag(client, organization_id, **data):
    page = f"/en/officer/organizations/{organization_id}"
    return submit(client, page, {"category": "financial", "severity": "red", "reason": "Accounts do not add up",
                                 "evidence": "Audit letter of 3 March", **data},
                  action=f"/en/due-diligence/organizations/{organization_id}/flags")


def test_raising_clearing_and_confirming_flags_is_audited_with_who_and_why(app, world):
    client = officer_client(app)
    with open(FILES / "registration.pdf", "rb") as evidence:
        raise_flag(client, world["donor"], evidence_file=(evidence, "audit-letter.pdf"))
    with app.app_context():
        flag = db.session.scalars(db.select(RiskFlag)).one()
        flag_id, raised_by = flag.id, flag.raised_by_id
    assert raised_by == world["officer"]
    download = client.get(f"/en/due-diligence/flags/{flag_id}/evidence")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "audit-letter.pdf" in download.headers["Content-Disposition"]
    page = client.get(f"/en/officer/organizations/{world['donor']}").get_data(as_text=True)
    assert "Accounts do not add up" in page and "Audit letter of 3 March" in page and "Red flag" in page

    def press(decision, comment):
        submit(client, "/en/account", {"comment": comment}, action=f"/en/due-diligence/flags/{flag_id}/{decision}")

    press("confirm", "   ")
    press("confirm", "The auditor confirmed it.")
    press("clear", "The accounts were corrected and audited again.")
    with app.app_context():
        flag = db.session.get(RiskFlag, flag_id)
        assert (flag.state, flag.decided_by_id, flag.decision_comment) == (
            "cleared", world["officer"], "The accounts were corrected and audited again.")
    entries = audit_entries(app, world["donor"], "risk_flag.")
    assert [(entry.action, entry.actor.name) for entry in entries] == [
        ("risk_flag.raised", "Youssef Officer"), ("risk_flag.confirmed", "Youssef Officer"),
        ("risk_flag.cleared", "Youssef Officer")]
    assert entries[0].after["reason"] == "Accounts do not add up"
    assert entries[1].after["comment"] == "The auditor confirmed it."
    assert entries[2].before["state"] == "confirmed" and entries[2].after["state"] == "cleared"
    page = client.get(f"/en/officer/organizations/{world['donor']}").get_data(as_text=True)
    assert "Cleared on" in page and "The accounts were corrected and audited again." in page
    history = page[page.index('id="history-heading"'):]
    assert "Risk flag raised" in history and "Risk flag confirmed" in history and "Risk flag cleared" in history


def test_an_evidence_file_is_checked_by_its_content(app, world):
    client = officer_client(app)
    refused = raise_flag(client, world["donor"], evidence_file=(BytesIO(b"<html>not a pdf</html>"), "letter.pdf"))
    assert "Only PDF documents and PNG or JPEG images are accepted" in client.get(
        refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(RiskFlag)) == 0


def test_the_flags_list_filters_pages_and_runs_a_fixed_number_of_queries(app, world):
    make_flag(app, world["donor"], world["officer"], "observation", "performance", "Late reports")
    make_flag(app, world["charity"], world["officer"], "red", "sanctions", "Name on a list", state="cleared")
    make_flag(app, world["donor"], world["officer"], "escalation", "safeguarding", "No policy for minors")
    client = officer_client(app)
    listed = client.get("/en/due-diligence/flags").get_data(as_text=True)
    assert listed.index("No policy for minors") < listed.index("Name on a list") < listed.index("Late reports")
    red = client.get("/en/due-diligence/flags?severity=red").get_data(as_text=True)
    assert "Name on a list" in red and "Late reports" not in red
    assert "Late reports" not in client.get("/en/due-diligence/flags?state=cleared").get_data(as_text=True)
    assert "No policy for minors" in client.get("/en/due-diligence/flags?category=safeguarding&state=open").get_data(as_text=True)
    few = count_queries(app, "/en/due-diligence/flags", client)
    for number in range(4):
        make_flag(app, world["donor"], world["officer"], "observation", "integrity", f"Concern {number}")
    assert count_queries(app, "/en/due-diligence/flags", client) == few
    with app.app_context():
        from portal.duediligence import services

        page = services.flags_page(services.FlagFilters(), 2, per_page=5)
    assert page.total == 7 and len(page.items) == 2 and page.has_prev


# --- A red flag suspends pledges -----------------------------------------------------------------

def pledge_on_page(app, world, amount="5000"):
    client = app.test_client()
    sign_in(client, "editor@example.org")
    page = f"/en/projects/{world['project']}"
    response = submit(client, page, {"organization_id": str(world["donor"]), "amount": amount, "currency": "USD",
                                     "need_id": ""}, action=f"{page}/pledges", follow_redirects=True)
    return client, response.get_data(as_text=True)


def pledge_by_api(app, client, world, token):
    return client.post("/api/v1/pledges", headers=auth(token),
                       json={"project_id": world["project"], "organization_id": world["donor"], "amount": "1200.50",
                             "currency": "USD", "note": "For the libraries"})


def pledges(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Pledge))


def test_a_red_flag_suspends_pledges_the_member_is_told_why_and_clearing_it_lifts_it(app, client, world):
    flag = make_flag(app, world["donor"], world["officer"], "red")
    with app.test_request_context(), force_locale("en"):
        refusal = str(RED_FLAG_REFUSAL)
    editor, html = pledge_on_page(app, world)
    assert refusal in unescape(html) and pledges(app) == 0
    # The page says why instead of offering a form that fails.
    page = unescape(editor.get(f"/en/projects/{world['project']}").get_data(as_text=True))
    assert refusal in page and "Khair Fund" in page and f'/projects/{world["project"]}/pledges"' not in page
    token = api_token(app, world["editor"])
    refused = pledge_by_api(app, client, world, token)
    assert refused.status_code == 403 and assert_documented(refused, "/pledges", "post")["detail"] == refusal
    assert pledges(app) == 0
    # Nothing tells the member about the flag itself.
    assert "Funds diverted" not in page and "flag" not in page.lower()

    officer = officer_client(app)
    submit(officer, "/en/account", {"comment": "The partner's claim was withdrawn."},
           action=f"/en/due-diligence/flags/{flag}/clear")
    assert f'/projects/{world["project"]}/pledges"' in editor.get(f"/en/projects/{world['project']}").get_data(as_text=True)
    _, html = pledge_on_page(app, world)
    assert "your pledge is recorded" in html and pledges(app) == 1
    created = pledge_by_api(app, client, world, token)
    assert created.status_code == 201
    body = assert_documented(created, "/pledges", "post")
    assert (body["amount"], body["currency"], body["state"], body["organization_id"]) == ("1200.50", "USD", "pledged",
                                                                                            world["donor"])
    assert pledges(app) == 2


def test_a_confirmed_red_flag_still_suspends_pledges(app, client, world):
    make_flag(app, world["donor"], world["officer"], "red", state="confirmed")
    assert pledge_by_api(app, client, world, api_token(app, world["editor"])).status_code == 403


@pytest.mark.parametrize("severity", ["observation", "escalation"])
def test_observations_and_escalations_do_not_suspend_pledges(app, client, world, severity):
    make_flag(app, world["donor"], world["officer"], severity)
    _, html = pledge_on_page(app, world)
    assert "your pledge is recorded" in html
    assert pledge_by_api(app, client, world, api_token(app, world["editor"])).status_code == 201


def test_the_pledge_api_refuses_what_it_may_not_take(app, client, world, make_user):
    token = api_token(app, world["editor"])
    body = {"project_id": world["project"], "organization_id": world["donor"], "amount": "100", "currency": "USD"}
    assert client.post("/api/v1/pledges", json=body).status_code == 401
    outsider = api_token(app, make_user(email="outsider@example.org"))
    assert client.post("/api/v1/pledges", json=body, headers=auth(outsider)).status_code == 403
    assert client.post("/api/v1/pledges", json={**body, "project_id": 999999}, headers=auth(token)).status_code == 404
    for wrong in ({"amount": "0"}, {"currency": "XYZ"}, {"need_id": 999999}, {"amount": "12,5"}):
        response = client.post("/api/v1/pledges", json={**body, **wrong}, headers=auth(token))
        assert response.status_code == 422, wrong
        assert_documented(response, "/pledges", "post")
    assert client.post("/api/v1/pledges", data="{", headers={**auth(token), "Content-Type": "application/json"}).status_code == 400
    assert pledges(app) == 0
