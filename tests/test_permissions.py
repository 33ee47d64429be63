"""Who may open each route, tried from the outside as each kind of user."""
import pytest

from tests.conftest import sign_in

ANONYMOUS, MEMBER, OFFICER, ADMIN = "anonymous", "member", "officer", "admin"
EVERYONE = (ANONYMOUS, MEMBER, OFFICER, ADMIN)
SIGNED_IN = (MEMBER, OFFICER, ADMIN)

# path, who gets the page; everyone else is sent to sign in (anonymous) or refused (403).
ROUTES = [
    ("/en/", EVERYONE),
    ("/en/login", (ANONYMOUS,)),
    ("/en/register", (ANONYMOUS,)),
    ("/en/password/forgot", EVERYONE),
    ("/en/confirm/resend", EVERYONE),
    ("/en/check-your-mailbox", EVERYONE),
    ("/en/account", SIGNED_IN),
    ("/en/admin/outbox", (ADMIN,)),
    ("/en/notifications", SIGNED_IN),
    ("/en/audit", (OFFICER, ADMIN)),
    ("/en/admin/settings", (ADMIN,)),
    ("/api/v1/countries", EVERYONE),
    ("/api/v1/sectors", EVERYONE),
    ("/api/v1/organizations", EVERYONE),
    ("/api/v1/openapi.json", EVERYONE),
    ("/healthz", EVERYONE),
]


@pytest.fixture
def as_user(client, make_user):
    def become(kind):
        if kind != ANONYMOUS:
            make_user(email=f"{kind}@example.org", role=kind)
            sign_in(client, f"{kind}@example.org")
        return client

    return become


@pytest.mark.parametrize(("path", "allowed"), ROUTES)
@pytest.mark.parametrize("kind", EVERYONE)
def test_route_permissions(as_user, path, allowed, kind):
    response = as_user(kind).get(path)
    if kind in allowed:
        assert response.status_code == 200
    elif kind == ANONYMOUS:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    elif path in ("/en/login", "/en/register"):
        # A signed-in person has nothing to do there and goes home.
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def rule_shape(path: str) -> str:
    """The URL rule a tested path stands for: /en/organizations/{pending} → /<lang:lang>/organizations/<int:organization_id>."""
    placeholders = {
        "{verified}": "<int:organization_id>",
        "{pending}": "<int:organization_id>",
        "{viewer_membership}": "<int:membership_id>",
        "{request}": "<int:request_id>",
        "{published}": "<int:need_id>",
        "{submitted}": "<int:need_id>",
        "{draft}": "<int:need_id>",
        "{school}": "<int:project_id>",
        "{edition}": "<int:edition_id>",
        "{open_edition}": "<int:edition_id>",
        "{draft_edition}": "<int:edition_id>",
        "{session}": "<int:session_id>",
        "{workshop}": "<int:session_id>",
        "{registration}": "<int:registration_id>",
        "{proposal}": "<int:proposal_id>",
        "{commitment}": "<int:commitment_id>",
        "{endorser_org}": "<int:organization_id>",
        "{pending_registration}": "<int:registration_id>",
        "{member}": "<int:user_id>",
        "/countries/SO/edit": "/<any(countries, fields, subsectors, 'beneficiary-groups', currencies):kind>/<code>/edit",
        "/subsectors/new": "/<any(subsectors, 'beneficiary-groups'):kind>/new",
        "/beneficiary-groups/new": "/<any(subsectors, 'beneficiary-groups'):kind>/new",
        "/admin/reference/countries": "/admin/reference/<any(countries, fields, subsectors, 'beneficiary-groups', currencies):kind>",
        "/EUR/rates": "/<code>/rates",
        "{committee}": "<int:committee_id>",
        "{scheduled}": "<int:meeting_id>",
        "{held}": "<int:meeting_id>",
        "{agenda_item}": "<int:item_id>",
        "{item}": "<int:item_id>",
        "{completed}": "<int:item_id>",
        "{minutes}": "<int:minutes_id>",
        "{draft_meeting}": "<int:meeting_id>",
        "{plan}": "<int:plan_id>",
        "{programme}": "<int:programme_id>",
        "{result}": "<int:result_id>",
        "{manual}": "<int:indicator_id>",
        "{manual_period}": "<int:period_id>",
        "{agreement}": "<int:agreement_id>",
        "{draft_agreement}": "<int:agreement_id>",
        "{awaiting_agreement}": "<int:agreement_id>",
        "{obligation}": "<int:obligation_id>",
        "{partner_org}": "<int:organization_id>",
        "{partner_project}": "<int:project_id>",
        "/SO": "/<code>",
    }
    for placeholder, converter in placeholders.items():
        path = path.replace(placeholder, converter)
    if path.startswith("/en/"):
        path = "/<lang:lang>/" + path.removeprefix("/en/")
    return path


