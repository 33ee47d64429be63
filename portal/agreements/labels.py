"""Names of the agreements' values, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.core.audit import NamedBy, describe_audit
from portal.organizations.labels import organization_name
from portal.organizations.models import Organization

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

OBLIGATION_HISTORY_LABELS = {
    "obligation.added": _l("Obligation added"),
    "obligation.edited": _l("Obligation edited"),
    "obligation.met": _l("Obligation met"),
    "obligation.waived": _l("Obligation waived"),
}


# How the audit trail names agreements' actions, snapshot keys and values.
describe_audit("agreement", actions=HISTORY_LABELS,
               fields={"partners": _l("Partner organizations"), "focal_point_id": _l("Focal point at ISESCO"),
                       "parent_id": _l("The agreement it amends"), "isesco_signed_on": _l("Signed by ISESCO on"),
                       "partner_signed_on": _l("Signed by the partner on"),
                       "automatic_renewal": _l("Renews automatically"),
                       "renewal_term_months": _l("Renewal term in months"),
                       "notice_days": _l("Notice period in days"), "document": _l("Signed agreement (PDF)")},
               values={"state": STATE_LABELS, "type": TYPE_LABELS,
                       "focal_point_id": NamedBy(User, lambda user: user.name),
                       "partners": NamedBy(Organization, organization_name),
                       "parent_id": NamedBy(Agreement, lambda agreement: agreement.reference)})
describe_audit("obligation", actions=OBLIGATION_HISTORY_LABELS,
               fields={"agreement_id": _l("Agreement"), "party_id": _l("Party")},
               values={"state": OBLIGATION_STATE_LABELS, "party_id": NamedBy(Organization, organization_name),
                       "agreement_id": NamedBy(Agreement, lambda agreement: agreement.reference)})
