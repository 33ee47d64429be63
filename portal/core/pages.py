"""A page of a long list: what the pagination macro shows, counted cheaply."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func

from portal.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(rows: Select, count_of: Select, page: int, per_page: int) -> Page:
    """`rows` selects what the page shows; `count_of` selects only the ids under the same
    conditions, so that counting never reads the wide columns or the eager joins."""
    page = max(page, 1)
    total = db.session.scalar(db.select(func.count()).select_from(count_of.subquery()))
    items = db.session.scalars(rows.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items, page, per_page, total)
