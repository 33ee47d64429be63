"""The action plan's rules: updates through their states, actuals from approved updates only, computed
indicators from the portal's data, locked periods, evidence checked by content, the results page."""
from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from pypdf import PdfWriter
from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.actionplan import services
from portal.actionplan.models import ActionPlan, IndicatorPeriod, IndicatorUpdate
from portal.core.audit import AuditEntry
from portal.core.rules import Refused
from portal.extensions import db
from tests.actionplan_helpers import TODAY, conclude_agreement, indicator_data, make_plan, state_of, update
from tests.conftest import outbox, sign_in
from tests.test_organization_directory import count_queries


@pytest.fixture
def plan(app, make_user):
    ids = {name: make_user(email=f"{name}@example.org", role=role)
           for name, role in (("author", "officer"), ("checker", "officer"), ("member", "member"))}
    return {**make_plan(app, ids["author"]), **{f"{name}_id": user_id for name, user_id in ids.items()}}


def actual(app, plan, name: str, period: str | None = None):
    """The actual of an indicator's period as the results page computes it."""
    with english(app):
        loaded = services.load_plan(plan["plan"])
        row = services.plan_figures(loaded, TODAY)[plan[name]]
        period_id = plan[period or f"{name}_period"]
        return next(figure for figure in row.periods if figure.period.id == period_id)


def audit_actions(app, update_id: int) -> list[str]:
    with english(app):
        return list(db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.object_type == "indicator_update", AuditEntry.object_id == str(update_id)).order_by(AuditEntry.id)))


@contextmanager
def english(app):
    """Refusals are read in English."""
    with app.app_context(), force_locale("en"):
        yield


def user(user_id: int) -> User:
    return db.session.get(User, user_id)


def test_an_update_goes_from_draft_to_approved_and_only_then_is_the_actual(app, plan):
    made = update(app, plan["author_id"], plan["manual_period"], "24")
    assert actual(app, plan, "manual").actual is None
    with english(app):
        services.submit_update(made, user(plan["author_id"]))
    assert state_of(app, made) == "submitted" and actual(app, plan, "manual").actual is None
    with english(app):
        services.approve_update(made, user(plan["checker_id"]))
    figure = actual(app, plan, "manual")
    assert state_of(app, made) == "approved" and figure.actual == Decimal("24")
    # From the baseline 10 to the target 30: 24 is 70% of the way.
    assert figure.percent == 70 and figure.met is False
    assert audit_actions(app, made) == ["indicator_update.drafted", "indicator_update.submitted",
                                        "indicator_update.approved"]
    (mail,) = outbox(app, "author@example.org")
    assert "approved" in mail.subject and "/en/action-plan/indicators/" in mail.body

    # A later draft, submitted or returned update changes nothing; a later approved one replaces it.
    update(app, plan["author_id"], plan["manual_period"], "5")
    update(app, plan["author_id"], plan["manual_period"], "6", state="submitted")
    update(app, plan["author_id"], plan["manual_period"], "7", state="returned", decider_id=plan["checker_id"])
    assert actual(app, plan, "manual").actual == Decimal("24")
    update(app, plan["author_id"], plan["manual_period"], "30", state="approved", decider_id=plan["checker_id"])
    assert actual(app, plan, "manual").actual == Decimal("30") and actual(app, plan, "manual").met


def test_a_returned_update_is_changed_and_submitted_again(app, plan):
    made = update(app, plan["author_id"], plan["manual_period"], "12", state="returned", decider_id=plan["checker_id"])
    with english(app):
        assert db.session.get(IndicatorUpdate, made).decision_comment == "Check the source"
        services.edit_update(made, user(plan["author_id"]), services.UpdateData(Decimal("14"), "Counted again"))
        services.submit_update(made, user(plan["author_id"]))
        services.approve_update(made, user(plan["checker_id"]))
    assert actual(app, plan, "manual").actual == Decimal("14")
    assert audit_actions(app, made)[-4:] == ["indicator_update.returned", "indicator_update.edited",
                                             "indicator_update.submitted", "indicator_update.approved"]


