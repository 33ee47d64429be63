"""Projects, stored suggestions, matches and pledges, used through pages and the API."""
import os
import re
import threading
from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.accounts.tokens import create_token
from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.needs.models import Need
from portal.projects.labels import reason_text
from portal.projects.models import Match, Pledge, Project, Suggestion
from tests.conftest import csrf_token, outbox, sign_in, submit
from tests.needs_helpers import make_need
from tests.organizations_helpers import add_member, make_organization
from tests.projects_helpers import make_project

OFFICER, OWNER, EDITOR, VIEWER, DONOR, OUTSIDER = "officer", "owner", "editor", "viewer", "donor", "outsider"


@pytest.fixture
def world(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (OFFICER, OWNER, EDITOR, VIEWER, DONOR, OUTSIDER)}
    charity = make_organization(app, ids[OWNER], state="verified")
    add_member(app, charity, ids[EDITOR], "editor")
    add_member(app, charity, ids[VIEWER], "viewer")
    donor = make_organization(app, ids[DONOR], state="verified", names={"en": "Khair Fund"}, registration_number="AE-1",
                              kind="donor", country_code="AE")
    # The need's services refresh its suggestions when it is published: projects come first.
    school = make_project(app, ids[OFFICER])
    elsewhere = make_project(app, ids[OFFICER], country_codes=["ML"], title_en="Schools in Mali")
    need = make_need(app, charity, ids[EDITOR], state="submitted", urgency="critical")
    with app.app_context():
        from portal.accounts.models import User
        from portal.needs.services import publish

        publish(need, db.session.get(User, ids[OFFICER]))
    return {**ids, "charity": charity, "donor_org": donor, "need": need, "school": school, "elsewhere": elsewhere}


def client_for(app, kind):
    client = app.test_client()
    if kind:
        sign_in(client, f"{kind}@example.org")
    return client


