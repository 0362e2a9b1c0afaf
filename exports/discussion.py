"""The one-page summary of a development discussion, as PDF and as an Excel sheet (E5, P4).

Both formats carry the same content, built once by ``_content``: names, date and state, the
traffic lights of the shared assessment (with the previous one and the direction of change), the
agreed actions, the follow-up of earlier actions and the agenda. Reasons and notes stay out: they
are long and personal, and the page must fit one A4.

Printed in black and white it must still read: every light is a symbol and a word, shading is
grey at most, text is at least 8 pt. Whatever a person typed is printed literally, never as
markup, and written to Excel only through ``exports.safe.write_cell``.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.safe import write_cell
from model import i18n
from model import text as typed
from model.discussions import ActionView, DiscussionSummary
from model.framework import Framework, default_framework
from model.tables import LIGHT_SCORE

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"


# --- The content, shared by both formats ---------------------------------------------------


@dataclass
class _ActionRow:
    title: str
    means: str
    owner: str
    measure: str
    time_span: str
    due_on: dt.date | None
    due_text: str
    status: str
    overdue: str  # the overdue marker text, or ""
    focus: list[str]  # "Kokemus: …", "Kehittämisen suunta: …", "Kehittämisalue: …"


@dataclass
class _FollowRow:
    title: str
    status_change: str
    due_on: dt.date | None
    due_text: str
    overdue: str


@dataclass
class _Content:
    lang: str
    title: str
    sheet: str
    meta: list[tuple[str, str, object]]  # label, text, the value for a spreadsheet cell
    date: dt.date
    footer: str
    lights_heading: str
    lights_notes: list[str]  # the round and the previous round, or "no shared assessment"
    light_header: list[str]
    light_rows: list[list[str]]
    actions_heading: str
    actions_empty: str
    action_header: list[str]
    actions: list[_ActionRow]
    follow_heading: str
    follow_empty: str
    follow_header: list[str]
    follow_ups: list[_FollowRow]
    agenda_heading: str
    agenda_empty: str
    agenda: list[str] = field(default_factory=list)


def _clean(text: object) -> str:
    """User text as plain text (``model.text``), tabs as spaces for the PDF's columns."""
    return typed.paragraph(text).replace("\t", " ")


def _light(fw: Framework, key: str | None, lang: str) -> str:
    if key is None:
        return i18n.t("action.none", lang)
    try:
        return fw.light_text(key, lang)
    except StopIteration:  # not a light of this framework
        return key


def _category(fw: Framework, key: str, lang: str) -> str:
    try:
        return fw.category(key).label.get(lang)
    except StopIteration:
        return key


def _area(fw: Framework, key: str, lang: str) -> str:
    return next((a.label.get(lang) for a in fw.development_areas if a.key == key), key)


def _status(status: str | None, lang: str) -> str:
    if not status:
        return i18n.t("action.none", lang)
    key = f"action.status.{status}"
    return i18n.t(key, lang) if key in i18n.TEXTS else status


def _owner(owner: str, lang: str) -> str:
    key = f"action.owner.{owner}"
    return i18n.t(key, lang) if key in i18n.TEXTS else _clean(owner)


def _change(now: str | None, before: str | None, lang: str) -> str:
    if now not in LIGHT_SCORE or before not in LIGHT_SCORE:
        return i18n.t("action.none", lang)
    diff = LIGHT_SCORE[now] - LIGHT_SCORE[before]
    if diff > 0:
        return i18n.t("dexp.change.up", lang)
    if diff < 0:
        return i18n.t("dexp.change.down", lang)
    return i18n.t("dexp.change.same", lang)


def _light_rows(summary: DiscussionSummary, fw: Framework, lang: str) -> list[list[str]]:
    current = summary.assessment.lights if summary.assessment else {}
    previous = summary.previous.lights if summary.previous else {}
    known = [f.key for f in fw.all_fields()]
    present = set(current) | set(previous)
    # Framework order first; a field of an older framework version goes last, never dropped.
    keys = [k for k in known if k in present]
    keys += [k for k in (*current, *previous) if k not in keys]
    rows = []
    for key in dict.fromkeys(keys):
        row = [fw.field_label(key, lang), _light(fw, current.get(key), lang)]
        if summary.previous is not None:
            row += [
                _light(fw, previous.get(key), lang),
                _change(current.get(key), previous.get(key), lang),
            ]
        rows.append(row)
    return rows


