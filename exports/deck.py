"""The decks (F4, PowerPoint): a management briefing from a team view, and a workshop's deck.

Both are written only from what the viewer may see: a suppressed ``TeamView`` (hidden groups
carry no number there, so none can reach a slide) and a workshop ``Board`` (notes only once
revealed, vote counts only once voting has ended). The team view's distributions, trend, team
board, comparison and the workshop's votes are native PowerPoint charts, editable in PowerPoint
and LibreOffice Impress, in the screen's colours; colour is never the only cue (N6): every series
is named with the light's symbol and word, and every data label carries the symbol too. Every
chart has alt text and every slide speaker notes that explain it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from exports.safe import clean, safe_value
from model import i18n
from model.charts import grid_frame
from model.framework import Framework, default_framework
from model.teamview import LIGHTS, OVER_UNDER_PP, TeamView, clear_differences, participation
from model.workshops import Board, question_label

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.35)
BODY_HEIGHT = Inches(5.55)
INK = RGBColor(0x1F, 0x29, 0x37)
MUTED = RGBColor(0x4B, 0x55, 0x63)
GRID = RGBColor(0xD1, 0xD5, 0xDB)
HIDDEN = RGBColor(0xE0, 0xE0, 0xE0)
NEUTRAL = RGBColor(0x37, 0x47, 0x4F)  # votes and obstacle points: counts, not lights
LABEL_MIN_SHARE = 0.06  # a narrower segment gets no label: it would sit on its neighbours
SMALL_LABEL_MIN_SHARE = 0.12  # the same in the small charts of the trend and the teams
TABLE_ROWS = 10  # rows of a table on one slide (more continue on the next)
FEW_TEAMS = 5  # up to this many teams, every field's team chart fits on one slide
CHART_TEAMS = 12  # bars in one team chart at most
CARD_TEXT_MAX = 260  # an action's field on its card; the speaker notes have all of it


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _luminance(colour: RGBColor) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_on(fill: RGBColor) -> RGBColor:
    """Black or white, whichever contrasts more with ``fill`` (white on red and green, black
    on yellow: white on the screen's yellow would be 1.9:1)."""
    lum = _luminance(fill)
    return (
        RGBColor(0, 0, 0) if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else RGBColor(255, 255, 255)
    )


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def _cells(texts: Sequence[str]) -> list[str]:
    """Chart categories, safe in the chart's embedded workbook: python-pptx writes them with
    xlsxwriter, which turns a text starting with "=" into a live formula (TRUST 20)."""
    return [safe_value(t) for t in texts]


def _short(text: str, limit: int) -> str:
    """A long text cut for a card on a slide (the speaker notes keep it whole)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(share: float) -> str:
    return f"{round(share * 100)} %"


# --- slides ----------------------------------------------------------------------------------


class _Deck:
    """A 16:9 presentation in one language, with the house layout on every slide."""

    def __init__(self, lang: str, framework: Framework, footer: str) -> None:
        self.lang = lang
        self.fw = framework
        self.footer = footer
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self._blank = self.prs.slide_layouts[6]

    def t(self, key: str, **params: Any) -> str:
        return i18n.t(key, self.lang, **params)

    def field(self, key: str) -> str:
        return self.fw.field_label(key, self.lang)

    def light(self, key: str) -> str:
        return self.fw.light_text(key, self.lang)

    def slide(self, title: str, notes: str, subtitle: str = ""):
        slide = self.prs.slides.add_slide(self._blank)
        number = len(self.prs.slides)
        box = self.text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.75), title, 28)
        box.text_frame.paragraphs[0].runs[0].font.bold = True
        box.name = "Title"
        if subtitle:
            self.text(
                slide, MARGIN, Inches(0.95), WIDTH - 2 * MARGIN, Inches(0.4), subtitle, 14, MUTED
            )
        foot = f"{self.footer} · {number}" if number > 1 else self.footer
        self.text(slide, MARGIN, Inches(7.05), WIDTH - 2 * MARGIN, Inches(0.3), foot, 10, MUTED)
        slide.notes_slide.notes_text_frame.text = clean(notes)
        return slide

    def text(
        self,
        slide,
        left,
        top,
        width,
        height,
        text: str | Sequence[str],
        size: int = 16,
        colour: RGBColor = INK,
        *,
        bullets: bool = False,
        space: int = 0,
    ):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        lines = [text] if isinstance(text, str) else list(text)
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = clean(("• " if bullets else "") + line)
            run.font.size = Pt(size)
            run.font.color.rgb = colour
            if space:
                paragraph.space_after = Pt(space)
        return box

    def lines(
        self,
        slide,
        left,
        top,
        width,
        height,
        items: Sequence[tuple[str, str]],
        size: int = 14,
        gap: int = 8,
    ):
        """Pairs of (small heading, text) in one text box: a muted heading over each text."""
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        first = True
        for heading, body in items:
            for part, part_size, colour in ((heading, size - 3, MUTED), (body, size, INK)):
                if not part:
                    continue
                paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
                first = False
                run = paragraph.add_run()
                run.text = clean(part)
                run.font.size = Pt(part_size)
                run.font.color.rgb = colour
                if colour is INK:
                    paragraph.space_after = Pt(gap)
        return box

    # --- native charts -------------------------------------------------------------------

    def chart(self, slide, kind, data: CategoryChartData, box, *, descr: str, size: int = 12):
        left, top, width, height = box
        frame = slide.shapes.add_chart(kind, left, top, width, height, data)
        # Alt text: what a screen reader says, and what PowerPoint's alt-text pane shows.
        frame._element.nvGraphicFramePr.cNvPr.set("descr", clean(descr))
        chart = frame.chart
        chart.font.size = Pt(size)
        chart.font.color.rgb = INK
        return chart

    def light_series(self, chart, *, label_format: str | None, label_size: int = 12) -> None:
        """Colour each series with its light and label it with the light's symbol."""
        plot = chart.plots[0]
        for series, key in zip(plot.series, LIGHTS, strict=True):
            light = self.fw.light(key)
            fill = _rgb(light.colour)
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = fill
            series.format.line.color.rgb = RGBColor(255, 255, 255)
            if label_format is None:
                continue
            labels = series.data_labels
            labels.show_value = True
            labels.number_format = label_format.replace("{symbol}", _quoted(light.symbol + " "))
            labels.number_format_is_linked = False
            labels.font.size = Pt(label_size)
            labels.font.bold = True
            labels.font.color.rgb = _text_on(fill)

    def legend(self, chart, size: int = 12) -> None:
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(size)


def _hide_labels(series, values: Sequence[float | None], minimum: float) -> None:
    """No data label on points narrower than ``minimum`` (or without a value)."""
    dlbls = series._element.find(qn("c:dLbls"))
    if dlbls is None:
        return
    at = 0
    for i, value in enumerate(values):
        if value is None or value < minimum:
            dlbl = etree.SubElement(dlbls, qn("c:dLbl"))
            etree.SubElement(dlbl, qn("c:idx")).set("val", str(i))
            etree.SubElement(dlbl, qn("c:delete")).set("val", "1")
            dlbls.remove(dlbl)
            dlbls.insert(at, dlbl)  # every c:dLbl comes before the series-wide settings
            at += 1


def _every_label(chart) -> None:
    """Name every category: LibreOffice would otherwise skip every other team when crowded."""
    axis = chart.category_axis._element
    skip = axis.find(qn("c:tickLblSkip"))
    if skip is None:
        skip = etree.SubElement(axis, qn("c:tickLblSkip"))
        after = axis.find(qn("c:noMultiLvlLbl"))
        if after is not None:  # the schema's order: tickLblSkip comes before noMultiLvlLbl
            axis.remove(skip)
            after.addprevious(skip)
    skip.set("val", "1")


def _share_chart_data(categories: list[str], shares: dict[str, list[float | None]], deck: _Deck):
    data = CategoryChartData(number_format="0%")
    data.categories = _cells(categories)
    for key in LIGHTS:
        data.add_series(safe_value(deck.light(key)), shares[key])
    return data


def _stacked_shares(
    deck: _Deck,
    slide,
    box,
    categories: list[str],
    shares: dict[str, list[float | None]],
    *,
    descr: str,
    columns: bool = False,
    title: str = "",
    size: int = 12,
    legend: bool = True,
) -> Any:
    kind = XL_CHART_TYPE.COLUMN_STACKED_100 if columns else XL_CHART_TYPE.BAR_STACKED_100
    chart = deck.chart(
        slide, kind, _share_chart_data(categories, shares, deck), box, descr=descr, size=size
    )
    plot = chart.plots[0]
    plot.gap_width = 45
    plot.overlap = 100
    deck.light_series(chart, label_format="{symbol}0%", label_size=size)
    for series, key in zip(plot.series, LIGHTS, strict=True):
        series.data_labels.position = XL_LABEL_POSITION.CENTER
        _hide_labels(series, shares[key], LABEL_MIN_SHARE if size >= 12 else SMALL_LABEL_MIN_SHARE)
    value_axis = chart.value_axis
    value_axis.maximum_scale, value_axis.minimum_scale = 1.0, 0.0
    value_axis.tick_labels.number_format = "0%"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = False
    value_axis.major_unit = 0.25 if size < 12 else 0.1
    value_axis.format.line.color.rgb = GRID
    _every_label(chart)
    if len(categories) > FEW_TEAMS:
        chart.category_axis.tick_labels.font.size = Pt(size - 1)
    if not columns:
        chart.category_axis.reverse_order = True  # the first field on top, as on screen
    chart.category_axis.format.line.color.rgb = GRID
    if title:
        chart.has_title = True
        chart.chart_title.text_frame.text = clean(title)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(size + 2)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    else:
        chart.has_title = False
    if legend:
        deck.legend(chart, size)
    else:
        chart.has_legend = False
    return chart


def _grid_boxes(count: int, *, top=BODY_TOP, height=BODY_HEIGHT, columns: int | None = None):
    columns = columns or (2 if count <= 4 else 4)
    rows = max(1, math.ceil(count / columns))
    gap = Inches(0.2)
    width = (WIDTH - 2 * MARGIN - gap * (columns - 1)) / columns
    cell_height = (height - gap * (rows - 1)) / rows
    return [
        (
            Emu(int(MARGIN + (width + gap) * (i % columns))),
            Emu(int(top + (cell_height + gap) * (i // columns))),
            Emu(int(width)),
            Emu(int(cell_height)),
        )
        for i in range(count)
    ]


def _table(
    deck: _Deck,
    slide,
    box,
    header: list[str],
    rows: list[list[str]],
    *,
    descr: str,
    widths: list[float] | None = None,
    size: int = 13,
    fills: dict[tuple[int, int], RGBColor] | None = None,
):
    left, top, width, height = box
    row_height = Inches(0.45)
    frame = slide.shapes.add_table(
        len(rows) + 1, len(header), left, top, width, Emu(int(row_height * (len(rows) + 1)))
    )
    frame._element.nvGraphicFramePr.cNvPr.set("descr", clean(descr))
    table = frame.table
    if widths:
        total = sum(widths)
        for i, w in enumerate(widths):
            table.columns[i].width = Emu(int(width * w / total))
    fills = fills or {}
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = clean(str(value))
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_left = cell.margin_right = Inches(0.08)
            fill = fills.get((r, c))
            if r == 0:
                fill = fill or INK
            elif fill is None:
                fill = RGBColor(0xF3, 0xF4, 0xF6) if r % 2 == 0 else RGBColor(255, 255, 255)
            cell.fill.solid()
            cell.fill.fore_color.rgb = fill
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = r == 0
                    run.font.color.rgb = _text_on(fill)
    return table


def _wrap_count(text: str, chars_per_line: int) -> int:
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


def _pages(items: list[tuple[str, str]], *, capacity: float, chars_per_line: int) -> list[list]:
    """Split (heading, text) items into columns that fit ``capacity`` points of height (14 pt
    text, an 11 pt heading above each), never splitting one item."""
    pages: list[list] = [[]]
    used = 0.0
    for heading, text in items:
        cost = (14 if heading else 0) + 17.5 * _wrap_count(text, chars_per_line) + 9
        if pages[-1] and used + cost > capacity:
            pages.append([])
            used = 0.0
        pages[-1].append((heading, text))
        used += cost
    return pages


def _text_slides(
    deck: _Deck,
    title: str,
    notes: str,
    items: list[tuple[str, str]],
    *,
    subtitle: str = "",
    empty: str = "",
) -> None:
    """Items in two columns, as many slides as they need (titled "… (2/3)")."""
    if not items:
        slide = deck.slide(title, notes, subtitle)
        deck.text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1), empty, 18, MUTED)
        return
    # Measured in LibreOffice's fallback font, wider than PowerPoint's: it fits both.
    columns = list(_pages(items, capacity=370, chars_per_line=46))
    pages = [columns[i : i + 2] for i in range(0, len(columns), 2)]
    column_width = (WIDTH - 2 * MARGIN - Inches(0.4)) / 2
    for number, page in enumerate(pages, start=1):
        heading = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
        slide = deck.slide(heading, notes, subtitle)
        for i, column in enumerate(page):
            left = Emu(int(MARGIN + (column_width + Inches(0.4)) * i))
            deck.lines(slide, left, BODY_TOP, Emu(int(column_width)), BODY_HEIGHT, column)


# --- the team view's slides -------------------------------------------------------------------


def _title_slide(deck: _Deck, title: str, lines: list[str], notes: str) -> None:
    slide = deck.prs.slides.add_slide(deck._blank)
    band = slide.shapes.add_shape(
        1,
        0,
        0,
        WIDTH,
        Inches(0.35),
    )
    band.fill.solid()
    band.fill.fore_color.rgb = INK
    band.line.fill.background()
    # The three lights as a quiet mark: shape and colour together, as on screen.
    for i, key in enumerate(LIGHTS):
        light = deck.fw.light(key)
        mark = slide.shapes.add_shape(
            {"red": 1, "yellow": 7, "green": 9}[key],
            MARGIN + Inches(0.55) * i,
            Inches(1.6),
            Inches(0.4),
            Inches(0.4),
        )
        mark.fill.solid()
        mark.fill.fore_color.rgb = _rgb(light.colour)
        mark.line.fill.background()
        mark._element.nvSpPr.cNvPr.set("descr", light.label.get(deck.lang))
    box = deck.text(slide, MARGIN, Inches(2.3), WIDTH - 2 * MARGIN, Inches(1.4), title, 36)
    box.text_frame.paragraphs[0].runs[0].font.bold = True
    deck.text(
        slide, MARGIN, Inches(3.9), WIDTH - 2 * MARGIN, Inches(2.8), lines, 18, MUTED, space=6
    )
    slide.notes_slide.notes_text_frame.text = clean(notes)


def _chunks(items: list, size: int) -> list[list]:
    """At most ``size`` items a chunk, the chunks as even as they can be (7 + 6, not 10 + 3)."""
    if not items:
        return [[]]
    size = math.ceil(len(items) / math.ceil(len(items) / size))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _numbered(title: str, number: int, count: int) -> str:
    return title if count == 1 else f"{title} ({number}/{count})"


def _participation_slide(deck: _Deck, view: TeamView) -> None:
    n = view.thresholds.n
    part = participation(view)
    rows: list[tuple[list[str], bool]] = []
    for p in part.itertuples():
        label = p.label if p.cell != "unit" else f"{p.label} ({deck.t('wb.kind.unit').lower()})"
        invited = str(int(p.invited)) if pd.notna(p.invited) else ""
        if p.shown:
            rows.append(([label, invited, str(int(p.respondents)), _pct(float(p.rate))], True))
        else:
            reason = i18n.hidden_reason(p.reason, n, deck.lang)
            rows.append(([label, invited, reason, deck.t("team.hidden")], False))
    unit = part[part["cell"] == "unit"].iloc[0]
    if unit["shown"]:
        said = deck.t(
            "deck.participation_notes",
            respondents=int(unit["respondents"]),
            invited=int(unit["invited"]),
            rate=_pct(float(unit["rate"])),
            n=n,
        )
    else:
        said = deck.t("deck.participation_notes_hidden", invited=int(unit["invited"]), n=n)
    hidden = [p.label for p in part.itertuples() if not p.shown]
    if hidden:
        said += " " + deck.t("deck.hidden_groups", groups=", ".join(hidden), n=n)
    pages = _chunks(rows, TABLE_ROWS)
    for number, page in enumerate(pages, start=1):
        slide = deck.slide(
            _numbered(deck.t("deck.participation"), number, len(pages)),
            said,
            deck.t("deck.participation_sub", n=n),
        )
        fills = {
            (r, c): HIDDEN for r, (_, shown) in enumerate(page, 1) if not shown for c in range(4)
        }
        _table(
            deck,
            slide,
            (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT),
            [
                deck.t("wb.col.group"),
                deck.t("wb.col.invited"),
                deck.t("wb.col.respondents"),
                deck.t("wb.col.rate"),
            ],
            [cells for cells, _ in page],
            descr=deck.t("deck.participation_alt"),
            widths=[3.6, 1.4, 4.4, 2.0],
            size=14 if len(page) < 8 else 12,
            fills=fills,
        )


def _distribution_slide(deck: _Deck, view: TeamView) -> None:
    unit = view.distribution[view.distribution["cell"] == "unit"]
    title = deck.t("deck.distribution")
    if unit.empty:
        row = view.cells[view.cells["cell"] == "unit"].iloc[0]
        reason = i18n.hidden_reason(row["reason"], view.thresholds.n, deck.lang)
        slide = deck.slide(title, deck.t("deck.unit_hidden_notes", reason=reason))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("team.unit_hidden", reason=reason),
            20,
            MUTED,
        )
        return
    shares = _shares(unit, view.fields)
    categories = [deck.field(k) for k in view.fields]
    said = [deck.t("deck.distribution_notes")]
    for i, _key in enumerate(view.fields):
        parts = ", ".join(f"{deck.light(k)} {_pct(shares[k][i] or 0)}" for k in LIGHTS)
        said.append(f"{categories[i]}: {parts}.")
    slide = deck.slide(title, "\n".join(said), deck.t("team.distribution_caption"))
    _stacked_shares(
        deck,
        slide,
        (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT),
        categories,
        shares,
        descr=deck.t("deck.distribution_alt", unit=view.unit_name) + " " + " ".join(said[1:]),
        size=14,
    )


def _shares(frame: pd.DataFrame, fields: list[str]) -> dict[str, list[float | None]]:
    found = {
        (k, light): float(s)
        for k, light, s in zip(frame["field_key"], frame["light"], frame["share"], strict=True)
    }
    return {light: [found.get((k, light), 0.0) for k in fields] for light in LIGHTS}


def _month(day: Any) -> str:
    day = pd.Timestamp(day)
    return f"{day.month}/{day.year % 100:02d}"


def _trend_slide(deck: _Deck, view: TeamView) -> None:
    title = deck.t("deck.trend")
    if view.trend.empty:
        slide = deck.slide(title, deck.t("team.trend_empty"))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("team.trend_empty"),
            20,
            MUTED,
        )
        return
    trend = view.trend
    rounds = trend.drop_duplicates("round_id").sort_values("date")
    categories = [_month(d) for d in rounds["date"]]
    fields = [k for k in view.fields if k in set(trend["field_key"])]
    said = [deck.t("deck.trend_notes", rounds=", ".join(rounds["round"]))]
    slide = deck.slide(title, "", deck.t("deck.trend_sub"))
    boxes = _grid_boxes(len(fields))
    small = len(fields) > 4
    for key, box in zip(fields, boxes, strict=True):
        sub = trend[trend["field_key"] == key]
        found = {
            (r, light): float(s)
            for r, light, s in zip(sub["round_id"], sub["light"], sub["share"], strict=True)
        }
        shares = {light: [found.get((r, light)) for r in rounds["round_id"]] for light in LIGHTS}
        greens = [g for g in shares["green"] if g is not None]
        line = deck.t(
            "deck.trend_line",
            field=deck.field(key),
            first=_pct(greens[0]),
            last=_pct(greens[-1]),
            light=deck.light("green"),
        )
        said.append(line)
        _stacked_shares(
            deck,
            slide,
            box,
            categories,
            shares,
            descr=deck.t("deck.trend_alt", field=deck.field(key)) + " " + line,
            columns=True,
            title=deck.field(key),
            size=9 if small else 11,
            legend=True,
        )
    slide.notes_slide.notes_text_frame.text = clean("\n".join(said))


