"""The forum's outcomes: proposals and endorsements, officers' decisions, commitments and the tracker."""
from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest

from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.core.rules import Refused
from portal.extensions import db, limiter
from portal.forum import services as forum_services
from portal.outcomes import services
from portal.organizations.models import MemberRole
from portal.outcomes.models import Commitment, Endorsement, Proposal
from tests.conftest import csrf_token, outbox, sign_in
from tests.forum_helpers import make_edition
from tests.organizations_helpers import add_member, make_organization
from tests.outcomes_helpers import (
    commitment_data, endorse, make_commitment, make_proposal, state_of_commitment, state_of_proposal,
)
from tests.projects_helpers import make_project
from tests.test_forum import _at_once, client_for, page_text, press
from tests.test_organization_directory import count_queries

OFFICER, ALPHA, BETA, GAMMA = "officer", "alpha", "beta", "gamma"
BETA_EDITOR, BETA_VIEWER, STRANGER = "beta-editor", "beta-viewer", "stranger"


@pytest.fixture
def world(app, make_user):
    """Three verified organizations (alpha, beta, gamma) with their owners, beta's editor and
    viewer, a member without organization, an officer, an edition taking outcomes and a project."""
    locales = {ALPHA: "ar", BETA: "fr"}
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member",
                           locale=locales.get(kind, "en"), name=kind.title())
           for kind in (OFFICER, ALPHA, BETA, GAMMA, BETA_EDITOR, BETA_VIEWER, STRANGER)}
    organizations = {
        ALPHA: make_organization(app, ids[ALPHA], state="verified", names={"ar": "جمعية الإحسان"},
                                 registration_number="SO-1", country_code="SO"),
        BETA: make_organization(app, ids[BETA], state="verified", names={"fr": "Fondation Baraka"},
                                registration_number="SN-2", country_code="SN", website="https://baraka.example.org"),
        GAMMA: make_organization(app, ids[GAMMA], state="verified", names={"en": "Crescent Relief"},
                                 registration_number="JO-3", country_code="JO", website="https://crescent.example.org"),
    }
    add_member(app, organizations[BETA], ids[BETA_EDITOR], MemberRole.EDITOR)
    add_member(app, organizations[BETA], ids[BETA_VIEWER], MemberRole.VIEWER)
    return {
        "users": ids, "organizations": organizations,
        "edition": make_edition(app, ids[OFFICER]),
        "project": make_project(app, ids[OFFICER]),
    }


@pytest.fixture
def proposal(app, world):
    return make_proposal(app, world["users"][ALPHA], world["edition"], world["organizations"][ALPHA])


def endorsing_organizations(app, proposal_id):
    with app.app_context():
        return set(db.session.scalars(
            db.select(Endorsement.organization_id).where(Endorsement.proposal_id == proposal_id)
        ))


PROPOSAL_FORM = {
    "title_ar": "مدارس متنقلة للأطفال النازحين", "description_ar": "خيام تعليمية ومعلمون متنقلون.",
    "subsector_codes": ["school_buildings_equipment"], "country_codes": ["SO", "YE"],
}


# --- Proposals -----------------------------------------------------------------------------------