def post_action(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/en/account"), **data})


def stored(app, need_id):
    with app.app_context():
        return dict(db.session.execute(
            db.select(Suggestion.project_id, Suggestion.score).where(Suggestion.need_id == need_id)
        ).all())


# --- Suggestions ------------------------------------------------------------------------------

def test_publishing_a_need_stores_its_suggestions_from_its_country_only(app, world):
    suggestions = stored(app, world["need"])
    assert list(suggestions) == [world["school"]]
    assert suggestions[world["school"]] > 50


def test_a_cancelled_project_leaves_the_suggestions_and_a_new_one_enters(app, world):
    officer = client_for(app, OFFICER)
    post_action(officer, f"/en/projects/{world['school']}/state/cancelled")
    assert stored(app, world["need"]) == {}
    newer = make_project(app, world[OFFICER], title_en="Schools for Baidoa")
    assert list(stored(app, world["need"])) == [newer]


def test_a_need_that_leaves_published_is_no_longer_suggested(app, world):
    from tests.test_needs_workflow import act

    act(client_for(app, EDITOR), world["need"], "withdraw")
    assert stored(app, world["need"]) == {}
    response = client_for(app, OFFICER).get(f"/en/projects/{world['school']}")
    assert "Repair a school in Baidoa" not in response.get_data(as_text=True)


def test_a_ministry_priority_raises_the_stored_score(app, world, make_user):
    before = stored(app, world["need"])[world["school"]]
    minister = make_user(email="minister@example.org")
    ministry = make_organization(app, minister, state="verified", kind="endowment_ministry", registration_number="SO-MIN",
                                 names={"ar": "وزارة الأوقاف"})
    client = client_for(app, "minister")
    submit(client, "/en/priorities", {"organization_id": str(ministry), "title_en": "School buildings",
                                      "subsector_code": "school_buildings_equipment", "rank": "1",
                                      "period_start": "2020", "period_end": "2099"})
    assert stored(app, world["need"])[world["school"]] == before + 15


def test_the_need_page_shows_suggestions_with_reasons_to_the_officer_and_the_organization_only(app, world):
    path = f"/en/needs/{world['need']}"
    for kind in (OFFICER, VIEWER, EDITOR):
        html = client_for(app, kind).get(path).get_data(as_text=True)
        assert "Rebuilding schools in Somalia" in html and "Same country: Somalia" in html
    for kind in (None, DONOR, OUTSIDER):
        html = client_for(app, kind).get(path).get_data(as_text=True)
        assert "Same country: Somalia" not in html
    assert "Propose this match" in client_for(app, OFFICER).get(path).get_data(as_text=True)
    assert "Propose this match" not in client_for(app, EDITOR).get(path).get_data(as_text=True)


def test_the_project_page_shows_the_needs_it_could_answer_to_the_officer(app, world):
    html = client_for(app, OFFICER).get(f"/en/projects/{world['school']}").get_data(as_text=True)
    assert "Repair a school in Baidoa" in html and "Urgency: Critical" in html
    assert "Repair a school in Baidoa" in client_for(app, VIEWER).get(f"/en/projects/{world['school']}").get_data(as_text=True)
    for kind in (None, DONOR):
        assert "Repair a school in Baidoa" not in client_for(app, kind).get(f"/en/projects/{world['school']}").get_data(as_text=True)


def test_reasons_read_correctly_in_three_languages(app):
    reasons = [
        {"factor": "same_country", "points": 25, "params": {"country": "SO"}},
        {"factor": "same_subsector", "points": 25, "params": {"subsectors": ["school_buildings_equipment"]}},
        {"factor": "ministry_priority", "points": 15, "params": {"country": "SO", "subsectors": ["school_buildings_equipment"]}},
        {"factor": "funding_gap", "points": 10, "params": {"covers": "all"}},
        {"factor": "urgency", "points": 5, "params": {"urgency": "critical"}},
    ]
    expected = {
        "en": ["Same country: Somalia", "Same subsector: School buildings and equipment",
               "Ministry priority of Somalia: School buildings and equipment", "The funding gap covers the cost",
               "Urgency: Critical"],
        "fr": ["Même pays : Somalie", "Même sous-secteur : Bâtiments et équipements scolaires",
               "Priorité du ministère de Somalie : Bâtiments et équipements scolaires",
               "Le déficit de financement couvre le coût", "Urgence : Critique"],
        "ar": ["البلد نفسه: الصومال", "القطاع الفرعي نفسه: المباني والتجهيزات المدرسية",
               "من أولويات وزارة الصومال: المباني والتجهيزات المدرسية", "الفجوة التمويلية تغطي التكلفة",
               "درجة الإلحاح: حرجة"],
    }
    with app.test_request_context("/en/"):
        for lang, texts in expected.items():
            with force_locale(lang):
                assert [reason_text(reason, lang) for reason in reasons] == texts


def test_rematch_recomputes_every_stored_suggestion(app, world):
    with app.app_context():
        db.session.execute(db.delete(Suggestion))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "rematch"])
    assert result.exit_code == 0, result.output
    assert "1 needs matched" in result.output
    assert list(stored(app, world["need"])) == [world["school"]]


# --- The catalogue ----------------------------------------------------------------------------

def project_form(**overrides):
    fields = {
        "code": "CUL-2027-007", "title_en": "Digitising manuscripts in Timbuktu", "title_ar": "", "title_fr": "",
        "description_en": "Scanning and cataloguing 20,000 manuscripts.", "description_ar": "", "description_fr": "",
        "directorate": "culture", "subsector_codes": ["manuscripts_libraries"], "country_codes": ["ML"],
        "group_codes": ["researchers"], "budget_usd": "350000", "budget_type": "regular",
        "start_date": "2027-01-01", "end_date": "2028-06-30", "officer_id": "",
    }
    fields.update(overrides)
    return fields


def test_an_officer_adds_and_edits_a_project_and_the_catalogue_filters_it(app, world):
    officer = client_for(app, OFFICER)
    response = submit(officer, "/en/projects/new", project_form())
    assert response.status_code == 302
    path = response.headers["Location"]
    assert "Digitising manuscripts in Timbuktu" in officer.get(path).get_data(as_text=True)
    project_id = int(path.rsplit("/", 1)[1])
    submit(officer, f"/en/projects/{project_id}/edit", project_form(budget_usd="400000"))
    with app.app_context():
        assert db.session.get(Project, project_id).budget_usd == Decimal("400000")
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_id == str(project_id),
                                                                        AuditEntry.object_type == "project")).all()
        assert sorted(actions) == ["project.created", "project.edited"]
    visitor = client_for(app, None)
    assert "Digitising manuscripts" in visitor.get("/en/projects/?country=ML").get_data(as_text=True)
    assert "Digitising manuscripts" not in visitor.get("/en/projects/?directorate=education").get_data(as_text=True)
    assert "Digitising manuscripts" in visitor.get("/en/projects/?q=cul-2027").get_data(as_text=True)
    assert "Digitising manuscripts" in visitor.get("/en/projects/?field=culture").get_data(as_text=True)


