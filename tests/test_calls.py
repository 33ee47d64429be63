"""Calls for partners (docs/calls.md): the call's rules and states, applications before the
deadline in the call's time zone, red flags, reviews and their ranking, selection and outcomes."""
from datetime import datetime
from decimal import Decimal

import pytest

from flask_babel import force_locale

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.calls import services
from portal.calls.models import Application, Call, CallState, Criterion
from portal.core.rules import Refused
from portal.core.time import from_zone
from portal.duediligence.services import raise_flag
from portal.extensions import db
from portal.organizations.models import MemberRole
from portal.projects.models import ProjectPartner
from tests.api_helpers import api_token, assert_documented, auth
from tests.calls_helpers import apply_to, call_data, make_call, score
from tests.conftest import outbox, submit
from tests.organizations_helpers import add_member, make_organization
from tests.projects_helpers import make_project
from tests.test_audit_trail import entry_titles
from tests.test_forum import client_for, page_text, press


@pytest.fixture
def world(app, make_user):
    ids = {
        "officer": make_user(email="officer@example.org", role="officer", name="Omar Officer"),
        "reviewer": make_user(email="reviewer@example.org", role="officer", name="Rania Reviewer"),
        "second": make_user(email="second@example.org", role="officer", name="Samir Second"),
        "applicant": make_user(email="applicant@example.org", locale="fr", name="Amina"),
        "other": make_user(email="other@example.org", locale="ar", name="Khalid"),
    }
    ids["org"] = make_organization(app, ids["applicant"], state="verified", registration_number="SO-1",
                                   website="https://one.example.org")
    ids["other_org"] = make_organization(app, ids["other"], state="verified", kind="ngo", registration_number="SO-2",
                                         website="https://two.example.org", names={"en": "Hope NGO"})
    ids["project"] = make_project(app, ids["officer"])
    return ids


def call_in(app, world, **overrides):
    return make_call(app, world["officer"], world["project"], [world["reviewer"], world["second"]], **overrides)