def test_an_organization_puts_forward_a_proposal_others_endorse_and_an_officer_adopts_it(app, world):
    orgs, users = world["organizations"], world["users"]
    alpha = client_for(app, ALPHA)
    page = f"/ar/forum/{world['edition']}/proposals/new"
    response = alpha.post(page, data={"csrf_token": csrf_token(alpha, page), "organization_id": orgs[ALPHA],
                                      **PROPOSAL_FORM})
    assert response.status_code == 302
    path = response.headers["Location"].replace("/ar/", "/en/")
    proposal = int(path.rsplit("/", 1)[1])
    assert "Mobile" not in page_text(client_for(app, None), path)
    assert "مدارس متنقلة للأطفال النازحين" in page_text(client_for(app, None), path)

    for kind in (BETA, GAMMA):
        press(client_for(app, kind), f"/en/forum/proposals/{proposal}/endorse", organization_id=orgs[kind])
    html = page_text(client_for(app, None), path)
    assert "2 endorsements" in html and "Fondation Baraka" in html and "Crescent Relief" in html

    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/proposals/{proposal}/state/under_study", reason="", project_id="")
    assert state_of_proposal(app, proposal) == "under_study"
    # Adopting names the project it becomes.
    press(officer, f"/en/forum/proposals/{proposal}/state/adopted", reason="", project_id="")
    assert state_of_proposal(app, proposal) == "under_study"
    press(officer, f"/en/forum/proposals/{proposal}/state/adopted", project_id=world["project"],
          reason="It fits the school rebuilding project.")
    assert state_of_proposal(app, proposal) == "adopted"
    html = page_text(client_for(app, None), path)
    assert 'data-testid="adopted-project"' in html and "Rebuilding schools in Somalia" in html
    assert "It fits the school rebuilding project." in html
    project_page = page_text(client_for(app, None), f"/en/projects/{world['project']}")
    assert "Adopted proposal:" in project_page and f"/forum/proposals/{proposal}" in project_page

    # The author and both endorsers are told of each decision, in their own language.
    for kind, locale in ((ALPHA, "ar"), (BETA, "fr"), (GAMMA, "en")):
        messages = [message for message in outbox(app, f"{kind}@example.org") if message.kind.startswith("proposal_")]
        assert [message.kind for message in messages] == ["proposal_under_study", "proposal_adopted"]
        assert {message.locale for message in messages} == {locale}
        assert f"/{locale}/forum/proposals/{proposal}" in messages[-1].body
        assert "EDU-2027-" in messages[-1].body
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.object_type == "proposal", AuditEntry.object_id == str(proposal)).order_by(AuditEntry.id)).all()
    assert actions == ["proposal.created", "proposal.endorsed", "proposal.endorsed", "proposal.under_study",
                       "proposal.adopted"]


