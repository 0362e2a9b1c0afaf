"""Fuzz: nothing a person types can break a page, lose data or leave it behind (TRUST 26).

Arbitrary Unicode (lone surrogates, controls, bidi overrides, non-characters, Markdown, formulas,
text over every cap) goes through every input model and typed service: assessments (reasons and
notes), agenda points, actions and their comments, round names and display names. Every call
either stores the text as ``model.text`` normalises it or refuses it with the service's domain
error; what was stored is then read back, released, shown on every page and built into every
export, on SQLite and on PostgreSQL (TEST_DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session, col, select

from exports.discussion import discussion_pdf, discussion_xlsx
from exports.mydata import my_data_json, my_data_xlsx
from exports.team_workbook import team_workbook
from model import db, history, release, teamview, text, timesource
from model import discussions as disc
from model import rounds as rounds_svc
from model.assessments import (
    NOTE_MAX,
    REASON_MAX,
    AssessmentError,
    AssessmentInput,
    NoteInput,
    acknowledge_privacy,
    rounds_for,
    save_assessment,
)
from model.cli import NAME_MAX
from model.demo import IMPROVING_TEAM
from model.framework import default_framework
from model.navigation import pages_for
from model.tables import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaPoint,
    Assessment,
    Discussion,
    Note,
    Organisation,
    Person,
    Rating,
    Release,
    ReleaseText,
    Role,
    RoleGrant,
    Round,
    RoundScope,
    Sharing,
    Unit,
    UnitKind,
)
from model.viewer import Viewer, load_viewer
from tests.apptest_helpers import person_id, signed_in, widget
from tests.factories import add_person

FW = default_framework()
FIELDS = [f.key for f in FW.fields_for({})]
CATEGORIES = [c.key for c in FW.errc.categories]
LEVELS = [lv.key for lv in FW.errc.levels]
LIGHTS = ("red", "yellow", "green")
TEAMMATES = 8  # with the one who shares: enough authors for pooled notes (N_text 7) to show

# --- What a person might type ---------------------------------------------------------------

CAP_LENGTHS = (200, 201, 300, 301, 1000, 1001, 2000, 2001, 5000)  # every cap, and one past it
NASTY = (
    "\x00",
    "\x0b",
    "\x1b[31m",
    "\x7f\x80\x9f",
    "\u202e",
    "\u2066",
    "\u202eevil\u202c txt",
    "=1+1",
    "@SUM(A1)",
    "+1",
    "-1",
    '=HYPERLINK("http://evil.example")',
    "https://evil.example www.evil.example",
    "mailto:x@evil.example",
    ":material/home: :red[x] $x$ **b** <b>h</b> # h",
    "<script>alert(1)</script>",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0010ffff",
    "\r\n",
    "\r",
    "\u2028\u2029\x85",
    "",
    "   ",
    "\t \n \u3000 \u00a0",
    " " * 3000 + "x",  # long only before the white space is stripped
    "e\u0301" * 1500,  # 3000 typed, 1500 after NFC
    "\u0344" * 700,  # 700 typed, 1400 after NFC
    "x\x00" * 1500,  # 3000 typed, 1500 once the NULs are gone
    "\ud83d\ude00 \U0001f469\u200d\U0001f469\u200d\U0001f467 \ufeff\u200b\u1100\u1161",
    *("x" * n for n in CAP_LENGTHS),
)
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates, controls, private use, ...
TYPED = st.one_of(
    st.text(alphabet=ANY_CHARACTER, max_size=60),
    st.sampled_from(NASTY),
    st.tuples(
        st.sampled_from(NASTY), st.text(alphabet=ANY_CHARACTER, max_size=20), st.sampled_from(NASTY)
    ).map("".join),
)
NOTE = st.fixed_dictionaries(
    {
        "category": st.sampled_from(CATEGORIES),
        "level": st.sampled_from(LEVELS),
        "field_key": st.sampled_from([None, *FIELDS]),
        "text": TYPED,
        "can_influence": st.sampled_from([None, True, False]),
    }
)
ANSWER = st.fixed_dictionaries(
    {
        "lights": st.lists(st.sampled_from(LIGHTS), min_size=len(FIELDS), max_size=len(FIELDS)),
        "reasons": st.lists(TYPED, min_size=len(FIELDS), max_size=len(FIELDS)),
        "notes": st.lists(NOTE, min_size=1, max_size=3),
    }
)
# One who shares (two answers) and her teammates (one each).
ANSWERS = st.lists(ANSWER, min_size=TEAMMATES + 2, max_size=TEAMMATES + 2)
SAID = st.fixed_dictionaries(
    dict.fromkeys(
        (
            "person_name",
            "round_name",
            "agenda_person",
            "agenda_supervisor",
            "title",
            "means",
            "measure",
            "time_span",
            "comment_supervisor",
            "comment_person",
        ),
        TYPED,
    )
)
# The refusals a service may give for typed text; anything else fails the test.
TEXT_REFUSALS = {
    AssessmentError: {"reason_too_long", "note_too_long", "note_empty"},
    disc.DiscussionError: {"agenda_empty", "too_long", "action_title_empty", "nothing_to_update"},
    rounds_svc.RoundError: {"round_name_empty", "round_name_too_long"},
}


_tags = itertools.count()  # unique names and e-mails across examples


def fit(value: str, cap: int, *, one_line: bool = False) -> str:
    """What a person would do after a refusal: the same text, cut to the cap."""
    clean = text.line if one_line else text.paragraph
    return clean(clean(value)[:cap])


# --- Typing everything in, through the services ----------------------------------------------

Run = Callable[[Callable[[Session], Any]], Any]


def in_session(session: Session) -> Run:
    """Each call in its own transaction of the test's session: committed, or rolled back."""

    def run(call):
        try:
            result = call(session)
        except BaseException:
            session.rollback()
            raise
        session.commit()
        return result

    return run


