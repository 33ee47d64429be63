"""Officers' exports: needs, organizations, projects and pledges as CSV and XLSX with the list
pages' filters, needs as HXL (read back with libhxl), projects as IATI 2.03 XML (validated
against the official schema kept in tests/files/iati-2.03/)."""
import csv
import io
import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import hxl
import pytest
from lxml import etree
from openpyxl import load_workbook
from werkzeug.serving import make_server

from portal.accounts.models import User
from portal.core.money import Money
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects import services as project_services
from portal.reference.models import Subsector
from tests.conftest import sign_in
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project

SCHEMA = Path(__file__).resolve().parent / "files" / "iati-2.03" / "iati-activities-schema.xsd"
VISITOR, MEMBER, OFFICER, ADMIN = "visitor", "member", "officer", "admin"
PEOPLE = (VISITOR, MEMBER, OFFICER, ADMIN)
TODAY = date.today()

TABLE_RULE = "/<lang:lang>/exports/<any(needs, organizations, projects, pledges):table>.<any(csv, xlsx):extension>"
# path, content type, URL rule
ROUTES = [
    *[(f"/en/exports/{table}.{extension}", "text/csv" if extension == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", TABLE_RULE)
      for table in ("needs", "organizations", "projects", "pledges") for extension in ("csv", "xlsx")],
    ("/en/exports/needs.hxl.csv", "text/csv", "/<lang:lang>/exports/needs.hxl.csv"),
    ("/en/exports/projects.iati.xml", "application/xml", "/<lang:lang>/exports/projects.iati.xml"),
]
TRIED_RULES = {rule for _path, _type, rule in ROUTES}


@pytest.fixture
def world(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role=kind if kind in (OFFICER, ADMIN) else "member")
           for kind in PEOPLE[1:]}
    donor_owner = make_user(email="donor@example.org")
    charity = make_organization(app, ids[MEMBER], state="verified")
    donor = make_organization(app, donor_owner, state="verified", names={"en": "Khair Fund", "ar": "صندوق الخير"},
                              registration_number="AE-1", kind="donor", country_code="AE", website="https://khair.example.org",
                              field_codes=["education", "culture"], operation_country_codes=["SO", "ML"])
    pending = make_organization(app, donor_owner, state="pending", names={"en": "Waiting Relief"},
                                registration_number="ML-9", country_code="ML", website=None)
    needs = {
        "school": make_need(app, charity, ids[MEMBER], state="published", cost_amount=Decimal("18000"),
                            cost_currency="EUR", beneficiary_count=420, urgency="critical",
                            subsector_codes=["school_buildings_equipment", "water_resources"],
                            group_codes=["children", "orphans"]),
        "mali": make_need(app, charity, ids[MEMBER], state="published", country_code="ML", area="Timbuktu",
                          title=TranslatedText.build({"fr": "Sauver les manuscrits de Tombouctou"}),
                          subsector_codes=["manuscripts_libraries"], urgency="medium"),
        "submitted": make_need(app, charity, ids[MEMBER], state="submitted",
                               title=TranslatedText.build({"en": "Awaiting review"})),
        "draft": make_need(app, charity, ids[MEMBER], state="draft", title=TranslatedText.build({"en": "Still a draft"})),
    }
    school = make_project(app, ids[OFFICER], code="EDU-2027-014", budget_usd=Decimal("200000"),
                          subsector_codes=["school_buildings_equipment", "teacher_training", "access_enrolment"],
                          country_codes=["SO", "YE", "ML"], start_date=TODAY - timedelta(days=30))
    heritage = make_project(app, ids[OFFICER], state="planned", code="CUL-2027-002", title_en="Manuscripts of Timbuktu",
                            directorate="culture", subsector_codes=["manuscripts_libraries"], country_codes=["ML"],
                            budget_type="regular", start_date=TODAY + timedelta(days=60))
    with app.app_context():
        officer = db.session.get(User, ids[OFFICER])
        committed = project_services.make_pledge(db.session.get(Organization, donor), db.session.get(User, donor_owner),
                                                 school, Money(Decimal("50000"), "EUR"))
        project_services.commit_pledge(committed.id, officer)
        offered = project_services.make_pledge(db.session.get(Organization, charity), db.session.get(User, ids[MEMBER]),
                                               school, Money(Decimal("1000"), "USD"), need_id=needs["school"])
        committed_id, offered_id = committed.id, offered.id
    return {**ids, **needs, "charity": charity, "donor": donor, "pending": pending, "school_project": school,
            "heritage": heritage, "committed": committed_id, "offered": offered_id}


