"""The officers' dashboard and the activity report: who may open them, the figures on seeded data
for a period, the PDF holding the dashboard's figures, a fixed number of queries."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from portal.core.money import format_money
from portal.core.translated import TranslatedText
from portal.dashboard import services
from portal.dashboard.services import DashboardFilters
from portal.extensions import db
from portal.forum.models import Registration
from portal.needs.models import Need
from portal.organizations.models import Organization
from portal.outcomes.models import Commitment
from portal.projects.models import Match, Pledge
from tests.conftest import sign_in
from tests.forum_helpers import make_edition, register
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project
from tests.test_organization_directory import count_queries

TODAY = date.today()
ANONYMOUS, MEMBER, OFFICER, ADMIN = "anonymous", "member", "officer", "admin"

# path, who gets the page; members are refused (403), visitors sent to sign in.
ROUTES = [
    ("/en/dashboard", (OFFICER, ADMIN)),
    ("/en/dashboard/report", (OFFICER, ADMIN)),
    ("/en/dashboard/report.pdf", (OFFICER, ADMIN)),
]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


@pytest.mark.parametrize(("path", "allowed"), ROUTES)
@pytest.mark.parametrize("kind", (ANONYMOUS, MEMBER, OFFICER, ADMIN))
def test_dashboard_permissions(client, make_user, path, allowed, kind):
    if kind != ANONYMOUS:
        make_user(email=f"{kind}@example.org", role=kind)
        sign_in(client, f"{kind}@example.org")
    response = client.get(path)
    if kind in allowed:
        assert response.status_code == 200
    elif kind == ANONYMOUS:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


def published_need(app, organization_id, author_id, published: datetime, **overrides) -> int:
    need_id = make_need(app, organization_id, author_id, state="published", **overrides)
    with app.app_context():
        db.session.get(Need, need_id).published_at = published
        db.session.commit()
    return need_id


def pledge(app, project_id, organization_id, user_id, amount: str, state: str, made: datetime, need_id=None) -> None:
    with app.app_context():
        db.session.add(Pledge(project_id=project_id, need_id=need_id, organization_id=organization_id,
                              pledged_by_id=user_id, amount=Decimal(amount), currency="USD",
                              amount_usd=Decimal(amount), state=state, created_at=made))
        db.session.commit()


@pytest.fixture
def seeded(app, make_user):
    """Needs, a match, pledges, registrations and commitments, some inside the last 12 months,
    some before."""
    officer = make_user(email="officer@example.org", role="officer")
    owner = make_user(email="owner@example.org")
    charity = make_organization(app, owner, state="verified")
    with app.app_context():
        db.session.get(Organization, charity).verified_at = at(TODAY - timedelta(days=20))
        db.session.commit()
    school = published_need(app, charity, owner, at(TODAY - timedelta(days=10)), cost_amount=Decimal("25000"))
    manuscripts = published_need(app, charity, owner, at(TODAY - timedelta(days=40)), country_code="YE",
                                 subsector_codes=["manuscripts_libraries"], urgency="critical",
                                 cost_amount=Decimal("12000"))
    old = published_need(app, charity, owner, at(TODAY - timedelta(days=500)), cost_amount=Decimal("9000"),
                         urgency="low")
    make_need(app, charity, owner, state="draft")  # never published: never counted
    project = make_project(app, officer, start_date=TODAY - timedelta(days=800), end_date=TODAY + timedelta(days=300))
    with app.app_context():
        db.session.add(Match(need_id=school, project_id=project, proposed_by_id=officer, state="proposed",
                             proposed_at=at(TODAY - timedelta(days=6))))  # 4 days after publication
        db.session.add(Match(need_id=old, project_id=project, proposed_by_id=officer, state="active",
                             proposed_at=at(TODAY - timedelta(days=480))))
        db.session.commit()
    pledge(app, project, charity, owner, "10000", "pledged", at(TODAY - timedelta(days=3)), need_id=school)
    pledge(app, project, charity, owner, "5000", "committed", at(TODAY - timedelta(days=30)))
    pledge(app, project, charity, owner, "2000", "paid", at(TODAY - timedelta(days=60)), need_id=manuscripts)
    pledge(app, project, charity, owner, "1000", "withdrawn", at(TODAY - timedelta(days=2)))
    pledge(app, project, charity, owner, "3000", "paid", at(TODAY - timedelta(days=700)))

    edition = make_edition(app, officer)
    people = [make_user(email=f"person{n}@example.org") for n in range(4)]
    registrations = [register(app, person, edition, participant_type=kind)
                     for person, kind in zip(people, ["delegate", "expert", "expert", "press"])]
    with app.app_context():
        first, second, third, fourth = (db.session.get(Registration, rid) for rid in registrations)
        first.state, second.state = "approved", "checked_in"
        fourth.created_at = at(TODAY - timedelta(days=400))
        db.session.add_all([
            Commitment(edition_id=edition, organization_id=charity, author_id=owner, project_id=project,
                       description=TranslatedText.build({"en": "Train teachers"}), due_date=TODAY - timedelta(days=5),
                       state="fulfilled", closed_at=at(TODAY - timedelta(days=8))),
            Commitment(edition_id=edition, organization_id=charity, author_id=owner, project_id=project,
                       description=TranslatedText.build({"en": "Print books"}), due_date=TODAY - timedelta(days=15),
                       state="in_progress"),
            Commitment(edition_id=edition, organization_id=charity, author_id=owner, project_id=project,
                       description=TranslatedText.build({"en": "Build a well"}), due_date=TODAY + timedelta(days=15),
                       state="announced"),
        ])
        db.session.commit()
    return {"officer": officer, "school": school, "old": old, "project": project}


def figures_for(app, **args):
    with app.test_request_context("/en/dashboard"):
        return services.figures(DashboardFilters.from_args(args, TODAY), TODAY)


def test_the_default_period_is_the_last_12_months_and_counts_what_happened_in_it(app, seeded):
    figures = figures_for(app)
    assert figures.filters.start == TODAY - timedelta(days=365) and figures.filters.end == TODAY
    assert figures.needs_published == 2  # the need published 500 days ago and the draft are left out
    assert figures.need_cost_usd == Decimal("37000")
    assert dict((code, count) for code, count, _ in figures.needs_by_country) == {"SO": 1, "YE": 1}
    assert dict(figures.needs_by_field) == {"education": 1, "culture": 1}
    assert figures.needs_by_urgency == {"critical": 1, "high": 1, "medium": 0, "low": 0}
    assert figures.needs_matched == 1 and figures.matched_share == 0.5
    assert figures.median_days_to_first_match == pytest.approx(4.0)
    assert figures.pledges["pledged"] == (1, Decimal("10000"))
    assert figures.pledges["committed"] == (1, Decimal("5000"))
    assert figures.pledges["paid"] == (1, Decimal("2000"))
    assert figures.pledges["withdrawn"] == (1, Decimal("1000"))
    assert figures.organizations_verified == 1
    assert [project.id for project, _ in figures.projects] == [seeded["project"]]
    funding = figures.projects[0][1]
    assert (funding.pledged, funding.committed, funding.paid) == (Decimal("10000"), Decimal("5000"), Decimal("5000"))
    assert figures.registrations_by_state["approved"] == 1 and figures.registrations_by_state["checked_in"] == 1
    assert figures.registrations_by_state["pending"] == 1 and figures.registrations == 3
    assert figures.registrations_by_type == {"delegate": 1, "speaker": 0, "observer": 0, "press": 0, "expert": 2}
    assert figures.checked_in == 1
    assert (figures.commitments_fulfilled, figures.commitments_overdue) == (1, 1)


def test_a_change_of_period_changes_the_figures(app, seeded):
    two_years = figures_for(app, **{"from": (TODAY - timedelta(days=730)).isoformat(), "to": TODAY.isoformat()})
    assert two_years.needs_published == 3 and two_years.need_cost_usd == Decimal("46000")
    assert two_years.needs_by_urgency["low"] == 1
    assert two_years.needs_matched == 2
    assert two_years.median_days_to_first_match == pytest.approx(12.0)  # (4 + 20) / 2
    assert two_years.pledges["paid"] == (2, Decimal("5000"))
    assert two_years.registrations == 4

    long_ago = figures_for(app, **{"from": (TODAY - timedelta(days=600)).isoformat(),
                                   "to": (TODAY - timedelta(days=450)).isoformat()})
    assert long_ago.needs_published == 1 and long_ago.needs_by_urgency["low"] == 1
    assert long_ago.needs_matched == 1 and long_ago.median_days_to_first_match == pytest.approx(20.0)
    assert long_ago.organizations_verified == 0 and long_ago.registrations == 0
    assert long_ago.pledges["pledged"] == (0, Decimal(0))
    assert (long_ago.commitments_fulfilled, long_ago.commitments_overdue) == (0, 0)


def test_country_and_field_filters(app, seeded):
    yemen = figures_for(app, country="YE")
    assert yemen.needs_published == 1 and yemen.needs_by_urgency["critical"] == 1
    assert yemen.pledges["paid"] == (1, Decimal("2000"))  # the pledge for the Yemeni need only
    assert yemen.pledges["committed"] == (0, Decimal(0))  # a pledge for no need has no country
    assert yemen.organizations_verified == 0  # the charity is Somali
    assert [project.id for project, _ in yemen.projects] == [seeded["project"]]  # targets SO and YE
    assert yemen.registrations == 3  # not filtered by country
    education = figures_for(app, field="education")
    assert education.needs_published == 1 and dict(education.needs_by_field) == {"education": 1}
    assert figures_for(app, field="science").projects == []


def test_a_reversed_or_invalid_period_is_read_sensibly():
    filters = DashboardFilters.from_args({"from": "2026-05-01", "to": "2026-01-01"}, TODAY)
    assert (filters.start, filters.end) == (date(2026, 1, 1), date(2026, 5, 1))
    filters = DashboardFilters.from_args({"from": "yesterday", "to": ""}, TODAY)
    assert (filters.start, filters.end) == (TODAY - timedelta(days=365), TODAY)


def officer_client(app, client, lang="en"):
    sign_in(client, "officer@example.org", lang=lang)
    return client


def test_the_dashboard_shows_the_figures_in_charts_and_tables(app, client, seeded):
    page = officer_client(app, client).get("/en/dashboard").get_data(as_text=True)
    assert 'role="img"' in page and "<table" in page and "style=" not in page
    assert re.search(r'data-figure="needs-published">2<', page)
    assert 'data-figure="SO">1<' in page and "Somalia" in page and "Yemen" in page
    assert "$37,000.00" in page  # the cost of the needs, formatted by Babel
    assert 'data-figure="matched-share">50%<' in page
    old = client.get(f"/en/dashboard?from={(TODAY - timedelta(days=730)).isoformat()}").get_data(as_text=True)
    assert re.search(r'data-figure="needs-published">3<', old) and "$46,000.00" in old


def test_the_dashboard_in_arabic_names_countries_from_the_reference_data_and_mirrors_the_bars(app, client, seeded):
    page = officer_client(app, client, "ar").get("/ar/dashboard").get_data(as_text=True)
    assert "الصومال" in page and "اليمن" in page
    assert 'direction="rtl"' in page
    # The first bar of a chart starts left of the label column, which sits at the right (x = 634).
    assert re.search(r'<text class="chart-label" x="634', page)


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_the_report_pdf_holds_the_dashboards_figures_for_the_same_period(app, client, seeded):
    start = (TODAY - timedelta(days=730)).isoformat()
    officer_client(app, client)
    response = client.get(f"/en/dashboard/report.pdf?from={start}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    figures = figures_for(app, **{"from": start})
    with app.test_request_context("/en/"), force_locale("en"):
        expected = [format_money(figures.need_cost_usd, "USD"), format_money(figures.pledged_usd("paid"), "USD"),
                    format_money(figures.pledged_usd("pledged"), "USD")]
    for figure in expected:
        assert figure in text
    assert "Needs published 3" in text and "Needs matched 2" in text
    assert "Organizations verified 1" in text
    # The same figures as the dashboard's page for that period.
    dashboard = client.get(f"/en/dashboard?from={start}").get_data(as_text=True)
    assert re.search(r'data-figure="needs-published">3<', dashboard)
    assert format_money(figures.need_cost_usd, "USD") in dashboard or "$46,000.00" in dashboard
    report_page = client.get(f"/en/dashboard/report?from={start}").get_data(as_text=True)
    assert "$46,000.00" in report_page and "$5,000.00" in report_page


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_report_pdf_in_arabic_and_french(app, client, seeded, lang):
    officer_client(app, client, lang)
    response = client.get(f"/{lang}/dashboard/report.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 1
    assert any("Vazirmatn" in str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()
               for font in [font.get_object().get("/BaseFont")])


def test_the_dashboard_and_report_run_a_fixed_number_of_queries(app, client, seeded, make_user):
    officer_client(app, client)
    few = count_queries(app, "/en/dashboard", client)
    few_report = count_queries(app, "/en/dashboard/report", client)
    owner = make_user(email="more@example.org")
    charity = make_organization(app, owner, state="verified", registration_number="more-1")
    for days in range(1, 8):
        published_need(app, charity, owner, at(TODAY - timedelta(days=days)), country_code="YE" if days % 2 else "SO")
        project = make_project(app, seeded["officer"], start_date=TODAY - timedelta(days=5))
        pledge(app, project, charity, owner, "100", "paid", at(TODAY - timedelta(days=days)))
    assert count_queries(app, "/en/dashboard", client) == few
    assert count_queries(app, "/en/dashboard/report", client) == few_report


def test_officers_see_the_dashboard_in_the_navigation(app, client, seeded, make_user):
    page = officer_client(app, client).get("/en/").get_data(as_text=True)
    assert 'href="/en/dashboard"' in page
    make_user(email="plain@example.org")
    other = app.test_client()
    sign_in(other, "plain@example.org")
    assert 'href="/en/dashboard"' not in other.get("/en/").get_data(as_text=True)