def in_engine(engine) -> Run:
    """Each call in its own write session, as the pages do."""

    def run(call):
        with db.write_session(engine) as s:
            return call(s)

    return run


def attempt(run: Run, call: Callable[[Session], Any], error: type[Exception], fallback=None):
    """Run ``call``; a refusal must be ``error`` with a text code; then run ``fallback``."""
    try:
        return run(call)
    except error as refused:
        _refused_for_text(refused)
        return run(fallback) if fallback is not None else None


def _refused_for_text(refused: Exception) -> None:
    assert refused.code in TEXT_REFUSALS[type(refused)], refused.code


@dataclass
class World:
    person: Viewer  # shares with the supervisor
    teammates: list[Viewer]
    supervisor: Viewer
    facilitator: Viewer
    open_round_id: int
    team_id: int
    today: dt.date


@dataclass
class Typed:
    round_id: int  # the round named by the facilitator; closed at the end
    action_id: int
    saved: dict[int, AssessmentInput] = field(default_factory=dict)  # assessment id -> accepted
    first_try: dict[int, tuple[dict, AssessmentInput]] = field(default_factory=dict)


def _input(answer: dict, sharing: Sharing) -> AssessmentInput:
    return AssessmentInput(
        ratings=dict(zip(FIELDS, answer["lights"], strict=True)),
        reasons=dict(zip(FIELDS, answer["reasons"], strict=True)),
        notes=[NoteInput(**n) for n in answer["notes"]],
        sharing=sharing,
        notes_in_pool=True,
    )


def _fitted(data: AssessmentInput) -> AssessmentInput:
    notes = [n.model_copy(update={"text": fit(n.text, NOTE_MAX)}) for n in data.notes]
    notes = [n for n in notes if n.text] or [
        NoteInput(category=CATEGORIES[0], level=LEVELS[0], text="Muistiinpano")
    ]
    reasons = {k: fit(v, REASON_MAX) for k, v in data.reasons.items()}
    return data.model_copy(update={"reasons": reasons, "notes": notes})


