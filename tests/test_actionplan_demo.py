from decimal import Decimal

from portal.actionplan.models import ActionPlan, Indicator, IndicatorPeriod, IndicatorUpdate, Programme, UpdateState
from portal.extensions import db
from tests.conftest import sign_in
from tests.test_outcomes_demo import count

MODELS = (ActionPlan, Programme, Indicator, IndicatorPeriod, IndicatorUpdate)


def test_the_demo_plan_has_its_two_programmes_indicators_of_both_kinds_and_updates_in_every_state(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        counts = {model: count(model) for model in MODELS}
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        assert {model: count(model) for model in MODELS} == counts and all(counts.values())
        programmes = db.session.scalars(db.select(Programme)).all()
        assert len(programmes) == 2 and {programme.budget_usd for programme in programmes} == {Decimal("766444")}
        assert all(set(programme.title.languages) == {"ar", "en", "fr"} for programme in programmes)
        humanitarian = str(programmes[1].title.get("en"))
        assert "Humanitarian" in humanitarian
        results = " ".join(str(result.title.get("en")) for result in programmes[1].results)
        for words in ("triennial forum", "Endowment ministries", "King Khalid Foundation", "Islamic humanitarian action"):
            assert words in results
        indicators = db.session.scalars(db.select(Indicator)).all()
        assert {indicator.computed for indicator in indicators} >= {
            None, "agreements_concluded", "committee_sessions_held", "coordination_meetings_held", "forum_held",
            "needs_matched", "amounts_pledged", "amounts_paid", "offbudget_projects_funded"}
        assert {indicator.measure for indicator in indicators} == {"number", "percent", "qualitative"}
        assert any(not indicator.ascending for indicator in indicators)
        assert set(db.session.scalars(db.select(IndicatorUpdate.state))) == set(UpdateState.ALL)
    client = app.test_client()
    sign_in(client, "officer@demo.isesco.org", password="demo-portal-2026", lang="fr")
    page = client.get("/fr/action-plan/").get_data(as_text=True)
    assert "Action humanitaire et caritative" in page and "766" in page
    assert client.get("/fr/activity-report").status_code == 200
    assert client.get("/fr/action-plan/updates/").status_code == 200
