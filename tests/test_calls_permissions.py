"""Who may open each page of the calls for partners and press each of its buttons, tried from the
outside: visitor, member of no organization, applicant (owner of an applying organization),
officer who does not review the call, and the call's reviewer."""
import pytest

from portal.calls.models import Application, ApplicationDocument, Call, Review
from portal.core.uploads import upload_dir
from portal.extensions import db
from tests.calls_helpers import apply_to, make_call
from tests.conftest import csrf_token
from tests.organizations_helpers import FILES, make_organization
from tests.projects_helpers import make_project
from tests.test_forum import client_for

VISITOR, MEMBER, APPLICANT, OFFICER, REVIEWER = None, "member", "applicant", "officer", "reviewer"
PEOPLE = (VISITOR, MEMBER, APPLICANT, OFFICER, REVIEWER)
OFFICERS_ALL = (OFFICER, REVIEWER)
LOGIN = "login"


@pytest.fixture
def registry(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind in OFFICERS_ALL else "member")
           for kind in PEOPLE if kind}
    organization = make_organization(app, ids[APPLICANT], state="verified")
    project = make_project(app, ids[OFFICER])
    call = make_call(app, ids[OFFICER], project, [ids[REVIEWER]])
    closed = make_call(app, ids[OFFICER], project, [ids[REVIEWER]])
    application = apply_to(app, call, organization, ids[APPLICANT])
    closed_application = apply_to(app, closed, organization, ids[APPLICANT])
    with app.app_context():
        db.session.get(Call, closed).state = "closed"
        (upload_dir() / "call-test.pdf").write_bytes((FILES / "registration.pdf").read_bytes())
        document = ApplicationDocument(application_id=application, stored_name="call-test.pdf",
                                       original_name="plan.pdf", content_type="application/pdf", size=431)
        db.session.add(document)
        db.session.commit()
        criteria = [criterion.id for criterion in db.session.get(Call, call).criteria]
        document_id = document.id
    return {"call": call, "closed": closed, "fresh": make_call(app, ids[OFFICER], project, [ids[REVIEWER]]), "draft_call": make_call(app, ids[OFFICER], project, [ids[REVIEWER]], "draft"),
            "application": application, "closed_application": closed_application, "document": document_id,
            "organization": organization, "project": project, "criteria": criteria}


def expect(allowed, refused=403, visitor=LOGIN):
    return {kind: 200 if kind in allowed else (visitor if kind is VISITOR else refused) for kind in PEOPLE}


EVERYONE = expect(PEOPLE)
OFFICERS = expect(OFFICERS_ALL)
APPLICATION_READERS = expect((APPLICANT, OFFICER, REVIEWER), refused=404)

ROUTES = [
    ("/en/calls/", EVERYONE),
    ("/en/calls/{call}", EVERYONE),
    ("/en/calls/{draft_call}", expect(OFFICERS_ALL, refused=404, visitor=404)),
    ("/en/calls/new", OFFICERS),
    ("/en/calls/{draft_call}/edit", OFFICERS),
    ("/en/calls/{call}/apply", expect((APPLICANT,))),
    ("/en/calls/applications/{application}", APPLICATION_READERS),
    ("/en/calls/applications/{application}/documents/{document}", APPLICATION_READERS),
    ("/en/calls/reviews", OFFICERS),
    # Review pages are for the call's reviewers, not for every officer.
    ("/en/calls/{call}/review", expect((REVIEWER,))),
    ("/en/calls/{call}/ranking", OFFICERS),
    ("/api/v1/calls", EVERYONE),
    ("/api/v1/calls/{call}", EVERYONE),
    ("/api/v1/calls/{draft_call}", expect((), refused=404, visitor=404)),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_call_page_permissions(app, registry, kind, path, expected):
    response = client_for(app, kind).get(path.format(**registry))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def test_reviewers_see_only_the_calls_they_review(app, registry, make_user):
    other = make_user(email="other-reviewer@example.org", role="officer")
    with app.app_context():
        project = registry["project"]
    unreviewed = make_call(app, other, project, [other])
    page = client_for(app, REVIEWER).get("/en/calls/reviews").get_data(as_text=True)
    assert f"/calls/{registry['call']}/review" in page and f"/calls/{unreviewed}/review" not in page
    assert client_for(app, REVIEWER).get(f"/en/calls/{unreviewed}/review").status_code == 403
    # Nor do the scores of an application show to anyone but its reviewers.
    assert "Your scores" not in client_for(app, OFFICER).get(
        f"/en/calls/applications/{registry['application']}").get_data(as_text=True)
    assert "Your scores" in client_for(app, REVIEWER).get(
        f"/en/calls/applications/{registry['application']}").get_data(as_text=True)


def call_state(call_key):
    def observe(app, registry):
        with app.app_context():
            return db.session.get(Call, registry[call_key]).state
    return observe


def application_state(key):
    def observe(app, registry):
        with app.app_context():
            return db.session.get(Application, registry[key]).state
    return observe


def reviews(app, registry):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Review))


