"""Names of the committees', meetings' and action items' values, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.core.audit import describe_states

MEETING_KIND_LABELS = {
    "joint_committee": _l("Joint committee session"),
    "coordination": _l("Coordination meeting"),
    "follow_up": _l("Follow-up meeting"),
    "endowment_ministries_consultation": _l("Consultation of endowment ministries"),
    "charity_institutions_meeting": _l("Meeting of charity institutions"),
    "external_conference": _l("External conference"),
}

MEETING_MODE_LABELS = {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}

MEETING_STATE_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Scheduled"),
    "held": _l("Held"),
    "closed": lazy_pgettext("meeting state", "Closed"),
    "cancelled": _l("Cancelled"),
}

# target state -> button label, for the officers' actions on a meeting.
MEETING_ACTION_LABELS = {
    "scheduled": _l("Schedule and send the invitations"),
    "held": _l("Mark as held"),
    "closed": _l("Close the meeting"),
    "cancelled": _l("Cancel the meeting"),
}

MINUTES_STATE_LABELS = {"draft": _l("Draft"), "circulated": _l("Circulated"), "approved": _l("Approved")}
MINUTES_ACTION_LABELS = {"circulated": _l("Circulate"), "approved": _l("Approve and lock")}

OUTCOME_KIND_LABELS = {"information": _l("Information"), "decision": _l("Decision"), "action": _l("Action")}

ACTION_ITEM_STATE_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "verified": lazy_pgettext("action item state", "Verified"),
    "cancelled": _l("Cancelled"),
}

# target state -> what the progress form or the officers' buttons offer.
ACTION_ITEM_STEP_LABELS = {
    "in_progress": _l("Work has started"),
    "completed": _l("The action is completed"),
    "verified": _l("Verify"),
    "cancelled": _l("Cancel the action item"),
}

PRIORITY_LABELS = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High")}


# How the audit trail names these objects' states, and the changes that reach them.
describe_states("meeting", MEETING_STATE_LABELS)
describe_states("minutes", MINUTES_STATE_LABELS)
describe_states("action_item", ACTION_ITEM_STATE_LABELS)
