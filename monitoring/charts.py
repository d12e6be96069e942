"""Server-side SVG bar charts: geometry computed here, drawn by templates/monitoring/charts/*.

No JavaScript and no inline styles (CSP): the template only writes <rect>/<text> with
presentation attributes. Every chart is followed on the page by a table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kerjasama.formatting import number, percent

PALETTE = ("#0d6efd", "#198754", "#6f42c1", "#b02a37")  # AA contrast on white


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    fill: str
    text_x: float
    text_y: float
    value_text: str


@dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    label_width: int = 0
    axis_y: float = 0
    empty: bool = False

    @property
    def aria_label(self) -> str:
        if self.empty:
            return f"{self.title}: belum ada data."
        parts = "; ".join(f"{b.label}: {b.value_text}" for b in self.bars)
        return f"{self.title}. {parts}."


def horizontal_bars(
    title: str, items: list[tuple[str, int]], *, colors: list[str] | None = None
) -> Chart:
    """One bar per item, labels on the left (long stage names fit)."""
    row, gap, label_width, plot_width = 26, 6, 330, 400
    height = max(1, len(items)) * (row + gap) + gap
    chart = Chart(title=title, width=label_width + plot_width + 60, height=height)
    chart.label_width = label_width
    top = max((value for _, value in items), default=0)
    chart.empty = top == 0
    for i, (label, value) in enumerate(items):
        y = gap + i * (row + gap)
        width = 0 if not top else plot_width * value / top
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                x=label_width,
                y=y,
                width=round(width, 1),
                height=row,
                fill=(colors[i] if colors else PALETTE[0]),
                text_x=round(label_width + width + 6, 1),
                text_y=y + row * 0.7,
                value_text=number(value),
            )
        )
    return chart


def vertical_bars(title: str, items: list[tuple[str, int]]) -> Chart:
    """Columns with short labels below (months)."""
    col, gap, plot_height, bottom, top_pad = 40, 14, 180, 28, 22
    width = len(items) * (col + gap) + gap
    chart = Chart(title=title, width=width, height=plot_height + bottom + top_pad)
    chart.axis_y = top_pad + plot_height
    top = max((value for _, value in items), default=0)
    chart.empty = top == 0
    for i, (label, value) in enumerate(items):
        x = gap + i * (col + gap)
        height = 0 if not top else plot_height * value / top
        y = top_pad + plot_height - height
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                x=x,
                y=round(y, 1),
                width=col,
                height=round(height, 1),
                fill=PALETTE[0],
                text_x=x + col / 2,
                text_y=round(y - 5, 1),
                value_text=number(value),
            )
        )
    return chart


@dataclass
class Tick:
    value: int
    y: float
    text: str


@dataclass
class PercentChart(Chart):
    """Columns of percentages on a 0..max axis with ticks and an optional target line."""

    left: int = 0
    right: int = 0
    ticks: list[Tick] = field(default_factory=list)
    target: float | None = None
    target_y: float | None = None
    target_text: str = ""
    target_label_y: float | None = None
    tick_x: int = 0
    name_y: float = 0


def percent_bars(
    title: str, items: list[tuple[str, float | None]], *, target: float | None = None
) -> PercentChart:
    """Percent columns (IKU per group) with a dashed target line: the dashboard and the PDFs."""
    width, height, left, bottom, top = 480, 200, 40, 30, 12
    plot_h = height - bottom - top
    values = [float(v) for _, v in items if v is not None]
    scale_max = max([100.0, *values, float(target or 0)])
    slot = (width - left - 10) / max(1, len(items))
    chart = PercentChart(
        title=title, width=width, height=height, left=left, right=width - 10, tick_x=left - 4
    )
    chart.axis_y = top + plot_h
    chart.name_y = top + plot_h + 14
    chart.empty = not values
    for i, (label, value) in enumerate(items):
        h = plot_h * float(value or 0) / scale_max
        x = left + i * slot + slot * 0.2
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x, 1),
                y=round(top + plot_h - h, 1),
                width=round(slot * 0.6, 1),
                height=round(h, 1),
                fill=PALETTE[0],
                text_x=round(left + i * slot + slot / 2, 1),
                text_y=round(top + plot_h - h - 3, 1),
                value_text=percent(value) if value is not None else "belum ada data",
            )
        )
    chart.ticks = [
        Tick(value=v, y=round(top + plot_h - plot_h * v / scale_max, 1), text=f"{v}%")
        for v in range(0, int(scale_max) + 1, 25)
    ]
    if target:
        chart.target = float(target)
        chart.target_y = round(top + plot_h - plot_h * float(target) / scale_max, 1)
        chart.target_label_y = chart.target_y - 3
        chart.target_text = f"target {percent(target)}"
    return chart
