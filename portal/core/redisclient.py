"""The process's Redis client, shared by the visitors' page cache and the job queue.

Redis is a cache and a queue here, never the record: when it does not answer, the portal goes
on without it (visitors' pages rendered afresh, jobs run at once, rate limits counted in each
process's memory, /healthz "degraded"). The client gives up within a fraction of a second, and
after a failure the portal leaves Redis alone for a few seconds, so that pages stay fast while
it is down and it is used again soon after it is back.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError

# Seconds to wait for a connection and for a reply: Redis on the local network answers in
# well under a millisecond, so anything slower is as good as down.
CONNECT_TIMEOUT_SECONDS = 0.25
REPLY_TIMEOUT_SECONDS = 0.5
# Seconds Redis is left alone after it failed to answer.
PAUSE_AFTER_FAILURE_SECONDS = 5.0
# What the rate limiter's Redis client is given (RATELIMIT_STORAGE_OPTIONS), for the same reasons.
CLIENT_OPTIONS = {"socket_connect_timeout": CONNECT_TIMEOUT_SECONDS, "socket_timeout": REPLY_TIMEOUT_SECONDS}

_EXTENSION = "portal.redis"


@dataclass
class _Link:
    client: Redis | None
    paused_until: float = 0.0


def _link() -> _Link:
    app = current_app._get_current_object()
    if _EXTENSION not in app.extensions:
        url = app.config.get("REDIS_URL")
        app.extensions[_EXTENSION] = _Link(Redis.from_url(url, **CLIENT_OPTIONS) if url else None)
    return app.extensions[_EXTENSION]


def redis_client() -> Redis | None:
    """The client, or None without REDIS_URL and for a few seconds after Redis failed to answer."""
    link = _link()
    if link.client is None or time.monotonic() < link.paused_until:
        return None
    return link.client


def redis_failed(error: RedisError) -> None:
    """Leave Redis alone for a while: call it when a command failed."""
    link = _link()
    if time.monotonic() >= link.paused_until:
        current_app.logger.warning("Redis does not answer (%s): going on without it for %s s",
                                   error, PAUSE_AFTER_FAILURE_SECONDS)
    link.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS


def redis_answers(*, even_if_paused: bool = False) -> bool | None:
    """Whether Redis answers a PING (None without REDIS_URL). While paused after a failure the
    answer is no without asking, unless `even_if_paused`; an answer ends the pause, a failure
    starts one."""
    link = _link()
    if link.client is None:
        return None
    if not even_if_paused and time.monotonic() < link.paused_until:
        return False
    try:
        link.client.ping()
    except RedisError as error:
        redis_failed(error)
        return False
    link.paused_until = 0.0
    return True
