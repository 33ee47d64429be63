"""The matching engine's ranking on hand-made cases."""
from datetime import date
from decimal import Decimal

from portal.projects.matching import URGENCY_POINTS, WEIGHTS, NeedFacts, ProjectFacts, Score, score

SCHOOL_NEED = NeedFacts(
    country_code="SO",
    subsector_codes=frozenset({"school_buildings_equipment"}),
    field_codes=frozenset({"education"}),
    group_codes=frozenset({"orphans"}),
    urgency="critical",
    start_date=date(2027, 1, 1),
    end_date=date(2027, 12, 31),
    cost_usd=Decimal("50000"),
)


def project(**overrides) -> ProjectFacts:
    facts = {
        "country_codes": frozenset({"SO", "YE"}),
        "subsector_codes": frozenset({"school_buildings_equipment"}),
        "field_codes": frozenset({"education"}),
        "group_codes": frozenset({"orphans"}),
        "start_date": date(2027, 3, 1),
        "end_date": date(2028, 2, 28),
        "open_for_partners": True,
        "funding_gap_usd": Decimal("200000"),
    }
    return ProjectFacts(**{**facts, **overrides})


def test_the_weights_add_up_to_a_hundred():
    best = WEIGHTS.copy()
    del best["same_field"]  # the field counts only when no subsector is shared
    assert sum(best.values()) == 100
    assert max(URGENCY_POINTS.values()) == WEIGHTS["urgency"]


def test_a_project_answering_everything_scores_a_hundred_with_its_reasons_adding_up():
    result = score(SCHOOL_NEED, project(), priority_subsectors=frozenset({"school_buildings_equipment"}))
    assert result.value == 100
    assert sum(reason.points for reason in result.reasons) == result.value
    assert [reason.factor for reason in result.reasons] == [
        "same_country", "same_subsector", "ministry_priority", "beneficiary_groups", "funding_gap",
        "urgency", "timeframe", "open_for_partners",
    ]


def test_same_country_and_subsector_outranks_same_field_elsewhere():
    here = score(SCHOOL_NEED, project())
    elsewhere = score(SCHOOL_NEED, project(country_codes=frozenset({"ML"}), subsector_codes=frozenset({"scholarships"})))
    assert here.value > elsewhere.value
    assert "same_field" in [reason.factor for reason in elsewhere.reasons]
    assert "same_country" not in [reason.factor for reason in elsewhere.reasons]


def test_a_ministry_priority_of_the_need_country_raises_a_project():
    plain = score(SCHOOL_NEED, project())
    prioritised = score(SCHOOL_NEED, project(), priority_subsectors=frozenset({"school_buildings_equipment", "scholarships"}))
    assert prioritised.value - plain.value == WEIGHTS["ministry_priority"]
    reason = next(reason for reason in prioritised.reasons if reason.factor == "ministry_priority")
    assert reason.params == {"country": "SO", "subsectors": ["school_buildings_equipment"]}
    unrelated = score(SCHOOL_NEED, project(), priority_subsectors=frozenset({"scholarships"}))
    assert unrelated.value == plain.value


def test_the_funding_gap_counts_in_full_or_by_half():
    def gap_points(gap):
        result = score(SCHOOL_NEED, project(funding_gap_usd=Decimal(gap)))
        return sum(reason.points for reason in result.reasons if reason.factor == "funding_gap")

    assert gap_points("50000") == WEIGHTS["funding_gap"]
    assert gap_points("25000") == WEIGHTS["funding_gap"] // 2
    assert gap_points("24999.99") == 0


def test_nothing_in_common_scores_only_what_the_need_itself_brings():
    result = score(SCHOOL_NEED, project(
        country_codes=frozenset({"ML"}), subsector_codes=frozenset({"water_resources"}), field_codes=frozenset({"science"}),
        group_codes=frozenset(), start_date=date(2030, 1, 1), end_date=date(2030, 12, 31),
        open_for_partners=False, funding_gap_usd=Decimal("0"),
    ))
    assert [(reason.factor, reason.points) for reason in result.reasons] == [("urgency", 5)]


def test_ranking_without_reasons_gives_the_same_values():
    cases = [project(), project(country_codes=frozenset({"ML"})), project(subsector_codes=frozenset({"scholarships"})),
             project(funding_gap_usd=Decimal("30000"), open_for_partners=False), project(group_codes=frozenset())]
    for facts in cases:
        for priorities in (frozenset(), frozenset({"school_buildings_equipment"})):
            explained = score(SCHOOL_NEED, facts, priorities)
            assert score(SCHOOL_NEED, facts, priorities, explain=False) == Score(explained.value, ())
            assert sum(reason.points for reason in explained.reasons) == explained.value