def client_for(app, kind):
    client = app.test_client()
    if kind != VISITOR:
        sign_in(client, f"{kind}@example.org")
    return client


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def by_header(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def sheet_of(response):
    return load_workbook(io.BytesIO(response.data)).active


# --- Who may export -----------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "content_type", "_rule"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE)
def test_exports_are_for_officers_only(app, world, kind, path, content_type, _rule):
    response = client_for(app, kind).get(path)
    if kind == VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert b"Repair a school" not in response.data and b"EDU-2027-014" not in response.data
    elif kind == MEMBER:
        assert response.status_code == 403
        assert b"Repair a school" not in response.data and b"EDU-2027-014" not in response.data
    else:
        assert response.status_code == 200
        assert response.mimetype == content_type
        # One charset, where the type has one: libhxl refuses "charset=utf-8; charset=utf-8".
        assert response.content_type.count("charset") == (0 if content_type.endswith("sheet") else 1)
        disposition = response.headers["Content-Disposition"]
        extension = path.split("/")[-1].split(".", 1)[1]
        assert disposition.startswith("attachment; filename=") and disposition.endswith(f'-{TODAY.isoformat()}.{extension}"')


@pytest.mark.parametrize(("page", "exports"), [
    ("/en/needs/?country=SO&urgency=critical", ("/en/exports/needs.csv?country=SO&amp;urgency=critical",
                                                 "/en/exports/needs.xlsx?country=SO&amp;urgency=critical",
                                                 "/en/exports/needs.hxl.csv?country=SO&amp;urgency=critical")),
    ("/en/organizations/?kind=donor", ("/en/exports/organizations.csv?kind=donor", "/en/exports/organizations.xlsx?kind=donor")),
    ("/en/projects/?directorate=culture", ("/en/exports/projects.csv?directorate=culture",
                                           "/en/exports/projects.iati.xml?directorate=culture",
                                           "/en/exports/pledges.xlsx")),
])
def test_list_pages_link_officers_to_their_exports_with_the_active_filters(app, world, page, exports):
    html = client_for(app, OFFICER).get(f"{page}&page=1").get_data(as_text=True)
    for link in exports:
        assert f'href="{link}' in html
    for kind in (VISITOR, MEMBER):
        assert "/exports/" not in client_for(app, kind).get(page).get_data(as_text=True)


def test_a_project_page_links_officers_to_its_pledges(app, world):
    path = f"/en/projects/{world['school_project']}"
    assert f"/en/exports/pledges.csv?project={world['school_project']}" in client_for(app, OFFICER).get(path).get_data(as_text=True)
    assert "/exports/" not in client_for(app, MEMBER).get(path).get_data(as_text=True)


# --- Needs --------------------------------------------------------------------------------------

def test_the_needs_export_has_the_boards_filters_money_with_usd_and_iso_dates(app, world):
    officer = client_for(app, OFFICER)
    rows = by_header(csv_rows(officer.get("/en/exports/needs.csv?country=SO")))
    assert [int(row["Number"]) for row in rows] == [world["school"]]
    row = rows[0]
    assert row["Title"] == "Repair a school in Baidoa"
    assert row["Organization"] == "جمعية الإحسان الخيرية"  # the original, as the page shows it
    assert (row["Country code"], row["Country"], row["Area"]) == ("SO", "Somalia", "Baidoa")
    assert row["Field"] == "Education; Science"
    assert row["Subsectors"].count(";") == 1 and row["Beneficiary groups"].count(";") == 1
    assert (row["Number of beneficiaries"], row["Urgency"], row["State"]) == ("420", "Critical", "Published")
    assert (row["Estimated cost"], row["Currency"]) == ("18000.00", "EUR")
    with app.app_context():
        from portal.needs.models import Need

        need = db.session.get(Need, world["school"])
        assert row["Estimated cost (USD)"] == str(need.cost_usd) and need.cost_usd != Decimal("18000")
    assert row["Start date"] == TODAY.isoformat() and row["End date"] == (TODAY + timedelta(days=180)).isoformat()
    # The portal's configured address: browser tests serve it on a loopback port.
    assert row["Link"] == f"{app.config['PORTAL_BASE_URL']}/en/needs/{world['school']}"
    everything = [int(row["Number"]) for row in by_header(csv_rows(officer.get("/en/exports/needs.csv?sort=newest")))]
    assert sorted(everything) == sorted([world["school"], world["mali"]])


def test_officers_may_export_the_needs_the_board_hides_but_never_drafts(app, world):
    officer = client_for(app, OFFICER)
    rows = by_header(csv_rows(officer.get("/en/exports/needs.csv?state=submitted")))
    assert [(int(row["Number"]), row["State"]) for row in rows] == [(world["submitted"], "Submitted for review")]
    assert by_header(csv_rows(officer.get("/en/exports/needs.csv?state=draft"))) == by_header(
        csv_rows(officer.get("/en/exports/needs.csv")))
    # The board offers officers the same choice, and shows the same needs.
    assert "Awaiting review" in officer.get("/en/needs/?state=submitted").get_data(as_text=True)
    assert "Awaiting review" not in client_for(app, MEMBER).get("/en/needs/?state=submitted").get_data(as_text=True)


def test_an_expired_need_is_exported_as_expired(app, world):
    with app.app_context():
        from portal.needs.models import Need

        need = db.session.get(Need, world["mali"])
        need.start_date, need.end_date = TODAY - timedelta(days=30), TODAY - timedelta(days=1)
        db.session.commit()
    officer = client_for(app, OFFICER)
    assert world["mali"] not in [int(row["Number"]) for row in by_header(csv_rows(officer.get("/en/exports/needs.csv")))]
    rows = by_header(csv_rows(officer.get("/en/exports/needs.csv?state=expired")))
    assert [(int(row["Number"]), row["State"]) for row in rows] == [(world["mali"], "Expired")]


def test_the_needs_workbook_is_in_the_readers_language_and_right_to_left_in_arabic(app, world):
    sheet = sheet_of(client_for(app, OFFICER).get("/ar/exports/needs.xlsx?country=SO"))
    assert sheet.sheet_view.rightToLeft
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]]))
    assert header[:3] == ["الرقم", "العنوان", "المؤسسة"]
    assert "ترميم مدرسة في بيدوا" in values.values()
    assert sheet.max_row == 2
    # Numbers and dates stay numbers and dates in a workbook.
    assert Decimal("18000") in {Decimal(str(value)) for value in values.values() if isinstance(value, (int, float))}
    assert any(getattr(value, "date", None) and value.date() == TODAY for value in values.values())


