"""Who may open each page of the action plan and the activity report, and press each button: officers
only (the plan is the Directorate's own measurement), tried as a visitor, a member, a partner's
member and an officer."""
import pytest

from tests.actionplan_helpers import make_plan, state_of, update
from tests.conftest import csrf_token
from tests.organizations_helpers import make_organization
from tests.test_forum import client_for

VISITOR, MEMBER, PARTNER, OFFICER = None, "member", "partner", "officer"
PEOPLE = (VISITOR, MEMBER, PARTNER, OFFICER)


@pytest.fixture
def plan(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind in (OFFICER, "author") else "member")
           for kind in (MEMBER, PARTNER, OFFICER, "author")}
    make_organization(app, ids[PARTNER], state="verified")
    made = make_plan(app, ids["author"])
    made["draft"] = update(app, ids["author"], made["manual_period"], "3")
    made["submitted"] = update(app, ids["author"], made["manual_period"], "4", state="submitted")
    made["rejectable"] = update(app, ids["author"], made["manual_period"], "5", state="submitted")
    return made


ROUTES = [
    "/en/action-plan/",
    "/en/action-plan/{plan}",
    "/en/action-plan/new",
    "/en/action-plan/{plan}/edit",
    "/en/action-plan/{plan}/programmes/new",
    "/en/action-plan/programmes/{programme}/edit",
    "/en/action-plan/programmes/{programme}/results/new",
    "/en/action-plan/results/{result}/edit",
    "/en/action-plan/results/{result}/indicators/new",
    "/en/action-plan/indicators/{manual}",
    "/en/action-plan/indicators/{manual}/edit",
    "/en/action-plan/indicators/{manual}/periods/new",
    "/en/action-plan/periods/{manual_period}/edit",
    "/en/action-plan/periods/{manual_period}/updates/new",
    "/en/action-plan/updates/",
    "/en/activity-report",
    "/en/activity-report.pdf",
    "/en/activity-report.xlsx",
]


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_only_officers_open_the_action_plan_and_the_report(app, plan, kind, path):
    response = client_for(app, kind).get(path.format(**plan))
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == (200 if kind == OFFICER else 403)


def test_only_the_author_opens_the_edit_form_of_a_draft_and_evidence_needs_a_file(app, plan):
    assert client_for(app, "author").get(f"/en/action-plan/updates/{plan['draft']}/edit").status_code == 200
    assert client_for(app, OFFICER).get(f"/en/action-plan/updates/{plan['draft']}/edit").status_code == 403
    assert client_for(app, MEMBER).get(f"/en/action-plan/updates/{plan['draft']}/edit").status_code == 403
    assert client_for(app, OFFICER).get(f"/en/action-plan/updates/{plan['draft']}/evidence").status_code == 404
    assert client_for(app, MEMBER).get(f"/en/action-plan/updates/{plan['draft']}/evidence").status_code == 403


def plan_state(app, plan):
    from portal.actionplan.models import ActionPlan
    from portal.extensions import db

    with app.app_context():
        return db.session.get(ActionPlan, plan["plan"]).state


# path, form data, who may press it (others signed in get 403), what it changes.
BUTTONS = [
    ("/en/action-plan/updates/{submitted}/approve", {"comment": ""}, (OFFICER,),
     lambda app, plan: state_of(app, plan["submitted"]), "approved"),
    ("/en/action-plan/updates/{rejectable}/return", {"comment": "Which source?"}, (OFFICER,),
     lambda app, plan: state_of(app, plan["rejectable"]), "returned"),
    ("/en/action-plan/updates/{draft}/submit", {}, ("author",), lambda app, plan: state_of(app, plan["draft"]), "submitted"),
]


@pytest.mark.parametrize(("path", "data", "allowed", "observe", "after"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_buttons_of_the_updates(app, plan, kind, path, data, allowed, observe, after):
    for presser in (kind, *allowed):
        before = observe(app, plan)
        client = client_for(app, presser)
        token = csrf_token(client, "/en/account" if presser else "/en/login")
        response = client.post(path.format(**plan), data={"csrf_token": token, **data})
        if presser in allowed:
            assert response.status_code == 302 and observe(app, plan) == after
            return
        assert observe(app, plan) == before
        if presser is VISITOR:
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        elif presser == OFFICER:
            # An officer other than the author is told why, and nothing changes.
            assert response.status_code == 302
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_only_officers_report_the_plan(app, plan, kind):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    response = client.post(f"/en/action-plan/{plan['plan']}/report", data={"csrf_token": token})
    # The submitted updates wait for a decision: even an officer is told to decide them first.
    assert plan_state(app, plan) == "active"
    assert response.status_code == {VISITOR: 302, MEMBER: 403, PARTNER: 403, OFFICER: 302}[kind]


TRIED_RULES = {
    "/<lang:lang>/action-plan/updates/<int:update_id>/edit",
    "/<lang:lang>/action-plan/updates/<int:update_id>/evidence",
    "/<lang:lang>/action-plan/updates/<int:update_id>/<any(approve, return):decision>",
    "/<lang:lang>/action-plan/updates/<int:update_id>/submit",
    "/<lang:lang>/action-plan/<int:plan_id>/report",
}
