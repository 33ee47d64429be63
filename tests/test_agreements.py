"""The agreements registry: review dates, states, obligations, reminders, the signed PDF, what
visitors see on pages and in the API, and agreements cited by projects and pledges."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from flask_babel import force_locale

from portal.accounts.models import User
from portal.agreements import services
from portal.agreements.models import Agreement, AgreementReminder, Obligation
from portal.core.audit import AuditEntry
from portal.core.money import Money
from portal.core.rules import Refused
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects import services as projects_services
from portal.projects.models import Pledge, Project, ProjectPartner
from tests.agreements_helpers import PATHS, action_arguments, agreement_data, load_agreement, make_agreement
from tests.api_helpers import api_token, auth
from tests.conftest import csrf_token, outbox, sign_in
from tests.meetings_helpers import make_action_item, make_meeting
from tests.organizations_helpers import add_member, make_organization
from tests.projects_helpers import make_project
from tests.test_organization_directory import count_queries

FILES = Path(__file__).resolve().parent / "files"
TODAY = date.today()


@pytest.fixture
def people(app, make_user):
    """An officer (the focal point of the agreements), a second officer who moves them, the
    partner's owner (in French) and a member of no organization."""
    ids = {
        "focal": make_user(email="focal@example.org", role="officer", name="Focal Point", locale="ar"),
        "officer": make_user(email="officer@example.org", role="officer", name="Moving Officer"),
        "owner": make_user(email="owner@example.org", locale="fr", name="Partner Owner"),
        "member": make_user(email="member@example.org"),
    }
    ids["partner"] = make_organization(app, ids["owner"], state="verified", kind="donor", country_code="SA",
                                       registration_number="SA-DON-1", names={"en": "King Khalid Foundation"})
    ids["ngo"] = make_organization(app, ids["owner"], state="verified", kind="ngo", country_code="SO",
                                   registration_number="SO-NGO-2", names={"en": "Somali Relief"},
                                   website="https://relief.example.org")
    return ids


def agreement_in(app, people, state: str, ended: bool = False, **overrides) -> int:
    """An agreement in `state`; `ended`: its end date has passed (as an expired one's has)."""
    if ended or state == "expired":
        overrides.setdefault("start_date", TODAY - timedelta(days=800))
        overrides.setdefault("isesco_signed_on", TODAY - timedelta(days=800))
        overrides.setdefault("end_date", TODAY - timedelta(days=1))
    return make_agreement(app, people["officer"], [people["partner"]], state, focal_point_id=people["focal"],
                          **overrides)


def snapshot(app, agreement_id: int) -> tuple:
    with app.app_context():
        agreement = db.session.get(Agreement, agreement_id)
        audits = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)
                                   .where(AuditEntry.object_id == str(agreement_id),
                                          AuditEntry.object_type == "agreement"))
        return (services._snapshot(agreement), agreement.concluded_on, agreement.ended_on, agreement.version, audits)


def as_officer(app, people, key: str = "officer") -> User:
    return db.session.get(User, people[key])


# --- Registering -----------------------------------------------------------------------------------

def test_the_review_date_is_the_end_less_the_notice_and_the_division_the_first_partners(app, people):
    agreement_id = make_agreement(app, people["officer"], [people["ngo"], people["partner"]],
                                  end_date=date(2030, 6, 30), notice_days=90)
    agreement = load_agreement(app, agreement_id)
    assert agreement.review_date == date(2030, 4, 1)
    assert agreement.division == "ngos_civil_society"
    open_ended = load_agreement(app, make_agreement(app, people["officer"], [people["partner"]], end_date=None))
    assert open_ended.review_date is None and open_ended.division == "governmental_donors"


