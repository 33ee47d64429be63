"""Names of the projects domain's values, and the matching reasons worded in the reader's language."""
from __future__ import annotations

from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.audit import describe_states
from portal.core.i18n import current_locale
from portal.needs.labels import URGENCY_LABELS
from portal.reference.services import beneficiary_group_names, country_name_of, field_names, subsector_name_of

DIRECTORATE_LABELS = {
    "education": _l("Education"),
    "science": _l("Science and technology"),
    "culture": _l("Culture and communication"),
    "communication": _l("Communication and information"),
    "external_relations": _l("External relations and partnerships"),
}

BUDGET_TYPE_LABELS = {"regular": _l("Regular budget"), "off_budget": _l("Off-budget (specialized project)")}

PROJECT_STATE_LABELS = {
    "planned": _l("Planned"),
    "open_for_partners": _l("Open for partners"),
    "ongoing": _l("Ongoing"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}

# target state -> button label, for the officer's project actions.
PROJECT_ACTION_LABELS = {
    "open_for_partners": _l("Open it for partners"),
    "ongoing": _l("Mark as ongoing"),
    "completed": _l("Mark as completed"),
    "cancelled": _l("Cancel the project"),
}

MATCH_STATE_LABELS = {
    "proposed": _l("Proposed, awaiting the organization"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "active": _l("Active cooperation"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}

MATCH_ACTION_LABELS = {
    "accept": _l("Accept"),
    "activate": _l("Start the cooperation"),
    "complete": _l("Mark as completed"),
    "cancel": _l("Cancel the match"),
}

PLEDGE_STATE_LABELS = {
    "pledged": _l("Pledged"),
    "committed": _l("Committed (agreement signed)"),
    "paid": _l("Paid (received)"),
    "withdrawn": _l("Withdrawn by the organization"),
}

PLEDGE_ACTION_LABELS = {
    "commit": _l("Record as committed"),
    "pay": _l("Record as paid"),
    "withdraw": _l("Withdraw"),
}


def _names(codes: list[str], name_of: dict[str, str], lang: str) -> str:
    return format_list([name_of.get(code, code) for code in codes], locale=lang)


def reason_text(reason: dict, lang: str | None = None) -> str:
    """One reason of a score ({"factor", "points", "params"}), worded without its points."""
    lang = lang or current_locale()
    params = reason.get("params") or {}
    factor = reason["factor"]
    if factor == "same_country":
        return _("Same country: %(country)s", country=country_name_of(lang).get(params["country"], params["country"]))
    if factor == "same_subsector":
        return _("Same subsector: %(subsectors)s", subsectors=_names(params["subsectors"], subsector_name_of(lang), lang))
    if factor == "same_field":
        fields = {code: name for code, name, _subsectors in field_names(lang)}
        return _("Same field: %(fields)s", fields=_names(params["fields"], fields, lang))
    if factor == "ministry_priority":
        return _("Ministry priority of %(country)s: %(subsectors)s",
                 country=country_name_of(lang).get(params["country"], params["country"]),
                 subsectors=_names(params["subsectors"], subsector_name_of(lang), lang))
    if factor == "beneficiary_groups":
        return _("Serves the same people: %(groups)s", groups=_names(params["groups"], dict(beneficiary_group_names(lang)), lang))
    if factor == "funding_gap":
        if params.get("covers") == "half":
            return _("The funding gap covers half the cost")
        return _("The funding gap covers the cost")
    if factor == "urgency":
        return _("Urgency: %(urgency)s", urgency=URGENCY_LABELS[params["urgency"]])
    if factor == "timeframe":
        return _("The timeframes overlap")
    if factor == "open_for_partners":
        return _("The project is open for partners")
    return factor


PARTNER_ROLE_LABELS = {
    "funding": _l("Funding partner"),
    "implementing": _l("Implementing partner"),
}


# How the audit trail names these objects' states, and the changes that reach them.
describe_states("project", PROJECT_STATE_LABELS)
describe_states("match", MATCH_STATE_LABELS)
describe_states("pledge", PLEDGE_STATE_LABELS)