def test_a_bad_project_form_says_what_is_wrong_and_saves_nothing(app, world):
    officer = client_for(app, OFFICER)
    with app.app_context():
        taken = db.session.get(Project, world["school"]).code
    response = submit(officer, "/en/projects/new", project_form(code=taken, end_date="2026-01-01", country_codes=[]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Another project has this code." in html or "The end comes before the start." in html
    assert "Choose at least one country." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 2


def test_the_catalogue_loads_in_a_fixed_number_of_queries(app, world):
    from tests.test_organization_directory import count_queries

    few = count_queries(app, "/en/projects/", app.test_client())
    for number in range(8):
        make_project(app, world[OFFICER], title_en=f"Project {number}")
    assert count_queries(app, "/en/projects/", app.test_client()) == few


# --- Matches ----------------------------------------------------------------------------------

def propose(client, need_id, project_id, note="Our schools project fits"):
    return submit(client, f"/en/needs/{need_id}", {"need_id": str(need_id), "project_id": str(project_id), "note": note},
                  action="/en/officer/matches?back=need")


def the_match(app):
    with app.app_context():
        match = db.session.scalars(db.select(Match)).one()
        db.session.expunge(match)
        return match


def test_an_officer_proposes_and_the_organization_accepts_so_the_need_is_matched(app, world):
    officer = client_for(app, OFFICER)
    assert "Repair a school in Baidoa" in officer.get("/en/officer/matching").get_data(as_text=True)
    response = propose(officer, world["need"], world["school"])
    assert response.headers["Location"].endswith(f"/en/needs/{world['need']}")
    match = the_match(app)
    assert (match.state, match.note, match.score) == ("proposed", "Our schools project fits", stored(app, world["need"])[world["school"]])
    assert [m.subject for m in outbox(app, "editor@example.org")][-1] == "ISESCO proposes a project for your need"
    # Taken care of: the workbench leaves it out while the proposal waits.
    assert "Repair a school in Baidoa" not in officer.get("/en/officer/matching").get_data(as_text=True).split("Matches under way")[0]

    assert post_action(client_for(app, VIEWER), f"/en/matches/{match.id}/accept").status_code == 403
    post_action(client_for(app, EDITOR), f"/en/matches/{match.id}/accept")
    assert the_match(app).state == "accepted"
    with app.app_context():
        assert db.session.get(Need, world["need"]).state == "matched"
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-2:] == ["match.accepted", "need.matched"]
    assert [m.subject for m in outbox(app, "officer@example.org")][-1] == "Your match proposal was accepted"
    for action, state in (("activate", "active"), ("complete", "completed")):
        assert post_action(client_for(app, EDITOR), f"/en/matches/{match.id}/{action}").status_code == 403
        post_action(officer, f"/en/matches/{match.id}/{action}")
        assert the_match(app).state == state


def test_declining_needs_a_reason_which_the_officer_reads(app, world):
    propose(client_for(app, OFFICER), world["need"], world["school"])
    match = the_match(app)
    owner = client_for(app, OWNER)
    post_action(owner, f"/en/matches/{match.id}/decline", reason="  ")
    assert the_match(app).state == "proposed"
    post_action(owner, f"/en/matches/{match.id}/decline", reason="We already have a builder")
    assert (the_match(app).state, the_match(app).decline_reason) == ("declined", "We already have a builder")
    mail = outbox(app, "officer@example.org")[-1]
    assert mail.subject == "Your match proposal was declined" and "We already have a builder" in mail.body
    # Declined is final for this pair: one match per need and project.
    propose(client_for(app, OFFICER), world["need"], world["school"])
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Match)) == 1


def test_a_second_proposal_of_the_same_pair_is_refused(app, world):
    officer = client_for(app, OFFICER)
    propose(officer, world["need"], world["school"])
    response = propose(officer, world["need"], world["school"])
    assert "already matched" in officer.get(response.headers["Location"]).get_data(as_text=True)


