"""In Arabic, withdrawing a pledge asks first and names what is lost: dismissing the question
keeps the pledge, accepting it withdraws the pledge."""
from decimal import Decimal

from playwright.sync_api import expect

from portal.accounts.models import User
from portal.core.money import Money
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import Pledge
from portal.projects.services import make_pledge
from tests.browser.test_forum_flow import signed_in_page
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project


def pledge_state(app, pledge_id: int) -> str:
    with app.app_context():
        return db.session.get(Pledge, pledge_id).state


def test_withdrawing_a_pledge_asks_first_naming_the_amount(app, browser, live_server, make_user):
    officer = make_user(email="officer@example.org", role="officer", locale="ar")
    donor = make_user(email="donor@example.org", name="سلمى", locale="ar")
    organization = make_organization(app, donor, state="verified", names={"ar": "صندوق الخير"})
    project = make_project(app, officer)
    with app.app_context():
        pledge_id = make_pledge(db.session.get(Organization, organization), db.session.get(User, donor), project,
                                Money(Decimal("25000"), "EUR")).id
        db.session.commit()

    page = signed_in_page(browser, live_server, "donor@example.org", lang="ar")
    page.goto(f"/ar/projects/{project}")
    row = page.get_by_test_id(f"pledge-{pledge_id}")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    row.get_by_role("button", name="سحب").click()
    # Dismissed: nothing was sent, the pledge is still pledged.
    expect(row).to_contain_text("متعهَّد به")
    (question,) = questions
    assert "سحب هذا التعهد بمبلغ" in question and "25" in question and "نهائي" in question
    assert pledge_state(app, pledge_id) == "pledged"
    expect(row.get_by_role("button", name="سحب")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="سحب").click()
    expect(page.get_by_role("status")).to_contain_text("سحبته المؤسسة")
    assert pledge_state(app, pledge_id) == "withdrawn"
