"""Projects as IATI 2.03 activities (docs/exports.md), for the IATI Registry and the tools that
read it (d-portal, the IATI Datastore).

One `iati-activity` per project, its elements in the order the 2.03 schema requires
(tests/files/iati-2.03/ holds the official schema; tests/test_exports.py validates against it):

- `iati-identifier`: the reporting organisation's identifier (config `IATI_REPORTING_ORG_REF`)
  and the project's code, e.g. `XI-IATI-ISESCO-EDU-2027-014`.
- `reporting-org`: ISESCO, type 40 (multilateral), named in Arabic, English and French.
- `title`, `description` (type 1, general): one `narrative` per language the project has,
  each with its `xml:lang`.
- `participating-org`: ISESCO as accountable (role 2) and implementing (role 4), and as funder
  (role 1) of projects on its regular budget; every organization with a committed or paid
  pledge as funder (role 1), named in its languages. Pledges only offered are not funding yet.
- `activity-status`: see ACTIVITY_STATUS and `activity_status`.
- `activity-date`: planned start (1) and end (3); actual start (2) once the start date is past
  and the work is under way; actual end (4) once a completed project's end date is past. The
  portal records no other actual date, and IATI wants no actual date in the future.
- `recipient-country`: each target country, the percentages shared evenly and adding to 100.
- `sector`: twice, as IATI allows: vocabulary 99 (the reporting organisation's own) with the
  portal's subsector codes, exact, named in three languages, with the `/api/v1/sectors` address
  as vocabulary-uri; and vocabulary 1 (OECD DAC CRS 5-digit purpose codes) through DAC_SECTORS,
  the nearest purpose code of each subsector, so that tools that only know DAC codes can
  classify the activity. Within each vocabulary the percentages add to 100.
- `budget`: the project's budget in USD for its whole period, type 1 (original), status 2
  (committed) for a project on ISESCO's regular budget, 1 (indicative) for an off-budget
  project still raising its funds. IATI's guidance prefers budget periods of at most a year;
  the portal keeps one budget per project, and splitting it by year would invent figures.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import ROUND_DOWN, Decimal
from xml.etree import ElementTree

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.config import LOCALES
from portal.core.links import absolute_url
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import BudgetType, Pledge, PledgeState, Project, ProjectState
from portal.reference.services import subsector_name_of

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MULTILATERAL = "40"

# IATI ActivityStatus: 1 pipeline/identification, 2 implementation, 3 finalisation, 4 closed, 5 cancelled.
ACTIVITY_STATUS = {
    ProjectState.PLANNED: "1",
    ProjectState.ONGOING: "2",
    ProjectState.CANCELLED: "5",
}

# IATI OrganisationType of the portal's kinds of organizations (funding partners).
ORGANISATION_TYPES = {
    "charity": "22",              # national NGO
    "ngo": "22",
    "civil_society": "22",
    "endowment_ministry": "10",   # government
    "national_commission": "10",
    "governmental": "10",
    "donor": "60",                # foundation
    "private_sector": "70",
    "academic": "80",             # academic, training and research
    "cultural_centre": "90",      # other
}

# The nearest OECD DAC CRS purpose code (IATI Sector codelist, vocabulary 1) of each subsector.
DAC_SECTORS = {
    "access_enrolment": "11220",              # primary education
    "dropout_child_labour": "11220",          # primary education (formal and non-formal, for children)
    "literacy_non_formal": "11230",           # basic life skills for adults (literacy, numeracy)
    "teacher_training": "11130",              # teacher training
    "school_buildings_equipment": "11120",    # education facilities and training
    "scholarships": "11420",                  # higher education
    "orphans_schooling": "11220",             # primary education
    "digital_learning": "11120",              # education facilities and training (materials)
    "water_resources": "14015",               # water resources conservation
    "renewable_energy": "23210",              # energy generation, renewable sources
    "research_innovation_networks": "43082",  # research/scientific institutions
    "income_generating_youth_women": "16020",  # employment creation and income generation
    "tangible_heritage": "16066",             # culture
    "intangible_heritage": "16066",           # culture
    "manuscripts_libraries": "16061",         # culture and recreation, including libraries and museums
    "cultural_industries": "16066",           # culture
    "dialogue_of_cultures": "16066",          # culture
    "media_training": "22030",                # radio/television/print media
    "digital_platforms_networks": "22040",    # information and communication technology
}
DAC_VOCABULARY = "1"
OWN_VOCABULARY = "99"


def reporting_org_ref() -> str:
    return current_app.config["IATI_REPORTING_ORG_REF"]


def activity_status(project: Project, today: date, payments_pending: bool) -> str:
    """Open for partners: pipeline before the start date, implementation from it. Completed:
    finalisation while a committed pledge is still to be paid, closed after."""
    if project.state == ProjectState.OPEN_FOR_PARTNERS:
        return "2" if project.start_date <= today else "1"
    if project.state == ProjectState.COMPLETED:
        return "3" if payments_pending else "4"
    return ACTIVITY_STATUS[project.state]


def even_shares(count: int) -> list[Decimal]:
    """`count` percentages to the hundredth, as equal as can be, adding to exactly 100."""
    if count == 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"), ROUND_DOWN)
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def _number(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _narratives(parent: ElementTree.Element, texts: dict[str, str]) -> None:
    for lang in LOCALES:
        if texts.get(lang):
            ElementTree.SubElement(parent, "narrative", {XML_LANG: lang}).text = texts[lang]


def _translated(value: TranslatedText) -> dict[str, str]:
    return dict(value.texts)


def _isesco_names() -> dict[str, str]:
    names = {}
    for lang in LOCALES:
        with force_locale(lang):
            names[lang] = _("Islamic World Educational, Scientific and Cultural Organization (ISESCO)")
    return names


@dataclass(frozen=True)
class Funder:
    id: int
    names: TranslatedText
    kind: str


def _funding_partners(projects: list[Project]) -> tuple[dict[int, list[Funder]], set[int]]:
    """The organizations with a committed or paid pledge to each project, and the projects
    with a committed pledge still to be paid: one query."""
    funders: dict[int, dict[int, Funder]] = defaultdict(dict)
    pending: set[int] = set()
    if projects:
        for project_id, state, organization_id, names, kind in db.session.execute(
            db.select(Pledge.project_id, Pledge.state, Organization.id, Organization.names, Organization.kind)
            .join(Organization, Organization.id == Pledge.organization_id)
            .where(Pledge.project_id.in_([project.id for project in projects]), Pledge.state.in_(PledgeState.SECURED))
            .order_by(Pledge.project_id, Pledge.id)
        ):
            funders[project_id].setdefault(organization_id, Funder(organization_id, names, kind))
            if state == PledgeState.COMMITTED:
                pending.add(project_id)
    return {project_id: list(found.values()) for project_id, found in funders.items()}, pending


def activities_xml(projects: list[Project], today: date | None = None) -> bytes:
    """The IATI activities document of these projects (their subsectors and countries loaded)."""
    today = today or date.today()
    ref = reporting_org_ref()
    isesco = _isesco_names()
    subsector_names = {lang: subsector_name_of(lang) for lang in LOCALES}
    vocabulary_uri = absolute_url("api.sectors")
    funders, payments_pending = _funding_partners(projects)
    generated = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    root = ElementTree.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": generated})
    for project in projects:
        activity = ElementTree.SubElement(
            root, "iati-activity", {XML_LANG: project.title.original, "default-currency": "USD"}
        )
        ElementTree.SubElement(activity, "iati-identifier").text = f"{ref}-{project.code}"
        reporting = ElementTree.SubElement(activity, "reporting-org", {"ref": ref, "type": MULTILATERAL})
        _narratives(reporting, isesco)
        _narratives(ElementTree.SubElement(activity, "title"), _translated(project.title))
        _narratives(ElementTree.SubElement(activity, "description", {"type": "1"}), _translated(project.description))
        isesco_roles = ["1", "2", "4"] if project.budget_type == BudgetType.REGULAR else ["2", "4"]
        for role in isesco_roles:
            org = ElementTree.SubElement(activity, "participating-org", {"ref": ref, "type": MULTILATERAL, "role": role})
            _narratives(org, isesco)
        for funder in funders.get(project.id, []):
            org = ElementTree.SubElement(
                activity, "participating-org", {"type": ORGANISATION_TYPES.get(funder.kind, "90"), "role": "1"}
            )
            _narratives(org, _translated(funder.names))
        ElementTree.SubElement(
            activity, "activity-status", {"code": activity_status(project, today, project.id in payments_pending)}
        )
        for date_type, day in _activity_dates(project, today):
            ElementTree.SubElement(activity, "activity-date", {"type": date_type, "iso-date": day.isoformat()})
        countries = sorted(country.code for country in project.countries)
        for code, share in zip(countries, even_shares(len(countries))):
            ElementTree.SubElement(activity, "recipient-country", {"code": code, "percentage": _number(share)})
        _sectors(activity, [sub.code for sub in project.subsectors], subsector_names, vocabulary_uri)
        budget = ElementTree.SubElement(
            activity, "budget", {"type": "1", "status": "2" if project.budget_type == BudgetType.REGULAR else "1"}
        )
        ElementTree.SubElement(budget, "period-start", {"iso-date": project.start_date.isoformat()})
        ElementTree.SubElement(budget, "period-end", {"iso-date": project.end_date.isoformat()})
        ElementTree.SubElement(
            budget, "value", {"currency": "USD", "value-date": project.start_date.isoformat()}
        ).text = format(project.budget_usd, "f")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _activity_dates(project: Project, today: date) -> list[tuple[str, date]]:
    under_way = project.state in (ProjectState.ONGOING, ProjectState.COMPLETED) or (
        project.state == ProjectState.OPEN_FOR_PARTNERS and project.start_date <= today
    )
    dates = [("1", project.start_date)]
    if under_way and project.start_date <= today:
        dates.append(("2", project.start_date))
    dates.append(("3", project.end_date))
    if project.state == ProjectState.COMPLETED and project.end_date <= today:
        dates.append(("4", project.end_date))
    return dates


def _sectors(activity: ElementTree.Element, codes: list[str], names: dict[str, dict[str, str]], vocabulary_uri: str) -> None:
    for code, share in zip(codes, even_shares(len(codes))):
        sector = ElementTree.SubElement(activity, "sector", {
            "vocabulary": OWN_VOCABULARY, "vocabulary-uri": vocabulary_uri, "code": code, "percentage": _number(share),
        })
        _narratives(sector, {lang: names[lang].get(code, "") for lang in LOCALES})
    # Subsectors an administrator added since DAC_SECTORS was written leave the others the whole.
    mapped = [DAC_SECTORS[code] for code in codes if code in DAC_SECTORS]
    dac: dict[str, Decimal] = {}
    for dac_code, share in zip(mapped, even_shares(len(mapped))):
        dac[dac_code] = dac.get(dac_code, Decimal(0)) + share
    for dac_code, share in dac.items():
        ElementTree.SubElement(activity, "sector", {"vocabulary": DAC_VOCABULARY, "code": dac_code, "percentage": _number(share)})