def test_only_officers_propose_and_only_published_needs_and_live_projects_are_matched(app, world):
    assert propose(client_for(app, EDITOR), world["need"], world["school"]).status_code == 403
    officer = client_for(app, OFFICER)
    post_action(officer, f"/en/projects/{world['elsewhere']}/state/cancelled")
    response = propose(officer, world["need"], world["elsewhere"])
    assert "cannot be matched" in officer.get(response.headers["Location"]).get_data(as_text=True)
    draft = make_need(app, world["charity"], world[EDITOR], state="draft")
    submit(officer, "/en/officer/matching", {"need_id": str(draft), "project_id": str(world["school"])},
           action="/en/officer/matches")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Match)) == 0


@pytest.mark.postgres
def test_two_concurrent_proposals_of_the_same_match_leave_exactly_one(app, world):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("concurrent proposals are tested on PostgreSQL")
    clients = [client_for(app, OFFICER) for _ in range(2)]
    tokens = [csrf_token(client, "/en/officer/matching") for client in clients]
    barrier = threading.Barrier(2)
    answers = []

    def propose_at_once(client, token):
        barrier.wait()
        answers.append(client.post("/en/officer/matches", data={
            "csrf_token": token, "need_id": str(world["need"]), "project_id": str(world["school"]),
        }).status_code)

    threads = [threading.Thread(target=propose_at_once, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Match)) == 1
        assert db.session.scalar(db.select(db.func.count()).where(AuditEntry.action == "match.proposed")) == 1


# --- Pledges ----------------------------------------------------------------------------------

def figures(html):
    return dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html))


def test_a_pledge_goes_from_pledged_to_paid_and_the_funding_follows(app, world):
    donor = client_for(app, DONOR)
    page = f"/en/projects/{world['school']}"
    assert figures(donor.get(page).get_data(as_text=True))["gap"] == "$200,000.00"
    submit(donor, page, {"organization_id": str(world["donor_org"]), "amount": "18750", "currency": "EUR", "need_id": ""},
           action=f"{page}/pledges")
    with app.app_context():
        pledge = db.session.scalars(db.select(Pledge)).one()
        assert (pledge.state, pledge.amount, pledge.currency) == ("pledged", Decimal("18750.00"), "EUR")
        usd = pledge.amount_usd
        pledge_id = pledge.id
    assert usd != Decimal("18750.00")
    shown = figures(donor.get(page).get_data(as_text=True))
    assert shown["gap"] == "$200,000.00" and shown["pledged"] == f"${usd:,.2f}"
    assert outbox(app, "officer@example.org")[-1].subject == "A new pledge to your project"

    officer = client_for(app, OFFICER)
    assert post_action(donor, f"/en/pledges/{pledge_id}/commit").status_code == 403
    post_action(officer, f"/en/pledges/{pledge_id}/commit")
    assert figures(donor.get(page).get_data(as_text=True))["gap"] == f"${Decimal(200000) - usd:,.2f}"
    post_action(officer, f"/en/pledges/{pledge_id}/pay")
    shown = figures(donor.get(page).get_data(as_text=True))
    assert shown["paid"] == f"${usd:,.2f}" and shown["committed"] == "$0.00"
    assert [m.subject for m in outbox(app, "donor@example.org")][-2:] == [
        "Your pledge is recorded as committed", "Your pledge is recorded as paid"]
    with app.app_context():
        assert db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "pledge")
                                  .order_by(AuditEntry.id)).all() == ["pledge.pledged", "pledge.committed", "pledge.paid"]
    # Paid money is received: it cannot be withdrawn.
    post_action(donor, f"/en/pledges/{pledge_id}/withdraw")
    with app.app_context():
        assert db.session.get(Pledge, pledge_id).state == "paid"


