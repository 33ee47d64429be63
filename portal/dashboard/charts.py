"""Horizontal bar charts drawn on the server as SVG (templates/dashboard/_chart.html).

Every position is computed here, for the page's direction: in Arabic the labels sit on the right
and the bars grow from the right towards the left. Positions are SVG attributes, which the
Content-Security-Policy allows where inline styles are not; colours come from classes in
static/css/portal.css.
"""
from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 150
BAR_SPACE = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW_HEIGHT = 30
BAR_HEIGHT = 18
GAP = 6
LABEL_CHARS = 26


@dataclass(frozen=True)
class Row:
    """One figure: its label, its value (for the bar's length) and the value as written."""

    label: str
    value: float
    shown: str
    css: str = "chart-bar"
    key: str = ""


@dataclass(frozen=True)
class Bar:
    row: Row
    label: str  # shortened to fit; the full label is in the table and in a <title>
    label_x: float
    bar_x: float
    width: float
    value_x: float
    y: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    label_header: str
    value_header: str
    bars: list[Bar]
    direction: str
    width: int = WIDTH

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + GAP

    @property
    def empty(self) -> bool:
        return not self.bars or all(bar.row.value == 0 for bar in self.bars)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(key: str, title: str, label_header: str, value_header: str, rows: list[Row], direction: str) -> Chart:
    """Bars for rows, lengths proportional to the largest value, laid out for `direction`."""
    largest = max((row.value for row in rows), default=0) or 1
    rtl = direction == "rtl"
    bars = []
    for index, row in enumerate(rows):
        width = round(BAR_SPACE * row.value / largest, 1) if row.value > 0 else 0.0
        if row.value > 0:
            width = max(width, 1.0)
        y = GAP + index * ROW_HEIGHT
        if rtl:
            # Text anchored at its start, which in a right-to-left SVG is its right edge.
            label_x, bar_x = WIDTH - GAP, WIDTH - LABEL_WIDTH - width
            value_x = bar_x - GAP
        else:
            label_x, bar_x = GAP, LABEL_WIDTH
            value_x = bar_x + width + GAP
        bars.append(Bar(row, _short(row.label), label_x, round(bar_x, 1), width, round(value_x, 1), y,
                        y + BAR_HEIGHT / 2 + 5))
    return Chart(key, title, label_header, value_header, bars, direction)
