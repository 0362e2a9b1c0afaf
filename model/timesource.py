"""The time source: the one place Merkitys reads the wall clock, and how times meet time zones.

Not to be confused with the annual clock (vuosikello, ``model/annual_clock.py``). Every service
takes "now" and "today" from here (or from a caller that got them here), so tests can set the
time for the whole process with time-machine, and no stored timestamp is compared with a date
read from somewhere else. Timestamps are stored in UTC; people see them in their organisation's
time zone, and "today" is the date there (a round closing on 8 December is open until midnight
Helsinki time, not UTC).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Helsinki"


def now() -> dt.datetime:
    """The current moment, aware, in UTC: the only wall-clock read of the application."""
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=32)
def zone(name: str | None = None) -> ZoneInfo:
    """The time zone called ``name`` (default Europe/Helsinki); unknown names raise ValueError."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except ValueError:
        return False
    return True


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC moment; SQLite hands stored timestamps back naive, and they are UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def local(moment: dt.datetime, zone_name: str | None = None) -> dt.datetime:
    """A stored (UTC) moment as wall time in the organisation's zone."""
    return as_utc(moment).astimezone(zone(zone_name))


def today(zone_name: str | None = None, *, at: dt.datetime | None = None) -> dt.date:
    """The date in the organisation's zone now (or at the moment ``at``)."""
    return local(at or now(), zone_name).date()


def at_local(day: dt.date, hour: int, minute: int = 0, zone_name: str | None = None) -> dt.datetime:
    """The UTC moment of a local wall time (the demo writes its story in local hours)."""
    wall = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone(zone_name))
    return wall.astimezone(dt.UTC)


def iso_local(moment: dt.datetime | None, zone_name: str | None = None) -> str | None:
    """ISO 8601 with the zone's offset, for files people download (``…T09:30:00+02:00``)."""
    return None if moment is None else local(moment, zone_name).isoformat(timespec="seconds")
