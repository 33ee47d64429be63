"""The tables officers export (docs/exports.md): needs, organizations, projects and pledges,
selected by the filters of the page they come from, with headers and names in the reader's
language. Each table is read in a fixed number of queries, whatever its length.

Values stay values: numbers are Decimal or int, dates are dates (ISO in CSV, dates in XLSX);
money is given with its currency beside the USD equivalent kept when it was entered.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

from flask_babel import gettext as _

from portal.core.i18n import in_current_language
from portal.core.links import absolute_url
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs.labels import NEED_STATE_LABELS, URGENCY_LABELS
from portal.needs.models import Need, need_beneficiary_groups, shown_state
from portal.needs.services import SORTS, BoardFilters, officer_conditions
from portal.organizations.labels import KIND_LABELS, STATE_LABELS
from portal.organizations.models import Organization
from portal.organizations.services import DirectoryFilters, directory_query
from portal.projects.labels import BUDGET_TYPE_LABELS, DIRECTORATE_LABELS, PLEDGE_STATE_LABELS, PROJECT_STATE_LABELS
from portal.projects.models import Pledge, Project
from portal.projects.services import PledgeFilters, ProjectFilters, catalogue_conditions, funding_of, pledge_conditions
from portal.reference.services import beneficiary_group_names, country_name_of, field_names

LIST_SEPARATOR = "; "


@dataclass
class Table:
    """What csv_download and xlsx_download write: a name for the file, a title for the sheet."""

    name: str
    title: str
    header: list[str]
    rows: list[list]


class Names:
    """Reference names in one language, from the per-process lists (no query per row)."""

    def __init__(self, lang: str):
        self.lang = lang
        fields = field_names(lang)
        self.countries = country_name_of(lang)
        self.fields = {code: name for code, name, _subsectors in fields}
        self.subsectors = {code: name for _code, _name, subsectors in fields for code, name in subsectors}
        self.field_of = {code: field for field, _name, subsectors in fields for code, _sub in subsectors}
        self.groups = dict(beneficiary_group_names(lang))
        # Lists of codes are named in the catalogue's order, whatever order they come in.
        self._order = {code: position for position, code in enumerate([*self.fields, *self.subsectors, *self.groups])}

    def text(self, value: TranslatedText | None) -> str:
        return value.render(self.lang).text if value is not None else ""

    def country(self, code: str) -> str:
        return self.countries.get(code, code)

    def listed(self, codes: Iterable[str], names: dict[str, str]) -> str:
        ordered = sorted(set(codes), key=lambda code: self._order.get(code, len(self._order)))
        return LIST_SEPARATOR.join(names.get(code, code) for code in ordered)

    def fields_of(self, subsector_codes: Iterable[str]) -> list[str]:
        return [self.field_of[code] for code in subsector_codes if code in self.field_of]


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


# --- Needs -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NeedRow:
    id: int
    title: TranslatedText
    organization_names: TranslatedText
    country_code: str
    area: str | None
    subsector_code_list: str | None
    beneficiary_count: int
    urgency: str
    cost_amount: Decimal
    cost_currency: str
    cost_usd: Decimal
    start_date: date
    end_date: date
    state: str
    published_at: datetime | None
    group_codes: tuple[str, ...] = ()

    @property
    def subsector_codes(self) -> list[str]:
        return (self.subsector_code_list or "").split()

    def shown_state(self, today: date) -> str:
        return shown_state(self.state, self.end_date, today)


def need_rows(filters: BoardFilters, today: date) -> list[NeedRow]:
    """The needs the board shows with these filters (for officers, also those in a state the
    board hides, when the filters name it), in the board's order: two queries."""
    conditions = officer_conditions(filters, today)
    groups: dict[int, list[str]] = defaultdict(list)
    for need_id, group_code in db.session.execute(
        db.select(need_beneficiary_groups.c.need_id, need_beneficiary_groups.c.group_code)
        .where(need_beneficiary_groups.c.need_id.in_(db.select(Need.id).where(*conditions)))
    ):
        groups[need_id].append(group_code)
    rows = db.session.execute(
        db.select(
            Need.id, Need.title, Organization.names, Need.country_code, Need.area, Need.subsector_code_list,
            Need.beneficiary_count, Need.urgency, Need.cost_amount, Need.cost_currency, Need.cost_usd,
            Need.start_date, Need.end_date, Need.state, Need.published_at,
        )
        .join(Need.organization)
        .where(*conditions)
        .order_by(*SORTS[filters.sort])
    )
    return [NeedRow(*row, group_codes=tuple(groups.get(row[0], ()))) for row in rows]


def needs_table(filters: BoardFilters, lang: str, today: date | None = None) -> Table:
    today = today or date.today()
    names = Names(lang)
    urgencies, states = in_current_language(URGENCY_LABELS), in_current_language(NEED_STATE_LABELS)
    link = absolute_url("needs.board", lang=lang)
    header = [
        _("Number"), _("Title"), _("Organization"), _("Country code"), _("Country"), _("Area"), _("Field"),
        _("Subsectors"), _("Beneficiary groups"), _("Number of beneficiaries"), _("Urgency"), _("State"),
        _("Estimated cost"), _("Currency"), _("Estimated cost (USD)"), _("Start date"), _("End date"),
        _("Published on"), _("Link"),
    ]
    rows = [
        [
            need.id, names.text(need.title), names.text(need.organization_names), need.country_code,
            names.country(need.country_code), need.area or "", names.listed(names.fields_of(need.subsector_codes), names.fields),
            names.listed(need.subsector_codes, names.subsectors), names.listed(need.group_codes, names.groups),
            need.beneficiary_count, urgencies[need.urgency], states[need.shown_state(today)],
            need.cost_amount, need.cost_currency, need.cost_usd, need.start_date, need.end_date,
            _day(need.published_at), f"{link}{need.id}",
        ]
        for need in need_rows(filters, today)
    ]
    return Table("needs", _("Needs"), header, rows)


