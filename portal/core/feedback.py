"""What a view tells the person after asking a service for a change."""
from __future__ import annotations

from typing import Callable

from flask import flash

from portal.core.rules import Refused


def attempt(change: Callable[[], object], done: str) -> bool:
    """Runs a service call; its refusal, or `done`, is flashed. True when the change was made."""
    try:
        change()
    except Refused as refusal:
        flash(str(refusal.message), "danger")
        return False
    flash(done, "success")
    return True