def _action_row(a: ActionView, fw: Framework, lang: str) -> _ActionRow:
    def tx(key: str, **params: object) -> str:
        return i18n.t(key, lang, **params)

    focus = []
    if a.field_key:
        focus.append(
            tx("dexp.focus_line", label=tx("action.field"), value=fw.field_label(a.field_key, lang))
        )
    if a.category:
        focus.append(
            tx(
                "dexp.focus_line",
                label=tx("action.category"),
                value=_category(fw, a.category, lang),
            )
        )
    if a.area:
        focus.append(tx("dexp.focus_line", label=tx("action.area"), value=_area(fw, a.area, lang)))
    return _ActionRow(
        title=_clean(a.title),
        means=_clean(a.means),
        owner=_owner(a.owner, lang),
        measure=_clean(a.measure),
        time_span=_clean(a.time_span),
        due_on=a.due_on,
        due_text=i18n.date_text(a.due_on, lang) if a.due_on else tx("action.none"),
        status=_status(a.status, lang),
        overdue=tx("action.overdue") if a.overdue else "",
        focus=focus,
    )


def _content(
    summary: DiscussionSummary, lang: str, made_at: dt.datetime | None, zone_name: str | None
) -> _Content:
    def tx(key: str, **params: object) -> str:
        return i18n.t(key, lang, **params)

    fw = summary.assessment.framework if summary.assessment else default_framework()
    date = i18n.date_text(summary.date, lang)
    state = tx("discussion.held", date=date) if summary.held else tx("discussion.open")

    notes: list[str] = []
    light_header = [tx("action.field"), tx("dexp.col.now")]
    if summary.assessment is None:
        notes.append(tx("dexp.no_assessment"))
    else:
        a = summary.assessment
        notes.append(
            tx("dexp.round", round=_clean(a.round_name), date=i18n.date_text(a.opens_on, lang))
        )
        if summary.previous is None:
            notes.append(tx("dexp.no_previous"))
        else:
            p = summary.previous
            notes.append(
                tx(
                    "dexp.previous_round",
                    round=_clean(p.round_name),
                    date=i18n.date_text(p.opens_on, lang),
                )
            )
            light_header += [tx("dexp.col.previous"), tx("dexp.col.change")]

    follow_ups = [
        _FollowRow(
            title=_clean(f.action.title),
            status_change=f"{_status(f.status_before, lang)} → {_status(f.action.status, lang)}",
            due_on=f.action.due_on,
            due_text=(
                i18n.date_text(f.action.due_on, lang) if f.action.due_on else tx("action.none")
            ),
            overdue=tx("action.overdue") if f.action.overdue else "",
        )
        for f in summary.follow_ups
    ]
    made_rows = []
    if made_at is not None:
        made = i18n.moment_text(made_at, lang, zone_name)
        made_rows.append((tx("dexp.made"), made, made))
    return _Content(
        lang=lang,
        title=tx("dexp.title"),
        sheet=tx("dexp.sheet"),
        meta=[
            (tx("discussion.employee"), _clean(summary.person_name), _clean(summary.person_name)),
            (
                tx("discussion.supervisor"),
                _clean(summary.supervisor_name),
                _clean(summary.supervisor_name),
            ),
            (tx("dexp.date"), date, summary.date),
            (tx("dexp.state"), state, state),
        ]
        + made_rows,
        date=summary.date,
        footer=tx("dexp.footer"),
        lights_heading=tx("dexp.lights"),
        lights_notes=notes,
        light_header=light_header,
        light_rows=_light_rows(summary, fw, lang) if summary.assessment else [],
        actions_heading=tx("dexp.actions"),
        actions_empty=tx("dexp.actions_empty"),
        action_header=[
            tx("dexp.col.action"),
            tx("action.owner"),
            tx("action.measure_short"),
            tx("action.time_span"),
            tx("action.due_on"),
            tx("action.status"),
        ],
        actions=[_action_row(a, fw, lang) for a in summary.agreed],
        follow_heading=tx("dexp.follow_ups"),
        follow_empty=tx("dexp.follow_ups_empty"),
        follow_header=[tx("action.title"), tx("dexp.col.status_change"), tx("action.due_on")],
        follow_ups=follow_ups,
        agenda_heading=tx("dexp.agenda"),
        agenda_empty=tx("dexp.agenda_empty"),
        agenda=[p for p in (_clean(p) for p in summary.agenda) if p],
    )


