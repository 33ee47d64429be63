"""A meeting with its agenda as an iCalendar file and as a PDF, in the reader's language, and its
approved minutes as a PDF in the language they were written in."""
from __future__ import annotations

from datetime import timezone

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal.core.i18n import zoned_time
from portal.core.links import absolute_url
from portal.core.markdown import plain_paragraphs
from portal.core.pdf import FONT, GREEN_DARK, MM_PER_PT, MUTED, TEXT, is_rtl, line_start, new_pdf
from portal.core.time import to_zone, utcnow
from portal.meetings.labels import MEETING_KIND_LABELS, MEETING_MODE_LABELS
from portal.meetings.models import Meeting, Minutes
from portal.reference.services import country_name_of


def venue_time(moment, meeting: Meeting, lang: str, form: str = "medium") -> str:
    """A stored UTC moment as the venue's clock shows it, with its zone, in lang."""
    return zoned_time(moment, meeting.timezone, form, lang)


def place(meeting: Meeting, lang: str) -> str:
    country = country_name_of(lang).get(meeting.country_code, "") if meeting.country_code else ""
    return ", ".join(part for part in (meeting.venue, country) if part)


def agenda_lines(meeting: Meeting, lang: str) -> list[str]:
    lines = []
    for number, item in enumerate(meeting.agenda, start=1):
        details = [detail for detail in (
            item.presenter,
            _("%(minutes)s min", minutes=item.duration_minutes) if item.duration_minutes else None,
        ) if detail]
        lines.append(f"{number}. {item.title.render(lang).text}" + (f" ({', '.join(details)})" if details else ""))
    return lines


def meeting_ics(meeting: Meeting, lang: str) -> bytes:
    with force_locale(lang):
        calendar = Calendar()
        calendar.add("prodid", "-//ISESCO//Cooperation portal//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-timezone", meeting.timezone)
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@portal.isesco.org")
        event.add("dtstamp", utcnow().replace(tzinfo=timezone.utc))
        # The venue's wall clock with its zone (TZID and a VTIMEZONE), as the invitation says it.
        event.add("dtstart", to_zone(meeting.starts_at, meeting.timezone))
        event.add("dtend", to_zone(meeting.ends_at, meeting.timezone))
        event.add("summary", meeting.title.render(lang).text)
        if location := place(meeting, lang):
            event.add("location", location)
        agenda = agenda_lines(meeting, lang)
        event.add("description", "\n".join([_("Agenda"), *agenda] if agenda else [str(MEETING_KIND_LABELS[meeting.kind])]))
        event.add("status", "CANCELLED" if meeting.state == "cancelled" else "CONFIRMED")
        event.add("url", absolute_url("meetings.meeting", meeting_id=meeting.id, lang=lang))
        calendar.add_component(event)
        calendar.add_missing_timezones()
        return calendar.to_ical()


MARGIN = 18


class MeetingDocument:
    """An A4 page in lang, Arabic shaped and laid out right to left, that opens with the meeting:
    its title, kind, time at the venue, place and mode."""

    def __init__(self, meeting: Meeting, lang: str, subject: str):
        self.lang = lang
        title = meeting.title.render(lang).text
        self.pdf = pdf = new_pdf(lang, "A4", title, subject)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN)
        pdf.add_page()
        self.line(_("ISESCO · Directorate of External Relations and Cooperation"), 9, color=MUTED)
        self.line(title, 16, "B", color=GREEN_DARK, after=2)
        kind = str(MEETING_KIND_LABELS[meeting.kind])
        if meeting.session_number:
            kind = _("%(kind)s, session %(number)s", kind=kind, number=meeting.session_number)
        self.line(kind, 11)
        self.line(_("From %(start)s to %(end)s", start=venue_time(meeting.starts_at, meeting, lang),
                    end=venue_time(meeting.ends_at, meeting, lang, "short")), 10)
        if location := place(meeting, lang):
            self.line(location, 10)
        self.line(str(MEETING_MODE_LABELS[meeting.mode]), 10, color=MUTED, after=5)

    def line(self, text: str, size: float, style: str = "", color=TEXT, after: float = 1) -> None:
        pdf = self.pdf
        pdf.set_text_color(*color)
        pdf.set_font(FONT, style, size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, size * 1.5 * MM_PER_PT, text, align=line_start(self.lang), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def meeting_pdf(meeting: Meeting, lang: str) -> bytes:
    """The meeting and its agenda."""
    with force_locale(lang):
        document = MeetingDocument(meeting, lang, _("Agenda"))
        pdf, line = document.pdf, document.line
        line(_("Agenda"), 13, "B", color=GREEN_DARK, after=2)
        if not meeting.agenda:
            line(_("The agenda is not set yet."), 10)
        header = ["#", _("Item"), _("Presenter"), _("Duration")]
        rows = [[str(number), item.title.render(lang).text, item.presenter or "",
                 _("%(minutes)s min", minutes=item.duration_minutes) if item.duration_minutes else ""]
                for number, item in enumerate(meeting.agenda, start=1)]
        if rows:
            widths = [0.07, 0.53, 0.25, 0.15]
            order = list(range(len(header)))
            if is_rtl(lang):
                # The table reads from the right: its first column is drawn last.
                order.reverse()
            align = "RIGHT" if is_rtl(lang) else "LEFT"
            pdf.set_font(FONT, "", 10)
            pdf.set_text_color(*TEXT)
            with pdf.table(col_widths=[widths[i] * pdf.epw for i in order], text_align=align, line_height=6,
                           first_row_as_headings=True, borders_layout="HORIZONTAL_LINES") as table:
                for cells in [header, *rows]:
                    row = table.row()
                    for index in order:
                        row.cell(cells[index])
            total = sum(item.duration_minutes or 0 for item in meeting.agenda)
            if total:
                pdf.ln(3)
                line(_("Total: %(duration)s", duration=_duration(total)), 10, color=MUTED)
        return document.output()


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return _("%(hours)s h %(minutes)s min", hours=hours, minutes=f"{rest:02d}") if hours else _("%(minutes)s min", minutes=rest)


def minutes_pdf(minutes: Minutes) -> bytes:
    """Approved minutes as the record of the meeting, in the language they were written in."""
    lang = minutes.language
    with force_locale(lang):
        document = MeetingDocument(minutes.meeting, lang, _("Minutes"))
        document.line(_("Minutes"), 13, "B", color=GREEN_DARK, after=1)
        if minutes.approved_at:
            document.line(_("Approved on %(date)s", date=format_date(minutes.approved_at, "long", locale=lang)),
                          10, color=MUTED, after=4)
        for paragraph in plain_paragraphs(minutes.text):
            document.line(paragraph, 11, after=2)
        return document.output()
