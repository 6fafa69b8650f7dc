"""The results as charts: horizontal grouped bars on a 0–100 axis, one row per area (or
per year) and one bar per shown group.

Drawn on the server twice from the same ``BarChart``: as SVG for the pages (``svg``: no
script, ``role="img"`` with a title and a description; each group has its own pattern and
every bar is labelled with the group and the value, so colour is never the only cue) and as
PNG with Pillow for the DOCX and PDF reports (``png``), which cannot embed SVG. Only shown
groups are drawn: a hidden group has no figure to draw (``results.GroupResult``). Each
chart stands next to a table of the same data on the page.
"""

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from markupsafe import Markup
from PIL import Image, ImageDraw, ImageFont

from consult.research.results import Results, in_language, shown

# Colours with 4.5:1 contrast on white, and patterns that tell the series apart without them.
COLOURS = ("#1f5f99", "#9a4a00", "#2b6b3a", "#6b3f8f", "#8a1c3c")
PATTERNS = ("solid", "stripes", "dots", "cross", "grid")
FONT_PATH = Path(__file__).parent.parent / "events" / "fonts" / "DejaVuSans.ttf"

# The geometry, in SVG units (pixels of the PNG at SCALE 1): narrow enough to stay legible
# on a 320 px phone, where the SVG is shrunk to the screen's width.
WIDTH = 400
AXIS_LEFT, AXIS_WIDTH = 8, 350  # 0–100; the value is written after the bar
BAR, GAP, ROW_GAP, LINE = 16, 4, 12, 18


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    series: list[str]  # the groups' names
    rows: list[tuple[str, list[float | None]]]  # a label and a value per series


def area_chart(results: Results) -> BarChart | None:
    """Areas × shown groups, with the overall index as the last row; None with no shown
    group."""
    visible = results.visible
    if not visible:
        return None
    rows = [(in_language(area.title_pl, area.title_en),
             [group.areas.get(area.id) for group in visible]) for area in results.areas]
    rows.append((_("Overall index"), [group.overall for group in visible]))
    return BarChart(
        title=_("The index by area and respondent group"),
        description=_("Horizontal bars from 0 to 100, one row per area and one bar per "
                      "group; the same figures are in the table below the chart."),
        series=[group.name for group in visible], rows=rows)


def years_chart(history: list[Results]) -> BarChart | None:
    """The overall index year by year, one bar per group (matched by the group's key) and
    one for all groups; None with fewer than two years."""
    if len(history) < 2:
        return None
    keys, names = [], []
    for results in history:
        for group in results.visible:
            if group.group.key not in keys:
                keys.append(group.group.key)
                names.append(group.name)
    rows = []
    for results in history:
        by_key = {group.group.key: group.overall for group in results.visible}
        rows.append((str(results.diagnosis.year),
                     [results.overall, *(by_key.get(key) for key in keys)]))
    return BarChart(
        title=_("The overall index year by year"),
        description=_("Horizontal bars from 0 to 100, one row per year: all groups together "
                      "and each group; the same figures are in the table below the chart."),
        series=[_("All groups"), *names], rows=rows)


@dataclass(frozen=True)
class Shape:
    """One thing drawn: "text", "line", "bar" (of ``series``) or its legend "swatch"."""

    kind: str
    x: float
    y: float
    width: float = 0
    height: float = 0
    text: str = ""
    series: int = 0
    anchor: str = "start"
    size: int = 14


