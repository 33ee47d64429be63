"""What every domain's rules share: the refusal a service raises when the rules say no, the
one way to lock a row before changing it, and the one way to add a row that may exist only once."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, InvalidRequestError

from portal.extensions import db


class Refused(Exception):
    """A change the rules do not allow; `message` is for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ChangedMeanwhile(Refused):
    """Someone else saved the object after this person opened it; `current` is the object as it
    now is, so that a page can show it beside what they typed and an API can give its version."""

    def __init__(self, message, current):
        super().__init__(message)
        self.current = current


def require_officer(user) -> None:
    if not (user.is_authenticated and user.is_officer):
        raise Refused(_l("Only ISESCO officers may do this."))


def locked(model, key, refusal):
    """The row, locked (SELECT … FOR UPDATE) for a change and read afresh; `refusal` is raised
    as Refused when it is gone.

    Every check a change makes comes after this lock: a concurrent change of the same row waits
    for it, then sees what the first one saved. The row is refreshed rather than loaded with the
    lock, because loading a versioned row (`version_id_col`) that the request had already read
    raises StaleDataError when someone saved it in between, where a refusal is wanted."""
    row = db.session.get(model, key)
    if row is None:
        raise Refused(refusal)
    try:
        # Only the row's own table is locked: a refresh repeats the eager loads of the query that
        # first read the row, and PostgreSQL locks no nullable side of an outer join.
        db.session.refresh(row, with_for_update={"of": model})
    except InvalidRequestError:  # deleted since the request read it
        raise Refused(refusal) from None
    return row


def refuse_if_changed(row, version: int, message) -> None:
    """An edit made on `version` of a row that `locked` returned goes on only if nobody saved the
    row since; otherwise ChangedMeanwhile(`message`) carries the row as saved meanwhile."""
    if row.version != version:
        raise ChangedMeanwhile(message, row)


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
