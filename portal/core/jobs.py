"""The one job interface for slow work (SPEC section 10).

`enqueue(func, *args)` runs the job at once in development and tests (JOBS_BACKEND=inline),
inside the caller's transaction, so the caller's commit keeps both. With JOBS_BACKEND=rq the
job is queued on Redis only after the caller's transaction commits, so a worker never looks
for rows that are not there yet; `flask portal worker` runs it and commits its changes.
"""
from __future__ import annotations

import importlib
from typing import Callable

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db

QUEUE_NAME = "portal"
_PENDING_KEY = "portal_jobs_after_commit"


def enqueue(func: Callable, *args) -> None:
    if current_app.config["JOBS_BACKEND"] == "inline":
        func(*args)
        return
    path = f"{func.__module__}:{func.__qualname__}"
    db.session.info.setdefault(_PENDING_KEY, []).append((path, args))


def redis_queue():
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(current_app.config["REDIS_URL"]))


@event.listens_for(Session, "after_commit")
def _send_pending_jobs(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if pending:
        queue = redis_queue()
        for path, args in pending:
            queue.enqueue(run_job, path, args)


@event.listens_for(Session, "after_rollback")
def _drop_pending_jobs(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


def run_job(path: str, args: tuple) -> None:
    """Entry point on the worker: `flask portal worker` provides the app context."""
    module_name, _, name = path.partition(":")
    func = getattr(importlib.import_module(module_name), name)
    try:
        func(*args)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