def _answer(run: Run, typed: Typed, viewer: Viewer, round_id: int, answer, sharing, today):
    data = _input(answer, sharing)

    def save(data):
        return lambda s: save_assessment(
            s, viewer=viewer, round_id=round_id, data=data, submit=True, today=today
        )

    try:
        assessment_id = run(save(data))
        typed.first_try[assessment_id] = (answer, data)
    except AssessmentError as refused:
        _refused_for_text(refused)
        data = _fitted(data)
        assessment_id = run(save(data))  # the same answer within the caps is always accepted
    typed.saved[assessment_id] = data


def _round_values(name: str, scope: list[int], opens_on: dt.date, closes_on: dt.date) -> dict:
    return {
        "name": name,
        "kind": "reflection",
        "opens_on": opens_on,
        "closes_on": closes_on,
        "scope": scope,
        "modules": {},
    }


def _rename(person_id: int, raw: str) -> Callable[[Session], None]:
    """A display name as the admin command stores it (``model.cli``: ``text.line``, capped)."""

    def call(s: Session) -> None:
        person = s.get(Person, person_id)
        person.display_name = fit(raw, NAME_MAX, one_line=True) or person.display_name
        s.add(person)

    return call


def type_everything(run: Run, w: World, answers: list[dict], said: dict) -> Typed:
    """Every typed input of the app, fuzzed, through the services the pages call."""
    today, emp, sup, fac = w.today, w.person, w.supervisor, w.facilitator
    run(_rename(emp.person_id, said["person_name"]))

    # A facilitator names a round for the team; it closes (early) at the end.
    opens_on, closes_on = today - dt.timedelta(days=1), today + dt.timedelta(days=7)
    data = attempt(
        run,
        lambda s: rounds_svc.parse_round_input(
            _round_values(said["round_name"], [w.team_id], opens_on, closes_on)
        ),
        rounds_svc.RoundError,
        lambda s: rounds_svc.parse_round_input(
            _round_values(
                fit(said["round_name"], rounds_svc.NAME_MAX, one_line=True)
                or f"Kierros {next(_tags)}",
                [w.team_id],
                opens_on,
                closes_on,
            )
        ),
    )
    round_id = run(lambda s: rounds_svc.create_round(s, viewer=fac, data=data))
    typed = Typed(round_id=round_id, action_id=0)

    for viewer in (emp, *w.teammates):
        run(lambda s, viewer=viewer: acknowledge_privacy(s, viewer=viewer))
    _answer(run, typed, emp, w.open_round_id, answers[0], Sharing.supervisor, today)
    _answer(run, typed, emp, round_id, answers[1], Sharing.supervisor, today)
    for viewer, answer in zip(w.teammates, answers[2:], strict=True):
        _answer(run, typed, viewer, round_id, answer, Sharing.anonymous, today)

    for viewer, key, pid in ((emp, "agenda_person", None), (sup, "agenda_supervisor", emp)):
        raw = said[key]
        pid = pid.person_id if pid else None
        attempt(
            run,
            lambda s, viewer=viewer, raw=raw, pid=pid: disc.add_agenda_point(
                s, viewer=viewer, text=raw, today=today, person_id=pid
            ),
            disc.DiscussionError,
            lambda s, viewer=viewer, raw=raw, pid=pid: disc.add_agenda_point(
                s,
                viewer=viewer,
                text=fit(raw, disc.AGENDA_MAX) or "Asia",
                today=today,
                person_id=pid,
            ),
        )

    action = disc.ActionInput(
        title=said["title"],
        means=said["means"],
        measure=said["measure"],
        time_span=said["time_span"],
    )
    within = disc.ActionInput(
        title=fit(said["title"], disc.TITLE_MAX, one_line=True) or "Toimenpide",
        means=fit(said["means"], disc.MEANS_MAX),
        measure=fit(said["measure"], disc.MEASURE_MAX, one_line=True),
        time_span=fit(said["time_span"], disc.TIME_SPAN_MAX, one_line=True),
    )
    typed.action_id = attempt(
        run,
        lambda s: disc.create_action(
            s, viewer=sup, person_id=emp.person_id, data=action, today=today
        ),
        disc.DiscussionError,
        lambda s: disc.create_action(
            s, viewer=sup, person_id=emp.person_id, data=within, today=today
        ),
    )
    for viewer, key, status in (
        (sup, "comment_supervisor", None),
        (emp, "comment_person", ActionStatus.in_progress),
    ):
        raw = said[key]
        attempt(
            run,
            lambda s, viewer=viewer, raw=raw, status=status: disc.update_action(
                s, viewer=viewer, action_id=typed.action_id, today=today, status=status, comment=raw
            ),
            disc.DiscussionError,
            lambda s, viewer=viewer, raw=raw: disc.update_action(
                s,
                viewer=viewer,
                action_id=typed.action_id,
                today=today,
                comment=fit(raw, disc.COMMENT_MAX, one_line=True) or "Kommentti",
            ),
        )

    # The facilitator ends the round early (yesterday), so that it can be released.
    def close(s: Session) -> None:
        name = s.get(Round, round_id).name
        yesterday = today - dt.timedelta(days=1)
        values = _round_values(name, [w.team_id], yesterday, yesterday)
        rounds_svc.update_round(
            s, viewer=fac, round_id=round_id, data=rounds_svc.parse_round_input(values)
        )

    run(close)
    return typed


