"""The officers' dashboard and the Directorate's periodic activity report (page and PDF)."""
from datetime import date

from flask import Blueprint, render_template, request

from portal.core.exports import download
from portal.core.i18n import current_locale
from portal.core.permissions import Role, role_required
from portal.dashboard import report, services
from portal.reference.services import country_names_by_name, field_names

bp = Blueprint("dashboard", __name__, url_prefix="/<lang:lang>/dashboard", template_folder="templates")

OFFICERS = (Role.OFFICER, Role.ADMIN)


def _figures():
    today = date.today()
    filters = services.DashboardFilters.from_args(request.args, today)
    return services.figures(filters, today), today


def _options(lang: str) -> dict:
    return {
        "country": list(country_names_by_name(lang)),
        "field": [(code, name) for code, name, _subsectors in field_names(lang)],
    }


@bp.route("")
@role_required(*OFFICERS)
def index():
    figures, today = _figures()
    lang = current_locale()
    return render_template(
        "dashboard/index.html", figures=figures, charts=report.charts(figures, lang), options=_options(lang),
        presets=services.presets(today), period=report.period_text(figures), scope=report.scope_text(figures, lang),
        days=report.days,
    )


@bp.route("/report")
@role_required(*OFFICERS)
def report_page():
    figures, today = _figures()
    lang = current_locale()
    return render_template(
        "dashboard/report.html", figures=figures, sections=report.report_sections(figures, lang),
        options=_options(lang), presets=services.presets(today), period=report.period_text(figures),
        scope=report.scope_text(figures, lang),
    )


@bp.route("/report.pdf")
@role_required(*OFFICERS)
def report_pdf():
    figures, _today = _figures()
    lang = current_locale()
    filename = f"activity-report-{figures.filters.start.isoformat()}-{figures.filters.end.isoformat()}.pdf"
    return download(report.report_pdf(figures, lang), "application/pdf", filename, inline=True)