def test_an_edit_moves_the_review_date_and_an_older_version_is_refused(app, app_ctx, people):
    agreement_id = agreement_in(app, people, "draft")
    officer = as_officer(app, people)
    data = agreement_data([people["partner"]], reference="AGR-2027-900", end_date=date(2031, 1, 31), notice_days=31)
    services.update_agreement(agreement_id, officer, 1, data)
    assert db.session.get(Agreement, agreement_id).review_date == date(2030, 12, 31)
    before = snapshot(app, agreement_id)
    with force_locale("en"), pytest.raises(Refused, match="Someone saved this agreement"):
        services.update_agreement(agreement_id, officer, 1, agreement_data([people["partner"]], notice_days=0))
    assert snapshot(app, agreement_id) == before


def test_an_amendment_names_a_parent_and_is_listed_under_it(app, client, people):
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        with force_locale("en"), pytest.raises(Refused, match="names the agreement it amends"):
            services.create_agreement(officer, agreement_data([people["partner"]], type="amendment"))
    parent = agreement_in(app, people, "in_force")
    amendment = agreement_in(app, people, "in_force", type="amendment", parent_id=parent,
                             title=agreement_data([]).title.build({"en": "First amendment on the budget"}))
    page = client.get(f"/en/agreements/{parent}").get_data(as_text=True)
    assert "First amendment on the budget" in page and f"/en/agreements/{amendment}" in page


# --- States ------------------------------------------------------------------------------------------

ALLOWED = [(action, states[0]) for action, (_service, _reason, states) in services.ACTIONS.items()]
TARGETS = {"negotiate": "under_negotiation", "send_for_signature": "awaiting_signature",
           "bring_into_force": "in_force", "expire": "expired", "terminate": "terminated", "suspend": "suspended",
           "resume": "in_force"}


@pytest.mark.parametrize(("action", "from_state"), ALLOWED)
def test_every_allowed_transition_works_is_audited_and_told_to_the_focal_point(app, people, action, from_state):
    agreement_id = agreement_in(app, people, from_state, ended=action == "expire")
    mails_before = len(outbox(app, "focal@example.org"))
    with app.app_context():
        service, takes_reason, _states = services.ACTIONS[action]
        service(agreement_id, db.session.get(User, people["officer"]), *action_arguments(action, "Funding withdrawn"))
        agreement = db.session.get(Agreement, agreement_id)
        assert agreement.state == TARGETS[action]
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "agreement",
                                                               AuditEntry.object_id == str(agreement_id))
                                   .order_by(AuditEntry.id.desc())).first()
        assert entry.action == f"agreement.{TARGETS[action]}" and entry.actor_id == people["officer"]
        assert entry.before["state"] == from_state and entry.after["state"] == TARGETS[action]
        if takes_reason:
            assert agreement.state_reason == "Funding withdrawn"
        if TARGETS[action] == "in_force":
            assert agreement.concluded_on is not None
        if TARGETS[action] in ("expired", "terminated"):
            assert agreement.ended_on == TODAY
    mails = outbox(app, "focal@example.org")
    assert len(mails) == mails_before + 1 and mails[-1].locale == "ar"


REFUSED = [(action, state) for state in PATHS for action, (_service, _reason, states) in services.ACTIONS.items()
           if state not in states]


@pytest.mark.parametrize(("action", "state"), REFUSED)
def test_every_other_transition_is_refused_and_changes_nothing(app, people, action, state):
    agreement_id = agreement_in(app, people, state)
    before = snapshot(app, agreement_id)
    mails = len(outbox(app))
    with app.app_context():
        service, _takes_reason, _states = services.ACTIONS[action]
        with force_locale("en"), pytest.raises(Refused) as refusal:
            service(agreement_id, db.session.get(User, people["officer"]), *action_arguments(action))
        assert "does not apply to the agreement in its present state" in str(refusal.value)
    assert snapshot(app, agreement_id) == before and len(outbox(app)) == mails


