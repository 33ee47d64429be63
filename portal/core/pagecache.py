"""Public pages as visitors see them, kept in Redis (docs/architecture.md: Redis is a cache).

A visitor's page of the needs board is the same for every visitor with the same language and
filters, so the rendered HTML is kept for a minute and served again without a query or a
template. It is never stale for longer than one commit: every commit that writes a table public
pages show moves a generation counter, and the counter is part of every key, so the next visitor
renders afresh. Signed-in people, requests carrying flashed messages, apps without REDIS_URL
(development, tests) and any request while Redis does not answer always render.

The key holds the page's filters as the page reads them, sorted, blank and default values left
out, so that a query string made up by a visitor cannot add pages: one naming a parameter the
page does not read is rendered and not kept (its links would carry that parameter to others),
and so is a page that lists nothing (made-up filter values, pages past the last), which costs
little to render.
"""
from __future__ import annotations

import functools
from dataclasses import fields
from datetime import date
from urllib.parse import urlencode

from flask import current_app, g, get_flashed_messages, request, session
from flask_login import current_user
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.core.filters import QueryFilters
from portal.core.i18n import current_locale
from portal.core.redisclient import redis_client, redis_failed

# Seconds a kept page lives even when nothing changes: the backstop for writes made outside
# the ORM (a bulk UPDATE, psql), which move no generation.
KEPT_SECONDS = 60
_GENERATION_KEY = "pagecache:generation"
_TOUCHED = "pagecache_touched"
_NOT_WORTH_KEEPING = "pagecache_not_worth_keeping"
# The page number, read beside the filters by every kept list.
_PAGE = "page"

# Tables whose rows the cached pages show: needs (a change of their subsectors or groups marks
# the need itself), their organizations, the reference data that names them, and the site's
# settings in the layout.
SHOWN_TABLES = frozenset({
    "needs", "organizations", "countries", "areas", "fields", "subsectors", "beneficiary_groups", "currencies",
    "site_settings",
})


def _cacheable() -> bool:
    # peek, not get: reading the flashes here would take them away from the page.
    return request.method == "GET" and not current_user.is_authenticated and not session.get("_flashes")


def _query_key(filters: type[QueryFilters]) -> str | None:
    """The request's query as the page reads it, or None when it names anything else."""
    known = {item.name for item in fields(filters)} | {_PAGE}
    if not known.issuperset(request.args):
        return None
    query = filters.from_args(request.args).args()
    page = request.args.get(_PAGE, 1, type=int)
    if page > 1:
        query[_PAGE] = str(page)
    return urlencode(sorted(query.items()))


def kept_for_visitors(filters: type[QueryFilters]):
    """Serves a visitor the page kept for this language and these `filters` (and page number),
    or renders and keeps it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            redis = redis_client() if _cacheable() else None
            query = _query_key(filters) if redis is not None else None
            if query is None:
                return view(*args, **kwargs)
            try:
                generation = int(redis.get(_GENERATION_KEY) or 0)
                # Today is in the key because pages leave out needs past their end date.
                key = f"pagecache:{generation}:{date.today().isoformat()}:{current_locale()}:{request.path}?{query}"
                kept = redis.get(key)
            except RedisError as error:
                # A cache that cannot be reached is no reason to fail the page.
                redis_failed(error)
                return view(*args, **kwargs)
            if kept is not None:
                return current_app.response_class(kept, mimetype="text/html")
            response = current_app.make_response(view(*args, **kwargs))
            if (response.status_code == 200 and response.mimetype == "text/html" and not get_flashed_messages()
                    and not g.get(_NOT_WORTH_KEEPING)):
                try:
                    redis.set(key, response.get_data(), ex=KEPT_SECONDS)
                except RedisError as error:
                    redis_failed(error)
            return response

        return wrapper

    return decorate


def not_worth_keeping() -> None:
    """Says the page being rendered lists nothing, so it is not kept."""
    setattr(g, _NOT_WORTH_KEEPING, True)


@event.listens_for(Session, "after_flush")
def _note_shown_tables(session: Session, flush_context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__table__", None)
        if table is not None and table.name in SHOWN_TABLES:
            session.info[_TOUCHED] = True
            return


@event.listens_for(Session, "after_commit")
def _move_generation(session: Session) -> None:
    if session.info.pop(_TOUCHED, False):
        redis = redis_client() if current_app else None
        if redis is not None:
            try:
                redis.incr(_GENERATION_KEY)
            except RedisError as error:
                redis_failed(error)
                current_app.logger.warning("the page cache could not be told of a change")


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, False)
