"""What every domain's rules share: the refusal a service raises when the rules say no, and
the one way to add a row that may exist only once."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.extensions import db


class Refused(Exception):
    """A change the rules do not allow; `message` is for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def require_officer(user) -> None:
    if not (user.is_authenticated and user.is_officer):
        raise Refused(_l("Only ISESCO officers may do this."))


def locked(model, key, refusal):
    """The row, locked (SELECT … FOR UPDATE) for a change and read afresh; `refusal` is raised
    as Refused when it is gone."""
    row = db.session.get(model, key, with_for_update=True, populate_existing=True)
    if row is None:
        raise Refused(refusal)
    return row


def add_once(row, refusal) -> None:
    """Adds a row that a unique constraint allows once (one endorsement per organization, one
    registration per person…): when it is already there, even written a moment ago by a
    concurrent request, the transaction is rolled back and `refusal` is raised as Refused."""
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(refusal) from None
