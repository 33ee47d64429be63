"""Apps of their own for tests of settings read when an app is made (REDIS_URL, proxies), on the
session's database."""
from __future__ import annotations

import socket
from contextlib import contextmanager

from portal import create_app
from portal.extensions import limiter

# What an app needs from the session's app to share its database and files.
SHARED_SETTINGS = ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "PORTAL_BASE_URL", "UPLOAD_DIR")


@contextmanager
def another_app(session_app, **overrides):
    """An app configured from the environment as in production, on the session's database, with
    `overrides`. The rate limiter is one per process and follows the app made last: it goes back
    to the session's app, counting in memory again, afterwards."""
    try:
        yield create_app({**{name: session_app.config[name] for name in SHARED_SETTINGS}, **overrides})
    finally:
        limiter.init_app(session_app)
        # The limiter's own note that its storage failed would outlive the app that failed.
        limiter._storage_dead = False


def closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
