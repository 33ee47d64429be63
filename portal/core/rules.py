"""What every domain's rules share: the refusal a service raises when the rules say no."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l


class Refused(Exception):
    """A change the rules do not allow; `message` is for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def require_officer(user) -> None:
    if not (user.is_authenticated and user.is_officer):
        raise Refused(_l("Only ISESCO officers may do this."))