def calls(app, registry):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Call))


def applications(app, registry):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Application))


def call_form(registry, reviewer_id):
    return {"project_id": str(registry["project"]), "title_en": "Another call", "description_en": "Text",
            "deadline": "2035-01-01T12:00", "timezone": "Asia/Riyadh", "criteria-0-title": "All",
            "criteria-0-weight": "100", "reviewer_ids": reviewer_id}


def review_form(registry):
    first, second = registry["criteria"]
    return {"scores-0-criterion_id": str(first), "scores-0-score": "7", "scores-0-comment": "",
            "scores-1-criterion_id": str(second), "scores-1-score": "8", "scores-1-comment": "", "comment": "Good"}


# path, form data, who may press it, what changes when they do, the URL rule it stands for.
BUTTONS = [
    ("/en/calls/{draft_call}/state/publish", lambda registry: {"reason": ""}, OFFICERS_ALL, call_state("draft_call"),
     "published", "/<lang:lang>/calls/<int:call_id>/state/<any(publish, close, complete, cancel):action>"),
    ("/en/calls/new", lambda registry: call_form(registry, ""), OFFICERS_ALL, calls, 5, "/<lang:lang>/calls/new"),
    ("/en/calls/{draft_call}/edit", lambda registry: {**call_form(registry, ""), "title_en": "Renamed", "version": "1"},
     OFFICERS_ALL,
     lambda app, registry: str(_call(app, registry["draft_call"]).title), "Renamed",
     "/<lang:lang>/calls/<int:call_id>/edit"),
    ("/en/calls/{fresh}/apply", lambda registry: {
        "organization_id": str(registry["organization"]), "concept_note": "Plan", "language": "en", "budget_amount": "",
        "budget_currency": "USD", "submit": "1"}, (APPLICANT,), applications, 3, "/<lang:lang>/calls/<int:call_id>/apply"),
    ("/en/calls/applications/{application}/review", review_form, (REVIEWER,), reviews, 1,
     "/<lang:lang>/calls/applications/<int:application_id>/review"),
    ("/en/calls/applications/{closed_application}/select", lambda registry: {"role": "implementing"}, OFFICERS_ALL,
     application_state("closed_application"), "selected", "/<lang:lang>/calls/applications/<int:application_id>/select"),
    ("/en/calls/applications/{application}/withdraw", lambda registry: {}, (APPLICANT,),
     application_state("application"), "withdrawn", "/<lang:lang>/calls/applications/<int:application_id>/withdraw"),
]


def _call(app, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        db.session.expunge(call)
        return call


@pytest.mark.parametrize(("path", "data", "allowed", "observe", "after", "_rule"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_call_button_permissions(app, registry, make_user, kind, path, data, allowed, observe, after, _rule):
    before = observe(app, registry)
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    form = data(registry)
    if form.get("reviewer_ids") == "":
        with app.app_context():
            from portal.accounts.models import User
            form["reviewer_ids"] = str(db.session.scalar(db.select(User.id).where(User.email == "reviewer@example.org")))
    response = client.post(path.format(**registry), data={"csrf_token": token, **form})
    if kind in allowed:
        assert response.status_code == 302 and observe(app, registry) == after
        return
    assert observe(app, registry) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404)


TRIED_RULES = {rule for *_button, rule in BUTTONS} | {
    "/<lang:lang>/calls/",
    "/<lang:lang>/calls/<int:call_id>",
    "/<lang:lang>/calls/applications/<int:application_id>",
    "/<lang:lang>/calls/applications/<int:application_id>/documents/<int:document_id>",
    "/<lang:lang>/calls/reviews",
    "/<lang:lang>/calls/<int:call_id>/review",
    "/<lang:lang>/calls/<int:call_id>/ranking",
    "/api/v1/calls",
    "/api/v1/calls/<int:call_id>",
    # tests/test_calls.py: applying through the API, refused after the deadline and when red-flagged.
    "/api/v1/calls/<int:call_id>/applications",
}