def _teams_slides(deck: _Deck, view: TeamView) -> None:
    teams = list(view.cells[view.cells["kind"] == "team"].itertuples())
    if not teams:
        return
    n = view.thresholds.n
    hidden_word = deck.t("team.hidden")
    hidden = [t.label for t in teams if not t.shown]
    # The board: the most common light and the green share per team and field, as on screen.
    grid = grid_frame(view.distribution, view.cells, view.fields)
    board = {(g["cell"], g["field_key"]): g for g in grid.to_dict("records")}
    said = deck.t("deck.board_notes", green=deck.light("green"))
    if hidden:
        said += " " + deck.t("deck.hidden_groups", groups=", ".join(hidden), n=n)
    pages = _chunks(teams, TABLE_ROWS)
    for number, page in enumerate(pages, start=1):
        rows, fills = [], {}
        for r, team in enumerate(page, start=1):
            row = [team.label]
            for c, key in enumerate(view.fields, start=1):
                g = board[(team.cell, key)]
                if g["shown"]:
                    row.append(f"{deck.light(g['light'])} · {_pct(g['green'])}")
                    fills[(r, c)] = _rgb(deck.fw.light(g["light"]).colour)
                else:
                    row.append(hidden_word)
                    fills[(r, c)] = HIDDEN
            rows.append(row)
        slide = deck.slide(
            _numbered(deck.t("deck.board"), number, len(pages)),
            said,
            deck.t("deck.board_sub", green=deck.light("green")),
        )
        _table(
            deck,
            slide,
            (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT),
            [deck.t("wb.col.group"), *[deck.field(k) for k in view.fields]],
            rows,
            descr=deck.t("deck.board_alt"),
            widths=[2.2] + [1.6] * len(view.fields),
            size=12 if len(view.fields) <= 4 else 10,
            fills=fills,
        )
    # Each field's spread per team as a native chart: hidden teams keep their place, empty.
    # A few teams: every field on one slide; more: two fields a slide, at full height.
    notes = [deck.t("deck.teams_notes")]
    if hidden:
        notes.append(deck.t("deck.hidden_groups", groups=", ".join(hidden), n=n))
    dist = view.distribution
    dist = dist[dist["cell"].isin({t.cell for t in teams})]
    found = {
        (c, key, light): float(share)
        for c, key, light, share in zip(
            dist["cell"], dist["field_key"], dist["light"], dist["share"], strict=True
        )
    }
    slides = []
    for chunk in _chunks(teams, CHART_TEAMS):
        per_slide = len(view.fields) if len(chunk) <= FEW_TEAMS else 2
        slides += [(chunk, fields) for fields in _chunks(view.fields, per_slide)]
    for number, (chunk, fields) in enumerate(slides, start=1):
        slide = deck.slide(
            _numbered(deck.t("deck.teams"), number, len(slides)),
            "\n".join(notes),
            deck.t("deck.teams_sub"),
        )
        labels = [t.label if t.shown else f"{t.label} ({hidden_word})" for t in chunk]
        small = len(fields) > 4
        boxes = _grid_boxes(len(fields), columns=2 if len(fields) <= 4 else 4)
        for key, box in zip(fields, boxes, strict=True):
            shares = {
                light: [found.get((t.cell, key, light), 0.0) if t.shown else None for t in chunk]
                for light in LIGHTS
            }
            _stacked_shares(
                deck,
                slide,
                box,
                labels,
                shares,
                descr=deck.t("deck.teams_alt", field=deck.field(key)),
                title=deck.field(key),
                size=9 if small else 11,
            )