# --- Model level: a fresh organisation per example ------------------------------------------


def fresh_world(session: Session) -> World:
    """An organisation of its own (unique e-mails), on the framework version already stored."""
    tag = next(_tags)
    today = timesource.today()
    org = Organisation(name=f"Fuzzikaupunki {tag}")
    session.add(org)
    session.flush()
    root = Unit(organisation_id=org.id, kind=UnitKind.organisation, name=org.name)
    session.add(root)
    session.flush()
    unit = Unit(organisation_id=org.id, parent_id=root.id, kind=UnitKind.unit, name="Palvelut")
    session.add(unit)
    session.flush()
    team = Unit(organisation_id=org.id, parent_id=unit.id, kind=UnitKind.team, name="Tiimi")
    session.add(team)
    session.flush()
    rnd = Round(
        organisation_id=org.id,
        name="Avoin",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=10),
        framework_id=rounds_svc.current_framework_id(session),
    )
    session.add(rnd)
    session.flush()
    session.add(RoundScope(round_id=rnd.id, unit_id=root.id))
    sup = add_person(session, org.id, team.id, f"esihenkilo.{tag}@fuzz.test")
    fac = add_person(session, org.id, None, f"kehittaja.{tag}@fuzz.test", roles=())
    session.add(RoleGrant(person_id=sup.person_id, role=Role.supervisor, unit_id=team.id))
    session.add(RoleGrant(person_id=fac.person_id, role=Role.facilitator, unit_id=unit.id))
    people = [
        add_person(
            session,
            org.id,
            team.id,
            f"tyontekija.{tag}.{i}@fuzz.test",
            supervisor_id=sup.person_id,
        )
        for i in range(TEAMMATES + 1)
    ]
    session.commit()
    return World(
        person=people[0],
        teammates=people[1:],
        supervisor=load_viewer(session, sup.person_id),
        facilitator=load_viewer(session, fac.person_id),
        open_round_id=rnd.id,
        team_id=team.id,
        today=today,
    )


