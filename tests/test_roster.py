"""Roster import (TRUST.md rule 21): reading xlsx and csv defensively, every validation problem by
row and column, the plan (dry run), applying all or nothing, and importing twice changing nothing.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from model import db, discussions, people, roster, timesource
from model.framework import default_framework
from model.tables import (
    Assessment,
    AssessmentStatus,
    AuditEvent,
    FrameworkVersion,
    Organisation,
    Person,
    Role,
    RoleGrant,
    Round,
    Setting,
    ShareGrant,
    Sharing,
    Unit,
    UnitKind,
)
from model.viewer import AccessDenied, load_viewer

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FI = ["sähköposti", "nimi", "yksikkö", "tiimi", "esihenkilön sähköposti", "roolit", "kieli"]
EN = ["email", "name", "unit", "team", "supervisor_email", "roles", "language"]
SCHOOL = "Kasvatus ja opetus / Rantakylän koulu"
ADMIN = "paakayttaja@esimerkkikunta.fi"


def csv_bytes(
    rows: list[list[str]],
    header: list[str] | None = FI,
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = FI) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def person(email: str, name: str, unit: str = SCHOOL, team: str = "", boss: str = "", **kw) -> list:
    return [email, name, unit, team, boss, kw.get("roles", ""), kw.get("language", "")]


TEAM = [
    person("rehtori@esimerkkikunta.fi", "Sanna Korhonen", roles="työntekijä, esihenkilö"),
    person(
        "a@esimerkkikunta.fi", "Aino Ahonen", team="Opettajat", boss="rehtori@esimerkkikunta.fi"
    ),
    person(
        "b@esimerkkikunta.fi", "Eero Salonen", team="Opettajat", boss="rehtori@esimerkkikunta.fi"
    ),
]


@pytest.fixture
def org_id(session: Session) -> int:
    """An organisation with one admin (who imports) and no structure yet."""
    org = Organisation(name="Esimerkkikunta")
    session.add(org)
    session.flush()
    admin = Person(organisation_id=org.id, email=ADMIN, display_name="Irma Ylläpitäjä")
    session.add(admin)
    session.flush()
    session.add(RoleGrant(person_id=admin.id, role=Role.admin))
    session.commit()
    return org.id


@pytest.fixture
def admin_id(session: Session, org_id: int) -> int:
    return session.exec(select(Person.id).where(Person.email == ADMIN)).one()


def checked(session: Session, org_id: int, data: bytes, name: str = "roster.csv"):
    return roster.check_roster(session, org_id, data, name)


def codes(report) -> set[tuple[str, int | None, str | None]]:
    return {(i.code, i.row, i.column) for i in report.issues}


def imported(session: Session, org_id: int, data: bytes, actor_id=None, name="roster.csv"):
    report = checked(session, org_id, data, name)
    assert report.ok, roster.report_lines(report, "en")
    applied = roster.apply_roster(session, org_id, report, actor_id=actor_id, now=timesource.now())
    session.commit()
    return applied


def by_email(session: Session, email: str) -> Person:
    return session.exec(select(Person).where(Person.email == email)).one()


def roles_of(session: Session, person_id: int) -> set[tuple[str, int | None]]:
    return {
        (g.role, g.unit_id)
        for g in session.exec(select(RoleGrant).where(RoleGrant.person_id == person_id)).all()
    }


def snapshot(session: Session) -> dict[str, list]:
    """Every row an import may touch, as plain values (the read transaction is ended, so that
    another session on in-memory SQLite's one connection can begin)."""
    session.expire_all()
    found = {
        "people": sorted(
            (p.id, p.email, p.display_name, p.language, p.team_id, p.supervisor_id, p.active)
            for p in session.exec(select(Person)).all()
        ),
        "units": sorted(
            (u.id, u.parent_id, u.kind, u.name, u.retired_at is None)
            for u in session.exec(select(Unit)).all()
        ),
        "grants": sorted(
            (g.person_id, g.role, g.unit_id or 0) for g in session.exec(select(RoleGrant)).all()
        ),
        "shares": sorted(
            (g.id, g.revoked_at is None) for g in session.exec(select(ShareGrant)).all()
        ),
    }
    session.rollback()
    return found


def audit_count(session: Session, event: str | None = None) -> int:
    statement = select(func.count()).select_from(AuditEvent)
    if event:
        statement = statement.where(AuditEvent.event == event)
    count = session.exec(statement).one()
    session.rollback()
    return count


# --- reading files -----------------------------------------------------------------------------


def test_finnish_excel_csv_in_cp1252_with_semicolons_keeps_scandinavian_letters(session, org_id):
    data = csv_bytes(TEAM, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really cp1252, not UTF-8
    report = checked(session, org_id, data)
    assert report.ok, roster.report_lines(report, "en")
    assert [r.name for r in report.rows] == ["Sanna Korhonen", "Aino Ahonen", "Eero Salonen"]
    assert report.rows[0].unit == ("Kasvatus ja opetus", "Rantakylän koulu")


def test_utf8_csv_with_a_byte_order_mark_and_commas(session, org_id):
    data = csv_bytes(TEAM, header=EN, delimiter=",")
    assert data.startswith(b"\xef\xbb\xbf")
    report = checked(session, org_id, data)
    assert report.ok, roster.report_lines(report, "en")
    assert report.headers["email"] == "email"  # the BOM is not part of the first header
    # "työntekijä, esihenkilö" was quoted: one cell, two roles
    assert report.rows[0].roles == {Role.employee, Role.supervisor}


def test_tab_separated_csv(session, org_id):
    report = checked(session, org_id, csv_bytes(TEAM, delimiter="\t", encoding="utf-8"))
    assert report.ok, roster.report_lines(report, "en")
    assert len(report.rows) == 3


def test_utf16_text_from_excel_is_read(session, org_id):
    report = checked(session, org_id, csv_bytes(TEAM, delimiter="\t", encoding="utf-16"), "r.txt")
    assert report.ok, roster.report_lines(report, "en")
    assert report.rows[2].name == "Eero Salonen"


def test_delimiter_sniffed_when_the_header_is_not_recognised(session, org_id):
    # No known header: the sniffer (or counting) still finds ";", and the report names the
    # unknown headers instead of one long unknown header.
    data = csv_bytes(TEAM, header=["osoite", "kuka", "missä", "tiimi", "esihenkilö", "r", "k"])
    report = checked(session, org_id, data)
    assert ("header_unknown", 1, "osoite") in codes(report)
    assert ("header_unknown", 1, "kuka") in codes(report)


def test_workbook_reads_like_the_csv(session, org_id):
    report = checked(session, org_id, xlsx_bytes(TEAM), "roster.xlsx")
    assert report.ok, roster.report_lines(report, "en")
    assert report.rows == checked(session, org_id, csv_bytes(TEAM)).rows


def test_a_lone_cell_on_the_sheets_last_row_is_read_quickly(session, org_id):
    workbook = hand_made_workbook(HAND_MADE)
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    far = '<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>Aino</t></is></c></row>'
    sheet = sheet.replace("</sheetData>", far + "</sheetData>")
    started = time.perf_counter()
    report = checked(
        session, org_id, replaced(workbook, "xl/worksheets/sheet1.xml", sheet.encode())
    )
    assert time.perf_counter() - started < 3
    assert codes(report) == {
        ("required_empty", 1048576, "sähköposti"),
        ("required_empty", 1048576, "yksikkö"),
    }


def test_workbook_numbers_and_dates_are_text(session, org_id):
    rows = [[*TEAM[0][:4], "", "", ""], ["x@esimerkkikunta.fi", 12345, SCHOOL, 2026, "", "", ""]]
    report = checked(session, org_id, xlsx_bytes(rows), "roster.xlsx")
    assert report.ok, roster.report_lines(report, "en")
    assert (report.rows[1].name, report.rows[1].team) == ("12345", "2026")


@pytest.mark.parametrize(
    "header",
    [
        EN,
        FI,
        ["  EMAIL ", "Name", "UNIT", "Team", "Supervisor Email", "ROLES", "Language"],
        ["Sähköposti", "NIMI", "Yksikkö", "TIIMI", "Esihenkilön  sähköposti", "Roolit", "Kieli"],
        ["e-mail", "name", "unit", "team", "supervisor e-mail", "roles", "language"],
    ],
)
def test_headers_in_finnish_or_english_any_case(session, org_id, header):
    report = checked(session, org_id, csv_bytes(TEAM, header=header))
    assert report.ok, roster.report_lines(report, "en")
    assert report.headers["supervisor_email"] == header[4].strip()


def test_only_the_required_columns(session, org_id):
    rows = [r[:3] for r in TEAM]
    report = checked(session, org_id, csv_bytes(rows, header=FI[:3]))
    assert report.ok, roster.report_lines(report, "en")
    assert report.rows[1].supervisor_email is None  # not given: an existing person keeps theirs
    assert report.rows[1].roles is None
    assert report.rows[1].language is None


def test_missing_unknown_and_duplicate_headers(session, org_id):
    data = csv_bytes([["a@x.fi", "A"]], header=["sähköposti", "nimi"])
    report = checked(session, org_id, data)
    assert codes(report) == {("header_missing", 1, None)}
    assert report.issues[0].params == {"columns": ["unit"]}
    assert "yksikkö" in roster.report_lines(report, "fi")[0]

    data = csv_bytes([[*TEAM[0], "x", "y"]], header=[*FI, "puhelin", "Sähköposti"])
    found = codes(checked(session, org_id, data))
    assert found == {("header_unknown", 1, "puhelin"), ("header_duplicate", 1, "Sähköposti")}


def test_empty_rows_are_skipped_and_rows_numbered_as_the_spreadsheet_shows(session, org_id):
    rows = [TEAM[0], [""] * 7, [], [*TEAM[1][:1], "", *TEAM[1][2:]]]
    report = checked(session, org_id, csv_bytes(rows))
    assert codes(report) == {("required_empty", 5, "nimi")}


def test_a_quoted_line_break_stays_in_its_cell_and_is_cleaned(session, org_id):
    rows = [TEAM[0], [TEAM[1][0], "Aino\nAhonen\x07", *TEAM[1][2:]], TEAM[2]]
    report = checked(session, org_id, csv_bytes(rows))
    assert report.ok, roster.report_lines(report, "en")
    assert report.rows[1].name == "Aino Ahonen"  # control characters cleaned, not errors
    assert report.rows[2].row == 4


def test_data_in_a_column_without_a_header(session, org_id):
    report = checked(session, org_id, csv_bytes([[*TEAM[0], "", "ylimääräinen"]]))
    assert codes(report) == {("column_without_header", 2, None)}
    assert report.issues[0].params == {"position": "I"}


def test_caps_on_size_rows_columns_and_cells(session, org_id, monkeypatch):
    big = b"x" * (roster.MAX_FILE_BYTES + 1)
    assert codes(checked(session, org_id, big)) == {("file_too_large", None, None)}

    monkeypatch.setattr(roster, "MAX_ROWS", 2)
    assert codes(checked(session, org_id, csv_bytes(TEAM))) == {("too_many_rows", None, None)}
    monkeypatch.undo()

    wide = csv_bytes([TEAM[0] + ["x"] * 60], header=FI + [""] * 60)
    assert codes(checked(session, org_id, wide)) == {("too_many_columns", None, None)}

    long_name = [TEAM[0][0], "N" * (roster.MAX_CELL_CHARS + 1), *TEAM[0][2:]]
    assert codes(checked(session, org_id, csv_bytes([long_name]))) == {("cell_too_long", 2, "nimi")}


def test_empty_file_and_header_only(session, org_id):
    assert codes(checked(session, org_id, b"")) == {("file_empty", None, None)}
    assert codes(checked(session, org_id, b"\r\n;;\r\n")) == {("file_empty", None, None)}
    assert codes(checked(session, org_id, csv_bytes([]))) == {("no_people", None, None)}


def test_file_types_told_from_the_content(session, org_id):
    assert codes(checked(session, org_id, b"\xd0\xcf\x11\xe0rest", "r.xls")) == {
        ("file_old_excel", None, None)
    }
    assert codes(checked(session, org_id, b"not a zip", "r.xlsx")) == {
        ("file_unreadable", None, None)
    }
    assert codes(checked(session, org_id, csv_bytes(TEAM), "r.pdf")) == {("file_type", None, None)}
    # a workbook named .csv is still read as a workbook
    assert checked(session, org_id, xlsx_bytes(TEAM), "r.csv").ok
    assert codes(checked(session, org_id, b"PK\x03\x04broken", "r.xlsx")) == {
        ("file_unreadable", None, None)
    }


def test_bytes_that_are_no_known_encoding(session, org_id):
    # 0x81 is undefined in cp1252 and invalid alone in UTF-8
    data = csv_bytes(TEAM, encoding="utf-8") + b"\x81\x81;x"
    assert codes(checked(session, org_id, data)) == {("file_encoding", None, None)}


# --- formulas ----------------------------------------------------------------------------------


def test_workbook_formula_cells_are_refused(session, org_id):
    from openpyxl.worksheet.formula import ArrayFormula

    rows = [
        TEAM[0],
        [TEAM[1][0], '=CONCATENATE("Aino";" Ahonen")', *TEAM[1][2:]],
        [TEAM[2][0], TEAM[2][1], SCHOOL, "=A1", *TEAM[2][4:]],
        ["c@esimerkkikunta.fi", ArrayFormula("B5:B5", "=UPPER(A5)"), SCHOOL, "", "", "", ""],
    ]
    data = xlsx_bytes(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<f>" in z.read("xl/worksheets/sheet1.xml")  # stored as real formulas
    report = checked(session, org_id, data, "roster.xlsx")
    assert codes(report) == {
        ("formula", 3, "nimi"),
        ("formula", 4, "tiimi"),
        ("formula", 5, "nimi"),
    }


@pytest.mark.parametrize("value", ["=1+1", "+358401234567", "-Aino", "@SUM(A1)", " =HYPERLINK()"])
def test_csv_cells_a_spreadsheet_would_run_are_refused_in_every_column(session, org_id, value):
    for column in range(7):
        row = list(TEAM[1])
        row[column] = value
        report = checked(session, org_id, csv_bytes([TEAM[0], row, TEAM[2]]))
        assert ("formula", 3, FI[column]) in codes(report), (value, column)
        # the refused cell is not reported again as missing or malformed
        assert not [i for i in report.issues if i.row == 3 and i.code != "formula"]


def test_a_hyphen_inside_a_value_is_fine(session, org_id):
    rows = [
        TEAM[0],
        [TEAM[1][0], "Aino Ahonen-Virtanen", SCHOOL, "Koulu - iltapäivä", *TEAM[1][4:]],
    ]
    assert checked(session, org_id, csv_bytes(rows)).ok


# --- hostile workbooks (TRUST.md rule 21) -------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def hand_made_workbook(
    strings: list[str],
    *,
    sst_prolog: str = "",
    sheet_prolog: str = "",
    inline: str = "",
    utf16: bool = False,
) -> bytes:
    """A minimal workbook written by hand: one sheet whose first rows are ``strings`` (shared
    strings, seven to a row), optionally with a DTD before the shared strings or the sheet."""
    sst = (
        f'{sst_prolog}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>"
    )
    rows = []
    for r in range(0, len(strings), 7):
        cells = "".join(
            f'<c r="{chr(65 + i)}{r // 7 + 1}" t="s"><v>{r + i}</v></c>'
            for i in range(min(7, len(strings) - r))
        )
        rows.append(f'<row r="{r // 7 + 1}">{cells}</row>')
    if inline:
        n = len(rows) + 1
        rows.append(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{inline}</t></is></c></row>')
    sheet = (
        f'{sheet_prolog}<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData>'
        "</worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
            '<sheet name="Henkilöstö" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            encoded = content.encode("utf-16" if utf16 and name.endswith("sheet1.xml") else "utf-8")
            z.writestr(name, encoded)
    return out.getvalue()


HAND_MADE = [*FI, *TEAM[0]]
BOMBS = {
    "shared strings": {"strings": [*HAND_MADE[:8], "&lol9;"], "sst_prolog": LAUGHS},
    "sheet": {"strings": HAND_MADE, "sheet_prolog": LAUGHS, "inline": "&lol9;"},
    "utf-16 sheet": {
        "strings": HAND_MADE,
        "sheet_prolog": LAUGHS,
        "inline": "&lol9;",
        "utf16": True,
    },
    "external entity": {"strings": [*HAND_MADE[:8], "&xxe;"], "sst_prolog": XXE},
}


def replaced(workbook: bytes, part: str, content: bytes) -> bytes:
    """The workbook with one part's content swapped."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == part else source.read(info))
    return out.getvalue()


def test_the_hand_made_workbook_is_read_when_harmless(session, org_id):
    report = checked(session, org_id, hand_made_workbook(HAND_MADE), "roster.xlsx")
    assert report.ok, roster.report_lines(report, "en")
    assert report.rows[0].name == "Sanna Korhonen"


def test_openpyxl_never_expands_xml_entities():
    """openpyxl reads sheets through defusedxml; its other parser is defusedxml's too, or, once
    lxml is installed (python-pptx brings it), lxml's with entities left unresolved. Either way a
    billion laughs stays a few bytes (the roster refuses any DTD before openpyxl anyway)."""
    import defusedxml.ElementTree
    import openpyxl.xml
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha"}">' for i in range(9))
    bomb = f"<?xml version='1.0'?><!DOCTYPE l [{entities}]><l>&e8;</l>".encode()
    refusals: tuple[type[Exception], ...] = (defusedxml.DefusedXmlException,)
    if openpyxl.xml.LXML:
        from lxml.etree import XMLSyntaxError

        refusals += (XMLSyntaxError,)  # lxml's amplification limit
    try:
        root = openpyxl.xml.functions.fromstring(bomb)
    except refusals:
        return  # refused outright
    assert len(openpyxl.xml.functions.tostring(root)) < 100, "entities were expanded"


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_xml_bomb_refused_quickly(session, org_id, bomb):
    data = hand_made_workbook(**BOMBS[bomb])
    started = time.perf_counter()
    report = checked(session, org_id, data, "roster.xlsx")
    assert codes(report) == {("file_xml_entities", None, None)}
    assert time.perf_counter() - started < 3
    assert "XML" in roster.report_lines(report, "fi")[0]


@pytest.mark.parametrize("bomb", ["shared strings", "sheet", "external entity"])
def test_xml_bomb_refused_by_defusedxml_too(session, org_id, bomb, monkeypatch):
    # Without our own scan for DTDs, openpyxl's defusedxml parser refuses the entities.
    monkeypatch.setattr(roster, "_declares_entities", lambda *_: False)
    data = hand_made_workbook(**BOMBS[bomb])
    started = time.perf_counter()
    report = checked(session, org_id, data, "roster.xlsx")
    assert codes(report) == {("file_xml_entities", None, None)}
    assert time.perf_counter() - started < 3


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_refused_quickly(session, org_id):
    # 60 MB of spaces compress to ~60 kB: refused from the zip's directory, nothing unpacked.
    bomb = zip_of({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b" " * 60_000_000})
    assert len(bomb) < roster.MAX_FILE_BYTES
    started = time.perf_counter()
    report = checked(session, org_id, bomb, "roster.xlsx")
    assert codes(report) == {("file_zip_bomb", None, None)}
    assert time.perf_counter() - started < 3
    assert "zip" in roster.report_lines(report, "en")[0]


def test_zip_caps_on_ratio_entries_and_total(session, org_id, monkeypatch):
    ratio = zip_of({"a.xml": b" " * 2_000_000})  # ~1000:1
    assert codes(checked(session, org_id, ratio, "r.xlsx")) == {("file_zip_bomb", None, None)}
    many = zip_of({f"x/{i}.xml": b"<x/>" for i in range(roster.MAX_ZIP_ENTRIES + 1)})
    assert codes(checked(session, org_id, many, "r.xlsx")) == {("file_zip_bomb", None, None)}
    monkeypatch.setattr(roster, "MAX_ZIP_TOTAL_BYTES", 5_000)
    assert codes(checked(session, org_id, xlsx_bytes(TEAM), "r.xlsx")) == {
        ("file_zip_bomb", None, None)
    }


def test_a_zip_header_that_lies_about_the_size_cannot_unpack_more(session, org_id):
    import struct

    part = b"xl/sharedStrings.xml"
    data = bytearray(replaced(hand_made_workbook(HAND_MADE), part.decode(), b" " * 60_000_000))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        local = z.getinfo(part.decode()).header_offset
    # Declare 60 MB as 100 bytes in both the local and the central header: small and harmless
    # by the directory, but zipfile stops after 100 bytes and the CRC does not match.
    struct.pack_into("<I", data, local + 22, 100)
    central = data.find(b"PK\x01\x02")
    while not data[central + 46 :].startswith(part):
        central = data.find(b"PK\x01\x02", central + 1)
    struct.pack_into("<I", data, central + 24, 100)
    started = time.perf_counter()
    report = checked(session, org_id, bytes(data), "r.xlsx")
    assert codes(report) == {("file_unreadable", None, None)}
    assert time.perf_counter() - started < 3


# --- validation: every problem, by row and column ------------------------------------------------

BOSS = "rehtori@esimerkkikunta.fi"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (person("", "Aino"), ("required_empty", "sähköposti")),
        (person("x@esimerkkikunta.fi", ""), ("required_empty", "nimi")),
        (person("x@esimerkkikunta.fi", "Aino", unit=""), ("required_empty", "yksikkö")),
        (person("x@esimerkkikunta.fi", "A", unit="", team="T"), ("team_without_unit", "tiimi")),
        (person("aino.esimerkkikunta.fi", "Aino"), ("email_invalid", "sähköposti")),
        (person("aino@esimerkkikunta", "Aino"), ("email_invalid", "sähköposti")),
        (person("ai no@esimerkkikunta.fi", "Aino"), ("email_invalid", "sähköposti")),
        (person("x@esimerkkikunta.fi", "A", boss="rehtori"), ("email_invalid", FI[4])),
        (person("x@esimerkkikunta.fi", "N" * 201), ("name_too_long", "nimi")),
        (
            person("x@esimerkkikunta.fi", "A", unit="Kasvatus //Koulu"),
            ("unit_segment_empty", FI[2]),
        ),
        (person("x@esimerkkikunta.fi", "A", unit="Kasvatus /"), ("unit_segment_empty", FI[2])),
        (person("x@esimerkkikunta.fi", "A", unit="/ Kasvatus"), ("unit_segment_empty", FI[2])),
        (person("x@esimerkkikunta.fi", "A", unit="Y" * 201), ("unit_name_too_long", FI[2])),
        (person("x@esimerkkikunta.fi", "A", unit="/".join("k" * 11)), ("unit_too_deep", FI[2])),
        (person("x@esimerkkikunta.fi", "A", team="T" * 201), ("team_name_too_long", "tiimi")),
        (person("x@esimerkkikunta.fi", "A", team="Koulu / T"), ("team_name_slash", "tiimi")),
        (
            person("x@esimerkkikunta.fi", "A", boss="x@esimerkkikunta.fi"),
            ("supervisor_self", FI[4]),
        ),
        (person("x@esimerkkikunta.fi", "A", boss="nobody@x.fi"), ("supervisor_unknown", FI[4])),
        (person("x@esimerkkikunta.fi", "A", roles="työntekijä, pomo"), ("role_unknown", "roolit")),
        (person("x@esimerkkikunta.fi", "A", language="sv"), ("language_unknown", "kieli")),
    ],
)
def test_each_problem_is_reported_at_its_row_and_column(session, org_id, row, expected):
    report = checked(session, org_id, csv_bytes([TEAM[0], row]))
    assert codes(report) == {(expected[0], 3, expected[1])}
    assert not report.rows  # nothing to apply from an invalid file
    line = roster.report_lines(report, "fi")[0]
    assert line.startswith(f"Rivi 3, sarake ”{expected[1]}”: ")


def test_ten_levels_are_allowed(session, org_id):
    row = person("x@esimerkkikunta.fi", "A", unit=" / ".join(f"Taso {i}" for i in range(10)))
    assert checked(session, org_id, csv_bytes([row])).ok


def test_duplicate_emails_after_casefold_are_reported_on_both_rows(session, org_id):
    rows = [*TEAM, person("  A@Esimerkkikunta.FI ", "Aino Toinen")]
    report = checked(session, org_id, csv_bytes(rows))
    assert codes(report) == {
        ("email_duplicate", 3, "sähköposti"),
        ("email_duplicate", 5, "sähköposti"),
    }
    lines = roster.report_lines(report, "en")
    assert "also on row 5" in lines[0]
    assert "also on row 3" in lines[1]


def test_supervisor_cycles_report_every_row_of_the_cycle(session, org_id):
    rows = [
        person("a@x.fi", "A", boss="b@x.fi"),  # row 2 ─┐ two people
        person("b@x.fi", "B", boss="a@x.fi"),  # row 3 ─┘
        person("c@x.fi", "C", boss="d@x.fi"),  # row 4 ─┐
        person("d@x.fi", "D", boss="e@x.fi"),  # row 5  │ three people
        person("e@x.fi", "E", boss="c@x.fi"),  # row 6 ─┘
        person("f@x.fi", "F", boss="c@x.fi"),  # row 7: reports into a cycle, is not in one
        person("g@x.fi", "G"),
    ]
    report = checked(session, org_id, csv_bytes(rows))
    assert codes(report) == {("supervisor_cycle", r, FI[4]) for r in (2, 3, 4, 5, 6)}
    params = {i.row: i.params["rows"] for i in report.issues}
    assert params == {2: "2, 3", 3: "2, 3", 4: "4, 5, 6", 5: "4, 5, 6", 6: "4, 5, 6"}


def test_a_supervisor_known_to_the_service_must_still_be_in_the_file(session, org_id):
    session.add(Person(organisation_id=org_id, email="vanha@x.fi", display_name="Vanha Pomo"))
    session.commit()
    report = checked(session, org_id, csv_bytes([person("a@x.fi", "A", boss="vanha@x.fi")]))
    assert codes(report) == {("supervisor_not_in_file", 2, FI[4])}
    assert "retired" in roster.report_lines(report, "en")[0]


def test_an_email_of_another_organisation_is_refused(session, org_id):
    other = Organisation(name="Naapurikunta")
    session.add(other)
    session.flush()
    session.add(Person(organisation_id=other.id, email="a@x.fi", display_name="Naapuri"))
    session.commit()
    report = checked(session, org_id, csv_bytes([person("A@X.fi", "A")]))
    assert codes(report) == {("email_other_organisation", 2, "sähköposti")}


def test_languages_are_the_codes_the_organisation_offers(session, org_id):
    rows = [person("a@x.fi", "A", language="EN"), person("b@x.fi", "B", language="fi")]
    assert checked(session, org_id, csv_bytes(rows)).ok
    session.add(Setting(organisation_id=org_id, key="languages", value="fi"))
    session.commit()
    report = checked(session, org_id, csv_bytes(rows))
    assert codes(report) == {("language_unknown", 2, "kieli")}
    assert report.issues[0].params == {"value": "EN", "offered": "fi"}


def test_roles_in_finnish_or_english_any_case(session, org_id):
    rows = [person("a@x.fi", "A", roles=" Työntekijä ,SUPERVISOR, kehittäjä,,pääkäyttäjä ")]
    report = checked(session, org_id, csv_bytes(rows))
    assert report.ok
    assert report.rows[0].roles == {"employee", "supervisor", "facilitator", "admin"}


def test_all_problems_are_collected_with_their_places(session, org_id):
    report = checked(session, org_id, csv_bytes(ERRORS))
    assert codes(report) == ERRORS_EXPECTED
    fi, en = roster.report_lines(report, "fi"), roster.report_lines(report, "en")
    assert len(fi) == len(en) == len(ERRORS_EXPECTED)
    assert [i.row for i in report.issues] == sorted(i.row for i in report.issues)


# A file with one of each common mistake; the closing note of issue 11 shows its report.
ERRORS = [
    person("helena.makela@esimerkkikunta.fi", "Helena Mäkelä", unit="Konsernipalvelut"),
    person(
        "matti.virtanen@esimerkkikunta", "Matti Virtanen", boss="helena.makela@esimerkkikunta.fi"
    ),
    person("Helena.Makela@Esimerkkikunta.fi ", "Helena Mäkelä", unit="Konsernipalvelut"),
    person("aino@esimerkkikunta.fi", '=HYPERLINK("http://x")', team="Opettajat"),
    person("eero@esimerkkikunta.fi", "Eero Salonen", unit="Kasvatus ja opetus //Koulu"),
    person("sanna@esimerkkikunta.fi", "Sanna Korhonen", boss="pekka@esimerkkikunta.fi"),
    person("timo@esimerkkikunta.fi", "Timo Lahtinen", roles="työntekijä, pomo"),
    person("grace@esimerkkikunta.fi", "Grace Okafor", language="sv"),
    person("anne@esimerkkikunta.fi", "Anne Virtanen", unit="", team="Päiväkoti Satakieli"),
    person("laura@esimerkkikunta.fi", "Laura Heinonen", boss="noora@esimerkkikunta.fi"),
    person("noora@esimerkkikunta.fi", "Noora Ahonen", boss="laura@esimerkkikunta.fi"),
    person("", "Jussi Koskinen"),
]
ERRORS_EXPECTED = {
    ("email_invalid", 3, "sähköposti"),
    ("email_duplicate", 2, "sähköposti"),
    ("email_duplicate", 4, "sähköposti"),
    ("formula", 5, "nimi"),
    ("unit_segment_empty", 6, "yksikkö"),
    ("supervisor_unknown", 7, FI[4]),
    ("role_unknown", 8, "roolit"),
    ("language_unknown", 9, "kieli"),
    ("team_without_unit", 10, "tiimi"),
    ("supervisor_cycle", 11, FI[4]),
    ("supervisor_cycle", 12, FI[4]),
    ("required_empty", 13, "sähköposti"),
}


# --- plan and apply ------------------------------------------------------------------------------


def sample(name: str = "roster-example.csv") -> bytes:
    return (SAMPLES / name).read_bytes()


def test_the_sample_files_import_cleanly_and_alike(session, org_id, admin_id):
    csv_report = checked(session, org_id, sample(), "roster-example.csv")
    xlsx_report = checked(session, org_id, sample("roster-example.xlsx"), "roster-example.xlsx")
    assert csv_report.ok, roster.report_lines(csv_report, "en")
    assert xlsx_report.ok, roster.report_lines(xlsx_report, "en")
    assert csv_report.rows == xlsx_report.rows
    assert len(csv_report.rows) >= 25
    plan = roster.plan_roster(session, org_id, csv_report, actor_id=admin_id)
    assert len(plan.added) == len(csv_report.rows)
    assert not plan.retired
    assert [r.email for r in plan.kept] == [ADMIN]  # the admin importing is not in the file
    applied = imported(session, org_id, sample(), admin_id)
    assert applied.added == len(csv_report.rows)
    # someone directly in a unit (a director), someone in a team, an English speaker
    director = by_email(session, "helena.makela@esimerkkikunta.fi")
    assert session.get(Unit, director.team_id).kind == UnitKind.unit
    assert director.supervisor_id is None
    grace = by_email(session, "grace.okafor@esimerkkikunta.fi")
    assert grace.language == "en"
    assert session.get(Unit, grace.team_id).name == "Päiväkoti Satakieli"
    # the xlsx file now changes nothing
    plan = roster.plan_roster(session, org_id, xlsx_report, actor_id=admin_id)
    assert plan.empty, roster.summary_lines(plan, "en")


def test_a_dry_run_writes_nothing(engine, session, org_id, admin_id):
    before = snapshot(session)
    events = audit_count(session)
    with db.write_session(engine) as s:
        report = roster.check_roster(s, org_id, sample(), "roster-example.csv")
        plan = roster.plan_roster(s, org_id, report, actor_id=admin_id)
    assert plan.added
    assert snapshot(session) == before
    assert audit_count(session) == events


def test_apply_creates_people_structure_supervisors_and_roles(session, org_id, admin_id):
    applied = imported(session, org_id, sample(), admin_id)
    units = people.units_of(session, org_id)
    paths = {people.path_text(units, u.id) for u in units.values()}
    assert {
        "Kasvatus ja opetus / Rantakylän koulu / Alakoulun opettajat",
        "Konsernipalvelut",
    } <= paths
    assert (applied.units, applied.teams) == (8, 5)

    principal = by_email(session, "sanna.korhonen@esimerkkikunta.fi")
    teacher = by_email(session, "timo.lahtinen@esimerkkikunta.fi")
    assert teacher.supervisor_id == principal.id
    assert teacher.password_hash is None  # a one-time link sets it (model.accounts)
    assert applied.added_ids == [
        by_email(session, r[0]).id
        for r in csv.reader(io.StringIO(sample().decode("utf-8-sig")), delimiter=";")
        if "@" in r[0]
    ]
    # a supervisor sees the teams of their reports; the facilitator their own unit
    assert (Role.supervisor, teacher.team_id) in roles_of(session, principal.id)
    assert (Role.employee, None) in roles_of(session, teacher.id)
    facilitator = by_email(session, "kaisa.rautio@esimerkkikunta.fi")
    assert (Role.facilitator, facilitator.team_id) in roles_of(session, facilitator.id)
    assert (Role.admin, None) in roles_of(
        session, by_email(session, "ari.koskela@esimerkkikunta.fi").id
    )
    assert load_viewer(session, principal.id).has(Role.supervisor)

    # one import event with counts only; the people's own events carry ids and field names
    event = session.exec(select(AuditEvent).where(AuditEvent.event == "roster_imported")).one()
    assert event.actor_id == admin_id
    assert event.detail == {
        "rows": 25,
        "added": 25,
        "changed": 0,
        "reactivated": 0,
        "retired": 0,
        "units": 8,
        "teams": 5,
    }
    assert audit_count(session, "person_added") == 25


def test_importing_the_same_file_twice_changes_nothing(session, org_id, admin_id):
    imported(session, org_id, sample(), admin_id)
    before, events = snapshot(session), audit_count(session)
    # the same people written differently: case, spaces, English headers, commas, cp1252
    text = sample().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    rows = [
        [f" {r[0].upper()} ", r[1], r[2].lower().replace(" / ", "/"), r[3].upper(), *r[4:]]
        for r in rows
    ]
    for data in (sample(), csv_bytes(rows, header=EN, delimiter=",", encoding="cp1252")):
        report = checked(session, org_id, data)
        plan = roster.plan_roster(session, org_id, report, actor_id=admin_id)
        assert plan.empty, roster.summary_lines(plan, "en")
        assert plan.unchanged == len(report.rows)
        applied = roster.apply_roster(
            session, org_id, report, actor_id=admin_id, now=timesource.now()
        )
        session.commit()
        assert (applied.added, applied.changed, applied.retired, applied.units) == (0, 0, 0, 0)
        assert snapshot(session) == before
    # only the two imports themselves were recorded
    assert audit_count(session) == events + 2


def rows_of_sample() -> list[list[str]]:
    return list(csv.reader(io.StringIO(sample().decode("utf-8-sig")), delimiter=";"))[1:]


def edited(change) -> bytes:
    rows = rows_of_sample()
    change({r[0]: r for r in rows}, rows)
    return csv_bytes(rows)


def test_changes_are_planned_field_by_field_and_applied(session, org_id, admin_id):
    imported(session, org_id, sample(), admin_id)

    def change(by, rows):
        by["timo.lahtinen@esimerkkikunta.fi"][1] = "Timo Lahtinen-Koski"
        by["timo.lahtinen@esimerkkikunta.fi"][6] = "en"
        by["eero.salonen@esimerkkikunta.fi"][3] = "Alakoulun opettajat"
        by["minna.jarvinen@esimerkkikunta.fi"][2] = "Kasvatus ja opetus / Yläkoulu"
        by["minna.jarvinen@esimerkkikunta.fi"][3] = "Matematiikka"
        by["olli.heikkinen@esimerkkikunta.fi"][4] = "helena.makela@esimerkkikunta.fi"
        by["olli.heikkinen@esimerkkikunta.fi"][5] = "työntekijä, kehittäjä"

    data = edited(change)
    report = checked(session, org_id, data)
    plan = roster.plan_roster(session, org_id, report, actor_id=admin_id)
    fields = {r.email: {c.field for c in r.changes} for r in plan.changed}
    assert fields == {
        "timo.lahtinen@esimerkkikunta.fi": {"name", "language"},
        "eero.salonen@esimerkkikunta.fi": {"placement"},
        "minna.jarvinen@esimerkkikunta.fi": {"placement"},
        "olli.heikkinen@esimerkkikunta.fi": {"supervisor", "roles"},
    }
    assert plan.units == ["Kasvatus ja opetus / Yläkoulu"]
    assert plan.teams == ["Kasvatus ja opetus / Yläkoulu / Matematiikka"]
    table = {r["email"]: r["changes"] for r in roster.plan_table(plan, "changed", "fi")}
    assert table["olli.heikkinen@esimerkkikunta.fi"] == (
        "Esihenkilö: marja.laine@esimerkkikunta.fi → helena.makela@esimerkkikunta.fi; "
        "Roolit: työntekijä → työntekijä, kehittäjä"
    )
    assert table["eero.salonen@esimerkkikunta.fi"] == (
        "Yksikkö ja tiimi: Kasvatus ja opetus / Rantakylän koulu / Erityisopetus → "
        "Kasvatus ja opetus / Rantakylän koulu / Alakoulun opettajat"
    )
    applied = roster.apply_roster(session, org_id, report, actor_id=admin_id, now=timesource.now())
    session.commit()
    assert (applied.changed, applied.units, applied.teams) == (4, 1, 1)
    timo = by_email(session, "timo.lahtinen@esimerkkikunta.fi")
    assert (timo.display_name, timo.language) == ("Timo Lahtinen-Koski", "en")
    minna = by_email(session, "minna.jarvinen@esimerkkikunta.fi")
    assert people.path_text(people.units_of(session, org_id), minna.team_id) == (
        "Kasvatus ja opetus / Yläkoulu / Matematiikka"
    )
    olli = by_email(session, "olli.heikkinen@esimerkkikunta.fi")
    assert olli.supervisor_id == by_email(session, "helena.makela@esimerkkikunta.fi").id
    assert Role.facilitator in {r for r, _ in roles_of(session, olli.id)}
    # nobody reports to the principal from Erityisopetus any more: that team view scope is gone
    principal = by_email(session, "sanna.korhonen@esimerkkikunta.fi")
    special = session.exec(select(Unit).where(Unit.name == "Erityisopetus")).one()
    assert (Role.supervisor, special.id) not in roles_of(session, principal.id)
    assert (Role.supervisor, minna.team_id) in roles_of(session, principal.id)
    assert plan_is_empty_now(session, org_id, data, admin_id)


def plan_is_empty_now(session, org_id, data, admin_id) -> bool:
    plan = roster.plan_roster(session, org_id, checked(session, org_id, data), actor_id=admin_id)
    return plan.empty


def make_round(session: Session, org_id: int) -> Round:
    fw = default_framework()
    version = FrameworkVersion(key=fw.key, version=fw.version, data=fw.model_dump(mode="json"))
    session.add(version)
    session.flush()
    today = timesource.today()
    rnd = Round(
        organisation_id=org_id,
        name="Syksy",
        opens_on=today - dt.timedelta(days=20),
        closes_on=today - dt.timedelta(days=1),
        framework_id=version.id,
    )
    session.add(rnd)
    session.flush()
    return rnd


def test_a_new_supervisor_takes_over_and_the_old_one_loses_access_at_once(
    session, org_id, admin_id
):
    imported(session, org_id, sample(), admin_id)
    teacher = by_email(session, "timo.lahtinen@esimerkkikunta.fi")
    old = by_email(session, "sanna.korhonen@esimerkkikunta.fi")
    new = by_email(session, "pekka.nieminen@esimerkkikunta.fi")
    rnd = make_round(session, org_id)
    a = Assessment(
        person_id=teacher.id,
        round_id=rnd.id,
        team_id=teacher.team_id,
        status=AssessmentStatus.submitted,
        sharing=Sharing.supervisor,
        submitted_at=timesource.now(),
    )
    session.add(a)
    session.flush()
    session.add(ShareGrant(assessment_id=a.id, grantee_id=old.id))
    session.commit()
    today = timesource.today()
    old_viewer = load_viewer(session, old.id)
    assert teacher.id in {
        p.person_id for p in discussions.my_people(session, viewer=old_viewer, today=today)
    }

    def change(by, rows):
        by["timo.lahtinen@esimerkkikunta.fi"][4] = "pekka.nieminen@esimerkkikunta.fi"

    imported(session, org_id, edited(change), admin_id)
    old_viewer = load_viewer(session, old.id)
    assert teacher.id not in {
        p.person_id for p in discussions.my_people(session, viewer=old_viewer, today=today)
    }
    with pytest.raises(AccessDenied):
        discussions.prepare(session, viewer=old_viewer, person_id=teacher.id, today=today)
    grant = session.exec(select(ShareGrant).where(ShareGrant.assessment_id == a.id)).one()
    assert grant.revoked_at is not None
    new_viewer = load_viewer(session, new.id)
    assert teacher.id in {
        p.person_id for p in discussions.my_people(session, viewer=new_viewer, today=today)
    }
    assert (Role.supervisor, teacher.team_id) in roles_of(session, new.id)


def test_people_missing_from_the_file_are_retired_except_admins(session, org_id, admin_id):
    imported(session, org_id, sample(), admin_id)
    # another admin, created by hand, not in the file
    other_admin = Person(organisation_id=org_id, email="it@esimerkkikunta.fi", display_name="IT")
    session.add(other_admin)
    session.flush()
    session.add(RoleGrant(person_id=other_admin.id, role=Role.admin))
    session.commit()

    gone = ["jari.hamalainen@esimerkkikunta.fi", "heidi.pitkanen@esimerkkikunta.fi"]

    def change(by, rows):
        rows[:] = [r for r in rows if r[0] not in gone]
        for r in rows:  # Jari's reports now report to the director
            if r[4] == gone[0]:
                r[4] = "helena.makela@esimerkkikunta.fi"

    data = edited(change)
    report = checked(session, org_id, data)
    plan = roster.plan_roster(session, org_id, report, actor_id=admin_id)
    assert sorted(r.email for r in plan.retired) == sorted(gone)
    assert sorted(r.email for r in plan.kept) == sorted([ADMIN, "it@esimerkkikunta.fi"])
    assert "People to retire (not in the file): 2" in roster.summary_lines(plan, "en")
    roster.apply_roster(session, org_id, report, actor_id=admin_id, now=timesource.now())
    session.commit()
    jari = by_email(session, gone[0])
    assert not jari.active
    assert jari.retired_at is not None
    assert roles_of(session, jari.id) == set()
    assert load_viewer(session, jari.id) is None
    assert by_email(session, "it@esimerkkikunta.fi").active
    assert by_email(session, ADMIN).active
    assert plan_is_empty_now(session, org_id, data, admin_id)

    # back in the file: reactivated, with their roles and supervisor from the file
    report = checked(session, org_id, sample())
    plan = roster.plan_roster(session, org_id, report, actor_id=admin_id)
    assert sorted(r.email for r in plan.reactivated) == sorted(gone)
    applied = roster.apply_roster(session, org_id, report, actor_id=admin_id, now=timesource.now())
    session.commit()
    assert sorted(applied.reactivated_ids) == sorted(by_email(session, e).id for e in gone)
    jari = by_email(session, gone[0])
    assert jari.active
    assert jari.retired_at is None
    assert {r for r, _ in roles_of(session, jari.id)} == {Role.employee, Role.supervisor}
    assert by_email(session, gone[1]).supervisor_id == jari.id
    assert plan_is_empty_now(session, org_id, sample(), admin_id)


def test_an_import_never_removes_the_admin_role(session, org_id, admin_id):
    rows = [person(ADMIN, "Irma Ylläpitäjä", unit="Konsernipalvelut", roles="työntekijä")]
    imported(session, org_id, csv_bytes(rows), admin_id)
    assert {r for r, _ in roles_of(session, admin_id)} == {Role.admin, Role.employee}
    assert load_viewer(session, admin_id).has(Role.admin)


def test_empty_roles_and_language_keep_what_an_existing_person_has(session, org_id, admin_id):
    imported(session, org_id, sample(), admin_id)
    kaisa = by_email(session, "kaisa.rautio@esimerkkikunta.fi")
    grace = by_email(session, "grace.okafor@esimerkkikunta.fi")
    held = roles_of(session, kaisa.id)
    rows = [r[:5] for r in rows_of_sample()]  # no roles or language columns
    data = csv_bytes(rows, header=FI[:5])
    assert plan_is_empty_now(session, org_id, data, admin_id)
    imported(session, org_id, data, admin_id)
    assert roles_of(session, kaisa.id) == held
    assert by_email(session, "grace.okafor@esimerkkikunta.fi").language == grace.language == "en"


def test_new_people_get_the_organisations_first_offered_language(session, org_id, admin_id):
    session.add(Setting(organisation_id=org_id, key="languages", value="en"))
    session.commit()
    imported(session, org_id, csv_bytes([person("a@x.fi", "A")]), admin_id)
    assert by_email(session, "a@x.fi").language == "en"
    assert roles_of(session, by_email(session, "a@x.fi").id) == {(Role.employee, None)}


def test_a_path_may_start_with_the_organisations_name(session, org_id, admin_id):
    rows = [
        person("a@x.fi", "A", unit="Esimerkkikunta / Kasvatus ja opetus", team="T"),
        person("b@x.fi", "B", unit="Kasvatus ja opetus", team="T"),
        person("c@x.fi", "Kunnanjohtaja", unit="Esimerkkikunta"),
    ]
    imported(session, org_id, csv_bytes(rows), admin_id)
    a, b, c = (by_email(session, e) for e in ("a@x.fi", "b@x.fi", "c@x.fi"))
    assert a.team_id == b.team_id
    assert session.get(Unit, c.team_id).kind == UnitKind.organisation


def test_a_retired_unit_of_the_same_name_is_restored(session, org_id, admin_id):
    imported(session, org_id, csv_bytes(TEAM), admin_id)
    teachers = session.exec(select(Unit).where(Unit.name == "Opettajat")).one()
    imported(session, org_id, csv_bytes(TEAM[:1]), admin_id)  # the teachers leave
    teachers.retired_at = timesource.now()
    session.add(teachers)
    session.commit()
    report = checked(session, org_id, csv_bytes(TEAM))
    plan = roster.plan_roster(session, org_id, report, actor_id=admin_id)
    assert plan.teams == ["Kasvatus ja opetus / Rantakylän koulu / Opettajat"]
    roster.apply_roster(session, org_id, report, actor_id=admin_id, now=timesource.now())
    session.commit()
    session.refresh(teachers)
    assert teachers.retired_at is None
    assert by_email(session, "a@esimerkkikunta.fi").team_id == teachers.id


def test_apply_is_all_or_nothing(engine, session, org_id, admin_id, monkeypatch):
    imported(session, org_id, sample(), admin_id)

    def change(by, rows):
        rows[:] = [r for r in rows if r[0] != "juha.kinnunen@esimerkkikunta.fi"]
        for r in rows:
            if r[4] == "anne.virtanen@esimerkkikunta.fi":
                r[4] = "pekka.nieminen@esimerkkikunta.fi"
        rows.append(person("uusi@esimerkkikunta.fi", "Uusi Ihminen", team="Opettajat"))

    data = edited(change)
    before, events = snapshot(session), audit_count(session)
    calls = []
    real = people.set_supervisor

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(people, "set_supervisor", failing)

    def attempt() -> None:
        with db.write_session(engine) as s:
            report = roster.check_roster(s, org_id, data, "r.csv")
            roster.apply_roster(s, org_id, report, actor_id=admin_id, now=timesource.now())

    with pytest.raises(RuntimeError, match="went away"):
        attempt()
    assert len(calls) == 3
    assert snapshot(session) == before
    assert audit_count(session) == events
    monkeypatch.undo()
    with db.write_session(engine) as s:
        report = roster.check_roster(s, org_id, data, "r.csv")
        applied = roster.apply_roster(s, org_id, report, actor_id=admin_id, now=timesource.now())
    assert (applied.added, applied.retired) == (1, 1)
    assert snapshot(session) != before


def test_apply_validates_again_against_the_database_as_it_is_then(session, org_id, admin_id):
    rows = [person("a@x.fi", "A", language="en")]
    report = checked(session, org_id, csv_bytes(rows))
    assert report.ok
    session.add(Setting(organisation_id=org_id, key="languages", value="fi"))
    session.commit()
    with pytest.raises(roster.RosterError) as caught:
        roster.apply_roster(session, org_id, report, actor_id=admin_id, now=timesource.now())
    assert caught.value.code == "roster_invalid"
    assert codes(caught.value.report) == {("language_unknown", 2, "kieli")}
    session.rollback()
    assert session.exec(select(Person).where(Person.email == "a@x.fi")).first() is None


def test_an_invalid_report_has_no_plan(session, org_id, admin_id):
    report = checked(session, org_id, csv_bytes(ERRORS))
    with pytest.raises(roster.RosterError):
        roster.plan_roster(session, org_id, report, actor_id=admin_id)


def test_only_admins_may_import(session, org_id, admin_id):
    imported(session, org_id, sample(), admin_id)
    employee = load_viewer(session, by_email(session, "timo.lahtinen@esimerkkikunta.fi").id)
    with pytest.raises(AccessDenied):
        roster.check(session, viewer=employee, data=sample(), filename="r.csv")
    admin = load_viewer(session, admin_id)
    report = roster.check(session, viewer=admin, data=sample(), filename="r.csv")
    with pytest.raises(AccessDenied):
        roster.preview(session, viewer=employee, report=report)
    with pytest.raises(AccessDenied):
        roster.import_roster(session, viewer=employee, report=report, now=timesource.now())
    assert roster.preview(session, viewer=admin, report=report).empty
    applied = roster.import_roster(session, viewer=admin, report=report, now=timesource.now())
    assert applied.added == 0


def test_every_problem_and_plan_text_exists_in_both_languages():
    from model import i18n

    for code in roster.FILE_CODES | roster.ROW_CODES | {"roster_invalid"}:
        for lang in i18n.LANGUAGES:
            assert i18n.TEXTS[f"roster.error.{code}"][lang]
    for part in (*roster.PLAN_PARTS, "units", "teams", "unchanged", "empty"):
        assert f"roster.plan.{part}" in i18n.TEXTS
    for column in roster.PLAN_COLUMNS:
        assert f"roster.plan.col.{column}" in i18n.TEXTS
    for name in roster.FIELDS:
        assert f"roster.header.{name}" in i18n.TEXTS


def test_plan_tables_for_a_page(session, org_id, admin_id):
    report = checked(session, org_id, sample())
    plan = roster.plan_roster(session, org_id, report, actor_id=admin_id)
    rows = roster.plan_table(plan, "added", "en")
    assert set(rows[0]) == set(roster.PLAN_COLUMNS)
    grace = next(r for r in rows if r["email"] == "grace.okafor@esimerkkikunta.fi")
    assert grace["row"] == "18"
    assert grace["changes"] == (
        "Unit and team: Kasvatus ja opetus / Varhaiskasvatus / Päiväkoti Satakieli; "
        "Supervisor: anne.virtanen@esimerkkikunta.fi; Roles: employee; Language: en"
    )
    assert roster.plan_table(plan, "kept", "fi") == [
        {"row": "", "email": ADMIN, "name": "Irma Ylläpitäjä", "changes": ""}
    ]
    with pytest.raises(ValueError, match="nonsense"):
        roster.plan_table(plan, "nonsense", "fi")
