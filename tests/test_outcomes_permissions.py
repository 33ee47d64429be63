"""Who may open each page of the forum's outcomes and press each of its buttons, tried from the outside."""
from datetime import date

import pytest

from portal.extensions import db
from portal.outcomes.models import Endorsement
from tests.conftest import csrf_token
from tests.forum_helpers import make_edition
from tests.organizations_helpers import make_organization
from tests.outcomes_helpers import endorse, make_commitment, make_proposal, state_of_commitment, state_of_proposal
from tests.projects_helpers import make_project
from tests.test_forum import client_for

# AUTHOR owns the organization behind the proposal and the commitment; ENDORSER owns another
# verified organization, which endorses the proposal; MEMBER belongs to no organization.
VISITOR, MEMBER, AUTHOR, ENDORSER, OFFICER = None, "member", "author", "endorser", "officer"
PEOPLE = (VISITOR, MEMBER, AUTHOR, ENDORSER, OFFICER)
LOGIN, ELSEWHERE = "login", 302


@pytest.fixture
def outcomes(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (MEMBER, AUTHOR, ENDORSER, OFFICER)}
    author_org = make_organization(app, ids[AUTHOR], state="verified", registration_number="SO-1")
    endorser_org = make_organization(app, ids[ENDORSER], state="verified", registration_number="SN-2",
                                     names={"fr": "Fondation Baraka"}, website="https://baraka.example.org")
    edition = make_edition(app, ids[OFFICER])
    project = make_project(app, ids[OFFICER])
    proposal = make_proposal(app, ids[AUTHOR], edition, author_org)
    endorse(app, ids[ENDORSER], proposal, endorser_org)
    return {
        "edition": edition, "proposal": proposal, "endorser_org": endorser_org,
        "commitment": make_commitment(app, ids[AUTHOR], edition, author_org, proposal_id=proposal, project_id=project),
    }


def expect(allowed, refused=403, **others):
    expected = {kind: 200 if kind in allowed else (LOGIN if kind is VISITOR else refused) for kind in PEOPLE}
    expected.update({kind: code for kind, code in others.items()})
    return expected


EVERYONE = expect(PEOPLE)
# Signed-in people who speak for no verified organization are sent back to the edition, told why.
SPEAKERS = {**expect((AUTHOR, ENDORSER)), MEMBER: ELSEWHERE, OFFICER: ELSEWHERE}

ROUTES = [
    ("/en/forum/proposals/", EVERYONE),
    ("/en/forum/proposals/{proposal}", EVERYONE),
    ("/en/forum/{edition}/proposals/new", SPEAKERS),
    ("/en/forum/proposals/{proposal}/edit", expect((AUTHOR,))),
    ("/en/forum/commitments/", EVERYONE),
    ("/en/forum/commitments/{commitment}", EVERYONE),
    ("/en/forum/{edition}/commitments/new", SPEAKERS),
    ("/en/forum/commitments/{commitment}/edit", expect((AUTHOR, OFFICER))),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_outcome_page_permissions(app, outcomes, kind, path, expected):
    response = client_for(app, kind).get(path.format(**outcomes))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif expected[kind] == ELSEWHERE:
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/forum/{outcomes['edition']}")
    else:
        assert response.status_code == expected[kind]


def endorsers(app, outcomes):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Endorsement))


def proposal_state(app, outcomes):
    return state_of_proposal(app, outcomes["proposal"])


def commitment_state(app, outcomes):
    return state_of_commitment(app, outcomes["commitment"])


# path, form data, who may press it, what others get when signed in, what changes when the
# allowed press it, and the URL rule when the path stands for a rule with a choice in it.
BUTTONS = [
    ("/en/forum/proposals/{proposal}/endorsements/{endorser_org}/withdraw", {}, (ENDORSER,), 403, endorsers, 0, None),
    ("/en/forum/proposals/{proposal}/state/under_study", {"reason": "", "project_id": ""}, (OFFICER,), 403,
     proposal_state, "under_study",
     "/<lang:lang>/forum/proposals/<int:proposal_id>/state/<any(under_study, adopted, not_retained):target>"),
    ("/en/forum/commitments/{commitment}/progress",
     {"noted_on": date.today().isoformat(), "text": "Started", "new_state": "in_progress"}, (AUTHOR, OFFICER), 403,
     commitment_state, "in_progress", None),
]


def press(app, kind, path, **data):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    return client.post(path, data={"csrf_token": token, **data})


@pytest.mark.parametrize(("path", "data", "allowed", "refused", "observe", "after", "_rule"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_outcome_button_permissions(app, outcomes, kind, path, data, allowed, refused, observe, after, _rule):
    before = observe(app, outcomes)
    response = press(app, kind, path.format(**outcomes), **data)
    if kind in allowed:
        assert response.status_code == 302 and observe(app, outcomes) == after
        return
    assert observe(app, outcomes) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == refused


@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_only_someone_speaking_for_another_organization_endorses(app, outcomes, make_user, kind):
    """A third organization's owner endorses; nobody else can add an endorsement in its name."""
    third_owner = make_user(email="third@example.org")
    third = make_organization(app, third_owner, state="verified", registration_number="JO-3",
                              names={"en": "Crescent Relief"}, website="https://crescent.example.org")
    path = f"/en/forum/proposals/{outcomes['proposal']}/endorse"
    response = press(app, kind, path, organization_id=third)
    assert endorsers(app, outcomes) == 1
    if kind is VISITOR:
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    press(app, "third", path, organization_id=third)
    assert endorsers(app, outcomes) == 2


TRIED_RULES = {rule for *_button, rule in BUTTONS if rule} | {"/<lang:lang>/forum/proposals/<int:proposal_id>/endorse"}
