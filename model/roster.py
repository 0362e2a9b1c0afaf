"""Roster import (PRODUCT.md A1, A5; TRUST.md rule 21): people, units, teams, supervisors and roles
from an .xlsx or .csv file — read defensively, validated as a whole, previewed, then applied in
one all-or-nothing transaction through the same services as the People page (``model.people``).

The steps, for a page or the command line:

1. ``check(session, viewer=…, data=…, filename=…) -> Report`` (``check_roster`` without a viewer)
   reads the file (``parse``) and validates every row (``validate``). ``report.ok`` is true when
   nothing is wrong; ``report_lines(report, lang)`` gives every problem as one translated line,
   by row and column ("Rivi 5, sarake ”sähköposti”: …").
2. ``preview(session, viewer=…, report=…) -> Plan`` (``plan_roster``) tells what applying would
   do: who is added, changed, retired or reactivated, and which units and teams are created.
   ``plan_table(plan, part, lang)`` gives one part as rows of text for a table.
3. ``import_roster(session, viewer=…, report=…, now=…) -> Applied`` (``apply_roster``) validates
   again against the database as it is now and applies the plan inside the caller's write
   session; it never commits, so any error rolls everything back.

For the admin page: keep the uploaded file's bytes and name between reruns (plain values), not
the report; on "apply", in one ``db.write_session``, ``check`` the bytes again and pass the report
to ``import_roster``. It raises ``RosterError`` (code ``roster_invalid``, ``error.report`` holding
the new problems for ``report_lines``) when someone changed the database since the preview so
that the file no longer passes. Texts: ``summary_lines(plan, lang)`` (counts, new units and
teams), ``plan_table(plan, part, lang)`` for each of ``PLAN_PARTS`` with the columns
``PLAN_COLUMNS`` (headers ``roster.plan.col.<column>``), ``roster.plan.rule`` (the rule below in
one sentence). ``Applied.added_ids`` are the people who need a one-time link to set a password
(``model.accounts``); reactivated people keep any password they had.

What the file means (say so to the admin; the plan shows the consequences before anything is done):

- **The file is the whole roster.** Every active person of the organisation who is not in it is
  retired — except people holding the admin role and the admin who imports (an import must not
  lock the administrators out). Retired people who are in the file again are reactivated.
- **A supervisor must be a row of the file**, for the same reason: anyone else would be retired.
- People are matched by e-mail (``strip().casefold()``); units by their path of names from below
  the organisation (``Kasvatus ja opetus / Rantakylän koulu``), teams by name under their unit,
  both case-insensitively. A path may start with the organisation's own name. A name cannot hold
  ``/``, which separates the levels.
- An empty team puts the person directly in the unit (a director, HR). An empty supervisor cell
  means no supervisor (a missing supervisor column keeps everyone's). An empty roles or language
  cell (or a missing column) keeps an existing person's roles or language; a new person gets the
  employee role and the organisation's first offered language. Whoever has reports in the file
  is a supervisor as well.
- An import never removes the admin role (that is done on the People page) but may grant it.
  A new facilitator is scoped to their own unit; an existing facilitator keeps their scopes.
- Nothing about units or teams that are missing from the file changes: they are retired on the
  People page, not by an import.

Reading a file is bounded (size, rows, columns, cell length; for a workbook the zip's entry count,
entry sizes, total size and compression ratio are checked before openpyxl opens it, and a DTD or
entity declaration in any XML part is refused — defusedxml, which openpyxl reads sheets with,
refuses them as well, and its lxml parser leaves entities unresolved). Formula cells, and cells
that a spreadsheet would take for one (starting with ``=``, ``+``, ``-`` or ``@``), are refused.
The report holds the values the admin typed; the audit log holds counts only.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sqlmodel import Session, col, select

from model import audit, auth, i18n, org_settings, people, text
from model.tables import Organisation, Person, Role, RoleGrant, Unit, UnitKind
from model.viewer import Viewer

log = logging.getLogger(__name__)

# --- limits (TRUST.md rule 21) ------------------------------------------------------------------

MAX_FILE_BYTES = 5_000_000  # ~60,000 rows of a plain roster; pages cap uploads lower still
MAX_ROWS = 20_000  # people, empty rows not counted
MAX_COLUMNS = 50
MAX_CELL_CHARS = 1_000
# A workbook is a zip: these are checked on its directory before any part is decompressed.
# zipfile stops at an entry's declared size and checks its CRC, so a lying header cannot
# decompress more than it declares.
MAX_ZIP_ENTRIES = 1_000
MAX_ZIP_ENTRY_BYTES = 50_000_000
MAX_ZIP_TOTAL_BYTES = 100_000_000
MAX_ZIP_RATIO = 100  # uncompressed / compressed, for entries over ZIP_RATIO_FROM bytes
ZIP_RATIO_FROM = 1_000_000
NAME_MAX = people.NAME_MAX  # Person.display_name, Unit.name
UNIT_DEPTH_MAX = 10
SEPARATOR = "/"

# --- columns, roles, codes ------------------------------------------------------------------------

FIELDS = ("email", "name", "unit", "team", "supervisor_email", "roles", "language")
REQUIRED = ("email", "name", "unit")
# Headers are matched after trimming, casefolding, "_" read as a space and spaces collapsed.
HEADERS: dict[str, str] = {
    "email": "email",
    "e-mail": "email",
    "sähköposti": "email",
    "name": "name",
    "nimi": "name",
    "unit": "unit",
    "yksikkö": "unit",
    "team": "team",
    "tiimi": "team",
    "supervisor email": "supervisor_email",
    "supervisor e-mail": "supervisor_email",
    "esihenkilön sähköposti": "supervisor_email",
    "roles": "roles",
    "roolit": "roles",
    "language": "language",
    "kieli": "language",
}
ROLE_WORDS: dict[str, str] = {
    "employee": Role.employee,
    "työntekijä": Role.employee,
    "supervisor": Role.supervisor,
    "esihenkilö": Role.supervisor,
    "esimies": Role.supervisor,  # the older Finnish word, still in many HR systems' exports
    "facilitator": Role.facilitator,
    "kehittäjä": Role.facilitator,
    "admin": Role.admin,
    "pääkäyttäjä": Role.admin,
}
ROLE_ORDER = (Role.employee, Role.supervisor, Role.facilitator, Role.admin)
# A spreadsheet takes a cell starting with one of these for a formula (TRUST.md rule 20).
FORMULA_START = ("=", "+", "-", "@")

# Problems with the file as a whole (no row) and with one cell or row; each is the text
# ``roster.error.<code>`` in texts_roster.
FILE_CODES = frozenset(
    {
        "file_empty",
        "file_too_large",
        "file_type",
        "file_old_excel",
        "file_unreadable",
        "file_encoding",
        "file_zip_bomb",
        "file_xml_entities",
        "too_many_rows",
        "too_many_columns",
        "header_missing",
        "header_unknown",
        "header_duplicate",
        "no_people",
    }
)
# File problems after which the rows are not checked (there is nothing sound to check).
_STOPPING = FILE_CODES - {"header_unknown", "header_duplicate"}
ROW_CODES = frozenset(
    {
        "required_empty",
        "column_without_header",
        "cell_too_long",
        "formula",
        "email_invalid",
        "email_duplicate",
        "email_other_organisation",
        "name_too_long",
        "unit_segment_empty",
        "unit_name_too_long",
        "unit_too_deep",
        "team_without_unit",
        "team_name_too_long",
        "team_name_slash",
        "supervisor_self",
        "supervisor_unknown",
        "supervisor_not_in_file",
        "supervisor_cycle",
        "role_unknown",
        "language_unknown",
    }
)

_SPACES = re.compile(r"\s+")


class RosterError(ValueError):
    """An import that cannot go on; ``code`` and ``params`` pick the text ``roster.error.<code>``.
    ``report`` holds the problems when the file turned out invalid against the database as it is
    at the moment of applying (someone changed it after the preview)."""

    def __init__(self, code: str, report: Report | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.report = report


@dataclass(frozen=True)
class Issue:
    """One problem: ``row`` as the spreadsheet shows it (the header is row 1; None for the file
    as a whole) and ``column`` as its header is written in the file (None for a whole row)."""

    code: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    """A file read into cells: ``headers`` maps each known column (``FIELDS``) to its header as
    written; ``rows`` are (row number, {field: cleaned text}) of the non-empty rows."""

    headers: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Cells already reported (a formula, an over-long cell): not checked again.
    refused: set[tuple[int, str]] = field(default_factory=set)


@dataclass(frozen=True)
class RosterRow:
    """One valid person of the file. ``None`` means "not given" (keep or default), see the
    module docstring; ``unit`` is the path below the organisation (empty: the organisation)."""

    row: int
    email: str
    name: str
    unit: tuple[str, ...]
    team: str
    supervisor_email: str | None
    roles: frozenset[str] | None
    language: str | None


@dataclass
class Report:
    """What ``check`` found: the problems, and the rows (complete only when ``ok``)."""

    issues: list[Issue]
    rows: list[RosterRow]
    headers: dict[str, str]
    filename: str = ""
    # The file as read: applying validates it again against the database as it is then.
    table: Table | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.issues


# --- reading ---------------------------------------------------------------------------------


@dataclass
class _Cell:
    value: str
    formula: bool = False  # a workbook formula cell


def parse(data: bytes, filename: str) -> Table:
    """Read an .xlsx or .csv roster into a ``Table``; problems with the file are in its issues.

    The type is told from the content (a zip is a workbook), not only from the name (TRUST 16).
    """
    if not data.strip():
        return Table(issues=[Issue("file_empty")])
    if len(data) > MAX_FILE_BYTES:
        return Table(issues=[Issue("file_too_large", params={"max_mb": MAX_FILE_BYTES // 10**6})])
    suffix = PurePath(filename or "").suffix.casefold()
    try:
        if data.startswith(b"PK\x03\x04"):
            records = _xlsx_records(data)
        elif data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary .xls (OLE2)
            return Table(issues=[Issue("file_old_excel")])
        elif suffix in (".csv", ".txt", ".tsv"):
            records = _csv_records(data)
        elif suffix in (".xlsx", ".xlsm"):
            return Table(issues=[Issue("file_unreadable")])
        else:
            return Table(issues=[Issue("file_type")])
        return _tabulate(records)
    except _FileRefused as refused:
        return Table(issues=[refused.issue])


class _FileRefused(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.issue = Issue(code, params=params)


# .. workbooks ..


def _check_zip(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip, once its directory is within the limits and no XML part declares a
    DTD or entities (a zip bomb or an XML bomb is refused before openpyxl sees it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _FileRefused("file_unreadable") from None
    total = 0
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _FileRefused("file_zip_bomb")
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if (
            entry.file_size > MAX_ZIP_ENTRY_BYTES
            or total > MAX_ZIP_TOTAL_BYTES
            or (entry.file_size > ZIP_RATIO_FROM and ratio > MAX_ZIP_RATIO)
        ):
            raise _FileRefused("file_zip_bomb")
    for entry in entries:
        if _declares_entities(archive, entry):
            raise _FileRefused("file_xml_entities")
    return archive


# A workbook written by Excel, LibreOffice or openpyxl never declares a DTD; an XML bomb must.
# Searched in UTF-8 and both UTF-16 byte orders (XML may be in either).
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 << 20


def _declares_entities(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    overlap = max(map(len, _DTD_MARKERS))
    tail = b""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                if any(marker in window for marker in _DTD_MARKERS):
                    return True
                tail = window[-overlap:]
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        # A damaged entry, an unknown compression or encryption: openpyxl cannot read it either.
        raise _FileRefused("file_unreadable") from None
    return False


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[_Cell]]]:
    _check_zip(data).close()
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # any failure on an untrusted file means "cannot read it"
        raise _refusal(error) from None
    return _sheet_records(book)


_DEFUSED = ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden")


def _refusal(error: BaseException) -> _FileRefused:
    """What a failure inside openpyxl means. openpyxl wraps what its parser raised in a
    ValueError, so the chain of causes is searched for defusedxml's refusals."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = [type(e).__name__ for e in chain]
    # Only the exceptions' types are logged: their texts may quote the file (TRUST 25).
    log.info("roster workbook refused: %s", " <- ".join(names))
    if any(name in _DEFUSED for name in names):
        return _FileRefused("file_xml_entities")
    return _FileRefused("file_unreadable")