def freeze(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(services, "utcnow", lambda: moment)


# --- The deadline, in the call's time zone --------------------------------------------------------

def test_an_application_after_the_deadline_in_the_calls_time_zone_is_refused(app, world, monkeypatch):
    deadline = from_zone(datetime(2027, 3, 10, 23, 59), "Asia/Riyadh")
    freeze(monkeypatch, datetime(2027, 3, 1, 9, 0))
    call_id = call_in(app, world, deadline=deadline, timezone="Asia/Riyadh")
    client = client_for(app, "applicant")
    assert "(Saudi Arabia Time)" in page_text(client, f"/en/calls/{call_id}")
    assert "11:59" in page_text(client, f"/en/calls/{call_id}")

    # 21:30 UTC is 00:30 on 11 March in Riyadh: the same day in UTC, but late.
    freeze(monkeypatch, datetime(2027, 3, 10, 21, 30))
    form = {"organization_id": str(world["org"]), "concept_note": "Late", "language": "en", "budget_amount": "100",
            "budget_currency": "USD", "submit": "1"}
    page = submit(client, f"/en/calls/{call_id}/apply", form).get_data(as_text=True)
    assert "The deadline has passed" in page
    with pytest.raises(Refused, match="deadline has passed"):
        apply_to(app, call_id, world["org"], world["applicant"])
    with app.app_context(), force_locale("en"):
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0

    # 20:30 UTC is 23:30 in Riyadh: still in time.
    freeze(monkeypatch, datetime(2027, 3, 10, 20, 30))
    response = submit(client, f"/en/calls/{call_id}/apply", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context(), force_locale("en"):
        application = db.session.scalar(db.select(Application))
        assert application.state == "submitted" and application.budget_usd == Decimal("100.00")


def test_the_api_refuses_an_application_after_the_deadline_with_422(app, client, world, monkeypatch):
    deadline = from_zone(datetime(2027, 3, 10, 23, 59), "Asia/Riyadh")
    freeze(monkeypatch, datetime(2027, 3, 1, 9, 0))
    call_id = call_in(app, world, deadline=deadline)
    freeze(monkeypatch, datetime(2027, 3, 10, 21, 30))
    body = {"organization_id": world["org"], "concept_note": "Late", "language": "en"}
    response = client.post(f"/api/v1/calls/{call_id}/applications", json=body,
                           headers=auth(api_token(app, world["applicant"])))
    assert response.status_code == 422
    assert "deadline" in assert_documented(response, "/calls/{call_id}/applications", "post")["title"] + response.json.get("detail", "")


# --- Criteria ------------------------------------------------------------------------------------

def call_form(world, **overrides):
    data = {"project_id": str(world["project"]), "title_fr": "Appel à partenaires", "description_fr": "Équiper les écoles",
            "deadline": "2030-05-01T12:00", "timezone": "Africa/Casablanca",
            "criteria-0-title": "Expérience", "criteria-0-weight": "60",
            "criteria-1-title": "Coût", "criteria-1-weight": "40",
            "reviewer_ids": [str(world["reviewer"])]}
    data.update(overrides)
    return data


def test_weights_that_do_not_add_up_to_100_are_refused_and_nothing_is_saved(app, world):
    client = client_for(app, "officer")
    page = submit(client, "/fr/calls/new", call_form(world, **{"criteria-1-weight": "30"})).get_data(as_text=True)
    assert "90" in page and "100" in page
    with app.app_context(), force_locale("en"):
        assert db.session.scalar(db.select(db.func.count()).select_from(Call)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(Criterion)) == 0
    assert submit(client, "/fr/calls/new", call_form(world)).status_code == 302
    with app.app_context(), force_locale("en"):
        call = db.session.scalar(db.select(Call))
        assert [(str(c.title), c.weight) for c in call.criteria] == [("Expérience", 60), ("Coût", 40)]
        assert call.deadline == datetime(2030, 5, 1, 11, 0) and call.state == "draft"


def test_a_call_is_for_an_off_budget_project_only(app, world):
    regular = make_project(app, world["officer"], budget_type="regular")
    with app.app_context(), force_locale("en"), pytest.raises(Refused, match="off-budget"):
        services.create_call(db.session.get(User, world["officer"]), call_data(regular, [world["reviewer"]]))


# --- States --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "action", "allowed"), [
    ("draft", "publish", True), ("draft", "close", False), ("draft", "complete", False), ("draft", "cancel", True),
    ("published", "publish", False), ("published", "close", True), ("published", "complete", False),
    ("published", "cancel", True),
    ("closed", "publish", False), ("closed", "close", False), ("closed", "cancel", True),
    ("cancelled", "publish", False), ("cancelled", "close", False), ("cancelled", "cancel", False),
])
def test_every_transition_of_a_call(app, world, start, action, allowed):
    call_id = call_in(app, world, state=start)
    with app.app_context(), force_locale("en"):
        service, takes_reason, _states = services.ACTIONS[action]
        officer = db.session.get(User, world["officer"])
        arguments = ("No budget",) if takes_reason else ()
        if allowed:
            assert service(call_id, officer, *arguments).state != start
        else:
            with pytest.raises(Refused):
                service(call_id, officer, *arguments)
            assert db.session.get(Call, call_id).state == start


def test_completing_needs_a_selection_and_cancelling_a_reason(app, world):
    call_id = call_in(app, world, state="closed")
    with app.app_context(), force_locale("en"):
        officer = db.session.get(User, world["officer"])
        with pytest.raises(Refused, match="Select at least one partner"):
            services.complete_call(call_id, officer)
        with pytest.raises(Refused, match="reason"):
            services.cancel_call(call_id, officer, " ")
        assert db.session.get(Call, call_id).state == "closed"


def test_cancelling_tells_whoever_applied_why_in_their_language(app, world, make_user):
    call_id = call_in(app, world)
    apply_to(app, call_id, world["org"], world["applicant"])
    apply_to(app, call_id, world["other_org"], world["other"], submit=False)
    bystander = make_user(email="bystander@example.org")
    make_organization(app, bystander, state="verified", registration_number="SO-3", website="https://three.example.org")
    with app.app_context(), force_locale("en"):
        services.cancel_call(call_id, db.session.get(User, world["officer"]), "The project lost its funding.")
    [french] = outbox(app, "applicant@example.org")
    [arabic] = outbox(app, "other@example.org")
    assert french.locale == "fr" and "annulé" in french.body and "The project lost its funding." in french.body
    assert arabic.locale == "ar" and "Hope NGO" in arabic.body and "The project lost its funding." in arabic.body
    assert outbox(app, "bystander@example.org") == []


