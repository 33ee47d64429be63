"""Reports made of titled tables (the officers' activity reports): one list of sections, written
as a page, a PDF (Arabic shaped, right to left) and a spreadsheet, so the three show the same figures.

A cell is text, a count (int), a figure (Decimal), an amount in US dollars (`Usd`), a share
(`Percent`) or a date: the page and the PDF write them with Babel in the reader's language, the
spreadsheet keeps them as numbers and dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Union

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from portal.core.exports import Formatted, xlsx_download
from portal.core.money import USD, format_money
from portal.core.pdf import (
    FONT, GREEN, GREEN_DARK, MM_PER_PT, MUTED, SAND, TEXT, WHITE, is_rtl, line_start, new_pdf,
)
from portal.dashboard.charts import LABEL_WIDTH, Chart


@dataclass(frozen=True)
class Usd:
    amount: Decimal


@dataclass(frozen=True)
class Percent:
    value: Decimal  # 50 for 50%


Cell = Union[str, int, Decimal, Usd, Percent, date]


def cell_text(cell: Cell) -> str:
    if isinstance(cell, Usd):
        return format_money(cell.amount, USD)
    if isinstance(cell, Percent):
        return f"{format_decimal(cell.value)}%"
    if isinstance(cell, date):
        return format_date(cell, "medium")
    if isinstance(cell, (int, Decimal)):
        return format_decimal(cell)
    return str(cell)


def cell_number(cell: Cell) -> float | None:
    """A count or amount as a number (for a chart's bar); None for text."""
    if isinstance(cell, Usd):
        return float(cell.amount)
    if isinstance(cell, (int, Decimal)):
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
FOOTER_SPACE = 12  # below the text: the page number's line
BAR_HEIGHT_MM = 4.5
LETTERHEAD_HEIGHT = 34
ORGANIZATION = "ISESCO"


def _column_widths(pdf, rows: list[list[str]], width: float) -> list[float]:
    """Widths for `rows` (the header first) filling `width`, as a browser lays out an automatic
    table: no column narrower than its longest word (an amount with its currency is one word,
    its spaces are non-breaking), the rest of the room shared out as the columns' full texts ask."""
    padding = 2 * pdf.c_margin + 1
    columns = len(rows[0])
    least, most = [padding] * columns, [padding] * columns
    for position, cells in enumerate(rows):
        pdf.set_font(FONT, "B" if position == 0 else "", pdf.font_size_pt)
        for index, text in enumerate(cells):
            words = [pdf.get_string_width(word) for word in text.split(" ") if word]
            least[index] = max(least[index], max(words, default=0) + padding)
            most[index] = max(most[index], pdf.get_string_width(text) + padding)
    pdf.set_font(FONT, "", pdf.font_size_pt)
    room = width - sum(least)
    if room <= 0:
        return [width * share / sum(least) for share in least]
    wanted = [full - short for full, short in zip(most, least)]
    if sum(wanted) <= room:
        # Everything fits on one line: the spare room goes to the first (label) column.
        return [least[0] + wanted[0] + room - sum(wanted), *[least[i] + wanted[i] for i in range(1, columns)]]
    return [short + room * want / sum(wanted) for short, want in zip(least, wanted)]


class _ReportPdf:
    """One report being written: its lines, tables and charts, in the reader's direction."""

    def __init__(self, lang: str, title: str, period: str):
        self.pdf = new_pdf(lang, "A4", title, period)
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, margin=MARGIN + FOOTER_SPACE)
        self.rtl = is_rtl(lang)
        self.start = line_start(lang)

    def line(self, text: str, size: float, style: str = "", color=TEXT, after: float = 1, align: str | None = None):
        pdf = self.pdf
        pdf.set_text_color(*color)
        pdf.set_font(FONT, style, size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, size * 1.5 * MM_PER_PT, text, align=align or self.start, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    def room_for(self, height: float) -> None:
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def title_page(self, title: str, period: str, lines: list[str]) -> None:
        """A letterhead band with the organization and the portal, then the title, the period and
        `lines` (the date of issue) in the upper third of an otherwise empty page."""
        pdf = self.pdf
        pdf.add_page()
        pdf.set_fill_color(*GREEN)
        pdf.rect(0, 0, pdf.w, LETTERHEAD_HEIGHT, style="F")
        pdf.set_y(10)
        self.line(ORGANIZATION, 20, "B", color=WHITE, after=0)
        self.line(_("ISESCO cooperation portal"), 11, color=WHITE)
        pdf.set_y(pdf.h * 0.3)
        self.line(title, 24, "B", color=GREEN_DARK, after=6)
        self.line(period, 14, "B", after=4)
        for text in lines:
            self.line(text, 11, color=MUTED)

    def summary(self, figures: list[tuple[str, str]]) -> None:
        """The key figures as tiles, three to a row, read from the line's start."""
        if not figures:
            return
        pdf = self.pdf
        pdf.add_page()
        self.line(_("Summary"), 16, "B", color=GREEN_DARK, after=3)
        per_row, gap, height = 3, 4, 24
        width = (pdf.epw - gap * (per_row - 1)) / per_row
        for first in range(0, len(figures), per_row):
            self.room_for(height + gap)
            top = pdf.get_y()
            for position, (label, value) in enumerate(figures[first:first + per_row]):
                offset = position * (width + gap)
                x = pdf.l_margin + pdf.epw - width - offset if self.rtl else pdf.l_margin + offset
                pdf.set_fill_color(*SAND)
                pdf.rect(x, top, width, height, style="F")
                pdf.set_xy(x + 2, top + 2)
                pdf.set_font(FONT, "B", 15)
                pdf.set_text_color(*GREEN_DARK)
                pdf.cell(width - 4, 9, value, align=self.start)
                pdf.set_xy(x + 2, top + 11)
                pdf.set_font(FONT, "", 8.5)
                pdf.set_text_color(*TEXT)
                pdf.multi_cell(width - 4, 4, label, align=self.start)
            pdf.set_y(top + height + gap)
        pdf.ln(2)

    def chart(self, chart: "Chart") -> None:
        """A bar chart with the page's layout (dashboard.charts), scaled to the page's width: the
        positions are those of the page's SVG, mirrored in Arabic the same way."""
        pdf = self.pdf
        scale = pdf.epw / chart.width
        row_height = BAR_HEIGHT_MM + 2.5
        self.room_for(14 + row_height * max(len(chart.bars), 1))
        self.line(chart.title, 11, "B", color=GREEN_DARK, after=1)
        if chart.empty:
            self.line(_("Nothing in this period."), 9, color=MUTED, after=4)
            return
        top = pdf.get_y()
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*TEXT)
        for index, bar in enumerate(chart.bars):
            y = top + index * row_height
            label_width = LABEL_WIDTH * scale - 2
            label_x = pdf.l_margin + bar.label_x * scale
            pdf.set_xy(label_x - label_width if self.rtl else label_x, y)
            pdf.cell(label_width, BAR_HEIGHT_MM, bar.label, align=self.start)
            if bar.width:
                pdf.set_fill_color(*GREEN)
                pdf.rect(pdf.l_margin + bar.bar_x * scale, y, bar.width * scale, BAR_HEIGHT_MM, style="F")
            value_width = pdf.get_string_width(bar.row.shown) + 1
            value_x = pdf.l_margin + bar.value_x * scale
            pdf.set_xy(value_x - value_width if self.rtl else value_x, y)
            pdf.cell(value_width, BAR_HEIGHT_MM, bar.row.shown, align=self.start)
        pdf.set_y(top + row_height * len(chart.bars) + 4)

    def table(self, section: Section) -> None:
        pdf = self.pdf
        self.room_for(40)
        self.line(section.title, 12, "B", color=GREEN_DARK, after=1)
        if section.note:
            self.line(section.note, 8.5, color=MUTED, after=1)
        columns = len(section.header)
        rows = [section.header, *section.text_rows]
        pdf.set_font(FONT, "", 8.5 if columns > 3 else 10)
        widths = _column_widths(pdf, rows, pdf.epw)
        alignments = ["RIGHT" if self.rtl else "LEFT"] + [("LEFT" if self.rtl else "RIGHT")] * (columns - 1)
        order = list(range(columns))
        if self.rtl:
            # The table reads from the right: its first column is drawn last.
            order.reverse()
        pdf.set_text_color(*TEXT)
        pdf.set_fill_color(*WHITE)
        with pdf.table(col_widths=[widths[i] for i in order], text_align=[alignments[i] for i in order],
                       line_height=5.5, first_row_as_headings=True, borders_layout="HORIZONTAL_LINES") as table:
            for cells in rows:
                row = table.row()
                for index in order:
                    row.cell(cells[index])
        pdf.ln(5)

    def page_numbers(self) -> None:
        """"Page 2 of 7" at the foot of every page, once the number of pages is known."""
        pdf = self.pdf
        pages = pdf.pages_count
        pdf.set_auto_page_break(False)
        for number in range(1, pages + 1):
            pdf.page = number
            pdf.set_font(FONT, "", 8)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(pdf.l_margin, pdf.h - MARGIN)
            pdf.cell(pdf.epw, 5, _("Page %(page)s of %(pages)s", page=format_decimal(number),
                                   pages=format_decimal(pages)), align="C")
        pdf.page = pages

    def output(self) -> bytes:
        self.page_numbers()
        return bytes(self.pdf.output())


