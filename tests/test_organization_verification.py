import re

import pytest

from portal.core.audit import AuditEntry
from portal.extensions import db
from tests.conftest import outbox, sign_in, submit
from tests.duediligence_helpers import make_flag
from tests.organizations_helpers import checklist_data, load_organization, make_organization

SUBJECTS = {
    ("verify", "fr"): "Votre organisation est vérifiée",
    ("reject", "ar"): "لم يُقبل تسجيل مؤسستك",
    ("suspend", "en"): "Your organization is suspended",
    ("reinstate", "ar"): "تم التحقق من مؤسستك من جديد",
}


@pytest.fixture
def officer_client(app, make_user):
    make_user(email="officer@example.org", role="officer")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    return client


def decide(client, organization_id, decision, reason=None):
    page = f"/en/officer/organizations/{organization_id}"
    # A rejection names a failed item of the checklist; the other decisions have none.
    data = {**checklist_data(failed=("contact",) if decision == "reject" else ()),
            **({"reason": reason} if reason is not None else {})}
    return submit(client, page, data, action=f"{page}/{decision}")


def audit_actions(app, organization_id):
    with app.app_context():
        return db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.object_id == str(organization_id)).order_by(AuditEntry.id)
        ).all()


@pytest.mark.parametrize(
    ("start", "decision", "reason", "end", "owner_locale"),
    [
        ("pending", "verify", None, "verified", "fr"),
        ("pending", "reject", "Le document est illisible.", "rejected", "ar"),
        ("verified", "suspend", "Contact address bounces.", "suspended", "en"),
        ("suspended", "reinstate", None, "verified", "ar"),
    ],
)
def test_each_decision_changes_the_state_audits_and_mails_the_owner_in_their_language(
    app, make_user, officer_client, start, decision, reason, end, owner_locale
):
    owner = make_user(email="owner@example.org", locale=owner_locale)
    organization_id = make_organization(app, owner, state=start)
    response = decide(officer_client, organization_id, decision, reason)
    assert response.status_code == 302
    organization = load_organization(app, organization_id)
    assert organization.state == end
    assert organization.state_reason == reason
    assert audit_actions(app, organization_id)[-1] == f"organization.{decision}"
    [mail] = outbox(app, "owner@example.org")
    assert mail.locale == owner_locale
    assert mail.subject == SUBJECTS[(decision, owner_locale)]
    if reason:
        assert reason in mail.body


@pytest.mark.parametrize(("start", "decision"), [("pending", "reject"), ("verified", "suspend")])
def test_rejecting_or_suspending_needs_a_reason(app, make_user, officer_client, start, decision):
    organization_id = make_organization(app, make_user(email="owner@example.org"), state=start)
    decide(officer_client, organization_id, decision, reason="  ")
    assert load_organization(app, organization_id).state == start
    assert outbox(app) == []


@pytest.mark.parametrize(
    ("start", "decision"), [("verified", "verify"), ("rejected", "suspend"), ("pending", "reinstate"), ("verified", "reject")]
)
def test_decisions_that_do_not_apply_change_nothing(app, make_user, officer_client, start, decision):
    organization_id = make_organization(app, make_user(email="owner@example.org"), state=start)
    response = decide(officer_client, organization_id, decision, reason="because")
    assert "does not apply" in officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert load_organization(app, organization_id).state == start
    assert audit_actions(app, organization_id) == ["organization.registered"]


def test_the_queue_lists_pending_organizations_oldest_first(app, make_user, officer_client):
    owner = make_user(email="owner@example.org")
    first = make_organization(app, owner, names={"en": "First Charity"}, registration_number="1")
    second = make_organization(app, owner, names={"en": "Second Charity"}, registration_number="2")
    make_organization(app, owner, state="verified", names={"en": "Already Verified"}, registration_number="3")
    html = officer_client.get("/en/officer/organizations").get_data(as_text=True)
    assert html.index("First Charity") < html.index("Second Charity")
    assert "Already Verified" not in html
    assert first and second


def test_the_review_page_shows_candidates_and_history(app, make_user, officer_client):
    owner = make_user(email="owner@example.org")
    make_organization(app, owner, state="verified", names={"ar": "جمعيه الاحسان الخيريه"}, registration_number="1")
    organization_id = make_organization(app, owner, names={"ar": "جمعية الإحسان الخيرية"}, registration_number="2")
    html = officer_client.get(f"/en/officer/organizations/{organization_id}").get_data(as_text=True)
    assert "جمعيه الاحسان الخيريه" in html
    assert "nearly the same name" in html
    assert "Registered" in html


def test_the_checklist_and_the_decisions_read_in_arabic_without_borrowed_words(app, make_user):
    owner = make_user(email="owner@example.org")
    officer = make_user(email="arabic-officer@example.org", role="officer", locale="ar")
    pending = make_organization(app, owner, registration_number="1")
    verified = make_organization(app, owner, state="verified", names={"ar": "جمعية النور"}, registration_number="2")
    make_flag(app, verified, officer)
    client = app.test_client()
    sign_in(client, "arabic-officer@example.org", lang="ar")
    checklist = client.get(f"/ar/officer/organizations/{pending}").get_data(as_text=True)
    # A failed checklist item does not meet the requirement; «فشل الإرسال» is an e-mail that was not sent.
    assert "غير مستوفى" in checklist and "فشل الإرسال" not in checklist
    review = client.get(f"/ar/officer/organizations/{verified}").get_data(as_text=True)
    suspend = re.search(r'<button type="submit" class="btn btn-outline-danger" data-confirm="[^"]+">([^<]+)</button>',
                        review).group(1)
    # An open flag's comment is a remark, not the verb that suspends the organization.
    comment = re.search(r'<label class="form-label" for="flag-\d+-comment">([^<]+)</label>', review).group(1)
    assert suspend == "تعليق" and comment == "ملاحظة"