def _wrapped(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def layout(chart: BarChart) -> tuple[int, list[Shape]]:
    """The chart's height and shapes: the legend (a swatch of each group's pattern and its
    name), the 0–100 axis, and for each row its label above one bar per group with the
    value after it."""
    shapes, y = [], 0
    for index, name in enumerate(chart.series):
        shapes.append(Shape("swatch", 0, y + 2, 18, 14, series=index))
        for number, line in enumerate(_wrapped(name, 42)):
            shapes.append(Shape("text", 24, y + 14, text=line))
            y += LINE if number else 0
        y += LINE + 2
    y += 10
    for tick in range(0, 101, 25):
        shapes.append(Shape("text", AXIS_LEFT + AXIS_WIDTH * tick / 100, y + 12, text=str(tick),
                            anchor="middle", size=13))
    axis_top, y = y + 16, y + 22
    for label, values in chart.rows:
        for line in _wrapped(label, 44):
            shapes.append(Shape("text", 0, y + 14, text=line, size=15))
            y += LINE
        y += 2
        for index, value in enumerate(values):
            width = AXIS_WIDTH * (value or 0) / 100
            shapes.append(Shape("bar", AXIS_LEFT, y, width, BAR, series=index))
            shapes.append(Shape("text", AXIS_LEFT + width + 4, y + 13,
                                text=shown(value) if value is not None else _("no answers")))
            y += BAR + GAP
        y += ROW_GAP
    grid = [Shape("line", AXIS_LEFT + AXIS_WIDTH * tick / 100, axis_top, 0, y - axis_top)
            for tick in range(0, 101, 25)]
    return y, grid + shapes


# ---------------------------------------------------------------------------------- SVG


def _defs(prefix: str) -> str:
    marks = {
        "stripes": '<path d="M0 8 L8 0" stroke="white" stroke-width="2"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="white"/>',
        "cross": '<path d="M0 0 L8 8 M8 0 L0 8" stroke="white" stroke-width="1.4"/>',
        "grid": '<path d="M4 0 V8 M0 4 H8" stroke="white" stroke-width="1.4"/>',
    }
    return "<defs>" + "".join(
        f'<pattern id="{prefix}-p{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{COLOURS[index]}"/>{marks[pattern]}</pattern>'
        for index, pattern in enumerate(PATTERNS) if pattern != "solid") + "</defs>"


def _fill(prefix: str, index: int) -> str:
    index %= len(PATTERNS)
    return COLOURS[index] if PATTERNS[index] == "solid" else f"url(#{prefix}-p{index})"


def _svg_shape(shape: Shape, prefix: str) -> str:
    if shape.kind == "text":
        return (f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" '
                f'text-anchor="{shape.anchor}" fill="#111">{escape(shape.text)}</text>')
    if shape.kind == "line":
        return (f'<line x1="{shape.x:.1f}" y1="{shape.y:.1f}" x2="{shape.x:.1f}" '
                f'y2="{shape.y + shape.height:.1f}" stroke="#aaa" stroke-width="1"/>')
    colour = COLOURS[shape.series % len(COLOURS)]
    return (f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.width:.1f}" '
            f'height="{shape.height:.1f}" fill="{_fill(prefix, shape.series)}" '
            f'stroke="{colour}"/>')


def svg(chart: BarChart, chart_id: str) -> Markup:
    """The chart as inline SVG; ``chart_id`` makes its ids unique on the page."""
    height, shapes = layout(chart)
    body = "".join(_svg_shape(shape, chart_id) for shape in shapes)
    return Markup(  # noqa: S704 - every text is escaped (_svg_shape)
        f'<svg class="research-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>'
        f'{_defs(chart_id)}{body}</svg>')


# ---------------------------------------------------------------------------------- PNG

SCALE = 3  # pixels per SVG unit: sharp on paper


def _hatch(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], pattern: str) -> None:
    x0, y0, x1, y1 = box
    step, size = 8 * SCALE, y1 - y0
    if pattern in ("stripes", "cross"):
        for start in range(x0 - size, x1, step):
            draw.line([(start, y1), (start + size, y0)], fill="white", width=SCALE)
    if pattern == "cross":
        for start in range(x0, x1 + size, step):
            draw.line([(start, y1), (start - size, y0)], fill="white", width=SCALE)
    if pattern == "dots":
        for x in range(x0 + step // 2, x1, step):
            for y in range(y0 + step // 2, y1, step):
                draw.ellipse([x - SCALE * 1.6, y - SCALE * 1.6, x + SCALE * 1.6,
                              y + SCALE * 1.6], fill="white")
    if pattern == "grid":
        for x in range(x0 + step // 2, x1, step):
            draw.line([(x, y0), (x, y1)], fill="white", width=SCALE)
        for y in range(y0 + step // 2, y1, step):
            draw.line([(x0, y), (x1, y)], fill="white", width=SCALE)


def png(chart: BarChart) -> bytes:
    """The same chart as a PNG image for the reports."""
    height, shapes = layout(chart)
    image = Image.new("RGB", (WIDTH * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[int, ImageFont.FreeTypeFont] = {}
    for shape in shapes:
        x, y = round(shape.x * SCALE), round(shape.y * SCALE)
        if shape.kind == "text":
            font = fonts.setdefault(shape.size, ImageFont.truetype(str(FONT_PATH),
                                                                   shape.size * SCALE))
            draw.text((x, y), shape.text, font=font, fill="#111111",
                      anchor="ms" if shape.anchor == "middle" else "ls")
        elif shape.kind == "line":
            draw.line([(x, y), (x, y + round(shape.height * SCALE))], fill="#aaaaaa", width=1)
        elif round(shape.width * SCALE):
            # Drawn apart and pasted, so the pattern's lines stop at the bar's edges.
            size = (round(shape.width * SCALE), round(shape.height * SCALE))
            index = shape.series % len(PATTERNS)
            bar = Image.new("RGB", size, COLOURS[index])
            _hatch(ImageDraw.Draw(bar), (0, 0, *size), PATTERNS[index])
            image.paste(bar, (x, y))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