def test_a_draft_is_hidden_from_everyone_but_officers(app, world):
    draft = call_in(app, world, state="draft")
    published = call_in(app, world)
    for kind in (None, "applicant"):
        client = client_for(app, kind)
        assert client.get(f"/en/calls/{draft}").status_code == 404
        listing = page_text(client, "/en/calls/")
        assert listing.count("Partners for school libraries") == 1
    assert client_for(app, "officer").get(f"/en/calls/{draft}").status_code == 200
    items = app.test_client().get("/api/v1/calls").json["items"]
    assert [item["id"] for item in items] == [published]
    assert app.test_client().get(f"/api/v1/calls/{draft}").status_code == 404


# --- Applications --------------------------------------------------------------------------------

def test_application_states_and_one_application_per_organization(app, world):
    call_id = call_in(app, world)
    draft = apply_to(app, call_id, world["org"], world["applicant"], submit=False)
    assert apply_to(app, call_id, world["org"], world["applicant"]) == draft  # the draft, submitted
    with pytest.raises(Refused, match="already applied"):
        apply_to(app, call_id, world["org"], world["applicant"])
    with app.app_context(), force_locale("en"):
        assert db.session.get(Application, draft).state == "submitted"
        services.withdraw_application(draft, db.session.get(User, world["applicant"]))
        assert db.session.get(Application, draft).state == "withdrawn"
        with pytest.raises(Refused):
            services.withdraw_application(draft, db.session.get(User, world["applicant"]))


def test_viewers_and_ineligible_kinds_do_not_apply(app, world, make_user):
    call_id = call_in(app, world, eligible_kinds=["ngo"])
    viewer = make_user(email="viewer@example.org")
    add_member(app, world["other_org"], viewer, MemberRole.VIEWER)
    with pytest.raises(Refused, match="not eligible"):
        apply_to(app, call_id, world["org"], world["applicant"])
    with pytest.raises(Refused, match="editors and owners"):
        apply_to(app, call_id, world["other_org"], viewer)
    assert client_for(app, "applicant").get(f"/en/calls/{call_id}/apply").status_code == 403
    assert apply_to(app, call_id, world["other_org"], world["other"])


def flag(app, world):
    with app.app_context(), force_locale("en"):
        raise_flag(world["org"], db.session.get(User, world["officer"]), "integrity", "red", "Under investigation")
        db.session.commit()


def test_a_red_flagged_organization_is_told_before_the_form_and_refused(app, world):
    call_id = call_in(app, world)
    flag(app, world)
    client = client_for(app, "applicant")
    page = page_text(client, f"/en/calls/{call_id}/apply")
    assert page.index("suspended while ISESCO reviews its file") < page.index("Concept note")
    page = submit(client, f"/en/calls/{call_id}/apply", {
        "organization_id": str(world["org"]), "concept_note": "Plan", "language": "en", "budget_amount": "",
        "budget_currency": "USD", "submit": "1"}).get_data(as_text=True)
    assert "suspended while ISESCO reviews its file" in page
    with app.app_context(), force_locale("en"):
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0


def test_the_api_refuses_a_red_flagged_organization_with_403(app, client, world):
    call_id = call_in(app, world)
    flag(app, world)
    response = client.post(f"/api/v1/calls/{call_id}/applications", headers=auth(api_token(app, world["applicant"])),
                           json={"organization_id": world["org"], "concept_note": "Plan", "language": "en"})
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert "suspended while ISESCO reviews its file" in response.json["title"] + response.json.get("detail", "")
    with app.app_context(), force_locale("en"):
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0