def test_a_title_that_looks_like_a_formula_stays_text_in_a_workbook(app, world):
    with app.app_context():
        from portal.needs.models import Need

        need = db.session.get(Need, world["school"])
        need.title = TranslatedText.build({"en": '=HYPERLINK("http://example.org","x")'})
        db.session.commit()
    sheet = sheet_of(client_for(app, OFFICER).get("/en/exports/needs.xlsx?country=SO"))
    cell = sheet.cell(row=2, column=2)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_a_title_that_looks_like_a_formula_is_quoted_in_a_csv_file(app, world):
    with app.app_context():
        from portal.needs.models import Need

        need = db.session.get(Need, world["school"])
        need.title = TranslatedText.build({"en": '=HYPERLINK("http://example.org","x")'})
        db.session.commit()
    rows = list(csv.reader(io.StringIO(client_for(app, OFFICER).get("/en/exports/needs.csv?country=SO").get_data(as_text=True))))
    assert rows[1][1] == '\'=HYPERLINK("http://example.org","x")'
    # Numbers are not text a user typed: they stay as they are.
    assert "18000.00" in rows[1] or "18000" in rows[1]


# --- HXL ----------------------------------------------------------------------------------------

def test_the_hxl_export_parses_with_libhxl_and_holds_the_needs_values(app, world):
    response = client_for(app, OFFICER).get("/en/exports/needs.hxl.csv?country=SO")
    assert not response.data.startswith(b"\xef\xbb\xbf")
    source = hxl.data(io.BytesIO(response.data))
    tags = [column.display_tag for column in source.columns]
    for tag in ("#org", "#country+code", "#adm1+name", "#sector", "#affected", "#value+cost", "#status",
                "#date+start", "#date+end"):
        assert tag in tags
    assert source.columns[0].header == "Need number"
    rows = list(source)
    assert len(rows) == 1
    row = rows[0]
    with app.app_context():
        from portal.needs.models import Need

        need = db.session.get(Need, world["school"])
        assert row.get("#meta+id") == str(need.id)
        assert row.get("#org") == "جمعية الإحسان الخيرية"
        assert row.get("#country+code") == need.country_code == "SO"
        assert row.get("#adm1+name") == need.area == "Baidoa"
        assert row.get("#sector") == "Education; Science"
        assert row.get("#affected") == str(need.beneficiary_count)
        assert Decimal(row.get("#value+cost")) == need.cost_usd
        assert row.get("#status") == "Published"
        assert row.get("#date+start") == need.start_date.isoformat()
        assert row.get("#date+end") == need.end_date.isoformat()


