"""The decks (F4): a management briefing and a workshop's deck, read back with python-pptx and
opened by LibreOffice; the workbook's workshop and actions sheets."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import dataclass

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches
from sqlmodel import Session, col, select

from exports.deck import briefing_deck, workshop_deck
from exports.team_workbook import team_workbook, workshop_workbook
from model import db, discussions, teamview, timesource
from model import workshops as ws
from model.demo import SMALL_TEAM
from model.i18n import hidden_reason
from model.tables import Assessment, AssessmentStatus, Person, Rating, Unit
from model.teamview import LIGHTS, TeamView
from model.viewer import load_viewer

MADE = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
ZONE = "Europe/Helsinki"
NOTES = ("Enemmän aikaa yhteiselle suunnittelulle", "Vähemmän päällekkäisiä palavereja")


@dataclass
class Material:
    view: TeamView
    hidden_cell: str
    hidden_counts: dict  # the hidden team's real counts, which must never reach a file
    board: ws.Board
    actions: pd.DataFrame
    unit_actions: pd.DataFrame


def _viewer(session: Session, email: str):
    return load_viewer(session, session.exec(select(Person.id).where(Person.email == email)).one())


def _workshop(session: Session, fac, unit_id: int, round_id: int, *, until: str) -> int:
    wid = ws.plan_workshop(
        session,
        viewer=fac,
        data=ws.WorkshopInput(
            name="Syksyn työpaja",
            unit_id=unit_id,
            round_id=round_id,
            template="tampere1",
            allow_guests=True,
        ),
    )
    code = session.get(ws.Workshop, wid).join_code
    tokens = [ws.join(session, code=code, viewer=None) for _ in range(3)]

    def phase(name: str) -> None:
        ws.set_phase(session, viewer=fac, workshop_id=wid, phase=name, now=MADE)

    phase("write")
    refs = [
        ws.add_note(session, token=t, viewer=None, data=ws.NoteInput(question_key=q, text=text))
        for t, q, text in (
            (tokens[0], "goal", NOTES[0]),
            (tokens[1], "actions", NOTES[1]),
            (tokens[2], "goal", '=HYPERLINK("http://x")'),
        )
    ]
    if until == "write":
        return wid
    phase("reveal")
    phase("group")
    t1 = ws.create_theme(session, viewer=fac, workshop_id=wid, title="Aika", refs=refs[:1])
    t2 = ws.create_theme(session, viewer=fac, workshop_id=wid, title="Palaverit", refs=refs[1:])
    phase("vote")
    for token, theme in ((tokens[0], t1), (tokens[1], t2), (tokens[2], t2), (tokens[0], t2)):
        ws.cast_vote(session, token=token, viewer=None, theme_id=theme)
    if until == "vote":
        return wid
    phase("decide")
    ws.create_action(
        session,
        viewer=fac,
        workshop_id=wid,
        theme_id=t2,
        data=discussions.ActionInput(
            title="Palaverit puoleen",
            means="Kokousvapaa keskiviikko",
            owner="team",
            measure="Kalenterin palaverituntien määrä",
            time_span="kevät 2027",
            due_on=dt.date(2027, 3, 31),
            field_key="autonomy",
            category="reduce",
            area="organising",
        ),
        today=MADE.date(),
    )
    return wid


def _material(demo_url: str, *, until: str = "decide") -> Material:
    engine = db.make_engine(demo_url)
    with db.write_session(engine) as s:
        fac = _viewer(s, "kehittaja@demo.fi")
        small = s.exec(select(Unit).where(Unit.name == SMALL_TEAM)).one()
        rounds = teamview.rounds_for_unit(s, viewer=fac, unit_id=small.parent_id)
        round_id = int(rounds["round_id"].iloc[1])
        wid = _workshop(s, fac, small.parent_id, round_id, until=until)
    with db.read_session(engine) as s:
        view = teamview.team_view(
            s, viewer=fac, unit_id=small.parent_id, round_id=round_id, today=timesource.today()
        )
        answers = s.exec(
            select(Rating.field_key, Rating.light)
            .join(Assessment, col(Assessment.id) == Rating.assessment_id)
            .where(
                Assessment.round_id == round_id,
                Assessment.team_id == small.id,
                Assessment.status == AssessmentStatus.submitted,
            )
        ).all()
        respondents = len(
            s.exec(
                select(Assessment.id).where(
                    Assessment.round_id == round_id,
                    Assessment.team_id == small.id,
                    Assessment.status == AssessmentStatus.submitted,
                )
            ).all()
        )
        board = ws.facilitator_board(s, viewer=fac, workshop_id=wid)
        actions = ws.workshop_actions(s, viewer=fac, workshop_id=wid)
        unit_actions = ws.unit_actions(s, viewer=fac, unit_id=small.parent_id)
    dist: dict[str, dict[str, int]] = {}
    for key, light in answers:
        dist.setdefault(key, dict.fromkeys(LIGHTS, 0))[light] += 1
    hidden = {"respondents": respondents, "dist": dist}
    return Material(view, f"team:{small.id}", hidden, board, actions, unit_actions)


@pytest.fixture
def material(demo_url) -> Material:
    return _material(demo_url)


def _read(data: bytes) -> Presentation:
    return Presentation(io.BytesIO(data))


def _charts(prs):
    return [
        (number, shape)
        for number, slide in enumerate(prs.slides, start=1)
        for shape in slide.shapes
        if shape.has_chart
    ]


def _all_text(prs) -> str:
    parts = []
    for slide in prs.slides:
        parts.append(slide.notes_slide.notes_text_frame.text)
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                parts += [str(c) for c in plot.categories]
                parts += [s.name for s in plot.series]
    return "\n".join(parts)


def _xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(
            z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml")
        )


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_briefing_is_16_9_with_native_charts_alt_text_and_speaker_notes(material, lang):
    view = material.view
    fw = view.framework
    prs = _read(briefing_deck(view, lang, made_at=MADE, zone_name=ZONE))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(prs.slides) >= 9
    for slide in prs.slides:
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text.strip()
    charts = _charts(prs)
    assert len(charts) >= 1 + len(view.fields) * 2 + 1  # distribution, trend, teams, comparison
    for _, shape in charts:
        assert shape._element.nvGraphicFramePr.cNvPr.get("descr", "").strip()
    # The distribution: one stacked bar per field, a series per light in the screen's colours.
    first = next(s.chart for _, s in charts if s.chart.chart_type == XL_CHART_TYPE.BAR_STACKED_100)
    plot = first.plots[0]
    assert list(plot.categories) == [fw.field_label(k, lang) for k in view.fields]
    assert [s.name for s in plot.series] == [fw.light_text(k, lang) for k in LIGHTS]
    for series, key in zip(plot.series, LIGHTS, strict=True):
        assert str(series.format.fill.fore_color.rgb) == fw.light(key).colour.lstrip("#").upper()
        # The label carries the light's symbol too: colour is never the only cue (N6).
        assert fw.light(key).symbol in series.data_labels.number_format
    unit = view.distribution[view.distribution["cell"] == "unit"]
    greens = unit[unit["light"] == "green"].set_index("field_key")["share"]
    assert list(plot.series[2].values) == pytest.approx([greens[k] for k in view.fields])
    kinds = {s.chart.chart_type for _, s in charts}
    assert {
        XL_CHART_TYPE.BAR_STACKED_100,
        XL_CHART_TYPE.COLUMN_STACKED_100,
        XL_CHART_TYPE.BAR_CLUSTERED,
    } <= kinds
    text = _all_text(prs)
    title = {"fi": "Johdon katsaus", "en": "Management briefing"}[lang]
    assert title in text
    other = {"fi": "Management briefing", "en": "Johdon katsaus"}[lang]
    assert other not in text
    assert view.unit_name in text
    assert view.round_name in text


def test_a_hidden_team_has_no_number_in_the_deck_or_the_workbook(material):
    view = material.view
    hidden = material.hidden_cell
    row = view.cells.set_index("cell").loc[hidden]
    assert not row["shown"]
    assert material.hidden_counts["respondents"] > 0
    label = row["label"]
    data = briefing_deck(view, "fi", made_at=MADE, zone_name=ZONE)
    prs = _read(data)
    # In every chart whose categories name the team, its bars have no value at all.
    found = 0
    for _, shape in _charts(prs):
        plot = shape.chart.plots[0]
        names = [str(c) for c in plot.categories]
        at = [i for i, c in enumerate(names) if c.startswith(label)]
        if not at:
            continue
        found += 1
        assert "piilossa" in names[at[0]]
        for series in plot.series:
            assert series.values[at[0]] is None
    assert found == len(view.fields)
    # The participation and board tables say "hidden" with the reason, and no count.
    reason = hidden_reason(row["reason"], view.thresholds.n, "fi")
    real = str(material.hidden_counts["respondents"])
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for r in shape.table.rows:
                cells = [c.text for c in r.cells]
                if cells[0] != label:
                    continue
                assert reason in cells or all(c == "piilossa" for c in cells[1:])
                assert real not in cells[2:]
                for counts in material.hidden_counts["dist"].values():
                    for count in counts.values():
                        share = f"{round(count / material.hidden_counts['respondents'] * 100)} %"
                        assert not any(share in c for c in cells)
    # Nowhere in the file: the hidden team's label next to a number or share.
    xml = _xml(data)
    assert not re.search(re.escape(label) + r"[^<]{0,40}\d+ ?%", xml)
    wb = load_workbook(io.BytesIO(team_workbook(view, "fi", charts=False)))
    for sheet in wb:
        for r in sheet.iter_rows(values_only=True):
            if r and r[0] == label:
                assert all(not isinstance(v, int | float) or v == row["invited"] for v in r)


def test_libreoffice_opens_both_decks_without_repair(material, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make test installs it: make libreoffice)")
    decks = {
        "briefing": briefing_deck(material.view, "fi", made_at=MADE, zone_name=ZONE),
        "workshop": workshop_deck(
            material.view,
            material.board,
            material.actions,
            "en",
            made_at=MADE,
            zone_name=ZONE,
        ),
    }
    for name, data in decks.items():
        (tmp_path / f"{name}.pptx").write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{n}.pptx") for n in decks),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for name, data in decks.items():
        pdf = (tmp_path / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == len(_read(data).slides)


def test_the_workshop_deck_has_questions_notes_votes_and_actions(material):
    board = material.board
    data = workshop_deck(material.view, board, material.actions, "fi", made_at=MADE, zone_name=ZONE)
    prs = _read(data)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    text = _all_text(prs)
    assert board.name in text
    for q in board.questions:
        assert ws.question_label(board, q["key"], "fi") in text
    for note in NOTES:
        assert note in text
    votes = next(s.chart for _, s in _charts(prs) if s.chart.plots[0].series[0].name == "Ääniä")
    plot = votes.plots[0]
    assert list(plot.categories) == ["Palaverit", "Aika"]
    assert list(plot.series[0].values) == [3, 1]
    for expected in (
        "Palaverit puoleen",
        "Kokousvapaa keskiviikko",
        "Tiimi",
        "Kalenterin palaverituntien määrä",
        "kevät 2027 · määräpäivä 31.3.2027",
        "Autonomian tunne",
        "Vähennä",
        "Toiminnan organisointi",
    ):
        assert expected in text
    for slide in prs.slides:
        assert slide.notes_slide.notes_text_frame.text.strip()
    for _, shape in _charts(prs):
        assert shape._element.nvGraphicFramePr.cNvPr.get("descr", "").strip()
    # The team view's slides come first: the same charts as the briefing.
    briefing = _read(briefing_deck(material.view, "fi", made_at=MADE, zone_name=ZONE))
    assert len(prs.slides) > len(briefing.slides)
    english = _all_text(
        _read(workshop_deck(None, board, material.actions, "en", made_at=MADE, zone_name=ZONE))
    )
    assert "Actions agreed" in english
    assert "Reduce" in english
    assert "Sovitut" not in english


def test_the_workshop_deck_keeps_unrevealed_notes_and_open_votes_out(demo_url):
    written = _material(demo_url, until="write")
    prs = _read(
        workshop_deck(None, written.board, written.actions, "fi", made_at=MADE, zone_name=ZONE)
    )
    text = _all_text(prs)
    assert not any(note in text for note in NOTES)
    assert "ei ole vielä paljastettu" in text
    assert _charts(prs) == []


def test_votes_are_left_out_while_voting(demo_url):
    voting = _material(demo_url, until="vote")
    assert all(t.votes is None for t in voting.board.themes)
    prs = _read(
        workshop_deck(None, voting.board, voting.actions, "en", made_at=MADE, zone_name=ZONE)
    )
    assert _charts(prs) == []
    assert "Vote counts are shown only once voting has ended" in _all_text(prs)


def test_the_workbook_gains_the_workshop_and_the_actions(material):
    view = material.view
    data = team_workbook(
        view,
        "en",
        charts=False,
        made_at=MADE,
        actions=material.unit_actions,
        workshop=material.board,
    )
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[-2:] == ["Workshop", "Actions"]
    sheet = wb["Workshop"]
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "Syksyn työpaja" in values
    assert "Palaverit" in values
    assert 3 in values
    assert NOTES[0] in values
    # A note typed as a formula stays text.
    injected = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("'=")]
    assert injected
    assert all(c.data_type == "s" for c in injected)
    actions = wb["Actions"]
    rows = list(actions.iter_rows(values_only=True))
    assert rows[0][:3] == ("Workshop", "Theme", "Action")
    ours = next(r for r in rows if r[2] == "Palaverit puoleen")
    assert ours[:2] == ("Syksyn työpaja", "Palaverit")
    assert "Team" in ours
    assert "Reduce" in ours
    assert "Organising the work" in ours
    assert all(c.data_type != "f" for ws_ in wb for row in ws_.iter_rows() for c in row)
    # Without a released round: the workshop and its actions alone.
    alone = load_workbook(
        io.BytesIO(workshop_workbook(None, material.board, material.actions, "fi", made_at=MADE))
    )
    assert alone.sheetnames == ["Työpaja", "Toimenpiteet"]


def test_the_team_page_makes_the_briefing_and_logs_it(app_env):
    from model.tables import AuditEvent, Round
    from tests.apptest_helpers import signed_in, unit_id, widget

    at = signed_in(app_env, "kehittaja@demo.fi", "pages/team.py", "fi")
    small = unit_id(app_env, SMALL_TEAM)
    engine = db.make_engine(app_env)
    with db.read_session(engine) as s:
        parent = s.get(Unit, small).parent_id
        closed = s.exec(select(Round.id).order_by(col(Round.opens_on).desc())).all()[1]
    at.selectbox(key=widget("team.unit")).set_value(parent).run()
    at.selectbox(key=widget("team.round")).set_value(closed).run()
    key = f"team.briefing.{parent}.{closed}"
    at.button(key=f"{key}.prepare").click().run()
    assert not at.exception
    data = at.session_state[f"{key}.ready"]
    assert "Johdon katsaus" in _all_text(_read(data))
    with db.read_session(engine) as s:
        logged = s.exec(select(AuditEvent).where(AuditEvent.event == "export_team_deck")).all()
    assert [e.detail for e in logged] == [{"unit_id": parent, "round_id": closed}]


def test_the_workshop_page_makes_the_deck_and_the_workbook_and_logs_them(app_env):
    from model.tables import AuditEvent
    from tests.apptest_helpers import signed_in

    engine = db.make_engine(app_env)
    with db.write_session(engine) as s:
        fac = _viewer(s, "kehittaja@demo.fi")
        small = s.exec(select(Unit).where(Unit.name == SMALL_TEAM)).one()
        rounds = teamview.rounds_for_unit(s, viewer=fac, unit_id=small.parent_id)
        wid = _workshop(s, fac, small.parent_id, int(rounds["round_id"].iloc[1]), until="decide")
        ws.set_phase(s, viewer=fac, workshop_id=wid, phase="harvest", now=MADE)
    at = signed_in(app_env, "kehittaja@demo.fi", "pages/workshops.py", "fi")
    at.selectbox(key="ws.pick").set_value(wid).run()
    assert not at.exception, at.exception
    for name in ("deck", "workbook"):
        at.button(key=f"workshop.{name}.{wid}.prepare").click().run()
        assert not at.exception, at.exception
        assert f"workshop.{name}.{wid}.ready" in at.session_state
    deck = _read(at.session_state[f"workshop.deck.{wid}.ready"])
    text = _all_text(deck)
    assert "Syksyn työpaja" in text
    assert "Johdon katsaus" not in text
    assert "Liikennevalot kokemuksittain" in text, "the released round's team view comes first"
    workbook = load_workbook(io.BytesIO(at.session_state[f"workshop.workbook.{wid}.ready"]))
    assert workbook.sheetnames[-3:] == ["Työpaja", "Toimenpiteet", "Kaaviot"]
    with db.read_session(engine) as s:
        events = s.exec(
            select(AuditEvent.event, AuditEvent.detail).where(
                col(AuditEvent.event).like("export_workshop%")
            )
        ).all()
    assert sorted(events) == [
        ("export_workshop_deck", {"workshop_id": wid}),
        ("export_workshop_workbook", {"workshop_id": wid}),
    ]


def test_a_hidden_unit_and_an_open_round_make_a_deck_without_results(demo_url):
    engine = db.make_engine(demo_url)
    with db.read_session(engine) as s:
        fac = _viewer(s, "kehittaja@demo.fi")
        small = s.exec(select(Unit).where(Unit.name == SMALL_TEAM)).one()
        rounds = teamview.rounds_for_unit(s, viewer=fac, unit_id=small.id)
        today = timesource.today()
        hidden = teamview.team_view(
            s, viewer=fac, unit_id=small.id, round_id=int(rounds["round_id"].iloc[1]), today=today
        )
        open_round = teamview.team_view(
            s,
            viewer=fac,
            unit_id=small.parent_id,
            round_id=int(rounds["round_id"].iloc[0]),
            today=today,
        )
    assert not hidden.shown("unit")
    prs = _read(briefing_deck(hidden, "en", made_at=MADE, zone_name=ZONE))
    assert _charts(prs) == []
    text = _all_text(prs)
    assert "hidden: fewer than 5 responses" in text
    assert not open_round.released
    prs = _read(briefing_deck(open_round, "fi", made_at=MADE, zone_name=ZONE))
    assert len(prs.slides) == 3  # title, participation, "released when the round closes"
    assert _charts(prs) == []
    assert "Kierros on auki" in _all_text(prs)


def test_no_text_becomes_a_formula_in_a_chart_s_embedded_workbook(material):
    """python-pptx writes each chart's data with xlsxwriter, which would run "=…" as a formula."""
    import dataclasses
    import zipfile

    themes = tuple(
        dataclasses.replace(t, title='=HYPERLINK("http://x","y")') if i == 0 else t
        for i, t in enumerate(material.board.themes)
    )
    board = dataclasses.replace(material.board, themes=themes)
    data = workshop_deck(material.view, board, material.actions, "fi", made_at=MADE)
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        embedded = [n for n in deck.namelist() if n.startswith("ppt/embeddings/")]
        assert embedded
        for name in embedded:
            book = load_workbook(io.BytesIO(deck.read(name)))
            cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
            assert all(c.data_type != "f" for c in cells), name
    votes = next(
        s.chart for _, s in _charts(_read(data)) if s.chart.plots[0].series[0].name == "Ääniä"
    )
    assert '\'=HYPERLINK("http://x","y")' in list(votes.plots[0].categories)