def test_the_api_takes_an_application_once(app, client, world):
    call_id = call_in(app, world)
    token = api_token(app, world["applicant"])
    body = {"organization_id": world["org"], "concept_note": "Plan", "language": "fr",
            "budget": {"amount": "1200.50", "currency": "USD"}}
    created = client.post(f"/api/v1/calls/{call_id}/applications", json=body, headers=auth(token))
    assert created.status_code == 201
    assert assert_documented(created, "/calls/{call_id}/applications", "post")["state"] == "submitted"
    again = client.post(f"/api/v1/calls/{call_id}/applications", json=body, headers=auth(token))
    assert again.status_code == 409
    outsider = client.post(f"/api/v1/calls/{call_id}/applications", json={**body, "organization_id": world["other_org"]},
                           headers=auth(token))
    assert outsider.status_code == 403
    assert_documented(client.get("/api/v1/calls"), "/calls")
    assert assert_documented(client.get(f"/api/v1/calls/{call_id}"), "/calls/{call_id}")["criteria"][0]["weight"] == 60


def test_only_the_calls_reviewers_and_administrators_read_its_scores_in_the_audit_trail(app, world, make_user):
    make_user(email="admin@example.org", role="admin")
    call_id = call_in(app, world)
    application = apply_to(app, call_id, world["org"], world["applicant"])
    score(app, application, world["reviewer"], 8, 5)
    by_action = "/en/audit?action=call_review.saved"
    history = f"/en/audit?object_type=call_application&object_id={application}"
    for kind in ("reviewer", "second", "admin"):
        client = client_for(app, kind)
        page = page_text(client, by_action)
        assert entry_titles(page) == ["call_review.saved"] and "1 entry" in page
        assert "call_review.saved" in entry_titles(page_text(client, history))
    # An officer who does not review the call: refused on the review pages, and the trail agrees,
    # in its entries and in its count.
    officer = client_for(app, "officer")
    assert officer.get(f"/en/calls/{call_id}/review").status_code == 403
    page = page_text(officer, by_action)
    assert entry_titles(page) == [] and "0 entries" in page and "reviewer_id</code>" not in page
    page = page_text(officer, history)
    titles = entry_titles(page)
    assert titles and "call_review.saved" not in titles and f"{len(titles)} entr" in page


def test_applicants_see_their_own_application_never_another(app, world):
    call_id = call_in(app, world)
    mine = apply_to(app, call_id, world["org"], world["applicant"], note="Our secret plan")
    theirs = apply_to(app, call_id, world["other_org"], world["other"], note="Their secret plan")
    client = client_for(app, "applicant")
    assert "Our secret plan" in page_text(client, f"/en/calls/applications/{mine}")
    assert client.get(f"/en/calls/applications/{theirs}").status_code == 404
    page = page_text(client, f"/en/calls/{call_id}")
    assert f"/calls/applications/{mine}" in page and f"/calls/applications/{theirs}" not in page


# --- Reviews and ranking -------------------------------------------------------------------------

def test_the_weighted_total_and_the_ranking(app, world):
    assert services.weighted_total([(60, 8), (40, 5)]) == Decimal("68.00")
    assert services.weighted_total([(60, 10), (40, 10)]) == Decimal("100.00")
    assert services.weighted_total([(60, 0), (40, 0)]) == Decimal("0.00")
    call_id = call_in(app, world)
    first = apply_to(app, call_id, world["org"], world["applicant"])
    second = apply_to(app, call_id, world["other_org"], world["other"])
    score(app, first, world["reviewer"], 8, 5)   # 68
    score(app, first, world["second"], 6, 9)     # 72
    score(app, second, world["reviewer"], 9, 9)  # 90
    score(app, first, world["reviewer"], 7, 5)   # scored again: 62 replaces 68
    with app.app_context(), force_locale("en"):
        call = db.session.get(Call, call_id)
        db.session.expire_all()
        rows = services.ranking(call)
    assert [(row.application.id, row.average, row.lowest, row.highest, row.reviews) for row in rows] == [
        (second, Decimal("90.00"), Decimal("90.00"), Decimal("90.00"), 1),
        (first, Decimal("67.00"), Decimal("62.00"), Decimal("72.00"), 2),
    ]
    with app.app_context(), force_locale("en"):
        assert db.session.get(Application, first).state == "under_review"


