"""Files the portal hands out: any document (`download`), and tables as CSV (UTF-8 with a
byte-order mark, so spreadsheet programs read Arabic right) and XLSX from the same header and rows."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable, Sequence

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body: bytes, mimetype: str, filename: str, inline: bool = False) -> Response:
    """`inline` lets the browser show it (a PDF) rather than save it. A text type gets
    `; charset=utf-8` added here: `mimetype` names the type alone."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value):
    """What a user typed stays text when the file is opened in a spreadsheet: a leading quote
    is how spreadsheets mark a cell as text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence], byte_order_mark: bool = True) -> Response:
    """`byte_order_mark=False` for files meant for programs as much as for people (HXL): a
    program reads UTF-8 without it, while a spreadsheet program needs it to read Arabic right.
    Either way a text cell that a spreadsheet would run as a formula starts with a quote."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_spreadsheet_safe(value.value if isinstance(value, Formatted) else value) for value in row]
                     for row in rows)
    return download((("\ufeff" if byte_order_mark else "") + buffer.getvalue()).encode("utf-8"), "text/csv", filename)


@dataclass(frozen=True)
class Formatted:
    """A number written with a spreadsheet number format of its own (a share as "0%")."""

    value: Decimal | float | int
    number_format: str


# Numbers and dates stay numbers and dates in a workbook, each shown in a readable format.
NUMBER_FORMATS = ((datetime, "yyyy-mm-dd hh:mm"), (date, "yyyy-mm-dd"), (Decimal, "#,##0.00"))


def _cell(sheet, value):
    """Text stays text: openpyxl would make a formula of a string starting with "=", and a
    spreadsheet would run what a user typed as a name or a title."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    if isinstance(value, Formatted):
        cell = WriteOnlyCell(sheet, value.value)
        cell.number_format = value.number_format
        return cell
    for kind, number_format in NUMBER_FORMATS:
        if isinstance(value, kind):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = number_format
            return cell
    return value


def xlsx_download(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence], right_to_left: bool = False) -> Response:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), XLSX_TYPE, filename)