def test_the_organization_withdraws_a_committed_pledge_and_others_may_not(app, world):
    donor = client_for(app, DONOR)
    page = f"/en/projects/{world['school']}"
    submit(donor, page, {"organization_id": str(world["donor_org"]), "amount": "5000", "currency": "USD"}, action=f"{page}/pledges")
    with app.app_context():
        pledge_id = db.session.scalars(db.select(Pledge.id)).one()
    post_action(client_for(app, OFFICER), f"/en/pledges/{pledge_id}/commit")
    for kind in (OWNER, OFFICER):
        assert post_action(client_for(app, kind), f"/en/pledges/{pledge_id}/withdraw").status_code == 403
    post_action(donor, f"/en/pledges/{pledge_id}/withdraw")
    with app.app_context():
        assert db.session.get(Pledge, pledge_id).state == "withdrawn"
    assert figures(donor.get(page).get_data(as_text=True))["gap"] == "$200,000.00"


def test_a_bad_pledge_is_refused_with_a_reason_and_saves_nothing(app, world):
    donor = client_for(app, DONOR)
    page = f"/en/projects/{world['school']}"
    response = submit(donor, page, {"organization_id": str(world["donor_org"]), "amount": "0", "currency": "USD"},
                      action=f"{page}/pledges", follow_redirects=True)
    assert "Pledge an amount greater than zero." in response.get_data(as_text=True)
    viewer_pledge = submit(client_for(app, VIEWER), page, {"organization_id": str(world["charity"]), "amount": "10",
                                                           "currency": "USD"}, action=f"{page}/pledges")
    assert viewer_pledge.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Pledge)) == 0


# --- The API ----------------------------------------------------------------------------------

def token_of(app, user_id):
    with app.app_context():
        from portal.accounts.models import User

        secret = create_token(db.session.get(User, user_id), "test")[1]
        db.session.commit()
        return secret


def test_the_api_lists_projects_with_their_funding(app, world):
    client = app.test_client()
    listing = client.get("/api/v1/projects?country=SO").get_json()
    assert [item["id"] for item in listing["items"]] == [world["school"]]
    assert listing["items"][0]["funding_usd"]["gap"] == "200000.00"
    assert client.get(f"/api/v1/projects/{world['school']}").get_json()["status"] == "open_for_partners"
    assert client.get("/api/v1/projects/999999").status_code == 404


def test_the_api_gives_suggestions_with_score_and_reasons_to_officers_and_the_organization(app, world):
    client = app.test_client()
    path = f"/api/v1/needs/{world['need']}/suggestions"
    assert client.get(path).status_code == 401
    answer = client.get(path, headers={"Authorization": f"Bearer {token_of(app, world[OFFICER])}"}).get_json()
    item = answer["items"][0]
    assert item["project"]["id"] == world["school"]
    assert item["score"] == sum(reason["points"] for reason in item["reasons"])
    assert {"factor": "same_country", "points": 25, "params": {"country": "SO"}} in item["reasons"]
    assert client.get(path, headers={"Authorization": f"Bearer {token_of(app, world[VIEWER])}"}).status_code == 200
    assert client.get(path, headers={"Authorization": f"Bearer {token_of(app, world[DONOR])}"}).status_code == 403
    project_path = f"/api/v1/projects/{world['school']}/suggestions"
    officer_view = client.get(project_path, headers={"Authorization": f"Bearer {token_of(app, world[OFFICER])}"}).get_json()
    assert [item["need"]["id"] for item in officer_view["items"]] == [world["need"]]
    donor_view = client.get(project_path, headers={"Authorization": f"Bearer {token_of(app, world[DONOR])}"}).get_json()
    assert donor_view["items"] == []


def test_officers_propose_matches_through_the_api(app, world):
    client = app.test_client()
    body = {"need_id": world["need"], "project_id": world["school"], "note": "From the API"}
    officer = {"Authorization": f"Bearer {token_of(app, world[OFFICER])}"}
    assert client.post("/api/v1/matches", json=body).status_code == 401
    assert client.post("/api/v1/matches", json=body, headers={"Authorization": f"Bearer {token_of(app, world[EDITOR])}"}).status_code == 403
    assert client.post("/api/v1/matches", json={"need_id": "x"}, headers=officer).status_code == 422
    created = client.post("/api/v1/matches", json=body, headers=officer)
    assert created.status_code == 201 and created.get_json()["state"] == "proposed"
    again = client.post("/api/v1/matches", json=body, headers=officer)
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    cancelled = client.post("/api/v1/matches", json={**body, "project_id": 999999}, headers=officer)
    assert cancelled.status_code == 422
