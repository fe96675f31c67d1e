"""Geometry of the server-rendered SVG chart: per criterion, peers' average against your own.

Only numbers are computed here; the template `_chart.html` draws them, so every name still
passes through Jinja's escaping.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# Narrow on purpose, labels above the bars: the chart stays legible when a phone scales it down.
WIDTH = 400
LABEL_WIDTH = 0
RIGHT_PAD = 40
ROW_HEIGHT = 62
BAR_HEIGHT = 14
TOP = 24


@dataclass(frozen=True)
class ChartRow:
    """One criterion: its label and the two bars (None when there is no score)."""

    label: str
    peer: float | None
    own: float | None
    y: float
    peer_width: float
    own_width: float


@dataclass(frozen=True)
class Chart:
    """Everything `_chart.html` needs to draw."""

    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    rows: list[ChartRow]
    ticks: list[tuple[int, float]]  # (score, x)
    scale_min: int
    scale_max: int


def score_chart(
    criteria: Sequence[tuple[str, float | None, float | None]], scale_min: int, scale_max: int
) -> Chart:
    """A bar chart of (criterion name, peer average, own score) on the evaluation's scale."""
    plot_width = WIDTH - LABEL_WIDTH - RIGHT_PAD
    span = max(scale_max - scale_min, 1)

    def width(value: float | None) -> float:
        if value is None:
            return 0.0
        # Bars start at the scale's lowest score minus one step so the lowest score still shows.
        clamped = min(max(value, scale_min), scale_max)
        return round((clamped - scale_min + 1) / (span + 1) * plot_width, 1)

    rows = [
        ChartRow(
            label=name,
            peer=peer,
            own=own,
            y=TOP + i * ROW_HEIGHT,
            peer_width=width(peer),
            own_width=width(own),
        )
        for i, (name, peer, own) in enumerate(criteria)
    ]
    ticks = [
        (score, LABEL_WIDTH + (score - scale_min + 1) / (span + 1) * plot_width)
        for score in range(scale_min, scale_max + 1)
    ]
    return Chart(
        width=WIDTH,
        height=TOP + len(rows) * ROW_HEIGHT + 8,
        label_width=LABEL_WIDTH,
        plot_width=plot_width,
        bar_height=BAR_HEIGHT,
        rows=rows,
        ticks=ticks,
        scale_min=scale_min,
        scale_max=scale_max,
    )
