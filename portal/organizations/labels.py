"""Names of organization kinds, states and member roles in the reader's language."""
from flask_babel import lazy_gettext as _l

from portal.core.audit import describe_audit
from portal.core.i18n import current_locale

KIND_LABELS = {
    "charity": _l("Charity"),
    "ngo": _l("Non-governmental organization"),
    "civil_society": _l("Civil-society organization"),
    "endowment_ministry": _l("Endowment (awqaf) ministry"),
    "national_commission": _l("National commission"),
    "governmental": _l("Governmental body"),
    "donor": _l("Donor"),
    "private_sector": _l("Private company"),
    "academic": _l("University or research institution"),
    "cultural_centre": _l("Cultural centre"),
}

STATE_LABELS = {
    "pending": _l("Awaiting verification"),
    "verified": _l("Verified"),
    "rejected": _l("Rejected"),
    "suspended": _l("Suspended"),
}

ROLE_LABELS = {"owner": _l("Owner"), "editor": _l("Editor"), "viewer": _l("Viewer")}

DUPLICATE_REASON_LABELS = {
    "registration_number": _l("same registration number in the same country"),
    "website": _l("same website"),
    "name": _l("nearly the same name"),
}

HISTORY_LABELS = {
    "organization.registered": _l("Registered"),
    "organization.verify": _l("Verified"),
    "organization.reject": _l("Rejected"),
    "organization.suspend": _l("Suspended"),
    "organization.reinstate": _l("Reinstated"),
    "organization.division": _l("Moved to another division"),
    "sanctions.screened": _l("Screened against the sanctions list"),
    "risk_flag.raised": _l("Risk flag raised"),
    "risk_flag.cleared": _l("Risk flag cleared"),
    "risk_flag.confirmed": _l("Risk flag confirmed"),
}

DIVISION_LABELS = {
    "governmental_donors": _l("Governmental organizations and donors"),
    "ngos_civil_society": _l("NGOs and civil society"),
}


def organization_name(organization) -> str:
    """An organization's name in the reader's language, else as it was written."""
    return organization.names.render(current_locale()).text


# How the audit trail names organizations' actions, snapshot keys and values.
describe_audit("organization", actions=HISTORY_LABELS, fields={"kind": _l("Kind")},
               values={"state": STATE_LABELS, "kind": KIND_LABELS, "division": DIVISION_LABELS})