def _stored_texts(session: Session, w: World, typed: Typed) -> list[tuple[str, str, bool]]:
    """(where, value, one line) for every typed text this world stored."""
    people = [w.person.person_id, *(t.person_id for t in w.teammates)]
    assessments = select(Assessment.id).where(col(Assessment.person_id).in_(people))
    found: list[tuple[str, str, bool]] = []
    found += [
        ("person.display_name", v, True)
        for v in session.exec(select(Person.display_name).where(col(Person.id).in_(people)))
    ]
    found += [
        ("round.name", v, True)
        for v in session.exec(
            select(Round.name).where(Round.organisation_id == w.person.organisation_id)
        )
    ]
    found += [
        ("rating.reason", v, False)
        for v in session.exec(
            select(Rating.reason).where(col(Rating.assessment_id).in_(assessments))
        )
    ]
    found += [
        ("note.text", v, False)
        for v in session.exec(select(Note.text).where(col(Note.assessment_id).in_(assessments)))
    ]
    found += [
        ("agenda.text", v, False)
        for v in session.exec(
            select(AgendaPoint.text)
            .join(Discussion, col(Discussion.id) == AgendaPoint.discussion_id)
            .where(Discussion.person_id == w.person.person_id)
        )
    ]
    action = session.get(Action, typed.action_id)
    found += [
        ("action.title", action.title, True),
        ("action.means", action.means, False),
        ("action.measure", action.measure, True),
        ("action.time_span", action.time_span, True),
    ]
    found += [
        ("action_update.comment", v, True)
        for v in session.exec(
            select(ActionUpdate.comment).where(ActionUpdate.action_id == typed.action_id)
        )
    ]
    found += [
        ("release_text.text", v, False)
        for v in session.exec(
            select(ReleaseText.text)
            .join(Release, col(Release.id) == ReleaseText.release_id)
            .where(Release.round_id == typed.round_id)
        )
    ]
    return found


def _check_stored(session: Session, w: World, typed: Typed) -> None:
    for where, value, one_line in _stored_texts(session, w, typed):
        assert text.paragraph(value) == value, (where, value)
        if one_line:
            assert text.line(value) == value, (where, value)
    # What was accepted is stored exactly: the typed text as model.text normalises it.
    for assessment_id, data in typed.saved.items():
        ratings = session.exec(select(Rating).where(Rating.assessment_id == assessment_id)).all()
        assert {r.field_key: r.reason for r in ratings} == data.reasons
        notes = session.exec(
            select(Note.text).where(Note.assessment_id == assessment_id).order_by(Note.position)
        ).all()
        assert list(notes) == [n.text for n in data.notes]
        assert all(notes)
        assert all(len(n) <= NOTE_MAX for n in notes)
        assert all(len(r.reason) <= REASON_MAX for r in ratings)
    for answer, data in typed.first_try.values():
        assert list(data.reasons.values()) == [text.paragraph(v) for v in answer["reasons"]]
        assert [n.text for n in data.notes] == [text.paragraph(n["text"]) for n in answer["notes"]]


def _workbook(data: bytes) -> None:
    """The file opens; no cell is a formula or holds a character that model.text removes."""
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not text._REMOVED.search(cell.value), (ws.title, cell.coordinate)


def _exports(session: Session, w: World, typed: Typed, lang: str) -> None:
    """Every view and export of what was stored. A PDF costs half a second (fonts), so each
    example makes one file of each kind, in ``lang`` or the other language, by turns."""
    other = "en" if lang == "fi" else "fi"
    today, emp, sup, fac = w.today, w.person, w.supervisor, w.facilitator
    fac_unit = session.get(Unit, w.team_id).parent_id
    views = [
        (sup, w.team_id, typed.round_id, lang),
        (fac, fac_unit, typed.round_id, other),
        (fac, fac_unit, w.open_round_id, lang),  # still open: participation only
    ]
    for viewer, unit_id, round_id, in_lang in views:
        view = teamview.team_view(
            session, viewer=viewer, unit_id=unit_id, round_id=round_id, today=today
        )
        _workbook(team_workbook(view, in_lang, charts=False))
        if viewer is fac and round_id == typed.round_id:
            # Nine authors pooled their notes: the facilitator reads them, as they were stored.
            assert view.released
            assert view.text_shown
            assert not view.notes.empty
            assert all(text.paragraph(v) == v for v in view.notes["text"])

    data = history.my_data(session, viewer=emp)
    parsed = json.loads(my_data_json(data))
    assert parsed["person"]["display_name"] == data["person"]["display_name"]
    assert len(parsed["assessments"]) == 2
    _workbook(my_data_xlsx(data))
    ratings = history.my_ratings(session, viewer=emp)
    assert len(ratings) == 2 * len(FIELDS)
    history.changes_since_previous(ratings)
    history.my_notes(session, viewer=emp)
    disc.my_actions_by_round(session, viewer=emp, today=today)

    prep = disc.prepare(session, viewer=sup, person_id=emp.person_id, today=today)
    session.commit()
    assert prep.latest.round_id == typed.round_id
    assert [a.id for a in prep.actions] == [typed.action_id]
    assert len(prep.agenda) == 2
    summaries = {
        viewer.person_id: disc.discussion_summary(
            session, viewer=viewer, discussion_id=prep.discussion_id, today=today
        )
        for viewer in (sup, emp)
    }
    for summary in summaries.values():
        assert summary.assessment is not None
        assert summary.previous is not None
        assert summary.agreed
        assert len(summary.agenda) == 2
    pdf = discussion_pdf(summaries[sup.person_id], lang)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    _workbook(discussion_xlsx(summaries[emp.person_id], other))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=ANSWERS, said=SAID, lang=st.sampled_from(("fi", "en")))