def _comparison_slide(deck: _Deck, view: TeamView) -> None:
    unit_cmp = view.comparison[view.comparison["cell"] == "unit"]
    title = deck.t("deck.comparison")
    if unit_cmp.empty:
        slide = deck.slide(title, deck.t("team.comparison_empty"))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("team.comparison_empty"),
            20,
            MUTED,
        )
        return
    fields = [k for k in view.fields if k in set(unit_cmp["field_key"])]
    found = {
        (k, light): float(d)
        for k, light, d in zip(
            unit_cmp["field_key"], unit_cmp["light"], unit_cmp["diff_pp"], strict=True
        )
    }
    data = CategoryChartData(number_format="0")
    data.categories = _cells([deck.field(k) for k in fields])
    for light in LIGHTS:
        data.add_series(safe_value(deck.light(light)), [found.get((k, light), 0.0) for k in fields])
    differences = [
        i18n.difference_line(r, deck.fw, deck.lang)
        for r in clear_differences(view, "unit").itertuples()
    ]
    pp = int(OVER_UNDER_PP)
    said = [deck.t("deck.comparison_notes", pp=pp)]
    said += differences or [deck.t("deck.no_clear_differences", pp=pp)]
    slide = deck.slide(title, "\n".join(said), deck.t("team.comparison_caption", pp=pp))
    chart = deck.chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        data,
        (MARGIN, BODY_TOP, Inches(7.9), BODY_HEIGHT),
        descr=deck.t("deck.comparison_alt") + " " + " ".join(said[1:]),
    )
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0
    deck.light_series(chart, label_format="{symbol}+0;{symbol}-0;{symbol}0", label_size=11)
    for series in plot.series:
        series.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        series.data_labels.font.color.rgb = INK
        series.invert_if_negative = False
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_label_position = (
        XL_TICK_LABEL_POSITION.LOW
    )  # low: field names stay left of negative bars
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = GRID
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = deck.t("chart.diff")
    limit = max([abs(v) for v in found.values()] + [OVER_UNDER_PP])
    limit = math.ceil((limit + 5) / 10) * 10
    value_axis.maximum_scale, value_axis.minimum_scale = limit, -limit
    deck.legend(chart)
    deck.text(
        slide,
        Inches(8.7),
        BODY_TOP,
        Inches(4.1),
        BODY_HEIGHT,
        [deck.t("deck.clear_differences", pp=pp)]
        + (differences or [deck.t("deck.no_clear_differences", pp=pp)]),
        14,
        INK,
        space=8,
    )


