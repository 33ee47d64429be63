"""Filters of a list page, read from the query string."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class QueryFilters:
    """Subclasses declare their filters as `str` fields with "" (or a default) as the default."""

    @classmethod
    def from_args(cls, args):
        return cls(**{item.name: (args.get(item.name) or "").strip() or item.default for item in fields(cls)})

    def args(self) -> dict[str, str]:
        """The filters that are set, as query-string arguments: a link to an export of the list."""
        return {item.name: getattr(self, item.name) for item in fields(self) if getattr(self, item.name) != item.default}