def test_whatever_is_typed_is_stored_clean_released_and_exported(session, answers, said, lang):
    w = fresh_world(session)
    typed = type_everything(in_session(session), w, answers, said)
    release.release_round(session, session.get(Round, typed.round_id), now=timesource.now())
    session.commit()
    _check_stored(session, w, typed)
    _exports(session, w, typed, lang)


# --- Page level: the demo organisation, every page of every role -----------------------------

ACCOUNTS = ("tyontekija@demo.fi", "esihenkilo@demo.fi", "kehittaja@demo.fi", "admin@demo.fi")


def demo_world(url: str) -> World:
    with db.read_session(db.make_engine(url)) as s:
        emp = load_viewer(s, person_id(url, "tyontekija@demo.fi"))
        team = s.get(Unit, emp.team_id)
        assert team.name == IMPROVING_TEAM
        mates = s.exec(
            select(Person.id)
            .where(
                Person.team_id == team.id,
                col(Person.active).is_(True),
                Person.id != emp.person_id,
                Person.supervisor_id == person_id(url, "esihenkilo@demo.fi"),
            )
            .order_by(Person.id)
        ).all()[:TEAMMATES]
        assert len(mates) == TEAMMATES
        today = timesource.today()
        # The demo's own open round (a round named by an earlier example may be open still).
        fac = load_viewer(s, person_id(url, "kehittaja@demo.fi"))
        demo_rounds = set(s.exec(select(Round.id).where(Round.created_by != fac.person_id)))
        open_round = next(
            r for r in rounds_for(s, viewer=emp, today=today) if r.is_open and r.id in demo_rounds
        )
        return World(
            person=emp,
            teammates=[load_viewer(s, m) for m in mates],
            supervisor=load_viewer(s, person_id(url, "esihenkilo@demo.fi")),
            facilitator=fac,
            open_round_id=open_round.id,
            team_id=team.id,
            today=today,
        )


def _fine(at, where) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    assert not at.error, (where, [e.value for e in at.error])


def _export(at, key: str, where) -> None:
    """Press "make the file": it must be made (ready to download), with no error shown."""
    at.button(key=f"{key}.prepare").click().run()
    _fine(at, (*where, key))
    assert f"{key}.ready" in at.session_state, (where, key)


def _export_both(at, discussion_id: int, where) -> None:
    for fmt in ("pdf", "xlsx"):
        _export(at, f"summary.{fmt}.{discussion_id}", where)


