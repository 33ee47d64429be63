"""Names of calls' and applications' values, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.core.audit import describe_states

STATE_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Open for applications"),
    "closed": lazy_pgettext("call state", "Closed"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}

APPLICATION_STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "under_review": _l("Under review"),
    "selected": _l("Selected"),
    "not_selected": _l("Not selected"),
    "withdrawn": _l("Withdrawn"),
}

# services.ACTIONS -> the officer's button.
TRANSITION_LABELS = {
    "publish": _l("Publish"),
    "close": _l("Close to applications"),
    "complete": _l("Complete: tell every applicant the outcome"),
    "cancel": _l("Cancel the call"),
}


# How the audit trail names these objects' states, and the changes that reach them.
describe_states("call", STATE_LABELS)
describe_states("call_application", APPLICATION_STATE_LABELS)