def test_the_proposal_form_explains_what_is_missing_and_creates_nothing(app, world):
    alpha = client_for(app, ALPHA)
    page = f"/en/forum/{world['edition']}/proposals/new"
    response = alpha.post(page, data={"csrf_token": csrf_token(alpha, page),
                                      "organization_id": world["organizations"][ALPHA]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give a title in at least one language." in html
    assert "Choose at least one subsector." in html and "Choose at least one country." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 0


def test_only_editors_and_owners_of_verified_organizations_put_forward_proposals(app, world, make_user):
    pending_owner = make_user(email="pending@example.org")
    make_organization(app, pending_owner, state="pending", registration_number="SO-9", names={"en": "New Hope"})
    page = f"/en/forum/{world['edition']}/proposals/new"
    for kind in (BETA_VIEWER, STRANGER, "pending"):
        client = client_for(app, kind)
        response = client.get(page, follow_redirects=True)
        assert response.request.path == f"/en/forum/{world['edition']}"
        assert "you must be an editor or owner of a verified organization" in response.get_data(as_text=True)
    # Posting in the name of someone else's organization changes nothing.
    beta = client_for(app, BETA)
    response = beta.post(page, data={"csrf_token": csrf_token(beta, page),
                                     "organization_id": world["organizations"][ALPHA], **PROPOSAL_FORM})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 0


def test_each_organization_endorses_a_proposal_once_and_never_its_own(app, world, proposal):
    orgs = world["organizations"]
    path = f"/en/forum/proposals/{proposal}/endorse"
    press(client_for(app, BETA), path, organization_id=orgs[BETA])
    # Another editor of the same organization.
    editor = client_for(app, BETA_EDITOR)
    press(editor, path, organization_id=orgs[BETA])
    assert "Your organization already endorses this proposal." in page_text(editor, f"/en/forum/proposals/{proposal}")
    press(client_for(app, ALPHA), path, organization_id=orgs[ALPHA])
    # A viewer does not speak for the organization; someone outside it even less.
    assert press(client_for(app, BETA_VIEWER), path, organization_id=orgs[BETA]).status_code == 403
    assert press(client_for(app, STRANGER), path, organization_id=orgs[GAMMA]).status_code == 403
    assert endorsing_organizations(app, proposal) == {orgs[BETA]}


def test_the_author_is_not_offered_to_endorse_and_others_see_whom_they_endorse_for(app, world, proposal):
    html = page_text(client_for(app, ALPHA), f"/en/forum/proposals/{proposal}")
    assert f"/forum/proposals/{proposal}/endorse" not in html
    assert "Endorse in the name of Fondation Baraka" in page_text(client_for(app, BETA), f"/en/forum/proposals/{proposal}")


def test_an_endorsement_is_withdrawn_until_the_officers_decide(app, world, proposal):
    orgs = world["organizations"]
    endorse(app, world["users"][BETA], proposal, orgs[BETA])
    endorse(app, world["users"][GAMMA], proposal, orgs[GAMMA])
    beta = client_for(app, BETA)
    assert "Withdraw the endorsement of <bdi>Fondation Baraka</bdi>" in page_text(beta, f"/en/forum/proposals/{proposal}")
    press(beta, f"/en/forum/proposals/{proposal}/endorsements/{orgs[BETA]}/withdraw")
    assert endorsing_organizations(app, proposal) == {orgs[GAMMA]}
    # Nobody withdraws another organization's endorsement.
    assert press(beta, f"/en/forum/proposals/{proposal}/endorsements/{orgs[GAMMA]}/withdraw").status_code == 403
    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/proposals/{proposal}/state/under_study", reason="", project_id="")
    press(officer, f"/en/forum/proposals/{proposal}/state/not_retained", reason="Outside ISESCO's mandate.",
          project_id="")
    gamma = client_for(app, GAMMA)
    press(gamma, f"/en/forum/proposals/{proposal}/endorsements/{orgs[GAMMA]}/withdraw")
    press(beta, f"/en/forum/proposals/{proposal}/endorse", organization_id=orgs[BETA])
    assert endorsing_organizations(app, proposal) == {orgs[GAMMA]}
    assert "This proposal no longer takes endorsements." in page_text(beta, f"/en/forum/proposals/{proposal}")


def test_not_retaining_a_proposal_needs_a_reason_the_authors_read(app, world, proposal):
    officer = client_for(app, OFFICER)
    press(officer, f"/en/forum/proposals/{proposal}/state/under_study", reason="", project_id="")
    press(officer, f"/en/forum/proposals/{proposal}/state/not_retained", reason=" ", project_id="")
    assert state_of_proposal(app, proposal) == "under_study"
    assert "Say why the proposal is not retained" in page_text(officer, f"/en/forum/proposals/{proposal}")
    press(officer, f"/en/forum/proposals/{proposal}/state/not_retained", reason="Already covered by a project.",
          project_id="")
    assert state_of_proposal(app, proposal) == "not_retained"
    [message] = [message for message in outbox(app, "alpha@example.org") if message.kind == "proposal_not_retained"]
    assert "Already covered by a project." in message.body


def test_decisions_follow_the_order_of_the_states(app, world, proposal):
    officer = client_for(app, OFFICER)
    # Straight from open to adopted is not a step of the process.
    press(officer, f"/en/forum/proposals/{proposal}/state/adopted", project_id=world["project"], reason="")
    assert state_of_proposal(app, proposal) == "open"
    assert "does not apply to the proposal in its present state" in page_text(officer, f"/en/forum/proposals/{proposal}")


def test_the_author_edits_the_proposal_while_it_is_open(app, world, proposal):
    alpha = client_for(app, ALPHA)
    page = f"/en/forum/proposals/{proposal}/edit"
    response = alpha.post(page, data={"csrf_token": csrf_token(alpha, page), **PROPOSAL_FORM,
                                      "title_en": "Mobile schools", "country_codes": ["SO"]})
    assert response.status_code == 302
    assert "Mobile schools" in page_text(client_for(app, None), f"/en/forum/proposals/{proposal}")
    press(client_for(app, OFFICER), f"/en/forum/proposals/{proposal}/state/under_study", reason="", project_id="")
    assert alpha.get(page).status_code == 403


# --- Commitments ---------------------------------------------------------------------------------

COMMITMENT_FORM = {"description_ar": "تدريب عشرين معلمًا للمدارس المتنقلة"}


def test_an_organization_records_a_commitment_and_its_progress_to_fulfilment(app, world, proposal):
    beta = client_for(app, BETA)
    page = f"/en/forum/{world['edition']}/commitments/new?proposal={proposal}"
    assert f'<option selected value="{proposal}">' in page_text(beta, page)
    due = date.today() + timedelta(days=60)
    response = beta.post(page, data={"csrf_token": csrf_token(beta, page), "organization_id": world["organizations"][BETA],
                                     **COMMITMENT_FORM, "proposal_id": proposal, "project_id": "",
                                     "due_date": due.isoformat()})
    assert response.status_code == 302
    commitment = int(response.headers["Location"].rsplit("/", 1)[1])
    progress = f"/en/forum/commitments/{commitment}/progress"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    press(beta, progress, noted_on=yesterday, text="Trainers hired.", new_state="in_progress")
    press(beta, progress, noted_on=date.today().isoformat(), text="Ten teachers trained.", new_state="")
    press(beta, progress, noted_on=date.today().isoformat(), text="All twenty trained.", new_state="fulfilled")
    assert state_of_commitment(app, commitment) == "fulfilled"
    html = page_text(client_for(app, None), f"/en/forum/commitments/{commitment}")
    assert html.index("All twenty trained.") < html.index("Ten teachers trained.") < html.index("Trainers hired.")
    assert "تدريب عشرين معلمًا للمدارس المتنقلة" in html and "Mobile schools for displaced children" in html
    # Visible on the proposal and on the organization's profile.
    assert f"/forum/commitments/{commitment}" in page_text(client_for(app, None), f"/en/forum/proposals/{proposal}")
    profile = page_text(client_for(app, None), f"/en/organizations/{world['organizations'][BETA]}")
    assert "Commitments at the forum" in profile and f"/forum/commitments/{commitment}" in profile
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.object_type == "commitment").order_by(AuditEntry.id)).all()
    assert actions == ["commitment.announced", "commitment.in_progress", "commitment.fulfilled"]