@pytest.mark.parametrize(("action", "state", "overrides", "message"), [
    ("bring_into_force", "awaiting_signature", {"partner_signed_on": None}, "both sides signed"),
    ("expire", "in_force", {}, "expires only once its end date has passed"),
    ("terminate", "in_force", {}, "Give the reason"),
    ("suspend", "in_force", {}, "Give the reason"),
])
def test_a_transition_whose_rule_fails_changes_nothing(app, people, action, state, overrides, message):
    agreement_id = agreement_in(app, people, state, **overrides)
    before = snapshot(app, agreement_id)
    with app.app_context():
        service, _takes_reason, _states = services.ACTIONS[action]
        with force_locale("en"), pytest.raises(Refused, match=message):
            service(agreement_id, db.session.get(User, people["officer"]), *action_arguments(action, "  "))
    assert snapshot(app, agreement_id) == before


def test_only_officers_move_an_agreement(app, people):
    agreement_id = agreement_in(app, people, "draft")
    with app.app_context():
        with force_locale("en"), pytest.raises(Refused, match="Only ISESCO officers"):
            services.open_negotiations(agreement_id, db.session.get(User, people["owner"]))
    assert load_agreement(app, agreement_id).state == "draft"


def test_concluded_on_is_the_first_day_in_force_and_stays_through_a_suspension(app, app_ctx, people):
    agreement_id = agreement_in(app, people, "suspended")
    db.session.execute(db.update(Agreement).where(Agreement.id == agreement_id).values(concluded_on=date(2026, 1, 5)))
    db.session.commit()
    services.resume(agreement_id, as_officer(app, people))
    agreement = db.session.get(Agreement, agreement_id)
    assert agreement.state == "in_force" and agreement.concluded_on == date(2026, 1, 5) and agreement.state_reason is None


def test_officers_move_an_agreement_from_its_page_and_a_refusal_is_shown(app, people):
    agreement_id = agreement_in(app, people, "awaiting_signature", partner_signed_on=None)
    client = app.test_client()
    sign_in(client, "officer@example.org")
    page = f"/en/agreements/{agreement_id}"
    response = client.post(f"{page}/state/bring_into_force", data={"csrf_token": csrf_token(client, page)},
                           follow_redirects=True)
    assert "Record the dates on which both sides signed" in response.get_data(as_text=True)
    assert load_agreement(app, agreement_id).state == "awaiting_signature"
    response = client.post(f"{page}/state/terminate", data={"csrf_token": csrf_token(client, page)},
                           follow_redirects=True)
    assert "does not apply to the agreement in its present state" in response.get_data(as_text=True)


def _bring_into_force_from_the_page(app, agreement_id: int, lang: str, day: str) -> str:
    client = app.test_client()
    sign_in(client, "officer@example.org", lang=lang)
    page = f"/{lang}/agreements/{agreement_id}"
    return client.post(f"{page}/state/bring_into_force", data={"csrf_token": csrf_token(client, page), "in_force_on": day},
                       follow_redirects=True).get_data(as_text=True)


