"""Names of the outcomes' values, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import describe_states

PROPOSAL_STATE_LABELS = {
    "open": _l("Open for endorsement"),
    "under_study": _l("Under study"),
    "adopted": _l("Adopted"),
    "not_retained": _l("Not retained"),
}

# target state -> button label, for the officers' decisions on a proposal.
PROPOSAL_DECISION_LABELS = {
    "under_study": _l("Take under study"),
    "adopted": _l("Adopt"),
    "not_retained": _l("Do not retain"),
}

COMMITMENT_STATE_LABELS = {
    "announced": _l("Announced"),
    "in_progress": _l("In progress"),
    "fulfilled": _l("Fulfilled"),
    "dropped": _l("Dropped"),
}

# target state -> what the progress form offers.
COMMITMENT_STEP_LABELS = {
    "in_progress": _l("Work has started"),
    "fulfilled": _l("The commitment is fulfilled"),
    "dropped": _l("The commitment is dropped"),
}


# How the audit trail names these objects' states, and the changes that reach them.
describe_states("proposal", PROPOSAL_STATE_LABELS)
describe_states("commitment", COMMITMENT_STATE_LABELS)
