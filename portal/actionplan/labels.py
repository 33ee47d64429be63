"""Names of the action plan's values, and of the partnerships' values the activity report counts,
in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.core.audit import describe_states

PLAN_STATE_LABELS = {
    "active": lazy_pgettext("plan state", "Active"),
    "reported": _l("Reported"),
}

LEVEL_LABELS = {
    "output": _l("Output"),
    "outcome": _l("Outcome"),
    "impact": _l("Impact"),
}

MEASURE_LABELS = {
    "number": _l("Number"),
    "percent": _l("Percentage"),
    "qualitative": _l("Qualitative"),
}

COMPUTED_LABELS = {
    "agreements_concluded": _l("Agreements concluded"),
    "committee_sessions_held": _l("Joint committee sessions held"),
    "coordination_meetings_held": _l("Coordination meetings held"),
    "forum_held": _l("Editions of the forum held"),
    "needs_matched": _l("Needs matched"),
    "amounts_pledged": _l("Amounts pledged (USD)"),
    "amounts_paid": _l("Amounts paid (USD)"),
    "offbudget_projects_funded": _l("Off-budget projects funded"),
}

UPDATE_STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "approved": _l("Approved"),
    "returned": _l("Returned"),
}

# Plural: the report counts meetings of each kind (portal/meetings/labels.py names one).
MEETING_KIND_LABELS = {
    "joint_committee": _l("Joint committee sessions"),
    "coordination": _l("Coordination meetings"),
    "follow_up": _l("Follow-up meetings"),
    "endowment_ministries_consultation": _l("Consultations of endowment ministries"),
    "charity_institutions_meeting": _l("Meetings of charity institutions"),
    "external_conference": _l("External conferences"),
}

# Plural too: how many of each outcome the minutes record.
OUTCOME_COUNT_LABELS = {
    "decision": _l("Decisions"),
    "action": _l("Actions decided"),
    "information": _l("Points of information"),
}


# How the audit trail names these objects' states, and the changes that reach them.
describe_states("action_plan", PLAN_STATE_LABELS)
describe_states("indicator_update", UPDATE_STATE_LABELS)
