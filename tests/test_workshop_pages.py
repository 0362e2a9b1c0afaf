"""AppTest of the workshop pages for each phase and role: the facilitator plans and drives a
workshop, the room's screen shows counts before the reveal and dots only after voting, people
join with the code (signed in, or as guests when allowed) and their token in the address."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from model import db, discussions, timesource, web
from model import teamview as tv
from model import workshop_join as wj
from model import workshops as ws
from model.tables import Workshop, WorkshopNote
from model.viewer import load_viewer
from tests.apptest_helpers import browser, person_id, signed_in, widget

FACILITATOR = "kehittaja@demo.fi"
EMPLOYEE = "tyontekija@demo.fi"


def page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.text, *at.caption, *at.title, *at.subheader)]
    parts += [e.value for e in (*at.header, *at.error, *at.success, *at.warning, *at.info)]
    parts += [f"{m.label}={m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def facilitator(url: str):
    with db.read_session(db.make_engine(url)) as s:
        return load_viewer(s, person_id(url, FACILITATOR))


def a_unit(url: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        units = ws.scope.visible_units(s, viewer=facilitator(url))
    return sorted(units)[0]


def plan(url: str, *, allow_guests: bool = True, template: str = "tampere1") -> int:
    with db.write_session(db.make_engine(url)) as s:
        return ws.plan_workshop(
            s,
            viewer=facilitator(url),
            data=ws.WorkshopInput(
                name="Testipaja",
                unit_id=a_unit(url),
                template=template,
                allow_guests=allow_guests,
                planned_on=timesource.today(),
            ),
        )


def to_phase(url: str, wid: int, phase: str, minutes: int | None = None) -> None:
    with db.write_session(db.make_engine(url)) as s:
        ws.set_phase(
            s,
            viewer=facilitator(url),
            workshop_id=wid,
            phase=phase,
            now=timesource.now(),
            minutes=minutes,
        )


def code_of(url: str, wid: int) -> str:
    with db.read_session(db.make_engine(url)) as s:
        return s.get(Workshop, wid).join_code


def guest_note(url: str, wid: int, question: str, text: str) -> str:
    """A guest joins and writes ``text``; returns their token."""
    with db.write_session(db.make_engine(url)) as s:
        token = ws.join(s, code=code_of(url, wid), viewer=None)
    with db.write_session(db.make_engine(url)) as s:
        ws.add_note(
            s, token=token, viewer=None, data=ws.NoteInput(question_key=question, text=text)
        )
    return token


def screen(url: str, wid: int) -> AppTest:
    at = signed_in(url, FACILITATOR)
    at.query_params[wj.WORKSHOP_PARAM] = str(wid)
    at.switch_page("pages/workshop_screen.py").run()
    assert not at.exception, at.exception
    return at


def screen_total(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Lappuja")


# --- model helpers --------------------------------------------------------------------------


def test_join_link_and_qr_code():
    url = wj.join_url("https://merkitys.example.fi/", "ABC234")
    assert url == "https://merkitys.example.fi/join?code=ABC234"
    assert wj.qr_png(url).startswith(b"\x89PNG")


def test_timer_counts_down_from_a_naive_stored_moment():
    now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    ends = dt.datetime(2026, 11, 25, 10, 2, 5)  # as SQLite hands it back: naive UTC

    def board(ends_at):
        return ws.Board(
            id=1,
            name="w",
            phase="write",
            version=1,
            questions=[],
            code=None,
            allow_guests=False,
            vote_budget=3,
            phase_ends_at=ends_at,
            unit_id=None,
            round_id=None,
            participants=0,
            notes_total=0,
            notes_written={},
            notes=(),
            themes=(),
            voters=0,
        )

    assert board(ends).seconds_left(now) == 125
    assert wj.clock_text(125) == "2:05"
    assert board(ends).seconds_left(now + dt.timedelta(hours=1)) == 0
    assert board(None).seconds_left(now) is None


def test_phase_steps():
    assert wj.previous_phase("present") is None
    assert wj.previous_phase("write") == "present"
    assert wj.previous_phase("closed") is None
    assert wj.step("present") == (1, 7)
    assert wj.step("planned") == (0, 7)


# --- the facilitator ------------------------------------------------------------------------


def test_facilitator_plans_a_workshop_and_drives_it_through_every_phase(app_env):
    at = signed_in(app_env, FACILITATOR, "pages/workshops.py")
    at.text_input(key="ws.plan.name").input("Syksyn työpaja")
    at.selectbox(key=widget("ws.plan.unit")).set_value(a_unit(app_env)).run()
    at.checkbox(key="ws.plan.guests").check()
    at.button(key="ws.plan.save").click().run()
    assert not at.exception, at.exception
    wid = at.session_state["ws.open"]
    with db.read_session(db.make_engine(app_env)) as s:
        w = s.get(Workshop, wid)
        assert (w.name, w.status, w.allow_guests) == ("Syksyn työpaja", "planned", True)
    assert at.query_params[wj.WORKSHOP_PARAM] == str(wid)
    assert any(m.value == w.join_code for m in at.metric), "the join code is shown"
    at.button(key="ws.start").click().run()
    seen = ["present"]
    while [b for b in at.button if b.key == "ws.next"]:
        at.number_input(key="ws.timer").set_value(5)
        at.button(key="ws.next").click().run()
        assert not at.exception, at.exception
        with db.read_session(db.make_engine(app_env)) as s:
            seen.append(s.get(Workshop, wid).status)
    assert seen == ["present", "write", "reveal", "group", "vote", "decide", "harvest"]
    assert "Aikaa jäljellä" in page_text(at), "the timer is shown"
    at.button(key="ws.prev").click().run()
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.get(Workshop, wid).status == "decide"
    at.button(key="ws.next").click().run()
    assert at.button(key="ws.close").disabled, "closing asks first"
    at.checkbox(key="ws.close_sure").check().run()
    at.button(key="ws.close").click().run()
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.get(Workshop, wid).status == "closed"


def test_a_planned_workshop_can_be_changed_and_cancelled(app_env):
    wid = plan(app_env)
    at = signed_in(app_env, FACILITATOR)
    at.query_params[wj.WORKSHOP_PARAM] = str(wid)
    at.switch_page("pages/workshops.py").run()
    assert at.text_input(key="ws.edit.name").value == "Testipaja"
    at.text_input(key="ws.edit.name").input("Uusi nimi")
    at.button(key="ws.edit.save").click().run()
    assert not at.exception, at.exception
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.get(Workshop, wid).name == "Uusi nimi"
    at.checkbox(key="ws.cancel_sure").check().run()
    at.button(key="ws.cancel").click().run()
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.get(Workshop, wid) is None


def test_blank_template_takes_one_question_per_line(app_env):
    at = signed_in(app_env, FACILITATOR, "pages/workshops.py")
    at.text_input(key="ws.plan.name").input("Oma paja")
    at.selectbox(key=widget("ws.plan.unit")).set_value(a_unit(app_env)).run()
    at.selectbox(key=widget("ws.plan.template")).set_value("blank").run()
    at.text_area(key="ws.plan.questions").input("Mikä toimii?\n\nMitä muuttaisit?")
    at.button(key="ws.plan.save").click().run()
    with db.read_session(db.make_engine(app_env)) as s:
        w = s.get(Workshop, at.session_state["ws.open"])
        assert [q["text"]["*"] for q in w.questions] == ["Mikä toimii?", "Mitä muuttaisit?"]


def test_facilitator_groups_notes_into_themes_and_records_an_action(app_env):
    wid = plan(app_env)
    to_phase(app_env, wid, "write")
    guest_note(app_env, wid, "goal", "Enemmän aikaa asiakkaille")
    guest_note(app_env, wid, "goal", "Vähemmän palavereja")
    to_phase(app_env, wid, "group")
    at = signed_in(app_env, FACILITATOR)
    at.query_params[wj.WORKSHOP_PARAM] = str(wid)
    at.switch_page("pages/workshops.py").run()
    refs = at.multiselect(key=widget("ws.group.notes")).options
    assert len(refs) == 2
    at.multiselect(key=widget("ws.group.notes")).select(refs[0]).select(refs[1])
    at.text_input(key="ws.group.title").input("Aika")
    at.button(key="ws.group.create").click().run()
    assert not at.exception, at.exception
    with db.read_session(db.make_engine(app_env)) as s:
        board = ws.facilitator_board(s, viewer=facilitator(app_env), workshop_id=wid)
    assert [(t.title, len(t.notes)) for t in board.themes] == [("Aika", 2)]
    theme_id = board.themes[0].id
    at.text_input(key=f"ws.theme.{theme_id}.title").input("Aikaa työlle")
    at.button(key=f"ws.theme.{theme_id}.rename").click().run()
    to_phase(app_env, wid, "decide")
    at.run()
    at.text_input(key="ws.action.title").input("Palaverivapaa keskiviikko")
    at.text_input(key="ws.action.measure").input("Kalenterit")
    at.button(key="ws.action.save").click().run()
    assert not at.exception, at.exception
    with db.read_session(db.make_engine(app_env)) as s:
        actions = ws.workshop_actions(s, viewer=facilitator(app_env), workshop_id=wid)
    assert actions[["theme", "title", "owner"]].values.tolist() == [
        ["Aikaa työlle", "Palaverivapaa keskiviikko", "team"]
    ]
    assert "Palaverivapaa keskiviikko" in page_text(at)


# --- the room's screen ----------------------------------------------------------------------


def test_screen_shows_counts_while_writing_notes_after_the_reveal_and_dots_after_voting(app_env):
    wid = plan(app_env)
    to_phase(app_env, wid, "present")
    at = screen(app_env, wid)
    assert code_of(app_env, wid) in page_text(at)
    assert at.get("image"), "the QR code is shown"
    to_phase(app_env, wid, "write", minutes=10)
    token = guest_note(app_env, wid, "goal", "Salainen ajatus")
    at = screen(app_env, wid)
    assert screen_total(at) == "1"
    assert "Salainen ajatus" not in page_text(at)
    assert "Aikaa jäljellä" in page_text(at)
    to_phase(app_env, wid, "reveal")
    at = screen(app_env, wid)
    assert "Salainen ajatus" in page_text(at)
    to_phase(app_env, wid, "group")
    with db.write_session(db.make_engine(app_env)) as s:
        ref = s.exec(ws.select(WorkshopNote.ref).where(WorkshopNote.workshop_id == wid)).one()
        theme = ws.create_theme(
            s, viewer=facilitator(app_env), workshop_id=wid, title="Ajatukset", refs=[ref]
        )
    to_phase(app_env, wid, "vote")
    with db.write_session(db.make_engine(app_env)) as s:
        ws.cast_vote(s, token=token, viewer=None, theme_id=theme)
    at = screen(app_env, wid)
    text = page_text(at)
    assert "Äänestäneitä=1" in text
    assert "1 piste" not in text, "no counts while voting"
    to_phase(app_env, wid, "decide")
    at = screen(app_env, wid)
    assert "Ajatukset · 1 piste" in page_text(at)


def test_screen_presents_the_released_team_view_of_the_round(app_env):
    with db.read_session(db.make_engine(app_env)) as s:
        rounds = tv.rounds_for_unit(s, viewer=facilitator(app_env), unit_id=a_unit(app_env))
    closed = wj.released_rounds(rounds, timesource.today())
    # The demo's answers depend on the day it is loaded: present a round where the unit shows.
    with db.read_session(db.make_engine(app_env)) as s:
        shown = [
            int(r)
            for r in closed["round_id"]
            if tv.team_view(
                s,
                viewer=facilitator(app_env),
                unit_id=a_unit(app_env),
                round_id=int(r),
                today=timesource.today(),
            ).shown("unit")
        ]
    assert shown, "the demo shows the unit in some released round"
    with db.write_session(db.make_engine(app_env)) as s:
        wid = ws.plan_workshop(
            s,
            viewer=facilitator(app_env),
            data=ws.WorkshopInput(
                name="Tulospaja",
                unit_id=a_unit(app_env),
                round_id=shown[0],
                template="tampere1",
            ),
        )
    to_phase(app_env, wid, "present")
    at = screen(app_env, wid)
    assert at.get("vega_lite_chart"), "the team view's charts are drawn"
    to_phase(app_env, wid, "write", minutes=1)
    at = screen(app_env, wid)
    assert not at.get("vega_lite_chart")


def test_the_timer_says_when_time_is_up(app_env, time_machine):
    wid = plan(app_env)
    to_phase(app_env, wid, "write", minutes=1)
    time_machine.move_to(timesource.now() + dt.timedelta(minutes=2))
    at = screen(app_env, wid)
    assert "Aikaa jäljellä=Aika on loppu" in page_text(at)


def test_screen_without_a_round_says_so(app_env):
    wid = plan(app_env)
    to_phase(app_env, wid, "present")
    at = screen(app_env, wid)
    assert "ei ole valittu kierrosta" in page_text(at)


# --- participants ---------------------------------------------------------------------------


def test_employee_joins_with_the_code_writes_edits_and_rejoins_from_the_address(app_env):
    wid = plan(app_env, allow_guests=False)
    to_phase(app_env, wid, "write")
    at = signed_in(app_env, EMPLOYEE, "pages/workshop_join.py")
    at.text_input(key="ws_join_code").input(code_of(app_env, wid).lower())
    at.button(key="ws_join_submit").click().run()
    assert not at.exception, at.exception
    token = at.query_params[wj.TOKEN_PARAM]
    assert token
    at.text_area(key="ws_note_goal").input("Yhteinen tavoite")
    at.button(key="ws_send_goal").click().run()
    assert not at.exception, at.exception
    assert at.text_area(key="ws_note_goal").value == "", "sent: the box is empty again"
    with db.read_session(db.make_engine(app_env)) as s:
        notes = s.exec(ws.select(WorkshopNote).where(WorkshopNote.workshop_id == wid)).all()
    assert [n.text for n in notes] == ["Yhteinen tavoite"]
    ref = notes[0].ref
    at.text_area(key=f"ws_edit_{ref}").input("Yhteinen tavoite vuodelle")
    at.button(key=f"ws_save_{ref}").click().run()
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.exec(ws.select(WorkshopNote.text).where(WorkshopNote.ref == ref)).one() == (
            "Yhteinen tavoite vuodelle"
        )
    # A reload (a new session with the same address) finds the same participant and notes.
    again = signed_in(app_env, EMPLOYEE)
    again.query_params[wj.TOKEN_PARAM] = token
    again.switch_page("pages/workshop_join.py").run()
    assert not again.exception, again.exception
    assert [b for b in again.button if b.key == f"ws_delete_{ref}"]
    again.button(key=f"ws_delete_{ref}").click().run()
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.exec(ws.select(WorkshopNote).where(WorkshopNote.workshop_id == wid)).all() == []


def guest_at(code: str) -> AppTest:
    at = browser()
    at.query_params[wj.CODE_PARAM] = code
    at.run()
    at.switch_page("pages/workshop_join.py").run()
    assert not at.exception, at.exception
    return at


def test_guest_joins_a_workshop_that_allows_guests_and_votes(app_env):
    wid = plan(app_env, allow_guests=True)
    to_phase(app_env, wid, "write")
    at = guest_at(code_of(app_env, wid))
    assert at.text_input(key="ws_join_code").value == code_of(app_env, wid), "prefilled"
    at.button(key="ws_join_submit").click().run()
    assert not at.exception, at.exception
    assert at.query_params[wj.TOKEN_PARAM]
    assert wj.CODE_PARAM not in at.query_params
    at.text_area(key="ws_note_actions").input("Kysytään asiakkailta")
    at.button(key="ws_send_actions").click().run()
    assert "Lappu lähetetty" in page_text(at)
    to_phase(app_env, wid, "group")
    with db.write_session(db.make_engine(app_env)) as s:
        ref = s.exec(ws.select(WorkshopNote.ref).where(WorkshopNote.workshop_id == wid)).one()
        theme = ws.create_theme(
            s, viewer=facilitator(app_env), workshop_id=wid, title="Asiakkaat", refs=[ref]
        )
    to_phase(app_env, wid, "vote")
    at.run()
    assert "Pisteitä jäljellä=3" in page_text(at)
    at.button(key=f"ws_vote_add_{theme}").click().run()
    at.button(key=f"ws_vote_add_{theme}").click().run()
    assert not at.exception, at.exception
    assert "Pisteitä jäljellä=1" in page_text(at)
    at.button(key=f"ws_vote_remove_{theme}").click().run()
    assert "Pisteitä jäljellä=2" in page_text(at)
    to_phase(app_env, wid, "decide")
    with db.write_session(db.make_engine(app_env)) as s:
        ws.create_action(
            s,
            viewer=facilitator(app_env),
            workshop_id=wid,
            theme_id=theme,
            data=discussions.ActionInput(title="Asiakaskysely keväällä"),
            today=timesource.today(),
        )
    at.run()
    text = page_text(at)
    assert "Asiakkaat · 1 piste" in text
    assert "Asiakaskysely keväällä" in text


def test_guest_is_refused_when_guests_are_not_allowed(app_env):
    wid = plan(app_env, allow_guests=False)
    to_phase(app_env, wid, "write")
    at = guest_at(code_of(app_env, wid))
    at.button(key="ws_join_submit").click().run()
    assert "Kirjaudu ensin sisään" in page_text(at)
    assert wj.TOKEN_PARAM not in at.query_params
    # Signing in from here keeps the code: the sign-in goes on to this join page.
    code = code_of(app_env, wid)
    link = at.get("page_link")[0].proto
    assert link.query_string == f"code={code}"
    signin = browser()
    signin.query_params[wj.CODE_PARAM] = code
    signin.run()
    signin.text_input(key="signin.email").input("tyontekija@demo.fi")
    signin.text_input(key="signin.password").input("merkitys-demo")
    signin.button(key="signin.submit").click().run()
    assert signin.session_state["app.redirected_to"] == web.begin_path(code)


def test_a_wrong_code_and_a_dead_link_say_so(app_env):
    at = signed_in(app_env, EMPLOYEE, "pages/workshop_join.py")
    at.text_input(key="ws_join_code").input("ZZZZZZ")
    at.button(key="ws_join_submit").click().run()
    assert "Koodilla ei löytynyt" in page_text(at)
    at = signed_in(app_env, EMPLOYEE)
    at.query_params[wj.TOKEN_PARAM] = "not-a-token"
    at.switch_page("pages/workshop_join.py").run()
    assert "ei enää toimi" in page_text(at)
    assert at.text_input(key="ws_join_code")


def test_participants_see_no_note_text_before_the_reveal(app_env):
    wid = plan(app_env)
    to_phase(app_env, wid, "write")
    guest_note(app_env, wid, "goal", "Toisen salaisuus")
    at = signed_in(app_env, EMPLOYEE, "pages/workshop_join.py")
    at.text_input(key="ws_join_code").input(code_of(app_env, wid))
    at.button(key="ws_join_submit").click().run()
    assert "Toisen salaisuus" not in page_text(at)
    to_phase(app_env, wid, "reveal")
    at.run()
    assert "Toisen salaisuus" in page_text(at)


def test_every_phase_renders_in_english_on_every_page(app_env):
    wid = plan(app_env)
    token = None
    for phase in ws.LIVE_PHASES:
        to_phase(app_env, wid, phase, minutes=5)
        if phase == "write":
            token = guest_note(app_env, wid, "goal", "A note")
        if phase == "group":
            with db.write_session(db.make_engine(app_env)) as s:
                ref = s.exec(
                    ws.select(WorkshopNote.ref).where(WorkshopNote.workshop_id == wid)
                ).one()
                ws.create_theme(
                    s, viewer=facilitator(app_env), workshop_id=wid, title="Theme", refs=[ref]
                )
        pages = [("pages/workshops.py", FACILITATOR), ("pages/workshop_screen.py", FACILITATOR)]
        for page, email in pages:
            at = signed_in(app_env, email, lang="en")
            at.query_params[wj.WORKSHOP_PARAM] = str(wid)
            at.switch_page(page).run()
            assert not at.exception, (phase, page, at.exception)
            assert f"step {wj.step(phase)[0]}/7" in page_text(at)
        if token:
            at = browser()
            at.session_state["app.lang"] = "en"
            at.query_params[wj.TOKEN_PARAM] = token
            at.run()
            at.switch_page("pages/workshop_join.py").run()
            assert not at.exception, (phase, at.exception)
            assert "Time left" in page_text(at)


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["pages/workshops.py", "pages/workshop_screen.py"])
def test_an_employee_cannot_open_the_facilitator_pages(app_env, page):
    at = signed_in(app_env, EMPLOYEE)
    with pytest.raises(ValueError, match="page"):
        at.switch_page(page).run()


def test_a_supervisor_cannot_drive_a_workshop_by_its_address(app_env):
    wid = plan(app_env)
    at = signed_in(app_env, "esihenkilo@demo.fi")
    at.query_params[wj.WORKSHOP_PARAM] = str(wid)
    with pytest.raises(ValueError, match="page"):
        at.switch_page("pages/workshops.py").run()


def test_a_facilitator_of_other_units_does_not_see_the_workshop(app_env):
    wid = plan(app_env)
    with db.read_session(db.make_engine(app_env)) as s:
        units = ws.scope.visible_units(s, viewer=facilitator(app_env))
    assert a_unit(app_env) in units
    # Admin sees every workshop; the facilitator only those of their units.
    at = signed_in(app_env, "admin@demo.fi")
    at.query_params[wj.WORKSHOP_PARAM] = str(wid)
    at.switch_page("pages/workshop_screen.py").run()
    assert not at.exception, at.exception
    assert "Testipaja" in page_text(at)


def test_the_chooser_opens_a_workshop_and_the_panel_stays_open_through_phases(app_env):
    wid = plan(app_env)
    at = signed_in(app_env, FACILITATOR, "pages/workshops.py")
    at.selectbox(key="ws.pick").set_value(wid).run()
    assert not at.exception, at.exception
    assert at.query_params[wj.WORKSHOP_PARAM] == str(wid)
    assert not [s for s in at.selectbox if s.key == "ws.pick"], "the panel, not the list"
    at.button(key="ws.start").click().run()
    at.button(key="ws.next").click().run()
    assert [b for b in at.button if b.key == "ws.next"], "still the control panel"
    at.button(key="ws.all").click().run()
    assert wj.WORKSHOP_PARAM not in at.query_params
    assert at.selectbox(key="ws.pick").value is None