def _concluded_in(app, period: str) -> str:
    """The activity report's total of agreements concluded in the period (`from=…&to=…`)."""
    client = app.test_client()
    sign_in(client, "officer@example.org")
    html = client.get(f"/en/activity-report?{period}").get_data(as_text=True)
    row = html.split("Agreements concluded</th>", 1)[1].split("</tr>", 1)[0]
    return row.rsplit("<td", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()


def test_the_officer_gives_the_day_the_agreement_came_into_force_and_reports_count_it_then(app, people):
    signed = date(2023, 6, 1)
    agreement_id = agreement_in(app, people, "awaiting_signature", division="governmental_donors",
                                isesco_signed_on=signed, partner_signed_on=signed, start_date=signed,
                                end_date=TODAY + timedelta(days=700))
    client = app.test_client()
    sign_in(client, "officer@example.org", lang="ar")
    page = client.get(f"/ar/agreements/{agreement_id}").get_data(as_text=True)
    assert "سارية منذ" in page and f'value="{TODAY.isoformat()}"' in page
    html = _bring_into_force_from_the_page(app, agreement_id, "ar", "2023-06-15")
    assert "سارية" in html
    agreement = load_agreement(app, agreement_id)
    assert agreement.state == "in_force" and agreement.concluded_on == date(2023, 6, 15)
    assert _concluded_in(app, "from=2023-01-01&to=2023-12-31") == "1"
    month_start = TODAY.replace(day=1).isoformat()
    assert _concluded_in(app, f"from={month_start}&to={TODAY.isoformat()}") == "0"


@pytest.mark.parametrize(("day", "message"), [
    ("", "أدخل تاريخ دخول الاتفاقية حيز النفاذ."),
    ("not-a-date", "أدخل تاريخ دخول الاتفاقية حيز النفاذ."),
    ((TODAY + timedelta(days=1)).isoformat(), "لا يمكن أن يكون تاريخ دخول الاتفاقية حيز النفاذ في المستقبل."),
    ("2023-05-31", "تدخل الاتفاقية حيز النفاذ بعد توقيع الطرفين عليها: في 1 يونيو 2023 (12 ذو القعدة 1444 هـ) على أقرب تقدير."),
])
def test_a_missing_future_or_too_early_day_is_refused_in_the_officers_language(app, people, day, message):
    signed = date(2023, 6, 1)
    agreement_id = agreement_in(app, people, "awaiting_signature", isesco_signed_on=date(2023, 5, 20),
                                partner_signed_on=signed, start_date=signed)
    before = snapshot(app, agreement_id)
    assert message in _bring_into_force_from_the_page(app, agreement_id, "ar", day)
    assert snapshot(app, agreement_id) == before


# --- Expiring ---------------------------------------------------------------------------------------

def test_an_agreement_in_force_within_90_days_of_its_review_is_expiring(app, client, people):
    soon = agreement_in(app, people, "in_force", reference="AGR-2027-501", end_date=TODAY + timedelta(days=150),
                        notice_days=90)
    later = agreement_in(app, people, "in_force", reference="AGR-2027-502", end_date=TODAY + timedelta(days=400),
                         notice_days=90)
    draft = agreement_in(app, people, "draft", reference="AGR-2027-503", end_date=TODAY + timedelta(days=100),
                         notice_days=90)
    assert load_agreement(app, soon).is_expiring(TODAY)
    assert not load_agreement(app, later).is_expiring(TODAY)
    assert not load_agreement(app, draft).is_expiring(TODAY)
    sign_in(client, "officer@example.org")
    listed = client.get("/en/agreements/?expiring=1").get_data(as_text=True)
    assert "AGR-2027-501" in listed and "AGR-2027-502" not in listed and "AGR-2027-503" not in listed
    assert 'data-testid="expiring"' in client.get(f"/en/agreements/{soon}").get_data(as_text=True)
    by_review = client.get("/en/agreements/?sort=review").get_data(as_text=True)
    assert by_review.index("AGR-2027-503") < by_review.index("AGR-2027-501") < by_review.index("AGR-2027-502")


def test_the_officers_list_puts_their_division_first_and_runs_a_fixed_number_of_queries(app, people):
    agreement_in(app, people, "draft", reference="AGR-2027-601")
    make_agreement(app, people["officer"], [people["ngo"]], reference="AGR-2027-602")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    page = "/en/agreements/"
    client.post(f"{page}my-division", data={"csrf_token": csrf_token(client, page), "division": "ngos_civil_society"})
    listed = client.get(page).get_data(as_text=True)
    assert listed.index("AGR-2027-602") < listed.index("AGR-2027-601")
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.division")).one()
        assert entry.after == {"division": "ngos_civil_society"}
    few = count_queries(app, page, client)
    for number in range(12):
        make_agreement(app, people["officer"], [people["ngo"], people["partner"]], focal_point_id=people["focal"])
    assert count_queries(app, page, client) == few


# --- Obligations ------------------------------------------------------------------------------------

def obligation(party_id=None, due=TODAY + timedelta(days=30), **overrides) -> services.ObligationData:
    values = dict(party_id=party_id, description="Fund 40 scholarships", due_date=due, amount=Decimal("120000"),
                  currency="USD")
    values.update(overrides)
    return services.ObligationData(**values)


def test_obligations_are_pending_then_met_or_waived_and_overdue_when_past_due(app, app_ctx, people):
    agreement_id = agreement_in(app, people, "in_force")
    officer = as_officer(app, people)
    late = services.add_obligation(agreement_id, officer, obligation(people["partner"], due=TODAY - timedelta(days=1)))
    on_time = services.add_obligation(agreement_id, officer, obligation(None))
    assert late.is_overdue(TODAY) and not on_time.is_overdue(TODAY)
    services.meet_obligation(late.id, officer)
    services.waive_obligation(on_time.id, officer)
    assert not db.session.get(Obligation, late.id).is_overdue(TODAY)
    assert [db.session.get(Obligation, item).state for item in (late.id, on_time.id)] == ["met", "waived"]
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "obligation")).all()
    assert sorted(actions) == ["obligation.added", "obligation.added", "obligation.met", "obligation.waived"]
    with force_locale("en"), pytest.raises(Refused, match="already met or waived"):
        services.update_obligation(late.id, officer, obligation(None))
    with force_locale("en"), pytest.raises(Refused, match="already met or waived"):
        services.waive_obligation(late.id, officer)


