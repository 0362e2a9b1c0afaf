"""The workshop workbook of a team view (F4): one sheet per view, the same charts as images
(the team board as coloured cells of its sheet).

It is written only from a suppressed ``TeamView``, so it can hold nothing the screen hides. The
pictures render in worker processes while the sheets are written, and are kept by their spec for
the next download of the same view.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pandas as pd
import vl_convert as vlc
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.safe import write_cell
from model import i18n
from model.charts import comparison_chart, distribution_chart, grid_frame, trend_chart
from model.framework import Framework, default_framework
from model.teamview import LIGHTS, TeamView, participation
from model.workshops import Board, question_label

CHART_SCALE = 1.5
CHART_CACHE_SIZE = 64  # pictures of 0.1-1 MB each
BOLD = Font(bold=True)
HIDDEN_FILL = PatternFill("solid", fgColor="E0E0E0")
# Light fills with dark text: readable on screen and printed in black and white.
LIGHT_FILLS = {"red": "F4C7C3", "yellow": "FCE8B2", "green": "B7E1CD"}
# Made once: a style object costs more to build than the cell it styles.
_LIGHT_FILL = {k: PatternFill("solid", fgColor=colour) for k, colour in LIGHT_FILLS.items()}
_CENTRED = Alignment(horizontal="center")
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_LEFT = Alignment(horizontal="left")
_TOP = Alignment(vertical="top")


def _fill(light: str | None) -> PatternFill:
    if light is None:
        return HIDDEN_FILL
    return _LIGHT_FILL[light]


def _table(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]], start: int = 1):
    for c, name in enumerate(header, start=1):
        write_cell(ws.cell(row=start, column=c), name)
        ws.cell(row=start, column=c).font = BOLD
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            write_cell(ws.cell(row=r, column=c), value)
    for c, name in enumerate(header, start=1):
        values = [str(name)] + [str(row[c - 1]) for row in rows[:300]]
        width = max(len(v) for v in values)
        ws.column_dimensions[get_column_letter(c)].width = min(70, max(10, width + 2))
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    # Printed for a workshop: landscape, one page wide.
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


# vl-convert holds the GIL while it renders (0.1-0.5 s a chart): in the server's process it would
# stop every other session meanwhile and use one core. Worker processes render instead, as many
# as there are cores; spawned, because the server has threads of its own (so, as with any spawned
# process, a script that makes a workbook needs the `if __name__ == "__main__":` guard).
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
# Keyed by the whole spec, which holds only what its view may show (already suppressed for that
# viewer): a hit is the very picture the same spec would render, whoever asks.
_pictures: OrderedDict[str, Future[bytes]] = OrderedDict()


def _render(spec: str) -> Future[bytes]:
    """The PNG of a Vega-Lite spec: from the cache, or rendered by a worker process."""
    global _pool
    with _lock:
        picture = _pictures.get(spec)
        if picture is not None:
            _pictures.move_to_end(spec)
            return picture
        for attempt in (1, 2):
            if _pool is None:
                spawn = multiprocessing.get_context("spawn")
                _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=spawn)
            try:
                picture = _pool.submit(vlc.vegalite_to_png, vl_spec=spec, scale=CHART_SCALE)
                break
            except BrokenProcessPool:  # a worker died: start new ones, once
                _pool = None
                if attempt == 2:
                    raise
        _pictures[spec] = picture
        while len(_pictures) > CHART_CACHE_SIZE:
            _pictures.popitem(last=False)
    picture.add_done_callback(lambda done: _forget_failed(spec, done))
    return picture


def _forget_failed(spec: str, picture: Future[bytes]) -> None:
    """A failed rendering is not kept: the next download tries again."""
    if picture.cancelled() or picture.exception() is not None:
        with _lock:
            if _pictures.get(spec) is picture:
                del _pictures[spec]


def clear_chart_cache() -> None:
    """Forget the rendered pictures (the benchmark times first downloads)."""
    with _lock:
        _pictures.clear()


def team_workbook(
    view: TeamView,
    lang: str,
    *,
    charts: bool = True,
    made_at: dt.datetime | None = None,
    zone_name: str | None = None,
    actions: pd.DataFrame | None = None,
    workshop: Board | None = None,
) -> bytes:
    """The workbook as bytes: summary, distributions, trend, teams, comparison, profiles, notes,
    obstacles, participation, (optionally) the charts as pictures, the workshop's themes, votes
    and notes by question (``workshop``, a board as its facilitator sees it) and the actions
    agreed in the unit's workshops (``actions``, a ``model.workshops`` action frame)."""
    pictures = [_render(spec) for spec in _chart_specs(view, lang)] if charts else None
    wb = _sheets(view, lang, made_at=made_at, zone_name=zone_name)
    if workshop is not None:
        _workshop_sheet(wb.create_sheet(i18n.t("wb.workshop", lang)), workshop, lang)
    if actions is not None:
        _actions_sheet(wb.create_sheet(i18n.t("wb.actions", lang)), actions, view.framework, lang)
    if pictures is not None:
        _charts_sheet(wb.create_sheet(i18n.t("wb.charts", lang)), [p.result() for p in pictures])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def workshop_workbook(
    view: TeamView | None,
    workshop: Board,
    actions: pd.DataFrame,
    lang: str,
    *,
    made_at: dt.datetime | None = None,
    zone_name: str | None = None,
    charts: bool = True,
) -> bytes:
    """A workshop's workbook: the team view's sheets when the workshop presents a released
    round, then the workshop and its actions; without a round, only those two sheets."""
    if view is not None:
        return team_workbook(
            view,
            lang,
            charts=charts,
            made_at=made_at,
            zone_name=zone_name,
            actions=actions,
            workshop=workshop,
        )
    wb = Workbook()
    ws = wb.active
    ws.title = i18n.t("wb.workshop", lang)
    _workshop_sheet(ws, workshop, lang, made_at=made_at, zone_name=zone_name)
    _actions_sheet(wb.create_sheet(i18n.t("wb.actions", lang)), actions, default_framework(), lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _workshop_sheet(
    ws: Worksheet,
    board: Board,
    lang: str,
    *,
    made_at: dt.datetime | None = None,
    zone_name: str | None = None,
) -> None:
    """Themes with their votes (once voting has ended) and the revealed notes by question."""

    def tx(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    write_cell(ws["A1"], board.name)
    ws["A1"].font = Font(bold=True, size=14)
    if made_at is not None:
        write_cell(ws["A2"], tx("wb.made", when=i18n.moment_text(made_at, lang, zone_name)))
    write_cell(ws["A3"], tx("wb.workshop_themes"))
    ws["A3"].font = BOLD
    theme_rows = [
        [t.title, t.votes if t.votes is not None else tx("wb.votes_hidden"), len(t.notes)]
        for t in board.themes
    ]
    _table(
        ws,
        [tx("wb.col.theme"), tx("wb.col.votes"), tx("wb.col.notes_count")],
        theme_rows or [[tx("wb.no_themes"), "", ""]],
        start=4,
    )
    start = 4 + len(theme_rows or [0]) + 2
    write_cell(ws.cell(row=start, column=1), tx("wb.workshop_notes"))
    ws.cell(row=start, column=1).font = BOLD
    themes = {t.id: t.title for t in board.themes}
    note_rows = [
        [question_label(board, q["key"], lang), themes.get(n.theme_id, ""), n.text]
        for q in board.questions
        for n in board.notes
        if n.question_key == q["key"]
    ]
    _table(
        ws,
        [tx("wb.col.question"), tx("wb.col.theme"), tx("wb.col.text")],
        note_rows or [[tx("wb.notes_not_revealed"), "", ""]],
        start=start + 1,
    )
    for r in range(5, 5 + len(theme_rows)):
        ws.cell(row=r, column=3).alignment = _LEFT
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 70
    _wrap_rows(ws, range(start + 2, start + 2 + len(note_rows)), {1: 45, 2: 24, 3: 70})
    ws.freeze_panes = None


def _wrap_rows(ws: Worksheet, rows: range, widths: dict[int, int]) -> None:
    """Wrap the long columns and give each row the height its text needs: neither Excel nor
    LibreOffice grows a row written by openpyxl, so wrapped lines would overlap the next row."""
    for r in rows:
        lines = 1
        for c, width in widths.items():
            cell = ws.cell(row=r, column=c)
            cell.alignment = _WRAPPED
            text = "" if cell.value is None else str(cell.value)
            lines = max(
                lines, sum(max(1, -(-len(part) // max(1, width - 2))) for part in text.split("\n"))
            )
        ws.row_dimensions[r].height = 15 * lines


def _actions_sheet(ws: Worksheet, actions: pd.DataFrame, fw: Framework, lang: str) -> None:
    """The actions agreed in workshops (S3 fields), labelled as on the screen."""

    def tx(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    def text(value: Any) -> str:
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)

    areas = {a.key: a.label.get(lang) for a in fw.development_areas}
    rows = []
    for a in actions.to_dict("records"):
        category = text(a.get("category"))
        due = a.get("due_on")
        rows.append(
            [
                text(a.get("workshop")),
                text(a.get("theme")),
                text(a.get("title")),
                text(a.get("means")),
                tx(f"action.owner.{a['owner']}") if text(a.get("owner")) else "",
                text(a.get("measure")),
                text(a.get("time_span")),
                due if isinstance(due, dt.date) else "",
                tx(f"action.status.{a['status']}") if text(a.get("status")) else "",
                fw.field_label(text(a.get("field_key")) or None, lang),
                fw.category(category).label.get(lang) if category else "",
                areas.get(text(a.get("area")), ""),
            ]
        )
    header = [
        tx("wb.col.workshop"),
        tx("wb.col.theme"),
        tx("action.title"),
        tx("action.means"),
        tx("action.owner"),
        tx("action.measure_short"),
        tx("action.time_span"),
        tx("action.due_on"),
        tx("action.status"),
        tx("action.field"),
        tx("action.category"),
        tx("action.area"),
    ]
    _table(ws, header, rows or [[tx("wb.no_actions")] + [""] * (len(header) - 1)])
    # Long texts wrap in columns of a readable width; the short ones keep their fitted width.
    wide = {1: 20, 2: 20, 3: 30, 4: 40, 6: 30, 7: 16}
    for c, width in wide.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    for c in range(8, len(header) + 1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = min(ws.column_dimensions[letter].width, 22)
    _wrap_rows(ws, range(2, len(rows) + 2), wide)
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=8).number_format = "d.m.yyyy" if lang == "fi" else "yyyy-mm-dd"
        for c in range(1, len(header) + 1):
            if c not in wide:
                ws.cell(row=r, column=c).alignment = _TOP


def _sheets(
    view: TeamView, lang: str, *, made_at: dt.datetime | None, zone_name: str | None
) -> Workbook:
    fw = view.framework
    n = view.thresholds.n

    def hidden_text(reason: str | None) -> str:
        return i18n.hidden_reason(reason, n, lang)

    def tx(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    def field(key: str) -> str:
        return fw.field_label(key, lang)

    def light(key: str) -> str:
        return fw.light_text(key, lang)

    wb = Workbook()
    ws = wb.active
    ws.title = tx("wb.summary")
    write_cell(ws["A1"], tx("wb.title", unit=view.unit_name))
    ws["A1"].font = Font(bold=True, size=14)
    write_cell(ws["A2"], f"{tx('wb.round')}: {view.round_name}")
    write_cell(ws["A3"], tx("wb.threshold", n=n, n_text=view.thresholds.n_text))
    write_cell(ws["A4"], tx("wb.purpose"))
    if made_at is not None:
        write_cell(ws["A5"], tx("wb.made", when=i18n.moment_text(made_at, lang, zone_name)))
    part = participation(view)
    unit = part[part["cell"] == "unit"].iloc[0]
    summary = [
        [tx("wb.col.invited"), int(unit["invited"])],
        [
            tx("wb.col.respondents"),
            int(unit["respondents"]) if unit["shown"] else hidden_text(unit["reason"]),
        ],
        [tx("wb.col.rate"), f"{unit['rate']:.0%}" if unit["shown"] else tx("team.hidden")],
    ]
    _table(ws, [tx("wb.col.group"), view.unit_name], summary, start=6)
    ws.column_dimensions["A"].width = 40

    # Distributions: every cell, shown with numbers or marked hidden without any.
    ws = wb.create_sheet(tx("wb.distribution"))
    header = [tx("wb.col.group"), tx("wb.col.kind"), tx("wb.col.field")]
    header += [f"{light(k)} {tx('wb.col.count')}" for k in LIGHTS]
    header += [f"{light(k)} {tx('wb.col.share')}" for k in LIGHTS]
    rows: list[list[Any]] = []
    hidden_rows: list[int] = []
    # One pass over the distribution, not a DataFrame filter per cell and field.
    d = view.distribution
    lights_of: dict[tuple[str, str], dict[str, tuple[Any, Any]]] = {}
    for c, key, k, count, share in zip(
        d["cell"], d["field_key"], d["light"], d["count"], d["share"], strict=True
    ):
        lights_of.setdefault((c, key), {}).setdefault(k, (count, share))
    for cell in view.cells.itertuples():
        label = cell.label or tx("wb.kind.org")
        kind = tx(f"wb.kind.{cell.kind}")
        if not cell.shown:
            rows.append([label, kind, hidden_text(cell.reason), "", "", "", "", "", ""])
            hidden_rows.append(len(rows) + 1)
            continue
        for key in view.fields:
            found = lights_of.get((cell.cell, key), {})
            counts = [int(found.get(k, (0, 0))[0]) for k in LIGHTS]
            shares = [round(float(found.get(k, (0, 0))[1]), 3) for k in LIGHTS]
            rows.append([label, kind, field(key), *counts, *shares])
    _table(ws, header, rows)
    for r in range(2, len(rows) + 2):
        if r in hidden_rows:
            for c in range(1, len(header) + 1):
                ws.cell(row=r, column=c).fill = HIDDEN_FILL
            continue
        for offset, k in enumerate(LIGHTS):
            ws.cell(row=r, column=4 + offset).fill = _fill(k)
            ws.cell(row=r, column=7 + offset).fill = _fill(k)
            ws.cell(row=r, column=7 + offset).number_format = "0%"

    ws = wb.create_sheet(tx("wb.trend"))
    trend_rows = [
        [r.round, field(r.field_key), light(r.light), int(r.count), round(float(r.share), 3)]
        for r in view.trend.itertuples()
    ]
    _table(
        ws,
        [
            tx("wb.col.round"),
            tx("wb.col.field"),
            tx("wb.col.light"),
            tx("wb.col.count"),
            tx("wb.col.share"),
        ],
        trend_rows or [[tx("wb.no_data"), "", "", "", ""]],
    )
    for r, row in enumerate(view.trend.itertuples(), start=2):
        ws.cell(row=r, column=3).fill = _fill(row.light)
        ws.cell(row=r, column=5).number_format = "0%"

    ws = wb.create_sheet(tx("wb.grid"))
    grid = grid_frame(view.distribution, view.cells, view.fields)
    teams = list(dict.fromkeys(grid["label"])) if not grid.empty else []
    # The first row of each team and field (what a filter's .iloc[0] would find), in one pass.
    board: dict[tuple[str, str], dict[str, Any]] = {}
    for g in grid.to_dict("records"):
        board.setdefault((g["label"], g["field_key"]), g)
    grid_rows = []
    for team in teams:
        row = [team]
        for key in view.fields:
            g = board[(team, key)]
            row.append(
                f"{light(g['light'])} · {g['green']:.0%}" if g["shown"] else tx("team.hidden")
            )
        grid_rows.append(row)
    _table(
        ws,
        [tx("wb.col.group"), *[field(k) for k in view.fields]],
        grid_rows or [[tx("wb.no_data")] + [""] * len(view.fields)],
    )
    for r, team in enumerate(teams, start=2):
        for c, key in enumerate(view.fields, start=2):
            g = board[(team, key)]
            ws.cell(row=r, column=c).fill = _fill(g["light"] if g["shown"] else None)
            ws.cell(row=r, column=c).alignment = _CENTRED

    ws = wb.create_sheet(tx("wb.comparison"))
    cmp_rows = [
        [
            r.label or tx("wb.kind.org"),
            field(r.field_key),
            light(r.light),
            round(float(r.share), 3),
            round(float(r.reference), 3),
            float(r.diff_pp),
            tx(f"wb.flag.{r.flag}") if r.flag else "",
        ]
        for r in view.comparison.itertuples()
    ]
    _table(
        ws,
        [
            tx("wb.col.group"),
            tx("wb.col.field"),
            tx("wb.col.light"),
            tx("wb.col.share"),
            tx("wb.col.reference"),
            tx("wb.col.diff"),
            tx("wb.col.flag"),
        ],
        cmp_rows or [[tx("wb.no_data"), "", "", "", "", "", ""]],
    )
    for r, row in enumerate(view.comparison.itertuples(), start=2):
        ws.cell(row=r, column=3).fill = _fill(row.light)
        ws.cell(row=r, column=4).number_format = "0%"
        ws.cell(row=r, column=5).number_format = "0%"

    ws = wb.create_sheet(tx("wb.segments"))
    write_cell(ws["A1"], tx("team.segments_method", n=n))
    seg_fields = [c.removeprefix("mean_") for c in view.segments.columns[3:]]
    seg_rows = [
        [tx("team.segment_label", label=s["label"], size=s["size"]), int(s["size"])]
        + [float(s[f"mean_{k}"]) for k in seg_fields]
        for s in view.segments.to_dict("records")
    ]
    _table(
        ws,
        [tx("wb.col.group"), tx("wb.col.size"), *[field(k) for k in seg_fields]],
        seg_rows or [[tx("team.segments_empty")] + [""] * (1 + len(seg_fields))],
        start=3,
    )

    ws = wb.create_sheet(tx("wb.notes"))
    note_rows = [
        [
            fw.category(nr.category).label.get(lang),
            fw.level_label(nr.level, lang),
            field(nr.field_key) if isinstance(nr.field_key, str) else "",
            nr.text,
        ]
        for nr in view.notes.itertuples()
    ]
    empty_note = (
        tx("team.notes_hidden", n=view.thresholds.n_text)
        if not view.text_shown
        else tx("team.notes_empty")
    )
    _table(
        ws,
        [tx("wb.col.category"), tx("wb.col.level"), tx("wb.col.field"), tx("wb.col.text")],
        note_rows or [[empty_note, "", "", ""]],
    )
    for r in range(2, len(note_rows) + 2):
        ws.cell(row=r, column=4).alignment = _WRAPPED

    ws = wb.create_sheet(tx("wb.obstacles"))
    labels = {o.key: o.label.get(lang) for o in fw.obstacles}
    obstacle_rows = [
        [
            labels.get(o.obstacle_key, o.obstacle_key),
            int(o.points),
            int(o.picks),
            "\n".join(o.reasons),
        ]
        for o in view.obstacles.itertuples()
    ]
    _table(
        ws,
        [tx("wb.col.obstacle"), tx("wb.col.points"), tx("wb.col.picks"), tx("wb.col.reasons")],
        obstacle_rows or [[tx("team.obstacles_empty"), "", "", ""]],
    )

    ws = wb.create_sheet(tx("wb.participation"))
    part_rows = [
        [
            p.label,
            int(p.invited) if pd.notna(p.invited) else "",
            int(p.respondents) if p.shown else hidden_text(p.reason),
            round(float(p.rate), 3) if p.shown and p.rate is not None else "",
        ]
        for p in part.itertuples()
    ]
    _table(
        ws,
        [tx("wb.col.group"), tx("wb.col.invited"), tx("wb.col.respondents"), tx("wb.col.rate")],
        part_rows,
    )
    for r in range(2, len(part_rows) + 2):
        ws.cell(row=r, column=4).number_format = "0%"

    return wb


def _chart_specs(view: TeamView, lang: str) -> list[str]:
    """The screen's charts as Vega-Lite specs (JSON), for vl-convert."""
    fw = view.framework
    titles = i18n.chart_titles(lang, view.thresholds.n)
    specs = []
    unit_dist = view.distribution[view.distribution["cell"] == "unit"]
    if not unit_dist.empty:
        specs.append(distribution_chart(unit_dist, fw, lang, titles=titles).properties(width=520))
    if not view.trend.empty:
        specs.append(trend_chart(view.trend, fw, lang, titles=titles))
    # The team board is no picture: its sheet holds the same board (colour, symbol, green share
    # per team and field), and as a picture it cost more than the other three together.
    unit_cmp = view.comparison[view.comparison["cell"] == "unit"]
    if not unit_cmp.empty:
        specs.append(comparison_chart(unit_cmp, fw, lang, titles=titles))
    # Not validated again here: the tests validate every chart function's spec (to_dict()).
    return [chart.to_json(validate=False) for chart in specs]


def _charts_sheet(ws: Worksheet, pictures: list[bytes]) -> None:
    row = 1
    for png in pictures:
        image = Image(io.BytesIO(png))
        ws.add_image(image, f"A{row}")
        row += int(image.height / 20) + 3