def _pooled(url: str, round_id: int) -> set[str]:
    """The notes pooled into the round's release (the team page released it)."""
    with db.read_session(db.make_engine(url)) as s:
        return set(
            s.exec(
                select(ReleaseText.text)
                .join(Release, col(Release.id) == ReleaseText.release_id)
                .where(Release.round_id == round_id)
            )
        )


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=ANSWERS, said=SAID, export_lang=st.sampled_from(("fi", "en")))
def test_every_page_shows_whatever_was_typed(app_env, answers, said, export_lang):
    """Every page of the employee who typed, her supervisor, a facilitator and an admin, in
    both languages (switched in the sidebar), shows what was stored without an error; the
    summaries are made on the pages (in ``export_lang``: a PDF costs half a second)."""
    w = demo_world(app_env)
    typed = type_everything(in_engine(db.make_engine(app_env)), w, answers, said)
    with db.read_session(db.make_engine(app_env)) as s:
        discussion_id = s.exec(
            select(Discussion.id).where(
                Discussion.person_id == w.person.person_id,
                Discussion.supervisor_id == w.supervisor.person_id,
                Discussion.status == "open",
            )
        ).one()
        fac_unit = s.get(Unit, w.team_id).parent_id

    for email in ACCOUNTS:
        roles = load_viewer_roles(app_env, email)
        at = signed_in(app_env, email, lang="fi")
        for lang in ("fi", "en"):
            at.selectbox(key="app.lang").set_value(lang).run()
            _fine(at, (email, lang))
            for page in pages_for(roles):
                where = (email, lang, page.key)
                at.switch_page(page.path).run()
                _fine(at, where)
                if page.key == "history":
                    assert len(at.get("download_button")) == 2, where
                    assert at.checkbox(key="history.erase_ok").value is False
                    assert at.button(key="history.erase").disabled
                elif page.key == "team":
                    # The round typed into, released by the page: its pooled notes and its name.
                    unit = w.team_id if Role.supervisor in roles else fac_unit
                    at.session_state["team.unit"] = unit
                    at.session_state["team.round"] = typed.round_id
                    at.run()
                    _fine(at, where)
                    picker = at.selectbox(key=widget("team.round", lang))
                    if len(set(picker.options)) == len(picker.options):
                        # Rounds of one name cannot be told apart, even when another one is
                        # picked (test_two_rounds_of_one_name_can_both_be_opened).
                        assert picker.value == typed.round_id, where
                        pooled = _pooled(app_env, typed.round_id)
                        assert pooled, where
                        assert pooled <= {t.value for t in at.text}, where
                        if lang == export_lang:
                            _export(at, f"team.download.{unit}.{typed.round_id}", where)
                elif page.key == "discussions":
                    at.selectbox(key=widget("disc.person", lang)).set_value(w.person.person_id)
                    at.run()
                    _fine(at, where)
                    at.button(key=f"action.{typed.action_id}.save")  # her action is shown
                    if lang == export_lang:
                        _export_both(at, discussion_id, where)
                elif page.key == "discussion" and email == "tyontekija@demo.fi":
                    at.button(key=f"action.{typed.action_id}.save")
                    if lang == export_lang:
                        _export_both(at, discussion_id, where)
    with db.read_session(db.make_engine(app_env)) as s:
        assert release.stored(s, typed.round_id) is not None, "the team page released the round"


def load_viewer_roles(url: str, email: str) -> frozenset[str]:
    with db.read_session(db.make_engine(url)) as s:
        return load_viewer(s, person_id(url, email)).roles


def test_two_rounds_of_one_name_can_both_be_opened(app_env):
    """Two rounds a facilitator named alike (or alike once model.text cleaned the names)."""
    w = demo_world(app_env)
    today = w.today
    ids = []
    with db.write_session(db.make_engine(app_env)) as s:
        for days in (2, 1):  # both open: the team page shows participation, no release
            values = _round_values("Syksy", [w.team_id], today - dt.timedelta(days=days), today)
            data = rounds_svc.parse_round_input(values)
            ids.append(rounds_svc.create_round(s, viewer=w.facilitator, data=data))
    at = signed_in(app_env, "esihenkilo@demo.fi", "pages/team.py")
    for round_id in ids:
        at.selectbox(key=widget("team.round", "fi")).set_value(round_id).run()
        _fine(at, round_id)
        assert at.session_state["team.round"] == round_id