def test_an_obligations_party_is_isesco_or_a_partner(app, app_ctx, people):
    agreement_id = agreement_in(app, people, "in_force")
    with force_locale("en"), pytest.raises(Refused, match="one of the agreement's partners"):
        services.add_obligation(agreement_id, as_officer(app, people), obligation(people["ngo"]))
    assert db.session.scalar(db.select(db.func.count()).select_from(Obligation)) == 0


def test_the_agreement_page_marks_overdue_obligations_and_officers_record_them(app, people):
    agreement_id = agreement_in(app, people, "in_force")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    page = f"/en/agreements/{agreement_id}"
    client.post(f"{page}/obligations", data={
        "csrf_token": csrf_token(client, page), "party_id": str(people["partner"]), "description": "Send the annual report",
        "due_date": (TODAY - timedelta(days=3)).isoformat(), "amount": "", "currency": "",
    })
    html = client.get(page).get_data(as_text=True)
    assert "Send the annual report" in html and 'data-testid="overdue"' in html


# --- Reminders ------------------------------------------------------------------------------------

def reminders_to(app, email: str) -> list:
    return [message for message in outbox(app, email) if message.kind.startswith("agreement_review")]


def test_remind_sends_each_reminder_once_and_the_30_day_one_instead_of_the_90(app, people):
    owner_two = people["owner"]
    sixty = agreement_in(app, people, "in_force", reference="AGR-2027-060", end_date=TODAY + timedelta(days=60),
                         notice_days=0)
    thirty = agreement_in(app, people, "in_force", reference="AGR-2027-030", end_date=TODAY + timedelta(days=30),
                          notice_days=0)
    agreement_in(app, people, "in_force", reference="AGR-2027-200", end_date=TODAY + timedelta(days=200),
                 notice_days=0)
    agreement_in(app, people, "under_negotiation", reference="AGR-2027-010", end_date=TODAY + timedelta(days=10),
                 notice_days=0)
    runner = app.test_cli_runner()
    for _run in range(2):
        result = runner.invoke(args=["portal", "remind"])
        assert result.exit_code == 0, result.output
    focal = reminders_to(app, "focal@example.org")
    assert sorted(message.kind for message in focal) == ["agreement_review_30", "agreement_review_90"]
    assert all(message.locale == "ar" for message in focal)
    owner = reminders_to(app, "owner@example.org")
    assert len(owner) == 2 and all(message.locale == "fr" for message in owner) and owner_two
    assert any("AGR-2027-030" in message.body and "30" in message.body for message in owner)
    with app.app_context():
        sent = db.session.execute(db.select(AgreementReminder.agreement_id, AgreementReminder.days_before)).all()
    assert sorted(sent) == sorted([(sixty, 90), (thirty, 30)])
    # Thirty days later the agreement reminded at 60 days gets its 30-day reminder, once.
    later = (TODAY + timedelta(days=30)).isoformat()
    runner.invoke(args=["portal", "remind", "--today", later])
    runner.invoke(args=["portal", "remind", "--today", later])
    kinds = sorted(message.kind for message in reminders_to(app, "focal@example.org"))
    assert kinds == ["agreement_review_30", "agreement_review_30", "agreement_review_90"]