def test_a_commitment_is_linked_and_progress_keeps_to_the_order_of_states(app, world):
    beta = client_for(app, BETA)
    page = f"/en/forum/{world['edition']}/commitments/new"
    response = beta.post(page, data={"csrf_token": csrf_token(beta, page), "organization_id": world["organizations"][BETA],
                                     **COMMITMENT_FORM, "proposal_id": "", "project_id": "", "due_date": "2027-06-30"})
    assert response.status_code == 200
    assert "Link the commitment to a proposal or a project." in response.get_data(as_text=True)
    commitment = make_commitment(app, world["users"][BETA], world["edition"], world["organizations"][BETA],
                                 project_id=world["project"])
    progress = f"/en/forum/commitments/{commitment}/progress"
    # Fulfilled is not offered before work has started; a date in the future is refused.
    response = press(beta, progress, noted_on=date.today().isoformat(), text="Done", new_state="fulfilled")
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    press(beta, progress, noted_on=tomorrow, text="Will start", new_state="in_progress")
    assert state_of_commitment(app, commitment) == "announced"
    with app.app_context():
        assert db.session.get(Commitment, commitment).notes == []


def test_only_the_organization_and_officers_report_progress(app, world):
    commitment = make_commitment(app, world["users"][BETA], world["edition"], world["organizations"][BETA],
                                 project_id=world["project"])
    progress = f"/en/forum/commitments/{commitment}/progress"
    note = dict(noted_on=date.today().isoformat(), text="Started", new_state="in_progress")
    for kind in (GAMMA, BETA_VIEWER, STRANGER):
        assert press(client_for(app, kind), progress, **note).status_code == 403
    assert state_of_commitment(app, commitment) == "announced"
    press(client_for(app, OFFICER), progress, **note)
    assert state_of_commitment(app, commitment) == "in_progress"


def tracker_ids(client, query=""):
    html = page_text(client, f"/en/forum/commitments/{query}")
    return {int(part.split('"', 1)[0]) for part in html.split('data-testid="commitment-')[1:]}


def test_overdue_commitments_are_marked_on_the_tracker_with_totals(app, world):
    users, orgs, edition = world["users"], world["organizations"], world["edition"]
    make = lambda kind, due, **more: make_commitment(app, users[kind], edition, orgs[kind],  # noqa: E731
                                                     project_id=world["project"], due_date=due, **more)
    late = make(BETA, date.today() - timedelta(days=3))
    on_time = make(GAMMA, date.today() + timedelta(days=30))
    kept_late = make(ALPHA, date.today() - timedelta(days=10))
    with app.app_context():
        alpha = db.session.get(User, users[ALPHA])
        services.start_work(kept_late, alpha, date.today(), "Started")
        services.fulfil(kept_late, alpha, date.today(), "Done")
    visitor = client_for(app, None)
    html = page_text(visitor, "/en/forum/commitments/")
    marked = {int(part.split('"', 1)[0]) for part in html.split('data-testid="commitment-')[1:]
              if 'data-testid="overdue"' in part.split("</li>", 1)[0]}
    assert marked == {late}
    assert '<td data-state="overdue" class="text-danger fw-bold">1</td>' in html
    assert '<td data-state="announced"><a' in html and '<td data-state="total">3</td>' in html
    assert tracker_ids(visitor, "?overdue=1") == {late}
    assert 'data-testid="overdue"' in page_text(visitor, f"/en/forum/commitments/{late}")
    assert 'data-testid="overdue"' not in page_text(visitor, f"/en/forum/commitments/{on_time}")


