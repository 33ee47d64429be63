"""An action plan to test with: one programme, one result, indicators of each kind with periods."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.accounts.models import User
from portal.actionplan import services
from portal.actionplan.models import IndicatorUpdate
from portal.agreements.models import Agreement, AgreementState
from portal.core.translated import TranslatedText
from portal.extensions import db

TODAY = date.today()
YEAR = date(TODAY.year, 1, 1), date(TODAY.year, 12, 31)
LAST_YEAR = date(TODAY.year - 1, 1, 1), date(TODAY.year - 1, 12, 31)


def text(english: str) -> TranslatedText:
    return TranslatedText.build({"en": english})


def indicator_data(title: str, **overrides) -> services.IndicatorData:
    values = dict(title=text(title), measure="number", ascending=True, cumulative=False, baseline_year=TODAY.year - 2,
                  baseline_value=None, verification=None, computed=None)
    values.update(overrides)
    return services.IndicatorData(**values)


def make_plan(app, officer_id: int) -> dict[str, int]:
    """ids: plan, programme, result; indicators `manual`, `computed`, `qualitative`, `descending`,
    `cumulative`, each with a period this year (`<name>_period`); `cumulative` also last year."""
    with app.app_context():
        officer = db.session.get(User, officer_id)
        plan = services.create_plan(officer, services.PlanData(text("Action plan"), TODAY.year - 1, TODAY.year + 1))
        programme = services.create_programme(plan.id, officer, services.ProgrammeData(text("Partnerships"),
                                                                                        Decimal("766444")))
        result = services.create_result(programme.id, officer, services.ResultData(text("Partners mobilized"), "output"))
        ids = {"plan": plan.id, "programme": programme.id, "result": result.id}
        kinds = {
            "manual": (indicator_data("Partners trained", baseline_value=Decimal("10")), Decimal("30")),
            "computed": (indicator_data("Agreements concluded", computed="agreements_concluded"), Decimal("4")),
            "qualitative": (indicator_data("Strategy drafted", measure="qualitative"), None),
            "descending": (indicator_data("Days to answer a partner", ascending=False, baseline_value=Decimal("40")),
                           Decimal("20")),
            "cumulative": (indicator_data("Institutions reached", cumulative=True), Decimal("50")),
        }
        for name, (data, target) in kinds.items():
            indicator = services.create_indicator(result.id, officer, data)
            ids[name] = indicator.id
            ids[f"{name}_period"] = services.create_period(indicator.id, officer, services.PeriodData(*YEAR, target)).id
        ids["cumulative_last_year"] = services.create_period(
            ids["cumulative"], officer, services.PeriodData(*LAST_YEAR, Decimal("20"))).id
        return ids


def update(app, user_id: int, period_id: int, value: str | None = "20", narrative: str | None = None,
           state: str = "draft", decider_id: int | None = None, comment: str = "Check the source") -> int:
    """An update brought to `state` through the services."""
    with app.app_context():
        author = db.session.get(User, user_id)
        made = services.draft_update(period_id, author, services.UpdateData(
            Decimal(value) if value is not None else None, narrative))
        if state != "draft":
            services.submit_update(made.id, author)
        if state in ("approved", "returned"):
            decider = db.session.get(User, decider_id)
            if state == "approved":
                services.approve_update(made.id, decider)
            else:
                services.return_update(made.id, decider, comment)
        return made.id


def state_of(app, update_id: int) -> str:
    with app.app_context():
        return db.session.get(IndicatorUpdate, update_id).state


def conclude_agreement(app, reference: str, concluded_on: date, division: str = "governmental_donors", **others) -> int:
    """An agreement in force, written directly (the agreements' own services live elsewhere)."""
    with app.app_context():
        agreement = Agreement(reference=reference, title=text(f"Agreement {reference}"), type="mou", division=division,
                              state=others.pop("state", AgreementState.IN_FORCE), concluded_on=concluded_on, **others)
        db.session.add(agreement)
        db.session.commit()
        return agreement.id