def sections_pdf(lang: str, title: str, period: str, lines: list[str], sections: list[Section], footer: str,
                 summary: list[tuple[str, Cell]] = (), charts: list["Chart"] = ()) -> bytes:
    """The report on A4 in lang (call it under force_locale(lang)), Arabic laid out right to left:
    a title page (the title, the period and `lines` under it), the `summary` figures and the
    `charts`, each section as a table, then `footer`; every page numbered."""
    document = _ReportPdf(lang, title, period)
    document.title_page(title, period, lines)
    document.summary([(label, cell_text(value)) for label, value in summary])
    if charts:
        if not summary:
            document.pdf.add_page()
        for chart in charts:
            document.chart(chart)
    document.pdf.add_page()
    for section in sections:
        document.table(section)
    document.line(footer, 8, color=MUTED)
    return document.output()


def _spreadsheet_value(cell: Cell):
    """Amounts, counts, shares and dates as numbers and dates."""
    if isinstance(cell, Usd):
        return cell.amount
    if isinstance(cell, Percent):
        return Formatted(cell.value / 100, "0%")
    return cell


def sections_xlsx(filename: str, title: str, period: str, sections: list[Section], lang: str):
    """One sheet: the title and period, then each section's title, header and rows, a blank row between."""
    rows: list[list] = [[period], []]
    for section in sections:
        rows.append([section.title])
        rows.append(list(section.header))
        rows.extend([_spreadsheet_value(cell) for cell in row] for row in section.rows)
        rows.append([])
    return xlsx_download(filename, title, [title], rows, right_to_left=is_rtl(lang))