def _notes_slides(deck: _Deck, view: TeamView) -> None:
    title = deck.t("deck.notes")
    if not view.text_shown:
        text = deck.t("team.notes_hidden", n=view.thresholds.n_text)
        slide = deck.slide(title, text)
        deck.text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1), text, 20, MUTED)
        return
    if view.notes.empty:
        slide = deck.slide(title, deck.t("team.notes_empty"))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("team.notes_empty"),
            20,
            MUTED,
        )
        return
    for category in deck.fw.errc.categories:
        notes = view.notes[view.notes["category"] == category.key]
        if notes.empty:
            continue
        items = []
        for note in notes.to_dict("records"):
            parts = [deck.fw.level_label(note["level"], deck.lang)]
            if isinstance(note.get("field_key"), str) and note["field_key"]:
                parts.append(deck.field(note["field_key"]))
            items.append((" · ".join(parts), str(note["text"])))
        label = category.label.get(deck.lang)
        _text_slides(
            deck,
            f"{title}: {label}",
            deck.t(
                "deck.notes_notes",
                category=label,
                question=category.question.get(deck.lang),
                count=len(items),
                n_text=view.thresholds.n_text,
            ),
            items,
            subtitle=category.question.get(deck.lang),
        )


def _obstacles_slide(deck: _Deck, view: TeamView) -> None:
    title = deck.t("deck.obstacles")
    if view.obstacles.empty:
        slide = deck.slide(title, deck.t("team.obstacles_empty"))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("team.obstacles_empty"),
            20,
            MUTED,
        )
        return
    labels = {o.key: o.label.get(deck.lang) for o in deck.fw.obstacles}
    rows = list(view.obstacles.itertuples())
    data = CategoryChartData(number_format="0")
    data.categories = _cells([labels.get(o.obstacle_key, o.obstacle_key) for o in rows])
    data.add_series(safe_value(deck.t("wb.col.points")), [int(o.points) for o in rows])
    said = [deck.t("deck.obstacles_notes")]
    for rank, o in enumerate(rows, start=1):
        said.append(
            deck.t(
                "team.obstacle_line",
                rank=rank,
                points=int(o.points),
                picks=int(o.picks),
                label=labels.get(o.obstacle_key, o.obstacle_key),
            )
        )
        said += [f"  – {reason}" for reason in o.reasons]
    slide = deck.slide(title, "\n".join(said))
    chart = deck.chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        data,
        (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT),
        descr=deck.t("deck.obstacles_alt") + " " + " ".join(said[1 : len(rows) + 1]),
    )
    _count_bars(chart)


