from flask_babel import lazy_gettext as _l

from portal.duediligence.models import FlagState
from portal.sanctions.models import ListedKind, ScreeningTrigger

TRIGGER_LABELS = {
    ScreeningTrigger.REGISTRATION: _l("On registration"),
    ScreeningTrigger.IMPORT: _l("After a list import"),
    ScreeningTrigger.ON_DEMAND: _l("On demand"),
}
LISTED_KIND_LABELS = {ListedKind.INDIVIDUAL: _l("Individual"), ListedKind.ENTITY: _l("Entity")}
FLAG_STATE_LABELS = {
    FlagState.OPEN: _l("Open: pledges and applications suspended"),
    FlagState.CONFIRMED: _l("Confirmed: the organization is the listed party"),
    FlagState.CLEARED: _l("Cleared"),
}
