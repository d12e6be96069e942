"""Server-side SVG bar charts: geometry computed here, drawn by templates/monitoring/charts/*.

No JavaScript and no inline styles (CSP): the template only writes <rect>/<text> with
presentation attributes. Every chart is followed on the page by a table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kerjasama.formatting import number

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
