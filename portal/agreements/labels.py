"""Names of the agreements' values, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

TYPE_LABELS = {
    "mou": _l("Memorandum of understanding"),
    "cooperation_agreement": _l("Cooperation agreement"),
    "programme_of_action": _l("Programme of action"),
    "protocol": _l("Protocol"),
    "amendment": _l("Amendment"),
}

STATE_LABELS = {
    "draft": _l("Draft"),
    "under_negotiation": _l("Under negotiation"),
    "awaiting_signature": _l("Awaiting signature"),
    "in_force": _l("In force"),
    "expired": lazy_pgettext("agreement state", "Expired"),
    "terminated": _l("Terminated"),
    "suspended": _l("Suspended"),
}

# services.ACTIONS -> the officer's button.
TRANSITION_LABELS = {
    "negotiate": _l("Open negotiations"),
    "send_for_signature": _l("Send for signature"),
    "bring_into_force": _l("Bring into force"),
    "expire": _l("Record as expired"),
    "terminate": _l("Terminate"),
    "suspend": lazy_pgettext("action", "Suspend"),
    "resume": _l("Bring back into force"),
}

OBLIGATION_STATE_LABELS = {"pending": _l("Pending"), "met": _l("Met"), "waived": _l("Waived")}

OBLIGATION_ACTION_LABELS = {"met": _l("Mark as met"), "waived": _l("Waive")}

SORT_LABELS = {
    "review": _l("Review date, soonest first"),
    "reference": _l("Reference"),
    "newest": _l("Newest first"),
}

HISTORY_LABELS = {
    "agreement.created": _l("Registered"),
    "agreement.edited": _l("Edited"),
    **{f"agreement.{state}": label for state, label in STATE_LABELS.items()},
}