# --- Organizations -----------------------------------------------------------------------------

def organizations_table(filters: DirectoryFilters, lang: str) -> Table:
    """The directory's organizations (for officers, those in the state the filters name):
    three queries."""
    names = Names(lang)
    kinds, states = in_current_language(KIND_LABELS), in_current_language(STATE_LABELS)
    link = absolute_url("organizations.directory", lang=lang)
    organizations = db.session.scalars(
        directory_query(filters, officer=True).options(
            db.selectinload(Organization.fields), db.selectinload(Organization.countries_of_operation),
        )
    ).all()
    header = [
        _("Number"), _("Name"), _("Acronym"), _("Kind"), _("Country code"), _("Country"), _("City"),
        _("Fields of competence"), _("Works in"), _("Website"), _("Contact email"), _("Contact phone"),
        _("Registration number"), _("Year founded"), _("State"), _("Registered on"), _("Verified on"), _("Link"),
    ]
    rows = [
        [
            organization.id, names.text(organization.names), organization.acronym or "", kinds[organization.kind],
            organization.country_code, names.country(organization.country_code), organization.city,
            names.listed((field.code for field in organization.fields), names.fields),
            LIST_SEPARATOR.join(sorted(names.country(country.code) for country in organization.countries_of_operation)),
            organization.website or "", organization.contact_email, organization.contact_phone,
            organization.registration_number, organization.founding_year, states[organization.state],
            _day(organization.created_at), _day(organization.verified_at), f"{link}{organization.id}",
        ]
        for organization in organizations
    ]
    return Table("organizations", _("Organizations"), header, rows)


# --- Projects ----------------------------------------------------------------------------------

def projects(filters: ProjectFilters) -> list[Project]:
    """The catalogue's projects with these filters, newest first, with their subsectors,
    countries, beneficiary groups and officer: five queries."""
    return db.session.scalars(
        db.select(Project)
        .where(*catalogue_conditions(filters))
        .order_by(Project.start_date.desc(), Project.id.desc())
        .options(
            db.selectinload(Project.subsectors), db.selectinload(Project.countries),
            db.selectinload(Project.beneficiary_groups), db.joinedload(Project.officer),
        )
    ).all()


def projects_table(filters: ProjectFilters, lang: str) -> Table:
    names = Names(lang)
    directorates, states = in_current_language(DIRECTORATE_LABELS), in_current_language(PROJECT_STATE_LABELS)
    budget_types = in_current_language(BUDGET_TYPE_LABELS)
    link = absolute_url("projects.catalogue", lang=lang)
    found = projects(filters)
    funding = funding_of(found)
    header = [
        _("Code"), _("Title"), _("Directorate"), _("State"), _("Budget type"), _("Field"), _("Subsectors"),
        _("Target countries"), _("Beneficiary groups"), _("Budget (USD)"), _("Paid (USD)"), _("Committed (USD)"),
        _("Only pledged (USD)"), _("Funding gap (USD)"), _("Start date"), _("End date"), _("Officer in charge"),
        _("Link"),
    ]
    rows = []
    for project in found:
        money = funding[project.id]
        subsector_codes = [sub.code for sub in project.subsectors]
        rows.append([
            project.code, names.text(project.title), directorates[project.directorate], states[project.state],
            budget_types[project.budget_type], names.listed(names.fields_of(subsector_codes), names.fields),
            names.listed(subsector_codes, names.subsectors),
            LIST_SEPARATOR.join(sorted(names.country(country.code) for country in project.countries)),
            names.listed((group.code for group in project.beneficiary_groups), names.groups),
            money.budget, money.paid, money.committed, money.pledged, money.gap, project.start_date, project.end_date,
            project.officer.name if project.officer else "", f"{link}{project.id}",
        ])
    return Table("projects", _("Projects"), header, rows)


# --- Pledges -----------------------------------------------------------------------------------

def pledges_table(filters: PledgeFilters, lang: str) -> Table:
    """Pledges with their project and organization, oldest first: one query."""
    names = Names(lang)
    states = in_current_language(PLEDGE_STATE_LABELS)
    rows = db.session.execute(
        db.select(
            Pledge.id, Project.code, Project.title, Organization.names, Pledge.need_id, Pledge.amount,
            Pledge.currency, Pledge.amount_usd, Pledge.state, Pledge.created_at, Pledge.updated_at,
        )
        .join(Project, Project.id == Pledge.project_id)
        .join(Organization, Organization.id == Pledge.organization_id)
        .where(*pledge_conditions(filters))
        .order_by(Pledge.id)
    )
    header = [
        _("Number"), _("Project code"), _("Project"), _("Organization"), _("Need number"), _("Amount"),
        _("Currency"), _("Amount (USD)"), _("State"), _("Pledged on"), _("Last change"),
    ]
    body = [
        [
            pledge_id, code, names.text(title), names.text(organization), need_id, amount, currency, amount_usd,
            states[state], _day(created_at), _day(updated_at),
        ]
        for pledge_id, code, title, organization, need_id, amount, currency, amount_usd, state, created_at, updated_at in rows
    ]
    return Table("pledges", _("Pledges"), header, body)
