"""One clock for the portal: naive UTC datetimes, identical on SQLite and PostgreSQL."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
