"""iCalendar files of the programme: one session or the whole edition, in the venue's time zone."""
from __future__ import annotations

from datetime import timezone

from icalendar import Calendar, Event

from portal.core.i18n import current_locale
from portal.core.links import absolute_url
from portal.core.time import to_zone, utcnow
from portal.forum.models import Edition, Session


def _event(session: Session, edition: Edition, lang: str) -> Event:
    event = Event()
    event.add("uid", f"forum-session-{session.id}@portal.isesco.org")
    event.add("dtstamp", utcnow().replace(tzinfo=timezone.utc))
    # Local times with their zone (TZID and a VTIMEZONE), so calendars show them as the venue
    # announces them and convert them for people elsewhere.
    event.add("dtstart", to_zone(session.starts_at, edition.timezone))
    event.add("dtend", to_zone(session.ends_at, edition.timezone))
    event.add("summary", session.title.render(lang).text)
    location = ", ".join(part for part in (session.room, edition.venue.render(lang).text,
                                           edition.city.render(lang).text) if part)
    event.add("location", location)
    details = [session.description.render(lang).text] if session.description else []
    details += session.speaker_list
    if details:
        event.add("description", "\n".join(details))
    event.add("url", absolute_url("forum.programme", edition_id=edition.id, lang=lang))
    return event


def _calendar(edition: Edition, sessions: list[Session]) -> bytes:
    lang = current_locale()
    calendar = Calendar()
    calendar.add("prodid", "-//ISESCO//Cooperation portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", edition.title.render(lang).text)
    calendar.add("x-wr-timezone", edition.timezone)
    for session in sessions:
        calendar.add_component(_event(session, edition, lang))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_ics(session: Session) -> bytes:
    return _calendar(session.edition, [session])


def programme_ics(edition: Edition) -> bytes:
    return _calendar(edition, list(edition.sessions))