def _count_bars(chart) -> None:
    plot = chart.plots[0]
    plot.gap_width = 50
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = NEUTRAL
    labels = series.data_labels
    labels.show_value = True
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(14)
    labels.font.bold = True
    chart.has_legend = False
    chart.has_title = False  # a single series would be titled with its name
    chart.category_axis.reverse_order = True
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.visible = False
    chart.value_axis.minimum_scale = 0


def _team_view_slides(deck: _Deck, view: TeamView) -> None:
    _participation_slide(deck, view)
    if not view.released:
        text = deck.t("team.open_round", date=i18n.date_text(view.closes_on, deck.lang))
        slide = deck.slide(deck.t("deck.results"), text)
        deck.text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1), text, 20, MUTED)
        return
    _distribution_slide(deck, view)
    _trend_slide(deck, view)
    _teams_slides(deck, view)
    _comparison_slide(deck, view)
    _notes_slides(deck, view)
    _obstacles_slide(deck, view)


def _save(deck: _Deck) -> bytes:
    props = deck.prs.core_properties
    props.author = "Merkitys"
    props.last_modified_by = "Merkitys"
    props.revision = 1
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


def _made(made_at: dt.datetime, lang: str, zone_name: str | None) -> str:
    return i18n.t("wb.made", lang, when=i18n.moment_text(made_at, lang, zone_name))


