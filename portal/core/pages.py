"""A page of a long list: what the pagination macro shows, counted cheaply."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Callable

from flask import request
from sqlalchemy import Select, func

from portal.core.filters import as_id
from portal.extensions import db

# Far beyond any list's end, and short of what an SQL OFFSET can hold.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int
    has_next: bool
    # True when counting stopped at a limit: there are more than `total` rows.
    total_is_lower_bound: bool = False

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def page_number() -> int:
    """The `page` argument of the query string; the first page unless it is a number a page may have."""
    return min(as_id(request.args.get("page")) or 1, MAX_PAGE)


def _entities(query: Select) -> list:
    return db.session.scalars(query).unique().all()


def paginate(
    rows: Select, count_of: Select, page: int, per_page: int, count_limit: int | None = None,
    fetch: Callable[[Select], list] = _entities,
) -> Page:
    """`rows` selects what the page shows; `count_of` selects only the ids under the same
    conditions, so that counting never reads the wide columns or the eager joins; `fetch`
    turns the page's query into its items (ORM entities by default).

    With `count_limit`, counting stops past that many rows: a search matching a large part
    of a big table is then as quick to count as a narrow one. Pages go on past the limit.
    """
    page = max(page, 1)
    counted = count_of if count_limit is None else count_of.limit(count_limit + 1)
    total = db.session.scalar(db.select(func.count()).select_from(counted.subquery()))
    capped = count_limit is not None and total > count_limit
    # One row more than the page shows tells whether a next page exists, whatever the count.
    items = fetch(rows.limit(per_page + 1).offset((page - 1) * per_page))
    return Page(
        items[:per_page], page, per_page, min(total, count_limit) if capped else total,
        has_next=len(items) > per_page, total_is_lower_bound=capped,
    )