def test_the_hxl_export_names_things_in_the_readers_language(app, world):
    response = client_for(app, OFFICER).get("/fr/exports/needs.hxl.csv?country=ML")
    source = hxl.data(io.BytesIO(response.data))
    assert source.columns[0].header == "Numéro du besoin"
    (row,) = list(source)
    assert row.get("#description+title") == "Sauver les manuscrits de Tombouctou"
    assert (row.get("#country+name"), row.get("#sector"), row.get("#status")) == ("Mali", "Culture", "Publié")


def test_hxl_cells_that_look_like_formulas_are_quoted_and_the_hashtags_and_numbers_are_not(app, world):
    with app.app_context():
        from portal.needs.models import Need

        need = db.session.get(Need, world["school"])
        need.title = TranslatedText.build({"en": '=HYPERLINK("http://example.org","x")'})
        need.area = "@SUM(1+1)|cmd"
        db.session.commit()
    rows = csv_rows(client_for(app, OFFICER).get("/en/exports/needs.hxl.csv?country=SO"))
    tags, values = rows[1], dict(zip(rows[1], rows[2]))
    assert tags[:3] == ["#meta+id", "#description+title", "#org"]
    assert values["#description+title"] == '\'=HYPERLINK("http://example.org","x")'
    assert values["#adm1+name"] == "'@SUM(1+1)|cmd"
    assert values["#affected"] == "420" and Decimal(values["#value+cost"]) > 0


def test_libhxl_reads_the_hxl_export_by_its_url(app, world):
    """As an HXL tool does: over HTTP, an officer's session cookie in the request."""
    officer = client_for(app, OFFICER)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/en/exports/needs.hxl.csv?country=SO"
        cookie = f"{app.config['SESSION_COOKIE_NAME']}={officer.get_cookie(app.config['SESSION_COOKIE_NAME']).value}"
        source = hxl.data(url, hxl.InputOptions(allow_local=True, http_headers={"Cookie": cookie}))
        rows = list(source)
    finally:
        server.shutdown()
        thread.join()
    assert [row.get("#country+code") for row in rows] == ["SO"]
    assert rows[0].get("#meta+id") == str(world["school"]) and rows[0].get("#affected") == "420"


# --- Organizations ------------------------------------------------------------------------------

def test_the_organizations_export_is_the_directory_and_officers_may_choose_a_state(app, world):
    officer = client_for(app, OFFICER)
    rows = by_header(csv_rows(officer.get("/en/exports/organizations.csv")))
    # By name, as the directory lists them: جمعية… before صندوق…
    assert [int(row["Number"]) for row in rows] == [world["charity"], world["donor"]]
    donor = next(row for row in rows if int(row["Number"]) == world["donor"])
    assert (donor["Name"], donor["Kind"], donor["Country code"], donor["State"]) == ("Khair Fund", "Donor", "AE", "Verified")
    assert donor["Fields of competence"] == "Education; Culture" and donor["Works in"] == "Mali; Somalia"
    assert donor["Website"] == "https://khair.example.org" and donor["Registered on"] == TODAY.isoformat()
    assert [int(row["Number"]) for row in by_header(csv_rows(officer.get("/en/exports/organizations.csv?kind=donor")))] == [world["donor"]]
    pending = by_header(csv_rows(officer.get("/en/exports/organizations.csv?state=pending")))
    assert [(int(row["Number"]), row["State"]) for row in pending] == [(world["pending"], "Awaiting verification")]
    # The directory itself shows officers the same choice, and nobody else.
    assert "Waiting Relief" in officer.get("/en/organizations/?state=pending").get_data(as_text=True)
    assert "Waiting Relief" not in client_for(app, MEMBER).get("/en/organizations/?state=pending").get_data(as_text=True)


# --- Projects and pledges -----------------------------------------------------------------------