def test_only_the_calls_reviewers_score_within_range(app, world, make_user):
    make_user(email="manager@example.org", role="officer")
    call_id = call_in(app, world)
    application = apply_to(app, call_id, world["org"], world["applicant"])
    with app.app_context(), force_locale("en"):
        criteria = [criterion.id for criterion in db.session.get(Call, call_id).criteria]
        manager = db.session.scalar(db.select(User).where(User.email == "manager@example.org"))
        with pytest.raises(Refused, match="reviewers"):
            services.save_review(application, manager, {criteria[0]: (5, None), criteria[1]: (5, None)}, None)
        reviewer = db.session.get(User, world["reviewer"])
        with pytest.raises(Refused, match="from 0 to 10"):
            services.save_review(application, reviewer, {criteria[0]: (11, None), criteria[1]: (5, None)}, None)
        with pytest.raises(Refused, match="every criterion"):
            services.save_review(application, reviewer, {criteria[0]: (5, None)}, None)


def test_the_ranking_page_reads_a_fixed_number_of_queries(app, world, make_user):
    from sqlalchemy import event

    call_id = call_in(app, world)

    def count_queries():
        client = client_for(app, "officer")
        statements = []
        with app.app_context(), force_locale("en"):
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get(f"/en/calls/{call_id}/ranking").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    first = apply_to(app, call_id, world["org"], world["applicant"])
    score(app, first, world["reviewer"], 5, 5)
    few = count_queries()
    for number in range(3):
        owner = make_user(email=f"owner{number}@example.org")
        organization = make_organization(app, owner, state="verified", registration_number=f"X-{number}",
                                         website=f"https://x{number}.example.org")
        score(app, apply_to(app, call_id, organization, owner), world["reviewer"], 7, 7)
    assert count_queries() == few


# --- Selection and outcome -----------------------------------------------------------------------

def test_selection_makes_a_partner_and_a_draft_agreement_and_completion_tells_everyone(app, world):
    call_id = call_in(app, world)
    chosen = apply_to(app, call_id, world["org"], world["applicant"])
    other = apply_to(app, call_id, world["other_org"], world["other"])
    with app.app_context(), force_locale("en"):
        officer = db.session.get(User, world["officer"])
        with pytest.raises(Refused, match="once the call is closed"):
            services.select_application(chosen, officer, "implementing")
        services.close_call(call_id, officer)
        services.select_application(chosen, officer, "implementing")
        with pytest.raises(Refused):
            services.select_application(chosen, officer, "funding")
        application = db.session.get(Application, chosen)
        assert application.state == "selected" and application.selected_role == "implementing"
        agreement = db.session.get(Agreement, application.agreement_id)
        assert agreement.state == "draft" and agreement.type == "cooperation_agreement"
        assert agreement.reference.startswith("AGR-") and [p.id for p in agreement.partners] == [world["org"]]
        assert str(agreement.title) == str(application.call.title)
        assert db.session.get(ProjectPartner, (world["project"], world["org"], "implementing"))
        services.complete_call(call_id, officer)
        assert db.session.get(Application, other).state == "not_selected"
        assert db.session.get(Call, call_id).state == CallState.COMPLETED
    [selected] = outbox(app, "applicant@example.org")
    assert selected.locale == "fr" and "a retenu" in selected.body + selected.subject
    [refused] = outbox(app, "other@example.org")
    assert refused.locale == "ar" and "Hope NGO" in refused.body


def test_a_failed_selection_changes_nothing(app, world):
    call_id = call_in(app, world)
    chosen = apply_to(app, call_id, world["org"], world["applicant"])
    with app.app_context(), force_locale("en"):
        officer = db.session.get(User, world["officer"])
        services.close_call(call_id, officer)
        db.session.add(ProjectPartner(project_id=world["project"], organization_id=world["org"], role="implementing"))
        db.session.commit()
        with pytest.raises(Refused):
            services.select_application(chosen, officer, "implementing")
        assert db.session.get(Application, chosen).state == "submitted"
        assert db.session.scalar(db.select(db.func.count()).select_from(Agreement)) == 0


def test_an_applicant_flagged_red_after_applying_is_not_selected(app, world):
    call_id = call_in(app, world)
    chosen = apply_to(app, call_id, world["org"], world["applicant"])
    flag(app, world)
    with app.app_context(), force_locale("en"):
        officer = db.session.get(User, world["officer"])
        services.close_call(call_id, officer)
        with pytest.raises(Refused, match="red flag"):
            services.select_application(chosen, officer, "implementing")
        assert db.session.get(Application, chosen).state == "submitted"
        assert db.session.get(ProjectPartner, (world["project"], world["org"], "implementing")) is None


