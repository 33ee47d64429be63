"""Reports made of titled tables (the officers' activity reports): one list of sections, written
as a page, a PDF (Arabic shaped, right to left) and a spreadsheet, so the three show the same figures.

A cell is text, a count (int) or an amount in US dollars (`Usd`): the page and the PDF write counts
and amounts with Babel in the reader's language, the spreadsheet keeps them as numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from flask_babel import format_decimal
from flask_babel import gettext as _

from portal.core.exports import xlsx_download
from portal.core.money import USD, format_money
from portal.core.pdf import FONT, GREEN_DARK, MM_PER_PT, MUTED, TEXT, is_rtl, line_start, new_pdf


@dataclass(frozen=True)
class Usd:
    amount: Decimal


Cell = Union[str, int, Usd]


def cell_text(cell: Cell) -> str:
    if isinstance(cell, Usd):
        return format_money(cell.amount, USD)
    if isinstance(cell, int):
        return format_decimal(cell)
    return str(cell)


def cell_number(cell: Cell) -> float | None:
    """A count or amount as a number (for a chart's bar); None for text."""
    if isinstance(cell, Usd):
        return float(cell.amount)
    if isinstance(cell, int):
        return float(cell)
    return None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[Cell]]
    note: str = ""

    @property
    def text_rows(self) -> list[list[str]]:
        return [[cell_text(cell) for cell in row] for row in self.rows]


MARGIN = 16


def sections_pdf(lang: str, title: str, period: str, lines: list[str], sections: list[Section], footer: str) -> bytes:
    """The sections on A4 in lang (call it under force_locale(lang)), Arabic laid out right to left:
    the title, the period, muted `lines` under it, each section as a table, then `footer`."""
    pdf = new_pdf(lang, "A4", title, period)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_page()
    start = line_start(lang)
    rtl = is_rtl(lang)

    def line(text: str, size: float, style: str = "", color=TEXT, after: float = 1):
        pdf.set_text_color(*color)
        pdf.set_font(FONT, style, size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, size * 1.5 * MM_PER_PT, text, align=start, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    line(_("ISESCO cooperation portal"), 9, color=MUTED)
    line(title, 15, "B", color=GREEN_DARK, after=2)
    line(period, 11, "B")
    for index, text in enumerate(lines):
        line(text, 10 if index == 0 else 9, color=MUTED, after=5 if index == len(lines) - 1 else 1)

    for section in sections:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        line(section.title, 12, "B", color=GREEN_DARK, after=1)
        if section.note:
            line(section.note, 8.5, color=MUTED, after=1)
        columns = len(section.header)
        first = 0.44 if columns > 3 else (0.6 if columns == 3 else 0.7)
        widths = [pdf.epw * first] + [pdf.epw * (1 - first) / (columns - 1)] * (columns - 1)
        alignments = ["RIGHT" if rtl else "LEFT"] + [("LEFT" if rtl else "RIGHT")] * (columns - 1)
        order = list(range(columns))
        if rtl:
            # The table reads from the right: its first column is drawn last.
            order.reverse()
        pdf.set_font(FONT, "", 8.5 if columns > 3 else 10)
        pdf.set_text_color(*TEXT)
        with pdf.table(col_widths=[widths[i] for i in order], text_align=[alignments[i] for i in order],
                       line_height=5.5, first_row_as_headings=True, borders_layout="HORIZONTAL_LINES") as table:
            for cells in [section.header, *section.text_rows]:
                row = table.row()
                for index in order:
                    row.cell(cells[index])
        pdf.ln(5)
    line(footer, 8, color=MUTED)
    return bytes(pdf.output())


def _spreadsheet_value(cell: Cell):
    return cell.amount if isinstance(cell, Usd) else cell


def sections_xlsx(filename: str, title: str, period: str, sections: list[Section], lang: str):
    """One sheet: the title and period, then each section's title, header and rows, a blank row between."""
    rows: list[list] = [[period], []]
    for section in sections:
        rows.append([section.title])
        rows.append(list(section.header))
        rows.extend([_spreadsheet_value(cell) for cell in row] for row in section.rows)
        rows.append([])
    return xlsx_download(filename, title, [title], rows, right_to_left=is_rtl(lang))