def briefing_deck(
    view: TeamView, lang: str, *, made_at: dt.datetime, zone_name: str | None = None
) -> bytes:
    """The management briefing of a team view: participation, distributions, trend, teams,
    comparison with the organisation, pooled notes by ERRC and the obstacle ranking."""
    footer = f"{view.unit_name} · {view.round_name}"
    deck = _Deck(lang, view.framework, footer)
    n, n_text = view.thresholds.n, view.thresholds.n_text
    _title_slide(
        deck,
        deck.t("deck.briefing_title", unit=view.unit_name),
        [
            f"{deck.t('wb.round')}: {view.round_name}",
            _made(made_at, lang, zone_name),
            deck.t("wb.threshold", n=n, n_text=n_text),
            deck.t("wb.purpose"),
        ],
        deck.t("deck.briefing_notes", n=n, n_text=n_text),
    )
    _team_view_slides(deck, view)
    return _save(deck)


# --- the workshop -----------------------------------------------------------------------------


def _questions_slide(deck: _Deck, board: Board) -> None:
    questions = [question_label(board, q["key"], deck.lang) for q in board.questions]
    said = deck.t("deck.questions_notes", count=len(questions))
    slide = deck.slide(deck.t("deck.questions"), said)
    deck.text(
        slide,
        MARGIN,
        BODY_TOP,
        WIDTH - 2 * MARGIN,
        BODY_HEIGHT,
        [f"{i}. {q}" for i, q in enumerate(questions, start=1)],
        20 if len(questions) <= 5 else 16,
        space=14,
    )