def test_the_officer_selects_from_the_ranking_page(app, world):
    call_id = call_in(app, world, state="closed")
    with app.app_context(), force_locale("en"):
        db.session.get(Call, call_id).state = "published"
        db.session.commit()
    chosen = apply_to(app, call_id, world["org"], world["applicant"])
    with app.app_context(), force_locale("en"):
        db.session.get(Call, call_id).state = "closed"
        db.session.commit()
    client = client_for(app, "officer")
    assert "Our plan" not in page_text(client, f"/en/calls/{call_id}/ranking")
    response = press(client, f"/en/calls/applications/{chosen}/select", role="funding")
    assert response.status_code == 302
    project = page_text(client, f"/en/projects/{world['project']}")
    assert "Al-Ihsane" in project or "الإحسان" in project
    with app.app_context(), force_locale("en"):
        assert db.session.get(ProjectPartner, (world["project"], world["org"], "funding")).amount_usd == Decimal("50000.00")


def test_a_draft_is_taken_up_again_on_the_form(app, world):
    call_id = call_in(app, world)
    apply_to(app, call_id, world["org"], world["applicant"], submit=False, note="Half written")
    page = page_text(client_for(app, "applicant"), f"/en/calls/{call_id}/apply")
    assert "Half written" in page and 'value="50000.00"' in page


def test_documents_are_checked_by_their_content_and_kept_for_the_applicant(app, world):
    import io

    from tests.organizations_helpers import FILES

    call_id = call_in(app, world)
    client = client_for(app, "applicant")
    form = {"organization_id": str(world["org"]), "concept_note": "Plan", "language": "fr", "budget_amount": "",
            "budget_currency": "USD", "submit": "1"}
    page = submit(client, f"/en/calls/{call_id}/apply", {
        **form, "documents": (io.BytesIO(b"not a pdf at all"), "plan.pdf")}).get_data(as_text=True)
    assert "Only PDF documents and PNG or JPEG images are accepted" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0
    response = submit(client, f"/en/calls/{call_id}/apply", {
        **form, "documents": (io.BytesIO((FILES / "registration.pdf").read_bytes()), "statutes.pdf")})
    assert response.status_code == 302
    with app.app_context():
        application = db.session.scalar(db.select(Application))
        [document] = application.documents
        path = f"/en/calls/applications/{application.id}/documents/{document.id}"
    download = client.get(path)
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert client_for(app, "other").get(path).status_code == 404


def test_application_transitions_that_do_not_apply_are_refused(app, world):
    call_id = call_in(app, world)
    draft = apply_to(app, call_id, world["org"], world["applicant"], submit=False)
    chosen = apply_to(app, call_id, world["other_org"], world["other"])
    with app.app_context(), force_locale("en"):
        officer, reviewer = db.session.get(User, world["officer"]), db.session.get(User, world["reviewer"])
        criteria = {criterion.id: (5, None) for criterion in db.session.get(Call, call_id).criteria}
        with pytest.raises(Refused, match="not open for review"):
            services.save_review(draft, reviewer, criteria, None)
        services.close_call(call_id, officer)
        with pytest.raises(Refused, match="present state"):
            services.select_application(draft, officer, "funding")
        services.select_application(chosen, officer, "funding")
        with pytest.raises(Refused, match="present state"):
            services.withdraw_application(chosen, db.session.get(User, world["other"]))
        with pytest.raises(Refused, match="not open for review"):
            services.save_review(chosen, reviewer, criteria, None)
        services.complete_call(call_id, officer)
        # A draft never sent is no one's outcome: it stays a draft.
        assert db.session.get(Application, draft).state == "draft"
        assert db.session.get(Application, chosen).state == "selected"


def test_the_apply_button_goes_once_the_organization_has_applied(app, world):
    call_id = call_in(app, world)
    client = client_for(app, "applicant")
    assert f"/calls/{call_id}/apply" in page_text(client, f"/en/calls/{call_id}")
    apply_to(app, call_id, world["org"], world["applicant"])
    assert f"/calls/{call_id}/apply" not in page_text(client, f"/en/calls/{call_id}")
