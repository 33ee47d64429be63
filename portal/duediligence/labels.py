"""Names of checklist items, results and risk flags' categories, severities and states in the reader's language."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

CHECKLIST_ITEM_LABELS = {
    "registration_document": _l("Registration document valid and current"),
    "mission": _l("Mission consistent with ISESCO's fields of competence"),
    "contact": _l("Contact confirmed"),
    "safeguarding": _l("Safeguarding policy present"),
    "audited_accounts": _l("Audited accounts"),
}

CHECK_RESULT_LABELS = {
    "passed": _l("Passed"),
    # Not the mail outbox's "Failed" (sending failed): the item does not meet the requirement.
    "failed": lazy_pgettext("checklist result", "Failed"),
    "not_applicable": _l("Not applicable"),
}

DECISION_LABELS = {
    "verify": _l("Verification"),
    "reject": _l("Rejection"),
    "reinstate": _l("Reinstatement"),
}

FLAG_CATEGORY_LABELS = {
    "integrity": _l("Integrity"),
    "financial": _l("Financial"),
    "safeguarding": _l("Safeguarding"),
    "sanctions": _l("Sanctions"),
    "performance": _l("Performance"),
}

FLAG_SEVERITY_LABELS = {
    "observation": _l("Observation"),
    "escalation": _l("Escalation"),
    "red": _l("Red flag"),
}

FLAG_STATE_LABELS = {
    "open": _l("Open"),
    "confirmed": _l("Confirmed"),
    "cleared": _l("Cleared"),
}
