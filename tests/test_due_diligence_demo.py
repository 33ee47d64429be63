from html import unescape

from flask_babel import force_locale

from portal.duediligence.models import RiskFlag, VerificationChecklist
from portal.duediligence.services import RED_FLAG_REFUSAL
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import Project
from tests.conftest import sign_in
from tests.test_outcomes_demo import count


def test_demo_checklists_and_flags_of_every_severity_seeded_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        counts = (count(VerificationChecklist), count(RiskFlag), count(Organization))
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        assert (count(VerificationChecklist), count(RiskFlag), count(Organization)) == counts
        verified = db.session.scalars(db.select(Organization.id).where(Organization.state == "verified")).all()
        checked = set(db.session.scalars(db.select(VerificationChecklist.organization_id)))
        assert set(verified) <= checked
        flags = db.session.scalars(db.select(RiskFlag)).all()
        assert {(flag.severity, flag.state) for flag in flags} == {
            ("observation", "open"), ("escalation", "open"), ("red", "cleared"), ("red", "open")}
        # Besides the sanctions demo's near-hit (portal.sanctions.demo), one red flag stands.
        [standing] = [flag for flag in flags if flag.is_standing_red and flag.category != "sanctions"]
        assert standing.organization.names.texts["en"] == "Horizon Youth Learning Association"
        project = db.session.scalar(db.select(Project.id).where(Project.state == "open_for_partners").limit(1))
        with force_locale("en"):
            refusal = str(RED_FLAG_REFUSAL)
    # Its owner is told why the organization cannot pledge; the officer sees the flags.
    owner = app.test_client()
    sign_in(owner, "ahmad.fauzi@demo.isesco.org", password="demo-portal-2026")
    assert refusal in unescape(owner.get(f"/en/projects/{project}").get_data(as_text=True))
    officer = app.test_client()
    sign_in(officer, "officer@demo.isesco.org", password="demo-portal-2026")
    listed = officer.get("/en/due-diligence/flags?severity=red").get_data(as_text=True)
    assert "Horizon Youth Learning Association" in listed and "Centre for Islamic Heritage Research" in listed
