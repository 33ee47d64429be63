"""What a view tells the person after asking a service for a change."""
from __future__ import annotations

from typing import Callable

from flask import flash
from flask_login import current_user

from portal.core.rules import ChangedMeanwhile, Refused


def attempt(change: Callable[[], object], done: str, undo: str | None = None) -> bool:
    """Runs a service call; its refusal, or `done`, is flashed. True when the change was made.
    `undo` is the address of the reverse change, where the rules have one: the layout shows
    `done` with an Undo button that posts there."""
    try:
        change()
    except Refused as refusal:
        flash(str(refusal.message), "danger")
        return False
    flash({"text": done, "undo": undo} if undo else done, "success")
    return True


def transition(actions: dict, action: str, object_id: int, reason: str | None, done: Callable[[object], str]) -> None:
    """One of a domain's state transitions asked from a page. `actions` maps each action to
    (service, whether it takes a reason, states it applies to); the service's refusal is
    flashed, or `done` of the changed object."""
    service, takes_reason, _states = actions[action]
    arguments = (reason,) if takes_reason else ()
    try:
        changed = service(object_id, current_user, *arguments)
    except Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(done(changed), "success")


def submitted_version(form) -> int:
    """The version the edited object had when its form was loaded; a tampered one reads as 0,
    which no saved object has, so the edit is told it was changed meanwhile."""
    data = form.version.data or ""
    return int(data) if data.isdigit() and len(data) < 10 else 0


def save_unless_changed(form, save: Callable[[int], object]) -> tuple[object, object]:
    """Runs `save` with the version the form was loaded with: (what it returned, None), or,
    when someone else saved first, (None, the object as they saved it) with the form kept."""
    try:
        return save(submitted_version(form)), None
    except ChangedMeanwhile as conflict:
        return None, changed_meanwhile(form, conflict)


def changed_meanwhile(form, conflict: ChangedMeanwhile):
    """An edit refused because someone else saved first. The form keeps what this person typed
    and now carries the version saved meanwhile, so that saving again after comparing goes
    through; the refusal is flashed and the object as saved returned, for the page to show."""
    form.version.data = str(conflict.current.version)
    flash(str(conflict.message), "danger")
    return conflict.current
