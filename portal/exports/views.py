"""Officers' exports (docs/exports.md): each list page's rows, with the same query-string
filters, as CSV and XLSX; needs as HXL; projects as IATI 2.03 XML."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, request

from portal.core.exports import csv_download, download, xlsx_download
from portal.core.i18n import current_locale, text_direction
from portal.core.permissions import Role, role_required
from portal.exports import hxl, iati, services
from portal.needs.services import BoardFilters
from portal.organizations.services import DirectoryFilters
from portal.projects.services import PledgeFilters, ProjectFilters

bp = Blueprint("exports", __name__, url_prefix="/<lang:lang>/exports")

TABLES = {
    "needs": lambda args, lang: services.needs_table(BoardFilters.from_args(args), lang),
    "organizations": lambda args, lang: services.organizations_table(DirectoryFilters.from_args(args), lang),
    "projects": lambda args, lang: services.projects_table(ProjectFilters.from_args(args), lang),
    "pledges": lambda args, lang: services.pledges_table(PledgeFilters.from_args(args), lang),
}


def _filename(name: str, extension: str) -> str:
    return f"{name}-{date.today().isoformat()}.{extension}"


@bp.route("/<any(needs, organizations, projects, pledges):table>.<any(csv, xlsx):extension>")
@role_required(Role.OFFICER, Role.ADMIN)
def table(table: str, extension: str):
    found = TABLES[table](request.args, current_locale())
    filename = _filename(found.name, extension)
    if extension == "csv":
        return csv_download(filename, found.header, found.rows)
    return xlsx_download(filename, found.title, found.header, found.rows, right_to_left=text_direction() == "rtl")


@bp.route("/needs.hxl.csv")
@role_required(Role.OFFICER, Role.ADMIN)
def needs_hxl():
    found = hxl.needs_hxl_table(BoardFilters.from_args(request.args), current_locale())
    # Read by programs (HDX, the HXL Proxy, libhxl) as much as by people: no byte-order mark.
    return csv_download(_filename("needs", "hxl.csv"), found.header, found.rows, byte_order_mark=False)


@bp.route("/projects.iati.xml")
@role_required(Role.OFFICER, Role.ADMIN)
def projects_iati():
    body = iati.activities_xml(services.projects(ProjectFilters.from_args(request.args)))
    return download(body, "application/xml", _filename("projects", "iati.xml"))
