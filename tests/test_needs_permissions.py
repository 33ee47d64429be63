"""Who may open each needs page, tried from the outside as each kind of person."""
import pytest

from tests.needs_helpers import make_need
from tests.organizations_helpers import add_member, make_organization
from tests.test_needs_workflow import EDITOR, OFFICER, OWNER, PEOPLE, VIEWER, VISITOR, client_for

MEMBERS = (VIEWER, EDITOR, OWNER)


@pytest.fixture
def world(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member") for kind in PEOPLE[1:]}
    organization = make_organization(app, ids[OWNER], state="verified")
    add_member(app, organization, ids[EDITOR], "editor")
    add_member(app, organization, ids[VIEWER], "viewer")
    return {
        "draft": make_need(app, organization, ids[EDITOR], state="draft"),
        "submitted": make_need(app, organization, ids[EDITOR], state="submitted"),
        "published": make_need(app, organization, ids[EDITOR], state="published"),
    }


LOGIN = "login"


def expect(allowed, visitor=LOGIN, others=403, **special):
    """The answer each kind of person gets: 200 if allowed, else the refusal given."""
    return {kind: 200 if kind in allowed else special.get(kind, visitor if kind == VISITOR else others) for kind in PEOPLE}


# Drafts and submitted needs are private: people who may not see them get 404, as if they
# did not exist; a viewer sees a draft but may not edit it (403).
ROUTES = [
    ("/en/needs/", expect(PEOPLE)),
    ("/en/needs/{published}", expect(PEOPLE)),
    ("/en/needs/{submitted}", expect(MEMBERS + (OFFICER,), visitor=404, others=404)),
    ("/en/needs/{draft}", expect(MEMBERS, visitor=404, others=404)),
    ("/en/needs/{draft}/edit", expect((EDITOR, OWNER), others=404, viewer=403)),
    ("/en/needs/mine", expect(PEOPLE[1:])),
    ("/en/officer/needs", expect((OFFICER,))),
    ("/en/countries/SO", expect(PEOPLE)),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE)
def test_needs_page_permissions(app, world, kind, path, expected):
    response = client_for(app, kind).get(path.format(**world))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]