def test_every_route_has_its_permissions_tested(app):
    from tests.test_administration import BUTTONS as ADMINISTRATION_BUTTONS
    from tests.test_administration import ROUTES as ADMINISTRATION_ROUTES
    from tests.test_actionplan_permissions import ROUTES as ACTION_PLAN_ROUTES
    from tests.test_actionplan_permissions import TRIED_RULES as ACTION_PLAN_RULES
    from tests.test_agreements_permissions import BUTTONS as AGREEMENT_BUTTONS
    from tests.test_agreements_permissions import ROUTES as AGREEMENT_ROUTES
    from tests.test_agreements_permissions import TRIED_RULES as AGREEMENT_RULES
    from tests.test_calls_permissions import TRIED_RULES as CALL_RULES
    from tests.test_dashboard import ROUTES as DASHBOARD_ROUTES
    from tests.test_reference_admin import BUTTONS as REFERENCE_BUTTONS
    from tests.test_reference_admin import ROUTES as REFERENCE_ROUTES
    from tests.test_discussion_permissions import TRIED_RULES as DISCUSSION_RULES
    from tests.test_due_diligence_permissions import TRIED_RULES as DUE_DILIGENCE_RULES
    from tests.test_exports import TRIED_RULES as EXPORT_RULES
    from tests.test_forum_permissions import BUTTONS as FORUM_BUTTONS
    from tests.test_forum_permissions import ROUTES as FORUM_ROUTES
    from tests.test_forum_permissions import TRIED_RULES as FORUM_RULES
    from tests.test_meetings_permissions import BUTTONS as MEETING_BUTTONS
    from tests.test_meetings_permissions import ROUTES as MEETING_ROUTES
    from tests.test_meetings_permissions import TRIED_RULES as MEETING_RULES
    from tests.test_needs_permissions import ROUTES as NEEDS_ROUTES
    from tests.test_organization_permissions import ROUTES as ORGANIZATION_ROUTES
    from tests.test_outcomes_permissions import BUTTONS as OUTCOME_BUTTONS
    from tests.test_outcomes_permissions import ROUTES as OUTCOME_ROUTES
    from tests.test_outcomes_permissions import TRIED_RULES as OUTCOME_RULES
    from tests.test_projects_permissions import BUTTONS as PROJECT_BUTTONS
    from tests.test_projects_permissions import ROUTES as PROJECT_ROUTES
    from tests.test_sanctions_permissions import TRIED_RULES as SANCTIONS_RULES

    tested = (
        {rule_shape(path) for path, _ in ROUTES}
        | {rule_shape(path) for _, path, _, _ in ORGANIZATION_ROUTES}
        | {rule_shape(path) for path, _ in NEEDS_ROUTES}
        | {rule_shape(path) for path, _ in PROJECT_ROUTES}
        | {rule_shape(path) for path, _, _ in PROJECT_BUTTONS}
        | {rule_shape(path) for path, _ in FORUM_ROUTES}
        | {rule_shape(path) for path, *_ in FORUM_BUTTONS}
        | FORUM_RULES
        | DISCUSSION_RULES
        | {rule_shape(path) for path, _ in OUTCOME_ROUTES}
        | {rule_shape(path) for path, *_ in OUTCOME_BUTTONS}
        | OUTCOME_RULES
        | EXPORT_RULES
        | {rule_shape(path) for path, _ in DASHBOARD_ROUTES}
        | {rule_shape(path) for path, _ in ADMINISTRATION_ROUTES}
        | {rule_shape(path) for path, _ in ADMINISTRATION_BUTTONS}
        | {rule_shape(path) for path in REFERENCE_ROUTES}
        | {rule_shape(path) for path, _ in REFERENCE_BUTTONS}
        | {rule_shape(path) for path, _ in MEETING_ROUTES}
        | {rule_shape(path) for path, *_ in MEETING_BUTTONS}
        | MEETING_RULES
        | {rule_shape(path) for path in ACTION_PLAN_ROUTES}
        | ACTION_PLAN_RULES
        | {rule_shape(path) for path, _ in AGREEMENT_ROUTES}
        | {rule_shape(path) for path, *_ in AGREEMENT_BUTTONS}
        | AGREEMENT_RULES
        | SANCTIONS_RULES
        | DUE_DILIGENCE_RULES
        | CALL_RULES
    )
    # Routes with tokens or ids in mails, or POST-only account actions, have tests of their own.
    tested_elsewhere = {
        "/",
        "/static/<path:filename>",
        "/<lang:lang>/logout",
        "/<lang:lang>/account/password",
        "/<lang:lang>/confirm/<token>",
        "/<lang:lang>/password/reset/<token>",
        "/<lang:lang>/admin/outbox/<int:message_id>",
        "/<lang:lang>/admin/outbox/<int:message_id>/retry",
        # tests/test_notifications.py: one's own notifications only, marking read, mail preferences.
        "/<lang:lang>/notifications/<int:notification_id>",
        "/<lang:lang>/notifications/read",
        "/<lang:lang>/account/mail",
        # tests/test_administration.py presses each account action as every kind of user.
        "/<lang:lang>/admin/users/<int:user_id>/<any(deactivate, reactivate, unlock, 'resend-confirmation'):action>",
        "/<lang:lang>/invitations/<token>",
        # Tried as /verify and /suspend in tests/test_organization_permissions.py.
        "/<lang:lang>/officer/organizations/<int:organization_id>/<any(verify, reject, suspend, reinstate):decision>",
        "/api/v1/organizations/<int:organization_id>",
        # tests/test_needs_workflow.py: every action for every role, attachments, the API.
        "/<lang:lang>/needs/<int:need_id>/<any(submit, withdraw, start, fulfil, close, publish):action>",
        "/<lang:lang>/needs/<int:need_id>/return",
        "/<lang:lang>/needs/<int:need_id>/attachments/<int:attachment_id>",
        "/<lang:lang>/needs/new",
        "/api/v1/needs",
        "/api/v1/needs/<int:need_id>",
        # tests/test_api_writes.py and tests/test_priorities_and_tokens.py.
        "/api/v1/priorities",
        "/<lang:lang>/priorities",
        "/<lang:lang>/priorities/<int:priority_id>/<any(rank, archive, activate):change>",
        "/<lang:lang>/account/tokens",
        "/<lang:lang>/account/tokens/<int:token_id>/revoke",
        # tests/test_projects_permissions.py tries every match action as each person (MATCH_BUTTONS),
        # tests/test_projects.py every pledge action and the API's suggestions and matches.
        "/<lang:lang>/projects/<int:project_id>/state/<any(open_for_partners, ongoing, completed, cancelled):target>",
        "/<lang:lang>/matches/<int:match_id>/<any(accept, activate, complete, cancel):action>",
        "/<lang:lang>/matches/<int:match_id>/decline",
        "/<lang:lang>/pledges/<int:pledge_id>/<any(commit, pay, withdraw):action>",
        "/api/v1/needs/<int:need_id>/suggestions",
        "/api/v1/projects/<int:project_id>/suggestions",
        "/api/v1/matches",
    }
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert rules - tested - tested_elsewhere == set()


@pytest.mark.parametrize("kind", EVERYONE)
def test_an_outbox_message_is_for_administrators_only(app, as_user, kind):
    from portal.core.mail import send_mail
    from portal.extensions import db

    with app.test_request_context("/en/"):
        message = send_mail("test", "someone@example.org", "en", "Subject", "accounts/mail/confirm.txt",
                            user=type("U", (), {"name": "X"}), confirm_url="http://localhost/x")
        db.session.commit()
        message_id = message.id
    response = as_user(kind).get(f"/en/admin/outbox/{message_id}")
    expected = {ANONYMOUS: 302, MEMBER: 403, OFFICER: 403, ADMIN: 200}[kind]
    assert response.status_code == expected