def test_a_new_review_date_is_reminded_again(app, app_ctx, people):
    agreement_id = agreement_in(app, people, "in_force", end_date=TODAY + timedelta(days=80), notice_days=0)
    assert services.send_review_reminders(TODAY) == 1
    agreement = db.session.get(Agreement, agreement_id)
    data = agreement_data([people["partner"]], reference=agreement.reference, end_date=TODAY + timedelta(days=85),
                          notice_days=0, focal_point_id=people["focal"])
    services.update_agreement(agreement_id, as_officer(app, people), agreement.version, data)
    assert services.send_review_reminders(TODAY) == 1
    assert services.send_review_reminders(TODAY) == 0


# --- The signed document ---------------------------------------------------------------------------

def form_fields(people, **overrides) -> dict:
    fields = {
        "reference": "AGR-2027-031", "type": "mou", "parent_id": "", "partner_ids": [str(people["partner"])],
        "division": "", "focal_point_id": str(people["focal"]), "title_ar": "مذكرة تفاهم", "title_en": "", "title_fr": "",
        "isesco_signed_on": "", "isesco_signatory_name": "", "isesco_signatory_title": "", "partner_signed_on": "",
        "partner_signatory_name": "", "partner_signatory_title": "", "start_date": "2027-01-01",
        "end_date": "2029-12-31", "notice_days": "60", "renewal_term_months": "",
    }
    fields.update(overrides)
    return fields


