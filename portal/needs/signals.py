"""What the needs domain announces for others to follow (the matching engine keeps its
stored suggestions fresh with them), sent inside the change's transaction."""
from blinker import Namespace

_signals = Namespace()

# sender: the need's id; after an edit or a state change.
need_changed = _signals.signal("need-changed")
# sender: the country code; after a priority of that country is posted, archived or reactivated.
priorities_changed = _signals.signal("priorities-changed")