def test_the_tracker_filters_by_edition_organization_country_and_state(app, world):
    users, orgs = world["users"], world["organizations"]
    other_edition = make_edition(app, users[OFFICER])
    first = make_commitment(app, users[BETA], world["edition"], orgs[BETA], project_id=world["project"])
    second = make_commitment(app, users[GAMMA], other_edition, orgs[GAMMA], project_id=world["project"])
    visitor = client_for(app, None)
    assert tracker_ids(visitor) == {first, second}
    assert tracker_ids(visitor, f"?edition={other_edition}") == {second}
    assert tracker_ids(visitor, f"?organization={orgs[BETA]}") == {first}
    assert tracker_ids(visitor, "?country=JO") == {second}
    assert tracker_ids(visitor, "?state=fulfilled") == set()
    assert tracker_ids(visitor, "?state=announced") == {first, second}


def test_nothing_is_taken_for_a_draft_or_archived_edition(app, world):
    draft = make_edition(app, world["users"][OFFICER], state="draft")
    assert client_for(app, BETA).get(f"/en/forum/{draft}/proposals/new").status_code == 404
    with app.app_context():
        officer = db.session.get(User, world["users"][OFFICER])
        for target in ("registration_closed", "held", "archived"):
            forum_services.change_edition_state(world["edition"], officer, target)
        with pytest.raises(Refused):
            services.create_commitment(db.session.get(User, world["users"][BETA]), world["edition"],
                                       world["organizations"][BETA],
                                       commitment_data(project_id=world["project"]))
    response = client_for(app, BETA).get(f"/en/forum/{world['edition']}/proposals/new")
    assert response.status_code == 302 and f"/en/forum/{world['edition']}" in response.headers["Location"]


def test_lists_load_in_a_fixed_number_of_queries(app, world):
    users, orgs, edition = world["users"], world["organizations"], world["edition"]
    visitor = client_for(app, None)

    def add(count):
        for _ in range(count):
            proposal = make_proposal(app, users[ALPHA], edition, orgs[ALPHA])
            endorse(app, users[BETA], proposal, orgs[BETA])
            make_commitment(app, users[GAMMA], edition, orgs[GAMMA], proposal_id=proposal, project_id=world["project"])

    add(1)
    paths = ("/en/forum/proposals/", "/en/forum/commitments/", f"/en/organizations/{orgs[GAMMA]}")
    few = {path: count_queries(app, path, visitor) for path in paths}
    add(6)
    assert {path: count_queries(app, path, visitor) for path in paths} == few


# --- Under concurrent requests (PostgreSQL) ------------------------------------------------------

def test_concurrent_endorsements_count_once_per_organization(app, world, proposal, make_user):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("concurrent endorsements are tested on PostgreSQL")
    beta = world["organizations"][BETA]
    clients = []
    for number in range(8):
        editor = make_user(email=f"editor{number}@example.org")
        add_member(app, beta, editor, MemberRole.EDITOR)
        client = app.test_client()
        limiter.reset()
        sign_in(client, f"editor{number}@example.org")
        clients.append((client, csrf_token(client, "/en/account")))
    path = f"/en/forum/proposals/{proposal}/endorse"
    answers = _at_once([
        (lambda client=client, token=token: client.post(path, data={"csrf_token": token, "organization_id": beta}).status_code)
        for client, token in clients
    ])
    assert answers == [302] * 8
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Endorsement)) == 1


def test_the_forums_outcome_pages_are_marked_as_the_forum_section_in_the_menu(app, world):
    page = app.test_client().get("/en/forum/commitments/").get_data(as_text=True)
    forum_link = re.search(r'<a class="nav-link([^"]*)" href="/en/forum/"', page)
    assert forum_link and "active" in forum_link.group(1)
