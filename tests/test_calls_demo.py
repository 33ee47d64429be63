from portal.calls.models import Application, Call, Review
from portal.extensions import db
from portal.projects.models import ProjectPartner
from tests.conftest import sign_in
from tests.test_outcomes_demo import count

MODELS = (Call, Application, Review, ProjectPartner)


def test_demo_calls_are_one_open_and_one_completed_and_seeded_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        counts = {model: count(model) for model in MODELS}
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        assert {model: count(model) for model in MODELS} == counts
        calls = {call.state: call for call in db.session.scalars(db.select(Call))}
        assert set(calls) == {"published", "completed"}
        assert all(call.project.budget_type == "off_budget" for call in calls.values())
        completed = db.session.scalars(db.select(Application).where(Application.call_id == calls["completed"].id)).all()
        assert {application.state for application in completed} == {"selected", "not_selected"}
        assert all(len(application.reviews) == 2 for application in completed)
        [selected] = [application for application in completed if application.state == "selected"]
        assert selected.agreement.state == "draft"
        open_id = calls["published"].id
    client = app.test_client()
    sign_in(client, "officer@demo.isesco.org", password="demo-portal-2026")
    assert client.get(f"/en/calls/{open_id}").status_code == 200
    assert "Timbuktu" in client.get("/en/calls/").get_data(as_text=True)