def _refusal_cases():
    """(state to reach first, who acts, what they do, words of the refusal)."""
    approve = lambda ids, made: services.approve_update(made, user(ids))  # noqa: E731
    return [
        ("draft", "checker_id", lambda ids, made: services.submit_update(made, user(ids)), "Only the author"),
        ("draft", "checker_id", approve, "Only a submitted update"),
        ("draft", "member_id", lambda ids, made: services.submit_update(made, user(ids)), "Only ISESCO officers"),
        ("submitted", "author_id", approve, "not its author"),
        ("submitted", "author_id", lambda ids, made: services.submit_update(made, user(ids)), "already submitted"),
        ("submitted", "author_id", lambda ids, made: services.edit_update(
            made, user(ids), services.UpdateData(Decimal("1"), None)), "no longer changed"),
        ("submitted", "checker_id", lambda ids, made: services.return_update(made, user(ids), "  "), "Say why"),
        ("approved", "checker_id", approve, "Only a submitted update"),
        ("approved", "checker_id", lambda ids, made: services.return_update(made, user(ids), "No"), "Only a submitted"),
        ("approved", "author_id", lambda ids, made: services.edit_update(
            made, user(ids), services.UpdateData(Decimal("1"), None)), "no longer changed"),
        ("returned", "checker_id", approve, "Only a submitted update"),
        ("returned", "checker_id", lambda ids, made: services.submit_update(made, user(ids)), "Only the author"),
    ]


@pytest.mark.parametrize(("reached", "actor", "act", "words"), _refusal_cases())
def test_every_other_move_of_an_update_is_refused_and_changes_nothing(app, plan, reached, actor, act, words):
    made = update(app, plan["author_id"], plan["manual_period"], "20", state=reached, decider_id=plan["checker_id"])
    before_audit = audit_actions(app, made)
    with english(app):
        before = db.session.get(IndicatorUpdate, made)
        snapshot = (before.state, before.value, before.decision_comment)
        with pytest.raises(Refused) as refusal:
            act(plan[actor], made)
        assert words in str(refusal.value.message)
        db.session.rollback()
        after = db.session.get(IndicatorUpdate, made)
        assert (after.state, after.value, after.decision_comment) == snapshot
    assert audit_actions(app, made) == before_audit


def test_values_are_checked_against_the_measure(app, plan):
    with english(app):
        author = user(plan["author_id"])
        with pytest.raises(Refused, match="value reached"):
            services.draft_update(plan["manual_period"], author, services.UpdateData(None, "Some words"))
        with pytest.raises(Refused, match="narrative"):
            services.draft_update(plan["qualitative_period"], author, services.UpdateData(None, " "))
        assert db.session.scalar(db.select(db.func.count(IndicatorUpdate.id))) == 0


def test_a_computed_indicator_counts_agreements_in_force_and_takes_no_updates(app, plan):
    assert actual(app, plan, "computed").actual == 0
    conclude_agreement(app, "AGR-1", TODAY)
    conclude_agreement(app, "AGR-2", TODAY - timedelta(days=400))  # last year: another period
    figure = actual(app, plan, "computed")
    assert figure.actual == 1 and figure.percent == 25
    conclude_agreement(app, "AGR-4", TODAY.replace(month=1, day=1))
    assert actual(app, plan, "computed").actual == 2
    with english(app), pytest.raises(Refused, match="computed from the portal's data"):
        services.draft_update(plan["computed_period"], user(plan["author_id"]), services.UpdateData(Decimal("9"), None))


def test_direction_and_running_totals(app, plan):
    decider = plan["checker_id"]
    update(app, plan["author_id"], plan["descending_period"], "30", state="approved", decider_id=decider)
    descending = actual(app, plan, "descending")
    # From 40 days down to the target of 20: 30 days is half the way, and not met.
    assert descending.percent == 50 and descending.met is False
    update(app, plan["author_id"], plan["cumulative_last_year"], "15", state="approved", decider_id=decider)
    update(app, plan["author_id"], plan["cumulative_period"], "25", state="approved", decider_id=decider)
    this_year = actual(app, plan, "cumulative")
    assert this_year.actual == 25 and this_year.measured == 40 and this_year.percent == 80
    last_year = actual(app, plan, "cumulative", "cumulative_last_year")
    assert last_year.measured == 15 and last_year.percent == 75
    update(app, plan["author_id"], plan["qualitative_period"], None, "Draft strategy circulated", state="approved",
           decider_id=decider)
    assert actual(app, plan, "qualitative").narrative == "Draft strategy circulated"