# --- PDF ------------------------------------------------------------------------------------

MARGIN = 15.0  # mm
PAD = 0.8  # mm above and below the text of a table row
BODY = 8.0  # pt: the body and the smallest text on the page
STRONG = 8.5  # pt, bold: action titles
GREY_TEXT = 60  # dark grey on white: contrast well above 7:1
RULE_GREY = 150
HEADER_FILL = 230
PAGES_ALIAS = "\x01\x02"  # the page count; two characters wide, enough for 99 pages
PAGE_NO_W = 20.0  # mm kept for "Sivu 1/2" at the right of the footer


def _lh(size: float) -> float:
    """Line height in mm for a font size in pt."""
    return size * 0.42


@dataclass
class _Piece:
    text: str
    style: str = ""
    size: float = BODY
    grey: int = 0


@dataclass
class _Line:
    text: str
    style: str
    size: float
    grey: int
    h: float


@dataclass
class _Row:
    cells: list[list[_Piece]]
    span: list[_Piece] | None = None  # a line under the cells, across the whole row


class _Pdf(FPDF):
    def __init__(self, running_head: str, footer_text: str, page_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.c_margin = 1.0
        self.running_head = running_head
        self.footer_text = footer_text
        self.page_text = page_text
        self.footer_lines: list[str] = []
        # Not "{nb}": a person may type that. _clean takes control characters out of user text.
        self.alias_nb_pages(PAGES_ALIAS)

    def start(self) -> None:
        """The first page, and room kept at the bottom of every page for the footer."""
        self.add_page()
        self.set_font(FONT, "", BODY)
        self.footer_lines = self.multi_cell(
            self.epw - PAGE_NO_W,
            _lh(BODY),
            self.footer_text,
            dry_run=True,
            output=MethodReturnValue.LINES,
        )
        self.set_auto_page_break(True, margin=MARGIN + self._footer_h())

    def _footer_h(self) -> float:
        return len(self.footer_lines) * _lh(BODY) + 3.5

    def body_top(self) -> float:
        """Where the body starts on a continuation page, under the running head."""
        return MARGIN + _lh(BODY) + 2

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", BODY)
        self.set_text_color(GREY_TEXT)
        self.cell(self.epw, _lh(BODY), self.running_head, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_y(self.body_top())

    def footer(self) -> None:
        top = self.h - MARGIN - self._footer_h() + 1.5
        self.set_draw_color(RULE_GREY)
        self.set_line_width(0.2)
        self.line(self.l_margin, top, self.w - self.r_margin, top)
        self.set_font(FONT, "", BODY)
        self.set_text_color(GREY_TEXT)
        y = top + 1.5
        for line in self.footer_lines:
            self.set_xy(self.l_margin, y)
            self.cell(self.epw - PAGE_NO_W, _lh(BODY), line)
            y += _lh(BODY)
        self.set_xy(self.w - self.r_margin - PAGE_NO_W, top + 1.5)
        page = self.page_text.replace("{page}", str(self.page_no()))
        self.cell(PAGE_NO_W, _lh(BODY), page, align="R")
        self.set_text_color(0)

    # --- blocks

    def lines(self, width: float, pieces: list[_Piece]) -> list[_Line]:
        out = []
        for p in pieces:
            if not p.text:
                continue
            self.set_font(FONT, p.style, p.size)
            h = _lh(p.size)
            for text in self.multi_cell(
                width, h, p.text, dry_run=True, output=MethodReturnValue.LINES
            ):
                out.append(_Line(text, p.style, p.size, p.grey, h))
        return out

    def heading(self, text: str, keep: float) -> None:
        """A section heading, moved to the next page with ``keep`` mm of what follows."""
        size = 10.5
        before = 2.5
        if self.get_y() + before + _lh(size) + 1.5 + keep > self.page_break_trigger:
            self.add_page()
        else:
            self.ln(before)
        self.set_font(FONT, "B", size)
        self.cell(self.epw, _lh(size), text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = self.get_y() + 0.4
        self.set_draw_color(0)
        self.set_line_width(0.35)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_y(y + 1.0)

    def paragraph(self, text: str, grey: int = 0) -> None:
        self.set_font(FONT, "", BODY)
        self.set_text_color(grey)
        self.multi_cell(self.epw, _lh(BODY), text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)

    def table(
        self,
        widths: list[float],
        rows: list[_Row],
        header: list[str] | None = None,
        rules: bool = True,
        pad: float = PAD,
    ) -> None:
        """Rows of wrapped cells. A row moves to the next page whole when it fits there; a row
        taller than a page is split between lines, so no text is ever cut off."""
        head = (
            [self.lines(w, [_Piece(h, "B")]) for w, h in zip(widths, header, strict=True)]
            if header
            else None
        )
        head_h = _height(head, PAD) if head else 0.0

        def draw_head() -> None:
            if head:
                self._draw(widths, head, head_h, PAD, fill=True, rule=True)

        def new_page() -> None:
            self.add_page()
            draw_head()

        full = self.page_break_trigger - self.body_top() - head_h
        draw_head()
        for row in rows:
            pending = [self.lines(w, cell) for w, cell in zip(widths, row.cells, strict=True)]
            span = self.lines(sum(widths), row.span) if row.span else []
            span_h = sum(line.h for line in span) + pad if span else 0.0
            fresh = False  # just moved to a new page: moving again would not help
            while True:
                need = _height(pending, pad)
                avail = self.page_break_trigger - self.get_y()
                if need + span_h <= avail:
                    self._draw(widths, pending, need, pad, rule=rules and not span)
                    break
                if not fresh and (need + span_h <= full or avail < 2 * pad + 3 * _lh(BODY)):
                    new_page()
                    fresh = True
                    continue
                if need <= avail:  # the cells fit, only the span line goes on
                    self._draw(widths, pending, need, pad, rule=False)
                    new_page()
                    break
                # Taller than a whole page: print the lines that fit, the rest goes on.
                room = avail - 2 * pad
                done, rest = [], []
                for cell in pending:
                    used, n = 0.0, 0
                    while n < len(cell) and used + cell[n].h <= room:
                        used += cell[n].h
                        n += 1
                    done.append(cell[:n])
                    rest.append(cell[n:])
                self._draw(widths, done, avail, pad, rule=False)
                pending = rest
                new_page()
                fresh = True
            if span:
                self._draw([sum(widths)], [span], span_h, pad, rule=rules, top_pad=0.0)

    def _draw(
        self,
        widths: list[float],
        cells: list[list[_Line]],
        height: float,
        pad: float,
        fill: bool = False,
        rule: bool = True,
        top_pad: float | None = None,
    ) -> None:
        top = self.get_y()
        if fill:
            self.set_fill_color(HEADER_FILL)
            self.rect(self.l_margin, top, sum(widths), height, style="F")
        x = self.l_margin
        for w, cell in zip(widths, cells, strict=True):
            y = top + (pad if top_pad is None else top_pad)
            for line in cell:
                self.set_font(FONT, line.style, line.size)
                self.set_text_color(line.grey)
                self.set_xy(x, y)
                self.cell(w, line.h, line.text)
                y += line.h
            x += w
        self.set_text_color(0)
        if rule:
            self.set_draw_color(RULE_GREY)
            self.set_line_width(0.2)
            self.line(self.l_margin, top + height, self.l_margin + sum(widths), top + height)
        self.set_xy(self.l_margin, top + height)


def _height(cells: list[list[_Line]], pad: float) -> float:
    return max((sum(line.h for line in cell) for cell in cells), default=0.0) + 2 * pad


def discussion_pdf(
    summary: DiscussionSummary,
    lang: str,
    *,
    made_at: dt.datetime | None = None,
    zone_name: str | None = None,
) -> bytes:
    """The summary on one A4 page (more only when the content is long), as PDF bytes."""
    c = _content(summary, lang, made_at, zone_name)
    name = c.meta[0][1]
    date = i18n.date_text(c.date, lang)
    page_text = i18n.t("dexp.page", lang, page="{page}", pages=PAGES_ALIAS)
    pdf = _Pdf(f"{c.title} · {name} · {date}", c.footer, page_text)
    pdf.set_title(f"{c.title} · {name} · {date}")
    pdf.set_lang(lang)
    pdf.set_creator("Merkitys")
    pdf.start()

    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(pdf.epw, _lh(14), c.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    pairs = [[[_Piece(label + ":", "B", 9)], [_Piece(text, "", 9)]] for label, text, _ in c.meta]
    if len(pairs) % 2:
        pairs.append([[_Piece("", "", 9)], [_Piece("", "", 9)]])
    meta = [_Row(pairs[i] + pairs[i + 1]) for i in range(0, len(pairs), 2)]
    pdf.table([26, 64, 26, 64], meta, rules=False, pad=0.5)

    pdf.heading(c.lights_heading, keep=12)
    pdf.paragraph(" · ".join(c.lights_notes), grey=GREY_TEXT)
    if c.light_rows:
        pdf.ln(1)
        widths = [62, 40, 40, 38] if len(c.light_header) == 4 else [62, 40]
        rows = [_Row([[_Piece(r[0], "B")], *[[_Piece(v)] for v in r[1:]]]) for r in c.light_rows]
        pdf.table(widths, rows, header=c.light_header, pad=0.5)

    pdf.heading(c.actions_heading, keep=14)
    if not c.actions:
        pdf.paragraph(c.actions_empty)
    else:
        rows = []
        for a in c.actions:
            status = [_Piece(a.status)]
            if a.overdue:
                status.append(_Piece(a.overdue, "B"))
            focus = " · ".join(a.focus)
            rows.append(
                _Row(
                    [
                        [_Piece(a.title, "B", STRONG), _Piece(a.means)],
                        [_Piece(a.owner)],
                        [_Piece(a.measure)],
                        [_Piece(a.time_span), _Piece(a.due_text)],
                        status,
                    ],
                    span=[_Piece(focus, grey=GREY_TEXT)] if focus else None,
                )
            )
        header = [c.action_header[i] for i in (0, 1, 2)]
        header += [i18n.t("dexp.col.schedule", lang), c.action_header[5]]
        pdf.table([76, 18, 41, 21, 24], rows, header=header)

    pdf.heading(c.follow_heading, keep=10)
    if not c.follow_ups:
        pdf.paragraph(c.follow_empty)
    else:
        rows = [
            _Row(
                [
                    [_Piece(f.title, "B")],
                    [_Piece(f.status_change)],
                    [_Piece(f"{f.due_text} {f.overdue}".strip())],
                ]
            )
            for f in c.follow_ups
        ]
        pdf.table([82, 60, 38], rows, header=c.follow_header)

    pdf.heading(c.agenda_heading, keep=6)
    if not c.agenda:
        pdf.paragraph(c.agenda_empty)
    else:
        rows = [_Row([[_Piece("•")], [_Piece(point)]]) for point in c.agenda]
        pdf.table([5, 175], rows, rules=False, pad=0.3)
    return bytes(pdf.output())


# --- Excel ----------------------------------------------------------------------------------

# Character widths of A..H: about 130 in all, so that "one page wide" prints at 8 pt or more.
COLUMNS = [24, 22, 12, 21, 10, 11, 12, 22]
BOLD = Font(bold=True)
HEADING = Font(bold=True, size=12)
TITLE = Font(bold=True, size=14)
SMALL_FONT = Font(size=9, color="404040")
HEADER_FILL_XL = PatternFill("solid", fgColor="D9D9D9")
LIGHT_FILL_XL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
RULE = Border(bottom=Side(style="thin", color="808080"))


def _lines_needed(value: object, width: float) -> int:
    """How many lines a wrapped cell takes, a little on the safe side (openpyxl cannot measure)."""
    text = "" if value is None else str(value)
    per_line = max(1, int(width * 1.05))
    return max(1, sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n")))


class _Sheet:
    def __init__(self, ws: Worksheet, lang: str) -> None:
        self.ws = ws
        self.row = 1
        self.date_format = "d.m.yyyy" if lang == "fi" else "yyyy-mm-dd"

    def put(
        self,
        values: list[object],
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
    ) -> int:
        lines = 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=col)
            write_cell(cell, value)
            cell.alignment = WRAP
            if isinstance(value, dt.date):
                cell.number_format = self.date_format
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            lines = max(lines, _lines_needed(value, COLUMNS[col - 1]))
        self.ws.row_dimensions[self.row].height = 14.5 * lines + 1
        self.row += 1
        return self.row - 1

    def wide(self, text: str, font: Font | None = None) -> int:
        """One text across all columns."""
        r = self.put([text], font=font)
        self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
        size = font.size if font is not None and font.size else 11
        lines = _lines_needed(text, sum(COLUMNS) * 11 / size)
        self.ws.row_dimensions[r].height = max(15, size * 1.45) * lines
        return r

    def gap(self) -> None:
        self.row += 1


def discussion_xlsx(
    summary: DiscussionSummary,
    lang: str,
    *,
    made_at: dt.datetime | None = None,
    zone_name: str | None = None,
) -> bytes:
    """The same content as the PDF on one sheet, printable on A4 portrait, one page wide."""
    c = _content(summary, lang, made_at, zone_name)
    wb = Workbook()
    ws = wb.active
    ws.title = c.sheet[:31]
    wb.properties.title = f"{c.title} · {c.meta[0][1]} · {i18n.date_text(c.date, lang)}"
    wb.properties.creator = "Merkitys"
    for col, width in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    s = _Sheet(ws, lang)

    s.wide(c.title, TITLE)
    for label, _, value in c.meta:
        r = s.put([label, value])
        ws.cell(row=r, column=1).font = BOLD
    s.gap()

    s.wide(c.lights_heading, HEADING)
    for note in c.lights_notes:
        s.wide(note, SMALL_FONT)
    if c.light_rows:
        s.put(c.light_header, font=BOLD, fill=HEADER_FILL_XL, border=RULE)
        for row in c.light_rows:
            r = s.put(row, border=RULE)
            ws.cell(row=r, column=1).font = BOLD
            for col in range(2, len(row) + 1):
                ws.cell(row=r, column=col).fill = LIGHT_FILL_XL
    s.gap()

    s.wide(c.actions_heading, HEADING)
    if not c.actions:
        s.wide(c.actions_empty)
    else:
        header = [
            c.action_header[0],
            i18n.t("action.means", lang),
            *c.action_header[1:],
            i18n.t("dexp.col.focus", lang),
        ]
        header[0] = i18n.t("action.title", lang)
        s.put(header, font=BOLD, fill=HEADER_FILL_XL, border=RULE)
        for a in c.actions:
            status = f"{a.status}\n{a.overdue}" if a.overdue else a.status
            r = s.put(
                [
                    a.title,
                    a.means,
                    a.owner,
                    a.measure,
                    a.time_span,
                    a.due_on or a.due_text,
                    status,
                    "\n".join(a.focus),
                ],
                border=RULE,
            )
            ws.cell(row=r, column=1).font = BOLD
    s.gap()

    s.wide(c.follow_heading, HEADING)
    if not c.follow_ups:
        s.wide(c.follow_empty)
    else:
        s.put(
            [*c.follow_header, i18n.t("disc.col.overdue", lang)],
            font=BOLD,
            fill=HEADER_FILL_XL,
            border=RULE,
        )
        for f in c.follow_ups:
            r = s.put([f.title, f.status_change, f.due_on or f.due_text, f.overdue], border=RULE)
            ws.cell(row=r, column=1).font = BOLD
    s.gap()

    s.wide(c.agenda_heading, HEADING)
    if not c.agenda:
        s.wide(c.agenda_empty)
    for point in c.agenda:
        s.wide(f"• {point}")
    s.gap()
    s.wide(c.footer, SMALL_FONT)

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{get_column_letter(len(COLUMNS))}{s.row - 1}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
