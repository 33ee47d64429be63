"""Names of the forum's values, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import describe_states

EDITION_STATE_LABELS = {
    "draft": _l("Draft"),
    "registration_open": _l("Registration open"),
    "registration_closed": _l("Registration closed"),
    "held": _l("Held"),
    "archived": _l("Archived"),
}

# target state -> button label, for the officer's edition actions.
EDITION_ACTION_LABELS = {
    "registration_open": _l("Open registration"),
    "registration_closed": _l("Close registration"),
    "held": _l("Mark as held"),
    "archived": _l("Archive"),
}

SESSION_KIND_LABELS = {
    "plenary": _l("Plenary"),
    "panel": _l("Panel"),
    "workshop": _l("Workshop"),
    "side_event": _l("Side event"),
}

PARTICIPANT_TYPE_LABELS = {
    "delegate": _l("Delegate"),
    "speaker": _l("Speaker"),
    "observer": _l("Observer"),
    "press": _l("Press"),
    "expert": _l("Expert"),
}

REGISTRATION_STATE_LABELS = {
    "pending": _l("Pending, awaiting an officer"),
    "approved": _l("Approved"),
    "waitlisted": _l("On the waiting list"),
    "rejected": _l("Not accepted"),
    "cancelled": _l("Cancelled"),
    "checked_in": _l("Checked in"),
}

# officer decision -> button label
REGISTRATION_ACTION_LABELS = {
    "approve": _l("Approve"),
    "waitlist": _l("Put on the waiting list"),
    "reject": _l("Reject"),
}


# How the audit trail names these objects' states, and the changes that reach them.
describe_states("edition", EDITION_STATE_LABELS)
describe_states("registration", REGISTRATION_STATE_LABELS)
