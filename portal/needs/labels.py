"""Names of urgencies, states and sorts of needs in the reader's language."""
from flask_babel import lazy_gettext as _l

from portal.core.audit import describe_audit

URGENCY_LABELS = {
    "critical": _l("Critical"),
    "high": _l("High"),
    "medium": _l("Medium"),
    "low": _l("Low"),
}

NEED_STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for review"),
    "returned": _l("Returned for changes"),
    "published": _l("Published"),
    "matched": _l("Matched with a project"),
    "in_progress": _l("In progress"),
    "fulfilled": _l("Fulfilled"),
    "closed": _l("Closed"),
    "expired": _l("Expired"),
    "withdrawn": _l("Withdrawn"),
}

SORT_LABELS = {"urgency": _l("Most urgent first"), "newest": _l("Newest first"), "cost": _l("Highest cost first")}

# action in the URL -> (button label, who may press it)
ACTION_LABELS = {
    "submit": _l("Submit for review"),
    "withdraw": _l("Withdraw"),
    "start": _l("Mark as in progress"),
    "fulfil": _l("Mark as fulfilled"),
    "close": _l("Close"),
    "publish": _l("Publish"),
}


# How the audit trail names needs' states and urgencies.
describe_audit("need", values={"state": NEED_STATE_LABELS, "urgency": URGENCY_LABELS})