def test_the_projects_export_has_the_catalogues_filters_and_the_funding_in_usd(app, world):
    officer = client_for(app, OFFICER)
    rows = by_header(csv_rows(officer.get("/en/exports/projects.csv")))
    assert [row["Code"] for row in rows] == ["CUL-2027-002", "EDU-2027-014"]  # newest start first, as the catalogue
    school = rows[1]
    with app.app_context():
        funding = project_services.funding_of([db.session.get(project_services.Project, world["school_project"])])
        funding = funding[world["school_project"]]
    assert school["Budget (USD)"] == "200000.00" and Decimal(school["Committed (USD)"]) == funding.committed > 0
    assert Decimal(school["Only pledged (USD)"]) == Decimal("1000.00") and Decimal(school["Paid (USD)"]) == 0
    assert Decimal(school["Funding gap (USD)"]) == funding.gap
    assert school["Target countries"] == "Mali; Somalia; Yemen" and school["Officer in charge"] == "Test Person"
    assert school["State"] == "Open for partners" and school["Budget type"] == "Off-budget (specialized project)"
    culture = by_header(csv_rows(officer.get("/en/exports/projects.csv?directorate=culture")))
    assert [row["Code"] for row in culture] == ["CUL-2027-002"]


def test_the_pledges_export_keeps_currency_and_usd_and_filters_by_project_and_state(app, world):
    officer = client_for(app, OFFICER)
    rows = by_header(csv_rows(officer.get(f"/en/exports/pledges.csv?project={world['school_project']}")))
    assert [int(row["Number"]) for row in rows] == [world["committed"], world["offered"]]
    committed = rows[0]
    assert (committed["Project code"], committed["Organization"], committed["Amount"], committed["Currency"]) == (
        "EDU-2027-014", "Khair Fund", "50000.00", "EUR")
    assert Decimal(committed["Amount (USD)"]) > 0 and committed["State"] == "Committed (agreement signed)"
    assert rows[1]["Need number"] == str(world["school"]) and committed["Need number"] == ""
    only = by_header(csv_rows(officer.get("/en/exports/pledges.csv?state=pledged")))
    assert [int(row["Number"]) for row in only] == [world["offered"]]
    assert by_header(csv_rows(officer.get(f"/en/exports/pledges.csv?project={world['heritage']}"))) == []


# --- IATI ---------------------------------------------------------------------------------------

