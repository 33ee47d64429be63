"""Who may open each page of the agreements registry and press each of its buttons, tried from the outside."""
from datetime import date, timedelta

import pytest

from portal.agreements.models import Agreement, Obligation
from portal.core.uploads import upload_dir
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import ProjectPartner
from tests.agreements_helpers import make_agreement
from tests.conftest import csrf_token
from tests.organizations_helpers import FILES, make_organization
from tests.projects_helpers import make_project
from tests.test_forum import client_for

# PARTNER owns the organization party to the agreements; MEMBER belongs to no organization.
VISITOR, MEMBER, PARTNER, OFFICER = None, "member", "partner", "officer"
PEOPLE = (VISITOR, MEMBER, PARTNER, OFFICER)
LOGIN = "login"


@pytest.fixture
def registry(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (MEMBER, PARTNER, OFFICER)}
    partner = make_organization(app, ids[PARTNER], state="verified", kind="donor", registration_number="SA-1")
    signed = make_agreement(app, ids[OFFICER], [partner], "in_force")
    with app.app_context():
        obligation = Obligation(agreement_id=signed, description="Report", due_date=date.today() + timedelta(days=9))
        db.session.add(obligation)
        db.session.commit()
        obligation_id = obligation.id
    return {
        "agreement": signed, "draft_agreement": make_agreement(app, ids[OFFICER], [partner]),
        "awaiting_agreement": make_agreement(app, ids[OFFICER], [partner], "awaiting_signature"),
        "obligation": obligation_id, "partner_org": partner, "partner_project": make_project(app, ids[OFFICER]),
    }


def expect(allowed, refused=403, visitor=LOGIN):
    return {kind: 200 if kind in allowed else (visitor if kind is VISITOR else refused) for kind in PEOPLE}


EVERYONE = expect(PEOPLE)
OFFICERS = expect((OFFICER,))

ROUTES = [
    ("/en/agreements/", EVERYONE),
    ("/en/agreements/{agreement}", EVERYONE),
    # Drafts are internal: nobody but officers learns they exist.
    ("/en/agreements/{draft_agreement}", expect((OFFICER,), refused=404, visitor=404)),
    # The partner reads the text it is asked to sign.
    ("/en/agreements/{awaiting_agreement}", expect((PARTNER, OFFICER), refused=404, visitor=404)),
    ("/en/agreements/new", OFFICERS),
    ("/en/agreements/{draft_agreement}/edit", OFFICERS),
    ("/en/agreements/obligations/{obligation}/edit", OFFICERS),
    ("/api/v1/agreements", EVERYONE),
    ("/api/v1/agreements/{agreement}", EVERYONE),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_agreement_page_permissions(app, registry, kind, path, expected):
    response = client_for(app, kind).get(path.format(**registry))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def test_the_signed_document_is_for_officers_and_the_partner(app, registry):
    with app.app_context():
        (upload_dir() / "signed-test.pdf").write_bytes((FILES / "registration.pdf").read_bytes())
        agreement = db.session.get(Agreement, registry["agreement"])
        agreement.document_name, agreement.document_original_name = "signed-test.pdf", "signed.pdf"
        db.session.commit()
    path = f"/en/agreements/{registry['agreement']}/document"
    for kind in PEOPLE:
        response = client_for(app, kind).get(path)
        assert response.status_code == (200 if kind in (PARTNER, OFFICER) else 404)
    assert client_for(app, OFFICER).get(f"/en/agreements/{registry['draft_agreement']}/document").status_code == 404


def agreement_state(app, registry):
    with app.app_context():
        return db.session.get(Agreement, registry["draft_agreement"]).state


def obligation_state(app, registry):
    with app.app_context():
        return db.session.get(Obligation, registry["obligation"]).state


def obligations(app, registry):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Obligation))


def division_of(app, registry):
    with app.app_context():
        return db.session.get(Organization, registry["partner_org"]).division


def project_partners(app, registry):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(ProjectPartner))


# path, form data, who may press it, what changes when they do, and the URL rule it stands for.
BUTTONS = [
    ("/en/agreements/{draft_agreement}/state/negotiate", {"reason": ""}, agreement_state, "under_negotiation",
     "/<lang:lang>/agreements/<int:agreement_id>/state/<any(negotiate, send_for_signature, bring_into_force, expire, terminate, suspend, resume):action>"),
    ("/en/agreements/{agreement}/obligations", {"party_id": "", "description": "Host the committee",
                                             "due_date": "2030-01-01", "amount": "", "currency": ""},
     obligations, 2, None),
    ("/en/agreements/obligations/{obligation}/met", {}, obligation_state, "met",
     "/<lang:lang>/agreements/obligations/<int:obligation_id>/<any(met, waived):target>"),
    ("/en/officer/organizations/{partner_org}/division", {"division": "ngos_civil_society"}, division_of,
     "ngos_civil_society", None),
    ("/en/projects/{partner_project}/partners", {"organization_id": "{partner_org}", "role": "funding", "amount_usd": "100"},
     project_partners, 1, None),
]


def press(app, kind, path, **data):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    return client.post(path, data={"csrf_token": token, **data})


@pytest.mark.parametrize(("path", "data", "observe", "after", "_rule"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_agreement_button_permissions(app, registry, kind, path, data, observe, after, _rule):
    before = observe(app, registry)
    response = press(app, kind, path.format(**registry), **{key: value.format(**registry) for key, value in data.items()})
    if kind == OFFICER:
        assert response.status_code == 302 and observe(app, registry) == after
        return
    assert observe(app, registry) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("kind", PEOPLE, ids=lambda kind: kind or "visitor")
def test_only_officers_choose_their_division_and_remove_project_partners(app, registry, kind, make_user):
    with app.app_context():
        db.session.add(ProjectPartner(project_id=registry["partner_project"], organization_id=registry["partner_org"],
                                      role="funding"))
        db.session.commit()
    removed = press(app, kind, f"/en/projects/{registry['partner_project']}/partners/{registry['partner_org']}/funding/remove")
    chosen = press(app, kind, "/en/agreements/my-division", division="ngos_civil_society")
    if kind == OFFICER:
        assert removed.status_code == chosen.status_code == 302 and project_partners(app, registry) == 0
        return
    assert project_partners(app, registry) == 1
    expected = 302 if kind is VISITOR else 403
    assert removed.status_code == chosen.status_code == expected


TRIED_RULES = {rule for *_button, rule in BUTTONS if rule} | {
    "/<lang:lang>/agreements/<int:agreement_id>/document",
    "/<lang:lang>/agreements/my-division",
    "/<lang:lang>/projects/<int:project_id>/partners/<int:organization_id>/<any(funding, implementing):role>/remove",
}
