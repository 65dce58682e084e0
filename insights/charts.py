"""Horizontal bar charts as inline SVG, drawn on the server: no chart service, no JavaScript.

The SVG is labelled as an image with a title and a description; the table beside it holds the
same numbers, so nothing is only in the picture.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 20
GAP = 8
LABEL_CHARACTERS = 32


@dataclass
class Bar:
    label: str
    short_label: str
    value: int | float
    width: float
    y: int


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = WIDTH

    @property
    def value_x_offset(self) -> int:
        return self.label_width + 6


def bars(table) -> BarChart:
    chart = table.chart
    rows = table.chart_rows if table.chart_rows is not None else table.rows
    values = [(str(row[chart.label_key]), row[chart.value_key] or 0) for row in rows]
    largest = max((value for _, value in values), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    drawn = [
        Bar(
            label=label,
            short_label=label
            if len(label) <= LABEL_CHARACTERS
            else label[: LABEL_CHARACTERS - 1] + "…",
            value=value,
            width=round(room * value / largest, 1),
            y=index * (BAR_HEIGHT + GAP),
        )
        for index, (label, value) in enumerate(values)
    ]
    unit = f" {chart.unit}" if chart.unit else ""
    description = "; ".join(f"{bar.label}: {bar.value}{unit}" for bar in drawn) or "Inga värden."
    return BarChart(chart.title, description, drawn, max(len(drawn), 1) * (BAR_HEIGHT + GAP))
