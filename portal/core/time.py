"""One clock for the portal: naive UTC datetimes, identical on SQLite and PostgreSQL."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_zone(moment: datetime, zone: str) -> datetime:
    """A stored naive-UTC moment as the wall-clock time of an IANA zone (still aware)."""
    return moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))


def from_zone(wall_clock: datetime, zone: str) -> datetime:
    """A wall-clock time entered for an IANA zone, as the naive UTC the database keeps."""
    return wall_clock.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc).replace(tzinfo=None)


def today_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()
