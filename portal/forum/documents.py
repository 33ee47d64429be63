"""The forum's printable documents: the participant's badge and the visa invitation letter.

Pure functions over plain dataclasses (no database), rendered with fpdf2 in the shaped Arabic and
Latin font set up by portal.core.pdf.
"""
from __future__ import annotations

from dataclasses import dataclass

import qrcode
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M

from portal.core.pdf import (
    FONT, GREEN, GREEN_DARK, MM_PER_PT, MUTED, SAND, TEXT, WHITE, isolate as _isolate,
    line_end as _end, line_start as _start, new_pdf as _new_pdf,
)

__all__ = ["BadgeContent", "LetterContent", "badge_pdf", "visa_letter_pdf"]


@dataclass(frozen=True)
class BadgeContent:
    name: str  # participant's name, any script (Arabic, Latin…)
    organization: str | None  # organization name in the reader's language, or None
    participant_type: str  # already translated label, e.g. "Délégué"
    edition_title: str
    edition_dates: str  # already formatted, e.g. "12–14 mai 2027"
    venue: str  # e.g. "Rabat, Maroc"
    code: str  # unguessable check-in code, e.g. secrets.token_urlsafe(12)


@dataclass(frozen=True)
class LetterContent:
    lang: str  # "ar", "en" or "fr": the letter's language
    passport_name: str  # name as in passport
    passport_number: str
    nationality: str  # country name already in the letter's language
    passport_expiry: str  # already formatted date
    organization: str | None
    participant_type: str  # translated label
    edition_title: str  # in the letter's language
    edition_dates: str  # formatted
    venue: str  # city, country, venue in the letter's language
    issued_on: str  # formatted date of issue
    reference: str  # e.g. "ISESCO/FORUM/4/000123"


# --- Shared -----------------------------------------------------------------------------------

def _fit(pdf: FPDF, text: str, width: float, size: float, minimum: float, max_lines: int,
         style: str = "") -> tuple[float, int]:
    """The largest font size (down to minimum) at which text fits in max_lines lines of width."""
    while True:
        pdf.set_font(FONT, style, size)
        lines = pdf.multi_cell(width, 1, text, align="C", dry_run=True, output="LINES")
        if len(lines) <= max_lines or size <= minimum:
            return size, len(lines)
        size = max(minimum, size - 0.5)


def _centered(pdf: FPDF, text: str, *, size: float, style: str = "", minimum: float | None = None,
              max_lines: int = 1, leading: float = 1.3) -> None:
    """Centred text across the margins, shrunk to fit in max_lines lines, leaving y under it."""
    size, _lines = _fit(pdf, text, pdf.epw, size, minimum or size, max_lines, style)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, size * leading * MM_PER_PT, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _qr_image(data: str):
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


# --- Badge --------------------------------------------------------------------------------------

BADGE_FORMAT = (105, 148)  # A6 portrait, in mm
BADGE_MARGIN = 8
QR_SIZE = 36


def badge_pdf(content: BadgeContent, lang: str) -> bytes:
    """The participant's badge on one A6 page, labelled in lang, with the check-in QR code."""
    with force_locale(lang):
        pdf = _new_pdf(lang, BADGE_FORMAT, _("Badge: %(name)s", name=content.name), content.edition_title)
        pdf.set_margins(BADGE_MARGIN, BADGE_MARGIN, BADGE_MARGIN)
        pdf.set_auto_page_break(False)
        pdf.add_page()
        width, height = pdf.w, pdf.h

        # Header band: the organiser and the edition.
        pdf.set_y(6)
        pdf.set_text_color(*SAND)
        title_size, title_lines = _fit(pdf, content.edition_title, pdf.epw, 12, 8, 3, "B")
        band_height = 6 + 5 + title_lines * title_size * 1.3 * MM_PER_PT + 5
        pdf.set_fill_color(*GREEN)
        pdf.rect(0, 0, width, band_height, style="F")
        _centered(pdf, _("ISESCO"), size=8, style="B")
        pdf.set_text_color(*WHITE)
        _centered(pdf, content.edition_title, size=title_size, style="B", max_lines=3)

        # The participant.
        pdf.set_text_color(*TEXT)
        pdf.set_y(band_height + 9)
        _centered(pdf, content.name, size=22, minimum=12, style="B", max_lines=2, leading=1.25)
        if content.organization:
            pdf.set_text_color(*MUTED)
            pdf.ln(1)
            _centered(pdf, content.organization, size=11, minimum=8, max_lines=2)

        band_top = pdf.get_y() + 5
        pdf.set_fill_color(*GREEN_DARK)
        pdf.rect(0, band_top, width, 11, style="F")
        pdf.set_text_color(*WHITE)
        pdf.set_y(band_top + (11 - 14 * 1.3 * MM_PER_PT) / 2)
        _centered(pdf, content.participant_type, size=14, minimum=9, style="B")

        pdf.set_text_color(*TEXT)
        pdf.set_y(band_top + 11 + 4)
        _centered(pdf, content.edition_dates, size=9.5, style="B")
        _centered(pdf, content.venue, size=9.5, minimum=7, max_lines=2)

        # Check-in code: the QR code at the foot, the code under it for typing.
        qr_top = height - BADGE_MARGIN - 9 - QR_SIZE
        pdf.image(_qr_image(content.code), x=(width - QR_SIZE) / 2, y=qr_top, w=QR_SIZE, h=QR_SIZE,
                  alt_text=_("Check-in code"))
        pdf.set_y(qr_top + QR_SIZE)
        pdf.set_text_color(*MUTED)
        _centered(pdf, _("Check-in code"), size=7)
        pdf.set_text_color(*TEXT)
        pdf.set_font("Courier", "B", 9)
        pdf.set_x(pdf.l_margin)
        pdf.cell(pdf.epw, 4, content.code, align="C")
        return bytes(pdf.output())


