from datetime import date

from portal.agreements.models import Agreement, AgreementState, AgreementType, Obligation
from portal.calls.models import Application
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import Project, ProjectPartner
from tests.conftest import sign_in
from tests.test_outcomes_demo import count

MODELS = (Agreement, Obligation, ProjectPartner, Organization)


def test_demo_agreements_cover_every_type_and_state_and_are_seeded_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        counts = {model: count(model) for model in MODELS}
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    today = date.today()
    with app.app_context():
        assert {model: count(model) for model in MODELS} == counts
        # Leaving out the draft opened for the partner selected by a demo call for partners.
        agreements = db.session.scalars(db.select(Agreement).where(
            Agreement.id.not_in(db.select(Application.agreement_id).where(Application.agreement_id.is_not(None))))).all()
        assert len(agreements) == 60
        assert {agreement.type for agreement in agreements} == set(AgreementType.ALL)
        assert {agreement.state for agreement in agreements} == set(AgreementState.ALL)
        assert sum(agreement.is_expiring(today) for agreement in agreements) >= 5
        assert all(agreement.parent_id for agreement in agreements if agreement.type == "amendment")
        assert all(set(agreement.title.languages) == {"ar", "en", "fr"} for agreement in agreements)
        assert any(obligation.is_overdue(today) for obligation in db.session.scalars(db.select(Obligation)))
        cited = db.session.scalars(db.select(Project).where(Project.agreement_id.is_not(None))).all()
        assert len(cited) >= 3 and all(project.partners for project in cited)
        assert db.session.scalar(db.select(Organization.id).where(
            Organization.kind == "national_commission", Organization.country_code == "SN"))
    client = app.test_client()
    sign_in(client, "officer@demo.isesco.org", password="demo-portal-2026")
    assert "King Khalid Foundation" in client.get("/en/agreements/?expiring=1").get_data(as_text=True)