def _board_notes_slides(deck: _Deck, board: Board) -> None:
    themes = {t.id: t.title for t in board.themes}
    if not board.notes:
        written = board.notes_total
        text = deck.t("deck.notes_not_revealed", count=written)
        slide = deck.slide(deck.t("deck.workshop_notes"), text)
        deck.text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1), text, 20, MUTED)
        return
    for number, q in enumerate(board.questions, start=1):
        question = question_label(board, q["key"], deck.lang)
        notes = [n for n in board.notes if n.question_key == q["key"]]
        items = [(themes.get(n.theme_id, ""), n.text) for n in notes]
        _text_slides(
            deck,
            deck.t("deck.question_notes", number=number),
            deck.t("deck.question_notes_notes", question=question, count=len(items)),
            items,
            subtitle=question,
            empty=deck.t("deck.no_notes"),
        )


def _themes_slide(deck: _Deck, board: Board) -> None:
    title = deck.t("deck.themes")
    if not board.themes:
        slide = deck.slide(title, deck.t("deck.no_themes"))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("deck.no_themes"),
            20,
            MUTED,
        )
        return
    voted = all(t.votes is not None for t in board.themes)
    said = [deck.t("deck.themes_notes" if voted else "deck.themes_notes_no_votes")]
    for theme in board.themes:
        count = len(theme.notes)
        if voted:
            said.append(
                deck.t("deck.theme_line_votes", title=theme.title, votes=theme.votes, notes=count)
            )
        else:
            said.append(deck.t("deck.theme_line", title=theme.title, notes=count))
        said += [f"  – {n.text}" for n in theme.notes]
    slide = deck.slide(
        title, "\n".join(said), deck.t("deck.themes_sub" if voted else "deck.themes_sub_no_votes")
    )
    if not voted:
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            BODY_HEIGHT,
            [deck.t("deck.theme_line", title=t.title, notes=len(t.notes)) for t in board.themes],
            18,
            bullets=True,
            space=8,
        )
        return
    data = CategoryChartData(number_format="0")
    data.categories = _cells([t.title for t in board.themes])
    data.add_series(safe_value(deck.t("deck.votes")), [int(t.votes or 0) for t in board.themes])
    chart = deck.chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        data,
        (
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            min(BODY_HEIGHT, Emu(int(Inches(0.7) * len(board.themes) + Inches(0.4)))),
        ),
        descr=deck.t("deck.themes_alt")
        + " "
        + " ".join(
            deck.t("deck.theme_alt_line", title=t.title, votes=t.votes) for t in board.themes
        ),
        size=14,
    )
    _count_bars(chart)