def test_a_reported_plan_locks_its_periods(app, plan):
    draft = update(app, plan["author_id"], plan["manual_period"], "11")
    submitted = update(app, plan["author_id"], plan["manual_period"], "12", state="submitted")
    with english(app), pytest.raises(Refused, match="submitted updates"):
        services.report_plan(plan["plan"], user(plan["checker_id"]))
    with english(app):
        services.return_update(submitted, user(plan["checker_id"]), "Not yet")
        services.report_plan(plan["plan"], user(plan["checker_id"]))
        assert db.session.get(ActionPlan, plan["plan"]).state == "reported"
        assert all(db.session.scalars(db.select(IndicatorPeriod.locked)))
    with english(app):
        author = user(plan["author_id"])
        for attempt in (
            lambda: services.draft_update(plan["manual_period"], author, services.UpdateData(Decimal("1"), None)),
            lambda: services.submit_update(draft, author),
            lambda: services.edit_update(submitted, author, services.UpdateData(Decimal("3"), None)),
            lambda: services.update_period(plan["manual_period"], author, services.PeriodData(TODAY, TODAY, Decimal(1))),
            lambda: services.report_plan(plan["plan"], author),
        ):
            with pytest.raises(Refused):
                attempt()
            db.session.rollback()
    assert state_of(app, draft) == "draft" and state_of(app, submitted) == "returned"


def pdf_bytes() -> bytes:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


def test_evidence_is_checked_by_its_content(app, plan):
    with english(app):
        author = user(plan["author_id"])
        fake = FileStorage(io.BytesIO(b"MZ\x90 not a pdf at all"), filename="evidence.pdf")
        with pytest.raises(Refused, match="Only PDF documents"):
            services.draft_update(plan["manual_period"], author, services.UpdateData(Decimal("3"), None, fake))
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(IndicatorUpdate.id))) == 0
        real = FileStorage(io.BytesIO(pdf_bytes()), filename="minutes.pdf")
        made = services.draft_update(plan["manual_period"], author, services.UpdateData(Decimal("3"), None, real))
        assert made.evidence_type == "application/pdf" and made.evidence_original_name == "minutes.pdf"
        made_id = made.id
    client = app.test_client()
    sign_in(client, "checker@example.org")
    response = client.get(f"/en/action-plan/updates/{made_id}/evidence")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_an_officer_drafts_submits_and_another_approves_through_the_pages(app, plan):
    author, checker = app.test_client(), app.test_client()
    sign_in(author, "author@example.org")
    sign_in(checker, "checker@example.org")
    page = f"/en/action-plan/periods/{plan['manual_period']}/updates/new"
    from tests.conftest import csrf_token, submit

    response = submit(author, page, {"value": "", "narrative": ""})
    assert "Give the value reached." in response.get_data(as_text=True)
    submit(author, page, {"value": "22", "narrative": "Two workshops"})
    with english(app):
        made = db.session.scalar(db.select(IndicatorUpdate.id))
    indicator = f"/en/action-plan/indicators/{plan['manual']}"
    author.post(f"/en/action-plan/updates/{made}/submit", data={"csrf_token": csrf_token(author, indicator)})
    assert state_of(app, made) == "submitted"
    queue = checker.get("/en/action-plan/updates/").get_data(as_text=True)
    assert "Partners trained" in queue and "Two workshops" in queue
    assert "another officer decides" in author.get("/en/action-plan/updates/").get_data(as_text=True)
    checker.post(f"/en/action-plan/updates/{made}/approve", data={"csrf_token": csrf_token(checker, indicator)})
    assert state_of(app, made) == "approved"
    results = checker.get("/en/action-plan/").get_data(as_text=True)
    assert 'data-figure="actual-%d">22' % plan["manual"] in results
    assert "Computed from the portal&#39;s data" in results or "Computed from the portal's data" in results


def test_the_results_page_runs_a_fixed_number_of_queries(app, plan, client):
    sign_in(client, "checker@example.org")
    few = count_queries(app, f"/en/action-plan/{plan['plan']}", client)
    with english(app):
        officer = user(plan["author_id"])
        for number in range(3):
            for computed in (None, "agreements_concluded"):
                added = services.create_indicator(plan["result"], officer, indicator_data(f"More {number}", computed=computed))
                services.create_period(added.id, officer, services.PeriodData(TODAY, TODAY, Decimal(number + 1)))
    for value in ("1", "2", "3"):
        update(app, plan["author_id"], plan["manual_period"], value, state="approved", decider_id=plan["checker_id"])
    conclude_agreement(app, "AGR-9", TODAY)
    assert count_queries(app, f"/en/action-plan/{plan['plan']}", client) == few