IATI = {"xml": "http://www.w3.org/XML/1998/namespace"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def iati_document(app, path="/en/exports/projects.iati.xml"):
    response = client_for(app, OFFICER).get(path)
    assert response.status_code == 200
    return etree.fromstring(response.data)


def test_the_iati_export_validates_against_the_iati_2_03_schema(app, world):
    document = iati_document(app)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"
    assert len(document.findall("iati-activity")) == 2


def test_an_iati_activity_says_what_the_project_is(app, world):
    document = iati_document(app, "/en/exports/projects.iati.xml?directorate=education")
    (activity,) = document.findall("iati-activity")
    assert activity.findtext("iati-identifier") == "XI-IATI-ISESCO-EDU-2027-014"
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("XI-IATI-ISESCO", "40")
    assert {narrative.get(LANG) for narrative in reporting.findall("narrative")} == {"ar", "en", "fr"}
    titles = {narrative.get(LANG): narrative.text for narrative in activity.find("title").findall("narrative")}
    assert titles == {"ar": "إعادة بناء المدارس في الصومال", "en": "Rebuilding schools in Somalia",
                      "fr": "Reconstruire des écoles en Somalie"}
    descriptions = activity.find("description").findall("narrative")
    assert [(narrative.get(LANG), narrative.text) for narrative in descriptions] == [
        ("en", "Classrooms, roofs and water points for primary schools.")]
    roles = [(org.get("role"), org.findtext("narrative[@xml:lang='en']", namespaces=IATI))
             for org in activity.findall("participating-org")]
    assert ("1", "Khair Fund") in roles  # a committed pledge is funding; the charity only offered
    assert [role for role, _name in roles].count("1") == 1 and {"2", "4"} <= {role for role, _name in roles}
    assert activity.find("activity-status").get("code") == "2"  # open for partners, after its start
    assert [(item.get("type"), item.get("iso-date")) for item in activity.findall("activity-date")] == [
        ("1", (TODAY - timedelta(days=30)).isoformat()), ("2", (TODAY - timedelta(days=30)).isoformat()),
        ("3", (TODAY + timedelta(days=700)).isoformat())]
    countries = {item.get("code"): Decimal(item.get("percentage")) for item in activity.findall("recipient-country")}
    assert set(countries) == {"ML", "SO", "YE"} and sum(countries.values()) == 100
    sectors = activity.findall("sector")
    own = {item.get("code"): Decimal(item.get("percentage")) for item in sectors if item.get("vocabulary") == "99"}
    dac = {item.get("code"): Decimal(item.get("percentage")) for item in sectors if item.get("vocabulary") == "1"}
    assert set(own) == {"school_buildings_equipment", "teacher_training", "access_enrolment"} and sum(own.values()) == 100
    assert set(dac) == {"11120", "11130", "11220"} and sum(dac.values()) == 100
    sectors_uri = f"{app.config['PORTAL_BASE_URL']}/api/v1/sectors"
    assert all(item.get("vocabulary-uri") == sectors_uri for item in sectors if item.get("vocabulary") == "99")
    budget = activity.find("budget")
    assert (budget.get("type"), budget.get("status")) == ("1", "1")
    assert (budget.find("period-start").get("iso-date"), budget.find("period-end").get("iso-date")) == (
        (TODAY - timedelta(days=30)).isoformat(), (TODAY + timedelta(days=700)).isoformat())
    value = budget.find("value")
    assert (value.text, value.get("currency"), value.get("value-date")) == ("200000.00", "USD", (TODAY - timedelta(days=30)).isoformat())


def test_a_planned_regular_budget_project_is_in_the_pipeline_funded_by_isesco(app, world):
    (activity,) = iati_document(app, "/en/exports/projects.iati.xml?directorate=culture").findall("iati-activity")
    assert activity.get(LANG) == "en"
    assert activity.find("activity-status").get("code") == "1"
    assert sorted(org.get("role") for org in activity.findall("participating-org")) == ["1", "2", "4"]
    assert [item.get("type") for item in activity.findall("activity-date")] == ["1", "3"]
    assert activity.find("budget").get("status") == "2"
    assert [(item.get("code"), item.get("percentage")) for item in activity.findall("sector[@vocabulary='1']")] == [("16061", "100")]


def test_the_reporting_organisation_identifier_is_a_setting(app, world):
    app.config["IATI_REPORTING_ORG_REF"] = "XM-TEST-1"
    try:
        document = iati_document(app, "/en/exports/projects.iati.xml?directorate=culture")
    finally:
        app.config["IATI_REPORTING_ORG_REF"] = "XI-IATI-ISESCO"
    assert document.findtext("iati-activity/iati-identifier") == "XM-TEST-1-CUL-2027-002"


def test_every_subsector_has_a_dac_purpose_code(app_ctx):
    from portal.exports.iati import DAC_SECTORS

    assert set(db.session.scalars(db.select(Subsector.code))) == set(DAC_SECTORS)
    assert all(len(code) == 5 and code.isdigit() for code in DAC_SECTORS.values())


@pytest.mark.parametrize("count", [1, 2, 3, 6, 7])
def test_even_shares_add_to_exactly_one_hundred(count):
    from portal.exports.iati import even_shares

    shares = even_shares(count)
    assert len(shares) == count and sum(shares) == 100 and max(shares) - min(shares) < Decimal("0.1")


# --- Queries ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/en/exports/needs.csv", "/en/exports/needs.hxl.csv", "/en/exports/organizations.xlsx",
                                  "/en/exports/projects.csv", "/en/exports/projects.iati.xml", "/en/exports/pledges.csv"])
def test_an_export_reads_a_fixed_number_of_queries(app, world, make_user, path):
    from tests.test_organization_directory import count_queries

    officer = client_for(app, OFFICER)
    few = count_queries(app, path, officer)
    for number in range(4):
        owner = make_user(email=f"more{number}@example.org")
        organization = make_organization(app, owner, state="verified", registration_number=f"R-{number}",
                                         names={"en": f"Relief {number}"})
        make_need(app, organization, owner, state="published", country_code="YE")
        project = make_project(app, world[OFFICER], code=f"SCI-2027-{number:03d}", country_codes=["YE", "SO"])
        with app.app_context():
            pledge = project_services.make_pledge(db.session.get(Organization, organization), db.session.get(User, owner),
                                                  project, Money(Decimal("500"), "USD"))
            project_services.commit_pledge(pledge.id, db.session.get(User, world[OFFICER]))
    assert count_queries(app, path, officer) == few