def test_the_signed_document_must_be_a_pdf_by_its_content(app, people):
    client = app.test_client()
    sign_in(client, "officer@example.org")
    page = "/en/agreements/new"
    disguised = (BytesIO((FILES / "registration.png").read_bytes()), "agreement.pdf")
    response = client.post(page, data={"csrf_token": csrf_token(client, page), **form_fields(people),
                                       "document": disguised}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Only PDF documents are accepted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Agreement)) == 0
    pdf = (BytesIO((FILES / "registration.pdf").read_bytes()), "signed.pdf")
    response = client.post(page, data={"csrf_token": csrf_token(client, page), **form_fields(people), "document": pdf},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        agreement = db.session.scalars(db.select(Agreement)).one()
        assert agreement.document_original_name == "signed.pdf" and agreement.review_date == date(2029, 11, 1)
        assert agreement.division == "governmental_donors" and agreement.state == "draft"
        agreement_id = agreement.id
    assert client.get(f"/en/agreements/{agreement_id}/document").data.startswith(b"%PDF")


def test_the_form_reenters_with_errors_for_a_taken_reference_and_an_amendment_without_parent(app, people):
    agreement_in(app, people, "draft", reference="AGR-2027-031")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    page = "/en/agreements/new"
    html = client.post(page, data={"csrf_token": csrf_token(client, page), **form_fields(people)}).get_data(as_text=True)
    assert "Another agreement has this reference." in html
    html = client.post(page, data={"csrf_token": csrf_token(client, page),
                                   **form_fields(people, reference="AGR-2027-032", type="amendment")}
                       ).get_data(as_text=True)
    assert "An amendment names the agreement it amends." in html


# --- What visitors see -------------------------------------------------------------------------------

def test_visitors_see_signed_agreements_only_on_pages_and_in_the_api(app, client, people):
    ids = {state: agreement_in(app, people, state, reference=f"AGR-2027-{index:03d}",
                               title=agreement_data([]).title.build({"en": f"Agreement {state}"}))
           for index, state in enumerate(PATHS, start=700)}
    listed = client.get("/en/agreements/").get_data(as_text=True)
    api = client.get("/api/v1/agreements").get_json()
    for state, agreement_id in ids.items():
        signed = state in ("in_force", "expired", "terminated", "suspended")
        assert (f"Agreement {state}<" in listed) == signed
        assert (client.get(f"/en/agreements/{agreement_id}").status_code == 200) == signed
        assert (client.get(f"/api/v1/agreements/{agreement_id}").status_code == 200) == signed
        assert (agreement_id in [item["id"] for item in api["items"]]) == signed
    assert client.get("/api/v1/agreements", query_string={"state": "draft"}).get_json()["total"] == 0
    officer = auth(api_token(app, people["officer"]))
    assert client.get("/api/v1/agreements", headers=officer).get_json()["total"] == len(PATHS)
    assert client.get(f"/api/v1/agreements/{ids['draft']}", headers=officer).status_code == 200
    assert client.get("/api/v1/agreements", headers=auth("wrong")).status_code == 401


def test_a_partners_members_see_their_agreement_from_the_signature_on_but_never_a_draft(app, people):
    draft = agreement_in(app, people, "draft")
    awaiting = agreement_in(app, people, "awaiting_signature")
    client = app.test_client()
    sign_in(client, "owner@example.org")
    assert client.get(f"/en/agreements/{draft}").status_code == 404
    assert client.get(f"/en/agreements/{awaiting}").status_code == 200
    member = app.test_client()
    sign_in(member, "member@example.org")
    assert member.get(f"/en/agreements/{awaiting}").status_code == 404


def test_the_api_filters_as_the_registry(app, client, people):
    agreement_in(app, people, "in_force", type="protocol", end_date=TODAY + timedelta(days=60), notice_days=0)
    make_agreement(app, people["officer"], [people["ngo"]], "in_force")
    body = client.get("/api/v1/agreements", query_string={"type": "protocol", "expiring": "1"}).get_json()
    assert body["total"] == 1 and body["items"][0]["expiring"] is True
    assert body["items"][0]["partners"][0]["id"] == people["partner"]
    assert client.get("/api/v1/agreements", query_string={"partner": people["ngo"]}).get_json()["total"] == 1
    assert client.get("/api/v1/agreements", query_string={"division": "ngos_civil_society"}).get_json()["total"] == 1
    assert client.get("/api/v1/agreements", query_string={"type": "treaty"}).status_code == 400


# --- Projects, pledges, divisions, countries ----------------------------------------------------------

def test_projects_and_pledges_cite_an_agreement_and_projects_have_partners(app, people):
    agreement_id = agreement_in(app, people, "in_force")
    project_id = make_project(app, people["officer"], agreement_id=agreement_id)
    draft_id = agreement_in(app, people, "draft")
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        owner = db.session.get(User, people["owner"])
        partner = db.session.get(Organization, people["partner"])
        ngo = db.session.get(Organization, people["ngo"])
        pledge = projects_services.make_pledge(partner, owner, project_id, Money(Decimal("5000"), "USD"),
                                               agreement_id=agreement_id)
        with force_locale("en"), pytest.raises(Refused, match="agreement in force between ISESCO and the pledging organization"):
            projects_services.make_pledge(ngo, owner, project_id, Money(Decimal("5000"), "USD"), agreement_id=agreement_id)
        with pytest.raises(Refused):
            projects_services.make_pledge(partner, owner, project_id, Money(Decimal("5000"), "USD"), agreement_id=draft_id)
        projects_services.add_partner(project_id, officer, people["partner"], "funding", Decimal("250000"))
        projects_services.add_partner(project_id, officer, people["ngo"], "implementing", None)
        with force_locale("en"), pytest.raises(Refused, match="already has this role"):
            projects_services.add_partner(project_id, officer, people["ngo"], "implementing", None)
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectPartner)) == 2
        assert db.session.get(Pledge, pledge.id).agreement_id == agreement_id
    client = app.test_client()
    sign_in(client, "officer@example.org")
    project_page = client.get(f"/en/projects/{project_id}").get_data(as_text=True)
    assert 'data-testid="project-agreement"' in project_page and "Funding partner" in project_page
    agreement_page = client.get(f"/en/agreements/{agreement_id}").get_data(as_text=True)
    assert f"/en/projects/{project_id}" in agreement_page and 'data-testid="pledges"' in agreement_page
    page = f"/en/projects/{project_id}"
    client.post(f"{page}/partners/{people['ngo']}/implementing/remove", data={"csrf_token": csrf_token(client, page)})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectPartner)) == 1
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "project")).all()
        assert {"project.partner_added", "project.partner_removed"} <= set(actions)
    # Visitors see the project's agreement only once it is signed, and no pledges under it.
    visitor = app.test_client()
    assert 'data-testid="pledges"' not in visitor.get(f"/en/agreements/{agreement_id}").get_data(as_text=True)
    with app.app_context():
        db.session.get(Project, project_id).agreement_id = draft_id
        db.session.commit()
    assert 'data-testid="project-agreement"' not in visitor.get(page).get_data(as_text=True)


