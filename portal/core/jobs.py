"""The one job interface for slow work (docs/architecture.md).

`enqueue(func, *args)` runs the job at once in development and tests (JOBS_BACKEND=inline),
inside the caller's transaction, so the caller's commit keeps both. With JOBS_BACKEND=rq the
job is queued on Redis only after the caller's transaction commits, so a worker never looks
for rows that are not there yet; `flask portal worker` runs it and commits its changes.

Redis is no reason to lose work or fail a page: while it does not answer, jobs run at once as
with the inline backend (the page is slower, nothing is lost). Jobs Redis refuses after their
transaction committed (it went down in between) are held in the process and leave with the next
jobs queued.
"""
from __future__ import annotations

import importlib
from collections import deque
from typing import Callable

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.core.redisclient import redis_answers, redis_client, redis_failed
from portal.extensions import db

QUEUE_NAME = "portal"
_PENDING_KEY = "portal_jobs_after_commit"
_held_back: deque[tuple[str, tuple]] = deque()


def enqueue(func: Callable, *args) -> None:
    if current_app.config["JOBS_BACKEND"] == "inline" or not redis_answers():
        func(*args)
        return
    path = f"{func.__module__}:{func.__qualname__}"
    db.session.info.setdefault(_PENDING_KEY, []).append((path, args))


def redis_queue():
    """The job queue on the shared client, or None while Redis is left alone after a failure."""
    from rq import Queue

    client = redis_client()
    return Queue(QUEUE_NAME, connection=client) if client is not None else None


@event.listens_for(Session, "after_commit")
def _send_pending_jobs(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if not pending:
        return
    _held_back.extend(pending)
    queue = redis_queue()
    while queue is not None:
        try:
            job = _held_back.popleft()
        except IndexError:  # all sent (another thread may have sent the last ones)
            return
        try:
            queue.enqueue(run_job, *job)
        except RedisError as error:
            _held_back.appendleft(job)
            redis_failed(error)
            break
    current_app.logger.warning("%s job(s) wait in this process for Redis to answer", len(_held_back))


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