# --- Visa invitation letter ---------------------------------------------------------------------

LETTER_MARGIN = 22


def visa_letter_pdf(content: LetterContent) -> bytes:
    """The invitation letter for the participant's visa application, in content.lang, on A4."""
    lang = content.lang
    with force_locale(lang):
        organization = _("Islamic World Educational, Scientific and Cultural Organization (ISESCO)")
        directorate = _("The Directorate of External Relations and Cooperation")
        pdf = _new_pdf(lang, "A4", _("Letter of invitation: %(name)s", name=content.passport_name),
                       content.edition_title)
        pdf.set_margins(LETTER_MARGIN, 18, LETTER_MARGIN)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_page()
        start, end = _start(lang), _end(lang)

        # Letterhead.
        pdf.set_text_color(*GREEN_DARK)
        _centered(pdf, organization, size=13, minimum=10, style="B", max_lines=2)
        pdf.set_text_color(*MUTED)
        _centered(pdf, directorate, size=10)
        _centered(pdf, _("Rabat, Kingdom of Morocco"), size=9)
        pdf.ln(2)
        pdf.set_draw_color(*GREEN)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(8)

        def text(value: str, *, size: float = 11, style: str = "", align: str | None = None,
                 after: float = 4) -> None:
            pdf.set_font(FONT, style, size)
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(0, size * 1.55 * MM_PER_PT, value, align=align or start,
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(after)

        # Reference at the start of the line, place and date at its end.
        pdf.set_text_color(*TEXT)
        pdf.set_font(FONT, "", 10.5)
        line_y = pdf.get_y()
        pdf.multi_cell(0, 6, _("Ref.: %(reference)s", reference=_isolate(content.reference)),
                       align=start, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(line_y)
        pdf.multi_cell(0, 6, _("Rabat, %(date)s", date=_isolate(content.issued_on)),
                       align=end, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)

        text(_("To the Embassy or Consulate concerned"), style="B", after=6)
        text(_("Subject: Invitation to “%(edition)s”", edition=_isolate(content.edition_title)),
             style="B", after=6)
        text(_("Sir or Madam,"))

        values = {
            "name": _isolate(content.passport_name),
            "nationality": _isolate(content.nationality),
            "passport_number": _isolate(content.passport_number),
            "passport_expiry": _isolate(content.passport_expiry),
            "edition": _isolate(content.edition_title),
            "venue": _isolate(content.venue),
            "dates": _isolate(content.edition_dates),
        }
        category = _isolate(content.participant_type)
        body = [
            _("The Islamic World Educational, Scientific and Cultural Organization (ISESCO) has the "
              "honour to invite %(name)s (nationality: %(nationality)s; passport No. "
              "%(passport_number)s, valid until %(passport_expiry)s) to attend “%(edition)s”, to be "
              "held at %(venue)s on %(dates)s.", **values),
            _("The participant is registered in the category “%(participant_type)s” and will "
              "represent %(organization)s.", participant_type=category,
              organization=_isolate(content.organization))
            if content.organization else
            _("The participant is registered in the category “%(participant_type)s”.",
              participant_type=category),
            _("This letter is issued solely to support the participant's visa application for the "
              "purpose of attending the forum. ISESCO does not cover travel, accommodation, "
              "subsistence or any other costs related to this participation, unless otherwise agreed "
              "in writing."),
            _("ISESCO would be grateful for any assistance you may extend to the above-named "
              "participant in obtaining the necessary visa. The authenticity of this letter may be "
              "confirmed with ISESCO by quoting its reference %(reference)s.",
              reference=_isolate(content.reference)),
            _("Please accept, Sir or Madam, the assurances of our highest consideration."),
        ]
        for paragraph in body:
            text(paragraph, align="J")

        pdf.ln(8)
        text(directorate, style="B", align=end, after=1)
        text(organization, size=10, align=end, after=0)
        return bytes(pdf.output())