def _sheet_records(book: Any) -> Iterator[tuple[int, list[_Cell]]]:
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        # Values only: with data_only=False a formula cell's value is its formula ("=A1", or an
        # ArrayFormula object), which _workbook_cell marks. Bounded whatever the sheet's declared
        # dimension says; a gap of empty rows (a lone cell at row 1,048,576) costs only a loop.
        for number, values in enumerate(
            sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True), start=1
        ):
            if values.count(None) != len(values):
                yield number, [_workbook_cell(v) for v in values]
    except _FileRefused:
        raise
    except Exception as error:
        raise _refusal(error) from None
    finally:
        book.close()


def _workbook_cell(value: Any) -> _Cell:
    if value is None:
        return _Cell("")
    if isinstance(value, str):
        return _Cell(value)
    if isinstance(value, bool):
        return _Cell(str(value).upper())
    if isinstance(value, float) and value.is_integer():
        return _Cell(str(int(value)))
    if isinstance(value, int | float):
        return _Cell(str(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _Cell(value.isoformat())
    # An array or data-table formula (openpyxl gives an object, not its text).
    return _Cell(str(getattr(value, "text", "") or ""), formula=True)


# .. CSV ..

_DELIMITERS = (";", ",", "\t")


def _decode(data: bytes) -> str:
    """UTF-16 when it has a byte-order mark (Excel's "Unicode text"), else UTF-8 (a BOM is
    dropped), else cp1252 (Finnish Excel's "CSV (semicolon separated)")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _FileRefused("file_encoding")


def _delimiter(content: str) -> str:
    """The delimiter among ``;`` ``,`` tab: the one that splits the header into the most known
    column names, else what ``csv.Sniffer`` finds, else the most frequent on the first line."""
    lines = [ln for ln in content[:65536].splitlines() if ln.strip()]
    if not lines:
        return ","

    def known(delimiter: str) -> int:
        cells = next(csv.reader([lines[0]], delimiter=delimiter), [])
        return sum(_header_key(c) in HEADERS for c in cells)

    scores = {d: known(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: scores[d])
    if scores[best] >= 2:
        return best
    try:
        return csv.Sniffer().sniff("\n".join(lines[:50]), delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        return max(_DELIMITERS, key=lines[0].count)


def _csv_records(data: bytes) -> Iterator[tuple[int, list[_Cell]]]:
    content = _decode(data).replace("\x00", "")
    delimiter = _delimiter(content)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[_Cell]]]:
        try:
            # A quoted line break stays inside its cell: the number is the record's, as a
            # spreadsheet opening the file shows it.
            for number, values in enumerate(reader, start=1):
                yield number, [_Cell(v) for v in values[: MAX_COLUMNS + 1]]
        except csv.Error:
            raise _FileRefused("file_unreadable") from None

    return records()


# .. both ..


def _header_key(value: object) -> str:
    return _SPACES.sub(" ", text.line(value).casefold().replace("_", " ")).strip()


def _looks_like_formula(value: str) -> bool:
    return value.lstrip().startswith(FORMULA_START)


def _tabulate(records: Iterable[tuple[int, list[_Cell]]]) -> Table:
    table = Table()
    columns: dict[int, str | None] = {}  # position → field (None: an unknown header, reported)
    written: dict[int, str] = {}  # position → header as written
    header_seen = False
    people = 0
    for number, cells in records:
        if not any(c.value.strip() or c.formula for c in cells):
            continue
        if len(cells) > MAX_COLUMNS and any(
            c.value.strip() or c.formula for c in cells[MAX_COLUMNS:]
        ):
            table.issues.append(Issue("too_many_columns", params={"max": MAX_COLUMNS}))
            return table
        if not header_seen:
            header_seen = True
            _read_header(table, number, cells, columns, written)
            if any(i.code == "header_missing" for i in table.issues):
                return table
            continue
        people += 1
        if people > MAX_ROWS:
            table.issues.append(Issue("too_many_rows", params={"max": MAX_ROWS}))
            return table
        values: dict[str, str] = {}
        for position, cell in enumerate(cells):
            raw = cell.value
            if position not in columns:
                if raw.strip() or cell.formula:
                    table.issues.append(
                        Issue(
                            "column_without_header",
                            number,
                            None,
                            {"position": _column_letter(position)},
                        )
                    )
                continue
            name, header = columns[position], written[position]
            if name is None:
                continue
            if len(raw) > MAX_CELL_CHARS:
                table.issues.append(Issue("cell_too_long", number, header, {"max": MAX_CELL_CHARS}))
                table.refused.add((number, name))
                continue
            if cell.formula or _looks_like_formula(raw):
                table.issues.append(Issue("formula", number, header))
                table.refused.add((number, name))
                continue
            values[name] = text.line(raw)
        table.rows.append((number, values))
    if not header_seen:
        table.issues.append(Issue("file_empty"))
    return table


def _read_header(
    table: Table,
    number: int,
    cells: list[_Cell],
    columns: dict[int, str | None],
    written: dict[int, str],
) -> None:
    seen: dict[str, str] = {}
    for position, cell in enumerate(cells):
        header = text.line(cell.value)
        if not header:
            continue
        name = HEADERS.get(_header_key(header))
        written[position] = header
        if name is None:
            table.issues.append(Issue("header_unknown", number, header, {"header": header}))
            columns[position] = None
            continue
        if name in seen:
            table.issues.append(Issue("header_duplicate", number, header, {"other": seen[name]}))
            columns[position] = None
            continue
        seen[name] = header
        columns[position] = name
    missing = [f for f in REQUIRED if f not in seen]
    if missing:
        table.issues.append(Issue("header_missing", number, None, {"columns": missing}))
    table.headers = {name: seen[name] for name in FIELDS if name in seen}


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- validation --------------------------------------------------------------------------------


def check_roster(session: Session, organisation_id: int, data: bytes, filename: str) -> Report:
    """Read and validate a roster file for the organisation (no rights checked: the caller is
    the command line or has checked them)."""
    report = validate(session, organisation_id, parse(data, filename))
    report.filename = PurePath(filename or "").name
    return report


def check(session: Session, *, viewer: Viewer, data: bytes, filename: str) -> Report:
    """``check_roster`` for an admin of the viewer's organisation."""
    viewer.require(Role.admin)
    return check_roster(session, viewer.organisation_id, data, filename)


def default_language(session: Session, organisation_id: int) -> str:
    """A new person's language when the file gives none: the organisation's first offered."""
    return org_settings.offered_languages(session, organisation_id)[0]


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _known_people(session: Session, emails: set[str]) -> dict[str, tuple[int, bool]]:
    """E-mail → (organisation id, active) of the people the database holds at these addresses."""
    found: dict[str, tuple[int, bool]] = {}
    for chunk in _chunks(sorted(emails)):
        for email, org_id, active in session.exec(
            select(Person.email, Person.organisation_id, Person.active).where(
                col(Person.email).in_(chunk)
            )
        ).all():
            found[email] = (org_id, active)
    return found


def _organisation_names(session: Session, organisation_id: int) -> set[str]:
    """Names a path may start with to mean the organisation itself (its name, its root's)."""
    org = session.get(Organisation, organisation_id)
    names = {org.name} if org else set()
    names |= set(
        session.exec(
            select(Unit.name).where(
                Unit.organisation_id == organisation_id, Unit.kind == UnitKind.organisation
            )
        ).all()
    )
    return {text.line(n).casefold() for n in names}


def validate(session: Session, organisation_id: int, table: Table) -> Report:
    """Every problem of the rows, all collected (not the first only), and the valid rows."""
    issues = list(table.issues)
    report = Report(issues=issues, rows=[], headers=dict(table.headers), table=table)
    if any(i.code in _STOPPING for i in table.issues):
        return report  # the file itself could not be read: no rows to speak of
    if not table.rows:
        issues.append(Issue("no_people"))
        return report
    headers = table.headers
    offered = org_settings.offered_languages(session, organisation_id)
    org_names = _organisation_names(session, organisation_id)
    rows: list[RosterRow] = []

    def problem(code: str, number: int, name: str | None, **params: Any) -> None:
        issues.append(Issue(code, number, headers.get(name) if name else None, params))

    refused_cells: dict[int, set[str]] = defaultdict(set)
    for number, name in table.refused:
        refused_cells[number].add(name)
    for number, values in table.rows:
        refused = refused_cells.get(number, set())
        cells = {k: v for k, v in values.items() if k not in refused}
        given = cells.get

        for name in REQUIRED:
            if name not in refused and not values.get(name):
                if name == "unit" and given("team", ""):
                    problem("team_without_unit", number, "team")
                else:
                    problem("required_empty", number, name)
        email = auth.normalise_email(given("email", ""))
        if email and not people.is_email(email):
            problem("email_invalid", number, "email", value=email)
        name = given("name", "")
        if len(name) > NAME_MAX:
            problem("name_too_long", number, "name", max=NAME_MAX)
        path = _unit_path(given("unit", ""), org_names, number, problem)
        team = given("team", "")
        if len(team) > NAME_MAX:
            problem("team_name_too_long", number, "team", max=NAME_MAX)
        elif SEPARATOR in team:
            problem("team_name_slash", number, "team", value=team)
        supervisor: str | None = None
        if "supervisor_email" in headers and "supervisor_email" not in refused:
            supervisor = auth.normalise_email(values.get("supervisor_email", ""))
            if supervisor and not people.is_email(supervisor):
                problem("email_invalid", number, "supervisor_email", value=supervisor)
        roles = _roles(given("roles", ""), number, problem)
        language = given("language", "").casefold() or None
        if language is not None and language not in offered:
            problem(
                "language_unknown",
                number,
                "language",
                value=given("language", ""),
                offered=", ".join(offered),
            )
        rows.append(
            RosterRow(
                row=number,
                email=email,
                name=name,
                unit=path or (),
                team=team,
                supervisor_email=supervisor,
                roles=roles,
                language=language,
            )
        )

    _check_people(session, organisation_id, rows, problem)
    issues.sort(key=_issue_order(headers))
    report.rows = [] if issues else rows
    return report


def _unit_path(
    value: str, org_names: set[str], number: int, problem: Any
) -> tuple[str, ...] | None:
    if not value:
        return None
    segments = [text.line(s) for s in value.split(SEPARATOR)]
    if any(not s for s in segments):
        problem("unit_segment_empty", number, "unit", value=value)
        return None
    if segments[0].casefold() in org_names:
        segments = segments[1:]  # the organisation's own name first: the path starts below it
    if len(segments) > UNIT_DEPTH_MAX:
        problem("unit_too_deep", number, "unit", max=UNIT_DEPTH_MAX)
        return None
    if any(len(s) > NAME_MAX for s in segments):
        problem("unit_name_too_long", number, "unit", max=NAME_MAX)
        return None
    return tuple(segments)


def _roles(value: str, number: int, problem: Any) -> frozenset[str] | None:
    words = [text.line(w) for w in value.split(",")]
    words = [w for w in words if w]
    if not words:
        return None
    roles: set[str] = set()
    for word in words:
        role = ROLE_WORDS.get(_SPACES.sub(" ", word.casefold()))
        if role is None:
            problem("role_unknown", number, "roles", value=word)
        else:
            roles.add(str(role))
    return frozenset(roles)


def _check_people(
    session: Session, organisation_id: int, rows: list[RosterRow], problem: Any
) -> None:
    """What needs the rows together and the database: duplicates, e-mails of another
    organisation, supervisors that are not rows of the file, and supervisor cycles."""
    by_email: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.email:
            by_email[r.email].append(r.row)
    for email, numbers in by_email.items():
        if len(numbers) > 1:
            for number in numbers:
                others = ", ".join(str(n) for n in numbers if n != number)
                problem("email_duplicate", number, "email", value=email, rows=others)
    wanted = set(by_email) | {r.supervisor_email for r in rows if r.supervisor_email}
    known = _known_people(session, wanted)
    for r in rows:
        held = known.get(r.email)
        if held is not None and held[0] != organisation_id:
            problem("email_other_organisation", r.row, "email", value=r.email)
        sup = r.supervisor_email
        if not sup or not people.is_email(sup):
            continue
        if sup == r.email:
            problem("supervisor_self", r.row, "supervisor_email")
        elif sup not in by_email:
            there = known.get(sup)
            if there is not None and there[0] == organisation_id and there[1]:
                problem("supervisor_not_in_file", r.row, "supervisor_email", value=sup)
            else:
                problem("supervisor_unknown", r.row, "supervisor_email", value=sup)
    # Cycles among the rows: A → B → … → A. Every row of a cycle is reported with the others.
    boss_of = {
        r.email: r.supervisor_email
        for r in rows
        if r.email and len(by_email[r.email]) == 1 and r.supervisor_email not in (None, "", r.email)
    }
    row_of = {email: numbers[0] for email, numbers in by_email.items()}
    state: dict[str, int] = {}  # 1 on the walk now, 2 finished
    for start in boss_of:
        walk: list[str] = []
        current: str | None = start
        while current is not None and current in boss_of and current not in state:
            state[current] = 1
            walk.append(current)
            current = boss_of[current]
        if current is not None and state.get(current) == 1:
            cycle = walk[walk.index(current) :]
            numbers = sorted(row_of[e] for e in cycle)
            for email in cycle:
                problem(
                    "supervisor_cycle",
                    row_of[email],
                    "supervisor_email",
                    rows=", ".join(str(n) for n in numbers),
                )
        for email in walk:
            state[email] = 2


def _issue_order(headers: dict[str, str]) -> Any:
    position = {header: i for i, header in enumerate(headers.get(f) for f in FIELDS)}

    def key(issue: Issue) -> tuple[int, int, int, str]:
        return (
            0 if issue.row is None else 1,
            issue.row or 0,
            position.get(issue.column, -1) if issue.column else -1,
            issue.code,
        )

    return key


# --- plan --------------------------------------------------------------------------------------

PLAN_PARTS = ("added", "changed", "reactivated", "retired", "kept")
CHANGE_FIELDS = ("name", "placement", "supervisor", "roles", "language")


@dataclass(frozen=True)
class Change:
    """One field of a person before and after: ``placement`` is a path ("A / B / Team"),
    ``supervisor`` an e-mail, ``roles`` role codes joined by commas, ``language`` a code."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class PlanRow:
    """A person in the plan: ``row`` in the file (None for people not in it), ``person_id``
    (None for someone to be added), and what changes (for someone added: their values)."""

    email: str
    name: str
    row: int | None
    person_id: int | None
    changes: tuple[Change, ...] = ()


@dataclass
class Plan:
    """What applying the file would do. ``kept`` lists active people missing from the file who
    stay (admins, the admin importing); ``units`` and ``teams`` are paths to create (or restore,
    when a retired one of that name exists)."""

    added: list[PlanRow] = field(default_factory=list)
    changed: list[PlanRow] = field(default_factory=list)
    reactivated: list[PlanRow] = field(default_factory=list)
    retired: list[PlanRow] = field(default_factory=list)
    kept: list[PlanRow] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    teams: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        """Whether applying would change nothing."""
        return (
            not (self.added or self.changed or self.reactivated or self.retired or self.units)
            and not self.teams
        )


@dataclass(frozen=True)
class Applied:
    """What an import did. ``added_ids`` (and ``reactivated_ids``) are the people who may need a
    one-time link to set a password (``model.accounts``)."""

    added: int
    changed: int
    reactivated: int
    retired: int
    units: int
    teams: int
    added_ids: list[int]
    reactivated_ids: list[int]


@dataclass
class _Target:
    """A row of the file against the database: the person and everything they should become."""

    row: RosterRow
    person: Person | None
    placement_id: int | None  # an active unit or team, None when it must be created first
    placement_text: str
    supervisor_email: str | None  # None: no supervisor
    roles: frozenset[str]
    language: str
    new_facilitator: bool
    changes: list[Change]


class _Organisation:
    """Everything of the organisation an import reads, loaded once (not per row)."""

    def __init__(self, session: Session, organisation_id: int) -> None:
        self.id = organisation_id
        self.persons = list(
            session.exec(select(Person).where(Person.organisation_id == organisation_id)).all()
        )
        self.by_email = {p.email: p for p in self.persons}
        self.by_id = {p.id: p for p in self.persons}
        self.units = people.units_of(session, organisation_id)
        self.roles: dict[int, set[str]] = defaultdict(set)
        for person_id, role in session.exec(
            select(RoleGrant.person_id, RoleGrant.role)
            .join(Person, col(Person.id) == RoleGrant.person_id)
            .where(Person.organisation_id == organisation_id)
        ).all():
            self.roles[person_id].add(role)
        roots = sorted(
            (u for u in self.units.values() if u.kind == UnitKind.organisation),
            key=lambda u: u.id,
        )
        self.root_id = roots[0].id if roots else None
        # As people._child finds them: same kind, same name after text.line and casefold, one
        # in use before a retired one.
        children: dict[tuple[int, str, str], list[Unit]] = defaultdict(list)
        for u in sorted(self.units.values(), key=lambda u: (u.retired_at is not None, u.id)):
            if u.parent_id is not None:
                children[(u.parent_id, u.kind, text.line(u.name).casefold())].append(u)
        self.children = children

    def child(self, parent_id: int | None, kind: str, name: str) -> Unit | None:
        if parent_id is None:
            return None
        found = self.children.get((parent_id, kind, text.line(name).casefold()))
        return found[0] if found else None

    def resolve(self, path: tuple[str, ...], team: str) -> tuple[int | None, list[str], str]:
        """The active unit or team at ``path``/``team`` (None when something must be created or
        restored), the units to create or restore, and the team to create ("" when none)."""
        current = self.root_id
        missing: list[str] = []
        for depth, name in enumerate(path):
            unit = self.child(current, UnitKind.unit, name)
            if unit is None or unit.retired_at is not None:
                missing += [_path_text(path[: d + 1], "") for d in range(depth, len(path))]
                current = None
                break
            current = unit.id
        new_team = ""
        if team:
            found = self.child(current, UnitKind.team, team)
            if found is None or found.retired_at is not None:
                new_team = _path_text(path, team)
                current = None
            else:
                current = found.id
        return current, missing, new_team


def _path_text(path: tuple[str, ...], team: str) -> str:
    return f" {SEPARATOR} ".join([*path, team] if team else path)


def _roles_text(roles: Iterable[str]) -> str:
    return ",".join(str(r) for r in ROLE_ORDER if r in set(roles))


def _compute(
    session: Session, organisation_id: int, report: Report, actor_id: int | None
) -> tuple[Plan, list[_Target], _Organisation]:
    if not report.ok:
        raise RosterError("roster_invalid", report=report)
    org = _Organisation(session, organisation_id)
    default = default_language(session, organisation_id)
    in_file = {r.email for r in report.rows}
    plan = Plan()
    units_seen: dict[str, None] = {}
    teams_seen: dict[str, None] = {}

    # Who stays although missing from the file: admins and the importing admin.
    missing = [p for p in org.persons if p.active and p.email not in in_file]
    kept = [p for p in missing if Role.admin in org.roles[p.id] or p.id == actor_id]
    retiring = {p.id for p in missing} - {p.id for p in kept}

    def email_of(person_id: int | None) -> str:
        person = org.by_id.get(person_id) if person_id is not None else None
        return person.email if person is not None else ""

    supervisor_target: dict[str, str | None] = {}
    for r in report.rows:
        person = org.by_email.get(r.email)
        if r.supervisor_email is not None:
            supervisor_target[r.email] = r.supervisor_email or None
        elif person is not None and person.supervisor_id not in retiring:
            supervisor_target[r.email] = email_of(person.supervisor_id) or None
        else:
            supervisor_target[r.email] = None
    has_reports = {s for s in supervisor_target.values() if s}
    has_reports |= {
        email_of(p.supervisor_id)
        for p in kept
        if p.supervisor_id is not None and p.supervisor_id not in retiring
    }

    targets: list[_Target] = []
    for r in report.rows:
        person = org.by_email.get(r.email)
        placement_id, new_units, new_team = org.resolve(r.unit, r.team)
        for path in new_units:
            units_seen.setdefault(path, None)
        if new_team:
            teams_seen.setdefault(new_team, None)
        active = person is not None and person.active
        current = set(org.roles[person.id]) if active else set()
        base = r.roles if r.roles is not None else (current or {Role.employee})
        roles = {str(x) for x in base}
        if r.email in has_reports:
            roles.add(Role.supervisor)
        if Role.admin in current:
            roles.add(Role.admin)  # never removed by an import (see the module docstring)
        language = r.language or (person.language if person is not None else default)
        target = _Target(
            row=r,
            person=person,
            placement_id=placement_id,
            placement_text=_path_text(r.unit, r.team),
            supervisor_email=supervisor_target[r.email],
            roles=frozenset(roles),
            language=language,
            new_facilitator=Role.facilitator in roles and Role.facilitator not in current,
            changes=[],
        )
        targets.append(target)
        before = {
            "name": person.display_name if person else "",
            "placement": people.path_text(org.units, person.team_id) if person else "",
            "supervisor": email_of(person.supervisor_id) if person else "",
            "roles": _roles_text(current),
            "language": person.language if person else "",
        }
        after = {
            "name": r.name,
            "placement": target.placement_text,
            "supervisor": target.supervisor_email or "",
            "roles": _roles_text(roles),
            "language": language,
        }
        moved = person is None or placement_id is None or placement_id != person.team_id
        for name in CHANGE_FIELDS:
            differs = moved if name == "placement" else before[name] != after[name]
            if person is None and name == "name":
                continue  # the name is a column of its own in the plan
            if differs and (person is not None or after[name]):
                target.changes.append(Change(name, before[name], after[name]))
        plan_row = PlanRow(
            r.email, r.name, r.row, person.id if person else None, tuple(target.changes)
        )
        if person is None:
            plan.added.append(plan_row)
        elif not person.active:
            plan.reactivated.append(plan_row)
        elif target.changes:
            plan.changed.append(plan_row)
        else:
            plan.unchanged += 1

    def outside(p: Person) -> PlanRow:
        return PlanRow(p.email, p.display_name, None, p.id)

    by_name = sorted(missing, key=lambda p: (p.display_name.casefold(), p.email))
    plan.retired = [outside(p) for p in by_name if p.id in retiring]
    plan.kept = [outside(p) for p in by_name if p.id not in retiring]
    plan.units = list(units_seen)
    plan.teams = list(teams_seen)
    return plan, targets, org


def plan_roster(
    session: Session, organisation_id: int, report: Report, *, actor_id: int | None
) -> Plan:
    """What applying a valid report would do (the dry run): nothing is written.
    Raises ``RosterError("roster_invalid")`` for a report with problems."""
    return _compute(session, organisation_id, report, actor_id)[0]


def preview(session: Session, *, viewer: Viewer, report: Report) -> Plan:
    """``plan_roster`` for an admin of the viewer's organisation."""
    viewer.require(Role.admin)
    return plan_roster(session, viewer.organisation_id, report, actor_id=viewer.person_id)


# --- apply -------------------------------------------------------------------------------------


def apply_roster(
    session: Session,
    organisation_id: int,
    report: Report,
    *,
    actor_id: int | None,
    now: dt.datetime,
) -> Applied:
    """Apply the file in the caller's write session (``db.write_session``): flushed, never
    committed here, so an error anywhere leaves the database as it was. The file is validated
    again against the database as it is now; ``RosterError("roster_invalid", report=…)`` when
    it no longer passes. One ``roster_imported`` audit event with counts only."""
    if report.table is not None:
        fresh = validate(session, organisation_id, report.table)
        fresh.filename = report.filename
        report = fresh
    plan, targets, org = _compute(session, organisation_id, report, actor_id)
    added_ids: list[int] = []
    if not plan.empty:
        added_ids = _write(session, org, plan, targets, actor_id=actor_id, now=now)
    counts = {
        "rows": len(report.rows),
        "added": len(plan.added),
        "changed": len(plan.changed),
        "reactivated": len(plan.reactivated),
        "retired": len(plan.retired),
        "units": len(plan.units),
        "teams": len(plan.teams),
    }
    audit.record(session, event="roster_imported", actor_id=actor_id, detail=counts)
    session.flush()
    return Applied(
        added=counts["added"],
        changed=counts["changed"],
        reactivated=counts["reactivated"],
        retired=counts["retired"],
        units=counts["units"],
        teams=counts["teams"],
        added_ids=added_ids,
        reactivated_ids=[r.person_id for r in plan.reactivated if r.person_id is not None],
    )


def import_roster(session: Session, *, viewer: Viewer, report: Report, now: dt.datetime) -> Applied:
    """``apply_roster`` for an admin of the viewer's organisation, who is the actor."""
    viewer.require(Role.admin)
    return apply_roster(session, viewer.organisation_id, report, actor_id=viewer.person_id, now=now)


def _write(
    session: Session,
    org: _Organisation,
    plan: Plan,
    targets: list[_Target],
    *,
    actor_id: int | None,
    now: dt.datetime,
) -> list[int]:
    """Write the plan; the ids of the people added, in the file's order."""
    placements: dict[tuple[tuple[str, ...], str], Unit] = {}

    def placement(t: _Target) -> int:
        if t.placement_id is not None:
            return t.placement_id
        key = (tuple(s.casefold() for s in t.row.unit), t.row.team.casefold())
        if key not in placements:
            unit = people.ensure_unit_path(
                session, org.id, list(t.row.unit), actor_id=actor_id, now=now
            )
            if t.row.team:
                unit = people.ensure_team(session, unit, t.row.team, actor_id=actor_id, now=now)
            placements[key] = unit
        return placements[key].id

    # People first (created, reactivated, changed), then who reports to whom, then roles: a
    # supervisor may be a row further down the file.
    persons: dict[str, Person] = dict(org.by_email)
    touched: list[_Target] = []
    added: list[int] = []
    for t in targets:
        person = t.person
        fields = {c.field for c in t.changes}
        if person is not None and not person.active:
            people.reactivate_person_row(session, person, actor_id=actor_id, now=now)
        if person is None or fields & {"name", "placement", "language"}:
            person, _ = people.write_person(
                session,
                org.id,
                person,
                email=t.row.email,
                name=t.row.name,
                language=t.language,
                placement_id=placement(t),
                actor_id=actor_id,
                now=now,
            )
            persons[person.email] = person
            if t.person is None:
                added.append(person.id)
        t.person = person
        touched.append(t)
    for t in touched:
        boss = persons[t.supervisor_email].id if t.supervisor_email else None
        if t.person.supervisor_id != boss:
            # Scopes are brought in line once, at the end (sync_supervisor_scopes).
            people.set_supervisor(session, t.person, boss, actor_id=actor_id, now=now, sync=False)
    for t in touched:
        held = set(org.roles[t.person.id]) if t.person.id in org.roles else set()
        if held != t.roles:
            people.set_roles(
                session,
                t.person,
                t.roles,
                actor_id=actor_id,
                facilitator_unit_id=_facilitator_scope(session, t) if t.new_facilitator else None,
            )
    for row in plan.retired:
        people.retire_person_row(session, org.by_id[row.person_id], actor_id=actor_id, now=now)
    people.sync_supervisor_scopes(session, org.id, actor_id=actor_id)
    return added


def _facilitator_scope(session: Session, t: _Target) -> int | None:
    """A new facilitator's scope: their own unit (the team's unit for people in a team)."""
    unit = session.get(Unit, t.person.team_id) if t.person.team_id is not None else None
    if unit is not None and unit.kind == UnitKind.team:
        unit = session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
    return unit.id if unit is not None else None


# --- texts -------------------------------------------------------------------------------------


def issue_text(issue: Issue, lang: str) -> str:
    """One problem as a sentence in ``lang``, without its place."""
    params = dict(issue.params)
    if "columns" in params:  # missing columns: their headers in the admin's language
        params["columns"] = ", ".join(i18n.t(f"roster.header.{c}", lang) for c in params["columns"])
    return i18n.t(f"roster.error.{issue.code}", lang, **params)


def report_lines(report: Report, lang: str) -> list[str]:
    """Every problem of the report as one translated line, the file's first, then by row and
    column: "Rivi 5, sarake ”sähköposti”: Sähköpostiosoite ”x” ei kelpaa." Empty when ok."""
    lines = []
    for issue in report.issues:
        message = issue_text(issue, lang)
        if issue.row is None:
            lines.append(message)
        elif issue.column:
            lines.append(
                i18n.t("roster.at_cell", lang, row=issue.row, column=issue.column, message=message)
            )
        else:
            lines.append(i18n.t("roster.at_row", lang, row=issue.row, message=message))
    return lines


def summary_lines(plan: Plan, lang: str) -> list[str]:
    """The plan in a few lines of counts (and the new units and teams by name)."""
    if plan.empty:
        return [i18n.t("roster.plan.empty", lang)]
    lines = [
        i18n.t(f"roster.plan.{part}", lang, n=len(getattr(plan, part)))
        for part in PLAN_PARTS
        if getattr(plan, part)
    ]
    lines.append(i18n.t("roster.plan.unchanged", lang, n=plan.unchanged))
    for part in ("units", "teams"):
        names = getattr(plan, part)
        if names:
            lines.append(i18n.t(f"roster.plan.{part}", lang, n=len(names)))
            lines += [f"  {name}" for name in names]
    return lines


def change_text(change: Change, lang: str, *, new: bool = False) -> str:
    """ "Esihenkilö: a@x.fi → b@x.fi" (before → after); for someone added (``new``) only the
    value: "Kieli: fi"."""

    def shown(value: str) -> str:
        if not value:
            return i18n.t("roster.nothing", lang)
        if change.field == "roles":
            return i18n.roles_text(value.split(","), lang)
        return value

    name = i18n.t(f"roster.field.{change.field}", lang)
    if new:
        return i18n.t("roster.value", lang, field=name, after=shown(change.after))
    return i18n.t(
        "roster.change", lang, field=name, before=shown(change.before), after=shown(change.after)
    )


PLAN_COLUMNS = ("row", "email", "name", "changes")


def plan_table(plan: Plan, part: str, lang: str) -> list[dict[str, str]]:
    """One part of the plan (``PLAN_PARTS``: added, changed, reactivated, retired, kept) as rows
    of text with the keys of ``PLAN_COLUMNS``; their headers are ``roster.plan.col.<key>``."""
    if part not in PLAN_PARTS:
        raise ValueError(part)
    return [
        {
            "row": "" if r.row is None else str(r.row),
            "email": r.email,
            "name": r.name,
            "changes": "; ".join(change_text(c, lang, new=part == "added") for c in r.changes),
        }
        for r in getattr(plan, part)
    ]


# --- command line ------------------------------------------------------------------------------


def run_cli(url: str, path: str, *, dry_run: bool, lang: str = "en") -> int:
    """``python -m model.cli import-roster PATH [--dry-run]``, as the operator (no actor) on the
    database's only organisation. Prints the report or the plan; 0 when applied (or valid, for
    a dry run), 1 when the file is invalid or cannot be imported."""
    from model import db, timesource

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        print(i18n.t("roster.cli.file_missing", lang, path=path))
        return 1
    engine = db.make_engine(url)
    try:
        opened = db.read_session if dry_run else db.write_session
        with opened(engine) as session:
            organisations = session.exec(select(Organisation.id).limit(2)).all()
            if not organisations:
                print(i18n.t("roster.cli.no_organisation", lang))
                return 1
            if len(organisations) > 1:
                print(i18n.t("roster.cli.many_organisations", lang))
                return 1
            org_id = organisations[0]
            report = check_roster(session, org_id, data, path)
            name = report.filename
            if not report.ok:
                print(i18n.t("roster.cli.invalid", lang, file=name, n=len(report.issues)))
                print("\n".join(report_lines(report, lang)))
                return 1
            print(i18n.t("roster.cli.valid", lang, file=name, rows=len(report.rows)))
            plan = plan_roster(session, org_id, report, actor_id=None)
            print("\n".join(summary_lines(plan, lang)))
            if dry_run:
                print(i18n.t("roster.cli.dry_run", lang))
                return 0
            applied = apply_roster(session, org_id, report, actor_id=None, now=timesource.now())
        print(
            i18n.t(
                "roster.cli.applied",
                lang,
                added=applied.added,
                changed=applied.changed,
                reactivated=applied.reactivated,
                retired=applied.retired,
                units=applied.units,
                teams=applied.teams,
            )
        )
        if applied.added_ids:
            print(i18n.t("roster.cli.links", lang))
        return 0
    finally:
        engine.dispose()
