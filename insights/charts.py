"""Bar charts and line charts as inline SVG, drawn on the server: no chart service, no JavaScript.

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


# Line charts: days (or weeks) along the x axis. Colours tell the lines apart with at least 3:1
# contrast against white, and each line also has its own dash pattern, for readers who cannot
# tell the colours apart.
LINE_STYLES = [
    ("#00676a", ""),
    ("#8a4b00", "6 4"),
    ("#5a3d99", "2 3"),
    ("#a4000f", "8 3 2 3"),
    ("#1f1f1f", "1 2"),
]
SERIES_WIDTH, SERIES_HEIGHT = 640, 260
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 48, 12, 12, 36


@dataclass
class Line:
    name: str
    colour: str
    dash: str
    points: str  # the SVG polyline's points
    total: int | float


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class GridLine:
    y: float
    label: str


@dataclass
class SeriesChart:
    title: str
    description: str
    lines: list[Line]
    ticks: list[Tick]
    grid: list[GridLine]
    width: int = SERIES_WIDTH
    height: int = SERIES_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = SERIES_WIDTH - PLOT_RIGHT
    plot_bottom: int = SERIES_HEIGHT - PLOT_BOTTOM


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ at or above `value` (the top of the y axis)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _label(value) -> str:
    if hasattr(value, "strftime"):
        return f"{value.day}/{value.month}"
    return str(value)


def series(table) -> SeriesChart:
    spec = table.series
    rows = table.rows
    top = _nice_ceiling(
        max((row.get(key) or 0 for row in rows for key, _ in spec.lines), default=0)
    )
    plot_width = SERIES_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = SERIES_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    step = plot_width / max(len(rows) - 1, 1)

    def x(index: int) -> float:
        return round(PLOT_LEFT + index * step, 1)

    def y(value) -> float:
        return round(PLOT_TOP + plot_height * (1 - (value or 0) / top), 1)

    lines = [
        Line(
            name=name,
            colour=LINE_STYLES[index % len(LINE_STYLES)][0],
            dash=LINE_STYLES[index % len(LINE_STYLES)][1],
            points=" ".join(f"{x(i)},{y(row.get(key))}" for i, row in enumerate(rows)),
            total=sum(row.get(key) or 0 for row in rows),
        )
        for index, (key, name) in enumerate(spec.lines)
    ]
    # About six labels along the x axis, always the first and the last.
    every = max(1, round(len(rows) / 6))
    ticks = [
        Tick(x(i), _label(row[spec.label_key]))
        for i, row in enumerate(rows)
        if i % every == 0 or i == len(rows) - 1
    ]
    grid = [GridLine(y(top * part / 4), f"{top * part / 4:g}") for part in range(5)]
    unit = f" {spec.unit}" if spec.unit else ""
    if rows:
        first, last = _label(rows[0][spec.label_key]), _label(rows[-1][spec.label_key])
        main_key = spec.lines[0][0]
        values = [row.get(main_key) or 0 for row in rows]
        busiest = rows[values.index(max(values))][spec.label_key]
        description = (
            f"{spec.lines[0][1]} från {first} till {last}: {sum(values)}{unit}, flest "
            f"{max(values)} den {_label(busiest)}, minst {min(values)}."
        )
    else:
        description = "Inga värden."
    return SeriesChart(spec.title, description, lines, ticks, grid)