def _action_rows(deck: _Deck, actions: pd.DataFrame) -> list[tuple[str, list[tuple[str, str]]]]:
    areas = {a.key: a.label.get(deck.lang) for a in deck.fw.development_areas}
    found = []
    for a in actions.to_dict("records"):

        def value(v: Any) -> str:
            return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)

        when = value(a.get("time_span"))
        due = a.get("due_on")
        if isinstance(due, dt.date):
            due_text = deck.t("action.due_text", date=i18n.date_text(due, deck.lang))
            when = f"{when} · {due_text}" if when else due_text
        category = value(a.get("category"))
        pairs = [
            (deck.t("action.means"), value(a.get("means"))),
            (
                deck.t("action.owner"),
                deck.t(f"action.owner.{a['owner']}") if a.get("owner") else "",
            ),
            (deck.t("action.measure_short"), value(a.get("measure"))),
            (deck.t("action.time_span"), when),
            (
                deck.t("action.field"),
                deck.field(value(a.get("field_key"))) if value(a.get("field_key")) else "",
            ),
            (
                deck.t("action.category"),
                deck.fw.category(category).label.get(deck.lang) if category else "",
            ),
            (deck.t("action.area"), areas.get(value(a.get("area")), "")),
            (
                deck.t("action.status"),
                deck.t(f"action.status.{a['status']}") if a.get("status") else "",
            ),
            (deck.t("deck.theme"), value(a.get("theme"))),
        ]
        found.append((value(a.get("title")), [(k, v) for k, v in pairs if v]))
    return found


def _actions_slides(deck: _Deck, actions: pd.DataFrame) -> None:
    title = deck.t("deck.actions")
    rows = _action_rows(deck, actions)
    if not rows:
        slide = deck.slide(title, deck.t("deck.no_actions"))
        deck.text(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(1),
            deck.t("deck.no_actions"),
            20,
            MUTED,
        )
        return
    per_slide = 2
    pages = [rows[i : i + per_slide] for i in range(0, len(rows), per_slide)]
    width = (WIDTH - 2 * MARGIN - Inches(0.4)) / 2
    for number, page in enumerate(pages, start=1):
        heading = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
        said = [deck.t("deck.actions_notes")]
        for action_title, pairs in page:
            said.append(action_title + ": " + "; ".join(f"{k}: {v}" for k, v in pairs))
        slide = deck.slide(heading, "\n".join(said), deck.t("deck.actions_sub"))
        for i, (action_title, pairs) in enumerate(page):
            left = Emu(int(MARGIN + (width + Inches(0.4)) * i))
            card = slide.shapes.add_shape(1, left, BODY_TOP, Emu(int(width)), BODY_HEIGHT)
            card.fill.solid()
            card.fill.fore_color.rgb = RGBColor(0xF3, 0xF4, 0xF6)
            card.line.color.rgb = GRID
            card._element.nvSpPr.cNvPr.set("descr", clean(action_title))
            box = deck.text(
                slide,
                left + Inches(0.2),
                BODY_TOP + Inches(0.15),
                Emu(int(width - Inches(0.4))),
                Inches(0.9),
                _short(action_title, 120),
                18,
            )
            box.text_frame.paragraphs[0].runs[0].font.bold = True
            deck.lines(
                slide,
                left + Inches(0.2),
                BODY_TOP + Inches(1.0),
                Emu(int(width - Inches(0.4))),
                BODY_HEIGHT - Inches(1.1),
                [(k, _short(v, CARD_TEXT_MAX)) for k, v in pairs],
                size=12,
                gap=4,
            )


def workshop_deck(
    view: TeamView | None,
    board: Board,
    actions: pd.DataFrame,
    lang: str,
    *,
    made_at: dt.datetime,
    zone_name: str | None = None,
    unit_name: str = "",
) -> bytes:
    """A workshop's deck: the team view's slides (when the workshop presents a released
    round), then its questions, the revealed notes per question, the themes with their dot votes
    (once voting has ended) and the agreed actions."""
    framework = view.framework if view is not None else default_framework()
    unit = view.unit_name if view is not None else unit_name
    footer = " · ".join(p for p in (board.name, unit) if p)
    deck = _Deck(lang, framework, footer)
    lines = [p for p in (unit, view.round_name if view is not None else "") if p]
    lines.append(_made(made_at, lang, zone_name))
    if view is not None:
        lines.append(deck.t("wb.threshold", n=view.thresholds.n, n_text=view.thresholds.n_text))
    lines.append(deck.t("wb.purpose"))
    _title_slide(deck, board.name, lines, deck.t("deck.workshop_notes_title"))
    if view is not None:
        _team_view_slides(deck, view)
    _questions_slide(deck, board)
    _board_notes_slides(deck, board)
    _themes_slide(deck, board)
    _actions_slides(deck, actions)
    return _save(deck)
