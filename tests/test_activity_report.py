"""The Directorate activity report: what it counts per division for a period, and its PDF (Arabic,
right to left) and spreadsheet holding the page's figures."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html import unescape

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.actionplan.report import ReportPeriod, month_of, quarter_of
from portal.core.pdf import GREEN
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.meetings.models import ActionItem, Meeting, MeetingOutcome
from portal.projects.models import ProjectPartner
from tests.actionplan_helpers import conclude_agreement, make_plan, update
from tests.conftest import sign_in
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project
from tests.test_dashboard import pledge
from tests.test_organization_directory import count_queries

TODAY = date.today()
MONTH = month_of(TODAY)
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def meeting(kind: str, state: str, starts: datetime, division: str = "governmental_donors") -> Meeting:
    added = Meeting(kind=kind, title=TranslatedText.build({"en": f"{kind} meeting"}), starts_at=starts,
                    ends_at=starts + timedelta(hours=2), timezone="Africa/Casablanca", state=state, division=division)
    db.session.add(added)
    return added


def item(reference: str, state: str, due: date, division: str, organization_id: int | None = None) -> None:
    db.session.add(ActionItem(reference=reference, description=TranslatedText.build({"en": f"Do {reference}"}),
                              organization_id=organization_id, directorate=None if organization_id else "education",
                              due_date=due, state=state, division=division))


@pytest.fixture
def activity(app, make_user):
    officer = make_user(email="officer@example.org", role="officer", locale="ar")
    checker = make_user(email="checker@example.org", role="officer")
    owner = make_user(email="owner@example.org")
    charity = make_organization(app, owner, state="verified", names={"en": "Ihsan Charity", "ar": "جمعية الإحسان"})
    donor = make_organization(app, owner, state="verified", kind="donor", registration_number="DN-1",
                              website="https://donor.example.org", names={"en": "Khair Fund", "ar": "صندوق الخير"})
    start = datetime.combine(MONTH.start, time(9))
    conclude_agreement(app, "AGR-1", MONTH.start)
    conclude_agreement(app, "AGR-2", MONTH.start, division="ngos_civil_society", review_date=MONTH.end + timedelta(days=30))
    conclude_agreement(app, "AGR-3", MONTH.start - timedelta(days=400))
    conclude_agreement(app, "AGR-4", MONTH.start - timedelta(days=800), state="expired", ended_on=MONTH.start)
    project = make_project(app, officer, start_date=MONTH.start - timedelta(days=30), end_date=MONTH.end + timedelta(days=300))
    with app.app_context():
        committee_session = meeting("joint_committee", "held", start)
        for position, kind in enumerate(("decision", "decision", "action", "information")):
            db.session.add(MeetingOutcome(meeting=committee_session, kind=kind, position=position,
                                          text=TranslatedText.build({"en": f"Outcome {position}"})))
        meeting("joint_committee", "closed", start, "ngos_civil_society")
        meeting("coordination", "held", start)
        meeting("coordination", "scheduled", start)
        meeting("coordination", "held", start - timedelta(days=60))
        item("ACT-1", "completed", MONTH.start, "governmental_donors", donor)
        item("ACT-2", "open", MONTH.start - timedelta(days=10), "ngos_civil_society", charity)
        item("ACT-3", "verified", MONTH.start, "ngos_civil_society")
        db.session.add(ProjectPartner(project_id=project, organization_id=donor, role="funding", amount_usd=Decimal("50000")))
        db.session.add(ProjectPartner(project_id=project, organization_id=charity, role="implementing"))
        db.session.commit()
    pledge(app, project, donor, owner, "12000", "committed", start)
    plan = make_plan(app, officer)
    update(app, officer, plan["manual_period"], "20", state="approved", decider_id=checker)
    return {"officer": officer, "plan": plan}


def officer_client(app, lang="en"):
    client = app.test_client()
    sign_in(client, "officer@example.org", lang=lang)
    return client


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """The report's tables as the reader sees them: section key → rows of cell texts."""
    tables = {}
    for key, body in re.findall(r'<table class="table table-sm report-table" data-section="([^"]+)">(.*?)</table>', html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
        tables[key] = [[unescape(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                       for row in rows]
    return tables


def test_the_report_counts_the_period_per_division(app, activity):
    tables = page_tables(officer_client(app).get("/en/activity-report").get_data(as_text=True))
    assert tables["agreements"] == [
        ["Agreements concluded", "1", "1", "2"],
        ["Agreements in force", "2", "1", "3"],
        ["Agreements expiring (review within 90 days)", "0", "1", "1"],
        ["Agreements ended", "1", "0", "1"],
    ]
    meetings = {row[0]: row[1:] for row in tables["meetings"]}
    assert meetings["Joint committee sessions"] == ["1", "1", "2"]
    assert meetings["Coordination meetings"] == ["1", "0", "1"] and meetings["Total"] == ["2", "1", "3"]
    outcomes = {row[0]: row[1:] for row in tables["outcomes"]}
    assert outcomes == {"Decisions": ["2", "0", "2"], "Actions decided": ["1", "0", "1"],
                        "Points of information": ["1", "0", "1"]}
    states = {row[0]: row[1:] for row in tables["action-items"]}
    assert states["Completed"] == ["1", "0", "1"] and states["Verified"] == ["0", "1", "1"]
    assert [row[:3] for row in tables["overdue"]] == [["ACT-2", "Do ACT-2", "Ihsan Charity"]]
    partners = {row[0]: row[1:] for row in tables["partners"]}
    assert partners["Khair Fund"][2:] == ["$50,000.00", "$12,000.00"] and partners["Ihsan Charity"][1] == "1"
    indicators = {row[0]: row[1:] for row in tables["indicators"]}
    assert indicators["Partners trained"] == ["30", "20", "50%"]
    assert indicators["Agreements concluded"][1] == "2"
    # Last year's period shows other figures.
    last_year = officer_client(app).get(f"/en/activity-report?from={TODAY.year - 1}-01-01&to={TODAY.year - 1}-12-31")
    assert page_tables(last_year.get_data(as_text=True))["agreements"][0][1:] != ["1", "1", "2"]


def test_the_default_period_is_this_month_and_presets_are_offered():
    assert ReportPeriod.from_args({}, TODAY) == MONTH
    assert ReportPeriod.from_args({"from": "2027-03-31", "to": "2027-03-01"}, TODAY) == ReportPeriod(
        date(2027, 3, 1), date(2027, 3, 31))
    assert quarter_of(date(2027, 5, 17)) == ReportPeriod(date(2027, 4, 1), date(2027, 6, 30))


def pdf_words(body: bytes) -> tuple[str, list[tuple[str, float, tuple[int, float]]]]:
    """The PDF's text, and each drawn run with its x position and its line (page, y)."""
    reader = PdfReader(io.BytesIO(body))
    runs: list[tuple[str, float, tuple[int, float]]] = []

    def visitor(number):
        def visit(text, cm, tm, font, size):
            if text.strip():
                runs.append((unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS).strip(),
                             tm[4] * cm[0] + cm[4], (number, round(tm[5] * cm[3] + cm[5]))))
        return visit

    text = "\n".join(page.extract_text(visitor_text=visitor(number)) for number, page in enumerate(reader.pages))
    return unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS), runs


def in_pdf(cell: str, text: str) -> bool:
    """A cell of the page in the PDF's text, wrapped lines joined. A cell that Babel marks right to left
    (an Arabic date or amount) is drawn in that order and extracted so: its numbers are compared."""
    if "/" in cell and "\u200f" in cell:
        parts = sorted(re.findall(r"\d+", cell))
        return any(sorted(re.findall(r"\d+", date)) == parts for date in re.findall(r"\d+/\d+/\d+", text))
    if "\u200f" in cell:
        return all(number in text for number in re.findall(r"\d[\d,.]*", cell))
    # A wrapped Arabic label comes back line by line, its brackets mirrored, and a run drawn next to
    # a figure may come back joined to it: its words and numbers are compared.
    words = re.compile(r"[^\W\d_]+|\d+")
    return set(words.findall(cell)) <= set(words.findall(text))


def test_the_arabic_pdf_opens_reads_right_to_left_and_holds_the_pages_figures(app, activity):
    client = officer_client(app, "ar")
    tables = page_tables(client.get("/ar/activity-report").get_data(as_text=True))
    response = client.get("/ar/activity-report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, runs = pdf_words(response.data)
    assert "جمعية الإحسان" in text and "صندوق الخير" in text
    # Cells side by side may come back joined in the page's text: each drawn run is read too.
    drawn = text + "\n" + "\n".join(run for run, _x, _line in runs)
    for key, rows in tables.items():
        for row in rows:
            for cell in row:
                assert in_pdf(cell, drawn), (key, cell)
            # A row's figures are drawn right to left: the last column first.
            figures = [cell for cell in row[1:] if re.fullmatch(r"[\d,.%]+", cell)]
            if len(figures) > 1:
                assert " ".join(reversed(figures)) in " ".join(text.split()), (key, row)
    # Right to left: a row's label is drawn to the right of its figures (in the table, the last
    # place it is drawn after the summary and the chart).
    label = tables["agreements"][0][0]
    label_x, label_line = [(x, line) for run, x, line in runs if run == label][-1]
    figure_xs = [x for run, x, line in runs if run == tables["agreements"][0][3] and line == label_line]
    assert figure_xs and all(x < label_x for x in figure_xs)


def test_the_spreadsheet_holds_the_pages_figures(app, activity):
    client = officer_client(app)
    tables = page_tables(client.get("/en/activity-report").get_data(as_text=True))
    response = client.get("/en/activity-report.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    agreements = rows[rows.index(["Agreements"]) + 2:][:4]
    assert [[row[0], *map(str, row[1:])] for row in agreements] == tables["agreements"]
    partners = rows[rows.index(["Projects and amounts mobilized by partner"]) + 2:]
    khair = next(row for row in partners if row[0] == "Khair Fund")
    assert khair[-2:] == [Decimal("50000") if isinstance(khair[-2], Decimal) else 50000, 12000]
    arabic = officer_client(app, "ar").get("/ar/activity-report.xlsx")
    assert load_workbook(io.BytesIO(arabic.data)).active.sheet_view.rightToLeft


def test_the_report_page_draws_mirrored_charts_in_arabic_and_runs_a_fixed_number_of_queries(app, activity):
    client = officer_client(app, "ar")
    page = client.get("/ar/activity-report").get_data(as_text=True)
    assert 'direction="rtl"' in page and 'id="chart-agreements"' in page and "style=" not in page
    few = count_queries(app, "/ar/activity-report", client)
    with app.app_context():
        for number in range(5):
            item(f"ACT-X{number}", "open", MONTH.start - timedelta(days=3), "governmental_donors")
        db.session.commit()
    for number in range(3):
        conclude_agreement(app, f"AGR-X{number}", MONTH.start)
    assert count_queries(app, "/ar/activity-report", client) == few


def numbers_and_dates_kept_as_text(sheet) -> list[str]:
    """Cells a spreadsheet cannot add up or sort by date: a figure, a share or a date written as text."""
    looks_like_a_value = re.compile(r"[\d\s.,%\u00a0\u202f\u200f$US-]+|\d{1,4}[ /.-]\w+[ /.-]\d{2,4}.*")
    return [cell.value for row in sheet.iter_rows() for cell in row
            if cell.data_type == "s" and looks_like_a_value.fullmatch(str(cell.value).strip())]


def test_the_spreadsheet_holds_numbers_shares_and_dates_as_such(app, activity):
    for lang in ("ar", "fr", "en"):
        sheet = load_workbook(io.BytesIO(officer_client(app, lang).get(f"/{lang}/activity-report.xlsx").data)).active
        assert numbers_and_dates_kept_as_text(sheet) == [], lang
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    due = rows["ACT-2"][3]
    assert due.is_date and due.value.date() == MONTH.start - timedelta(days=10)
    target, actual, progress = rows["Partners trained"][1:4]
    assert (target.data_type, target.value, actual.value) == ("n", 30, 20)
    assert progress.data_type == "n" and progress.value == Decimal("0.5") and "%" in progress.number_format
    funding = rows["Khair Fund"][3]
    assert funding.data_type == "n" and funding.value == 50000 and funding.number_format == "#,##0.00"


def page_image(body: bytes, page: int, tmp_path) -> "Image.Image":
    """One page of a PDF as a reader sees it (poppler's pdftoppm)."""
    from PIL import Image

    source = tmp_path / "report.pdf"
    source.write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(tmp_path / f"page-{page}")], check=True)
    return Image.open(tmp_path / f"page-{page}.png").convert("RGB")


def longest_run(image, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    """The longest horizontal run of pixels of about `colour`."""
    pixels, longest = image.load(), 0
    for y in range(image.height):
        run = 0
        for x in range(image.width):
            run = run + 1 if all(abs(a - b) <= tolerance for a, b in zip(pixels[x, y], colour)) else 0
            longest = max(longest, run)
    return longest


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_pdf_opens_on_a_title_page_then_summary_and_charts_with_numbered_pages(app, activity, lang, tmp_path):
    body = officer_client(app, lang).get(f"/{lang}/activity-report.pdf").data
    pages = [unicodedata.normalize("NFKC", page.extract_text()).translate(BIDI_CONTROLS)
             for page in PdfReader(io.BytesIO(body)).pages]
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        if lang == "en":
            assert f"Page {number} of {total}" in text
        else:  # drawn right to left: "الصفحة 2 من 7"
            assert re.search(rf"الصفحة\s*{number}\s*من\s*{total}|{total}\s*من\s*{number}\s*الصفحة", text), text[-80:]
    title = {"en": "Directorate activity report by division", "ar": "تقرير نشاط الإدارة حسب القسم"}[lang]
    assert title in pages[0] and "ISESCO" in pages[0]
    # The title page holds no table: its lower half is blank paper (but for the page number).
    cover = page_image(body, 1, tmp_path)
    lower = cover.crop((0, cover.height // 2, cover.width, int(cover.height * 0.9))).convert("L")
    assert sum(1 for value in lower.getdata() if value > 245) / (lower.width * lower.height) > 0.99
    # Summary figures come first, then the charts: bars of the portal's green.
    assert {"en": "Summary", "ar": "ملخص"}[lang] in pages[1]
    assert longest_run(page_image(body, 2, tmp_path), GREEN) > 40


def test_an_amount_keeps_its_currency_on_its_line_in_the_pdf(app, activity):
    for lang in ("ar", "fr", "en"):
        text, _runs = pdf_words(officer_client(app, lang).get(f"/{lang}/activity-report.pdf").data)
        assert "50" in text
        lines = [line.strip() for line in text.splitlines()]
        assert not {"US$", "$US", "$", "US"} & set(lines), lang
        assert not [line for line in lines if re.fullmatch(r"[\d.,\s]+", line) and "," in line], lang