def test_an_officer_moves_an_organization_to_the_other_division(app, people):
    client = app.test_client()
    sign_in(client, "officer@example.org")
    page = f"/en/officer/organizations/{people['partner']}"
    response = client.post(f"{page}/division", data={"csrf_token": csrf_token(client, page),
                                                     "division": "ngos_civil_society"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Organization, people["partner"]).division == "ngos_civil_society"
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "organization.division")).one()
        assert entry.before == {"division": "governmental_donors"} and entry.actor_id == people["officer"]


def test_a_country_page_shows_its_national_commission_and_signed_agreements(app, client, make_user, people):
    owner = make_user(email="commission@example.org")
    commission = make_organization(app, owner, state="verified", kind="national_commission", country_code="MA",
                                   registration_number="MA-CN-1", names={"fr": "Commission nationale marocaine"},
                                   contact_email="cn@example.ma", website="https://cn.example.ma")
    signed = make_agreement(app, people["officer"], [commission], "in_force",
                            title=agreement_data([]).title.build({"fr": "Programme exécutif 2027"}))
    make_agreement(app, people["officer"], [commission], "under_negotiation",
                   title=agreement_data([]).title.build({"fr": "Projet confidentiel"}))
    html = client.get("/fr/countries/MA").get_data(as_text=True)
    assert "Commission nationale marocaine" in html and "cn@example.ma" in html
    assert f"/fr/agreements/{signed}" in html and "Projet confidentiel" not in html
    assert 'id="meetings-heading"' not in html
    meeting = make_meeting(app, people["officer"], state="scheduled")
    item = make_action_item(app, people["officer"], commission)
    sign_in(client, "officer@example.org")
    html = client.get("/fr/countries/MA").get_data(as_text=True)
    assert "Projet confidentiel" in html and 'id="meetings-heading"' in html
    # Officers go on to the country's meetings and action items.
    assert f'href="/fr/meetings/{meeting}"' in html and f'href="/fr/action-items/{item}"' in html


def test_every_action_has_its_button_on_the_agreement_page(app, people):
    from portal.agreements.labels import TRANSITION_LABELS

    assert set(TRANSITION_LABELS) == set(services.ACTIONS)
    client = app.test_client()
    sign_in(client, "officer@example.org")
    html = client.get(f"/en/agreements/{agreement_in(app, people, 'in_force')}").get_data(as_text=True)
    for action in ("expire", "terminate", "suspend"):
        assert f">{TRANSITION_LABELS[action]}</button>" in html
