"""A small SVG chart writer for the report: horizontal bars (counts by category) and stacked columns (a
series over days). Inline SVG, no script, no fonts to fetch: the page shows the same offline, in print and in
a headless browser. Every bar has a <title> with its exact value."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

__all__ = ["bar_chart", "column_chart", "PALETTE", "nice_max"]

# Colour-blind-safe (Okabe-Ito, then darker shades), in legend order
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#7f7f7f",
    "#8c564b",
]
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


def _number(value: float) -> str:
    return f"{value:,.0f}"


def nice_max(value: float, ticks: int = 4) -> tuple[float, float]:
    """An axis for values up to VALUE: (top, step), the step 1, 2 or 5 times a power of ten (at least 1, as
    counts are whole), the top a multiple of it, with at most TICKS steps."""
    if value <= 0:
        return float(ticks), 1.0
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    return step * math.ceil(value / step), step


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, fill: str = "#333") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" {_FONT}>'
        f"{escape(text)}</text>"
    )


def bar_chart(
    items: dict[str, int], *, width: int = 440, fmt: Callable[[float], str] = _number, label: str = ""
) -> str:
    """Horizontal bars, one per item, largest first as given; the value written at the end of each bar."""
    if not items:
        return '<p class="empty">Nothing to show.</p>'
    bar, gap, left, right = 20, 6, 150, 70
    height = len(items) * (bar + gap) + gap
    top = max(items.values()) or 1
    scale = (width - left - right) / top
    parts = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
    ]
    for n, (name, value) in enumerate(items.items()):
        y = gap + n * (bar + gap)
        w = max(value * scale, 1 if value else 0)
        parts.append(_text(left - 8, y + bar * 0.72, _clip(name, 22), anchor="end"))
        parts.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{PALETTE[0]}" rx="2">'
            f"<title>{escape(name)}: {escape(fmt(value))}</title></rect>"
        )
        parts.append(_text(left + w + 6, y + bar * 0.72, fmt(value)))
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    columns: dict[str, dict[str, float]],
    *,
    width: int = 900,
    height: int = 280,
    fmt: Callable[[float], str] = _number,
    label: str = "",
) -> str:
    """Stacked columns: COLUMNS maps an x label (a day) to {series: value}; a legend names the series."""
    if not columns:
        return '<p class="empty">Nothing to show.</p>'
    series = sorted({name for values in columns.values() for name in values})
    colours = {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(series)}
    left, right, top_pad, bottom = 70, 10, 10, 50
    legend_rows = math.ceil(len(series) / 5) if len(series) > 1 else 0
    total_height = height + legend_rows * 18
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top, tick_step = nice_max(max((sum(v.values()) for v in columns.values()), default=0))
    step = plot_w / len(columns)
    bar_w = min(max(step * 0.8, 1), 48)
    parts = [
        f'<svg width="{width}" height="{total_height}" '
        f'viewBox="0 0 {width} {total_height}" role="img" aria-label="{escape(label)}">'
    ]
    for tick in range(round(top / tick_step) + 1):
        value = tick * tick_step
        y = top_pad + plot_h - plot_h * value / top
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(_text(left - 6, y + 4, fmt(value), anchor="end", size=11))
    every = max(1, math.ceil(len(columns) / 12))  # at most a dozen x labels
    for n, (x_label, values) in enumerate(columns.items()):
        x = left + n * step + (step - bar_w) / 2
        y = top_pad + plot_h
        for name in series:
            value = values.get(name, 0)
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colours[name]}">'
                f"<title>{escape(x_label)} {escape(name)}: {escape(fmt(value))}</title></rect>"
            )
        if n % every == 0:
            parts.append(_text(x + bar_w / 2, top_pad + plot_h + 16, x_label, anchor="middle", size=11))
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" stroke="#888"/>'
    )
    if legend_rows:
        for n, name in enumerate(series):
            x = left + (n % 5) * 160
            y = height + (n // 5) * 18 - 14
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colours[name]}"/>')
            parts.append(_text(x + 18, y + 10, _clip(name, 20), size=12))
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
