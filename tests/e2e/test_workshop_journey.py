"""A whole workshop in Chromium (issue 13, point 7): the facilitator plans it on a released round
of their unit and runs it from the control panel with the room's screen open; three phones join
with the code (an employee signed in, two guests), write notes and spend their dots; the
facilitator groups the notes into themes, records an action and downloads the deck, which the
test reopens with python-pptx."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pptx import Presentation
from sqlmodel import select

from model import db, i18n
from model import workshop_join as wj
from model.tables import Action, AuditEvent, Workshop, WorkshopNote, WorkshopTheme
from tests.conftest import ARTIFACTS
from tests.e2e.steps import idle, login

pytestmark = pytest.mark.e2e

NAME = "Syksyn työpaja selaimessa"
UNIT = "Kasvatus ja opetus"
QUESTION = "actions"  # the Tampere set's second question: what we can do ourselves and together
MEETINGS, ONBOARDING = "Palaverit", "Perehdytys"
NOTES = {  # phone -> its notes; the themes gather them by their first word
    "employee": ["Palaverit venyvät liian pitkiksi", "Perehdytykseen nimetty tukihenkilö"],
    "guest1": ["Palaverien esityslista etukäteen"],
    "guest2": ["Perehdytyksen muistilista kaikille uusille"],
}
VOTES = {  # phone -> dots on each theme; three each (the budget)
    "employee": {MEETINGS: 2, ONBOARDING: 1},
    "guest1": {MEETINGS: 3},
    "guest2": {MEETINGS: 1, ONBOARDING: 2},
}
ACTION = "Palaverit puoleen tuntiin"
PHONE = {"width": 390, "height": 844}


def key(name: str) -> str:
    """The CSS class Streamlit gives an element with ``key=name``."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", name.strip())


def press(page, name: str) -> None:
    """Click the button with the key ``name`` once the page is idle."""
    idle(page)
    # A button with help is drawn twice, once hidden (to measure it): the visible one.
    button = page.locator(f"{key(name)} button[data-testid^=stBaseButton]:visible")
    expect(button).to_have_count(1, timeout=30_000)
    button.click()
    idle(page)


def type_into(page, name: str, value: str, tag: str = "input") -> None:
    idle(page)
    field = page.locator(f"{key(name)} {tag}")
    expect(field).to_have_count(1, timeout=30_000)
    field.fill(value)
    field.press("Tab")  # Streamlit commits a text field when it loses focus
    idle(page)


def choose(page, name: str, option: str | int) -> None:
    """Pick an option of the select box with the key ``name`` (``ui.pick`` keys the widget per
    language): by its text, or its place."""
    idle(page)
    page.locator(f"{key(name + '@fi')} [role=combobox]").click()
    options = page.get_by_role("option")
    target = options.nth(option) if isinstance(option, int) else options.filter(has_text=option)
    target.first.click()
    idle(page)


def fi(key_: str, **params: object) -> str:
    return i18n.t(key_, "fi", **params)


def next_phase(page, phase: str) -> None:
    """The facilitator moves the workshop on; the panel says which phase it is now."""
    press(page, "ws.next")
    name = fi(f"workshop.phase.{phase}")
    expect(page.get_by_text(fi("workshop.moved", phase=name))).to_be_visible(timeout=30_000)
    at, total = wj.step(phase)  # and the panel stays open, at that phase
    expect(
        page.get_by_text(fi("workshop.phase_step", phase=name, at=at, total=total))
    ).to_be_visible()


def screen_total(screen) -> int:
    raw = screen.locator(key("ws_screen_total")).inner_text()
    return int(re.search(r"\d+", raw).group())


def no_errors(page, who: str) -> None:
    for selector in ('[data-testid="stException"]', '[data-testid="stAlertContentError"]'):
        assert page.locator(selector).count() == 0, f"{who}: {selector}"
    assert page.get_by_text("Page not found").count() == 0, f"{who}: page not found"


def _phone(browser):
    context = browser.new_context(viewport=PHONE, locale="fi-FI", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _join(page, base: str, code: str) -> None:
    page.goto(f"{base}/join?code={code}")
    press(page, "ws_join_submit")
    page.wait_for_function("() => /[?&]p=/.test(location.search)")
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()


def _workshop(url: str) -> Workshop:
    with db.read_session(db.make_engine(url)) as session:
        return session.exec(select(Workshop).where(Workshop.name == NAME)).one()


def _themes(url: str, workshop_id: int) -> dict[str, int]:
    with db.read_session(db.make_engine(url)) as session:
        rows = session.exec(
            select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop_id)
        ).all()
    return {t.title: t.id for t in rows}


def _deck(data: bytes) -> tuple[str, list[str], list[tuple[list[str], list[tuple]]]]:
    """The deck's texts (shapes and tables), its speaker notes and its charts (categories and
    each series' values)."""
    deck = Presentation(io.BytesIO(data))
    texts, notes, charts = [], [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                for plot in shape.chart.plots:
                    charts.append(
                        ([str(c) for c in plot.categories], [s.values for s in plot.series])
                    )
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts), notes, charts


def test_a_whole_workshop_from_plan_to_deck(server, browser):
    base, url = server["base"], server["database_url"]
    desk_context = browser.new_context(viewport={"width": 1366, "height": 1800}, locale="fi-FI")
    desk = desk_context.new_page()
    desk.set_default_timeout(30_000)
    phones = {who: _phone(browser) for who in NOTES}
    pages = {"desk": desk, **{who: page for who, (_, page) in phones.items()}}
    screen = None
    try:
        # --- The facilitator plans the workshop on a released round of their unit ---
        login(desk, base, "kehittaja@demo.fi")
        desk.get_by_role("link", name=fi("nav.workshops"), exact=True).click()
        desk.get_by_role("heading", name=fi("workshop.title"), exact=True).wait_for()
        type_into(desk, "ws.plan.name", NAME)
        choose(desk, "ws.plan.unit", UNIT)
        choose(desk, "ws.plan.round", 1)  # the newest released round (the first: none)
        idle(desk)
        desk.locator(f"{key('ws.plan.guests')} label").click()
        press(desk, "ws.plan.save")
        expect(desk.get_by_text(fi("workshop.planned"))).to_be_visible()
        workshop = _workshop(url)
        assert workshop.round_id is not None
        assert workshop.allow_guests
        expect(desk.get_by_text(workshop.join_code).first).to_be_visible()
        press(desk, "ws.start")
        moved = fi("workshop.moved", phase=fi("workshop.phase.present"))
        expect(desk.get_by_text(moved)).to_be_visible()

        # --- The room's screen, as the facilitator, in a second tab ---
        screen = desk_context.new_page()
        screen.set_default_timeout(30_000)
        screen.goto(f"{base}/screen?w={workshop.id}")
        expect(screen.locator(key("ws_screen_total"))).to_be_visible()
        expect(screen.get_by_text(workshop.join_code).first).to_be_visible()

        # --- Three phones join with the code: one signed in, two guests ---
        login(pages["employee"], base, "tyontekija@demo.fi")
        pages["employee"].locator(key("app.logout")).wait_for()
        for who in NOTES:
            _join(pages[who], base, workshop.join_code)
        expect(screen.get_by_text("3", exact=True).first).to_be_visible()

        # --- Write: notes go to the model without authors; the screen counts them ---
        next_phase(desk, "write")
        for who, notes in NOTES.items():
            page = pages[who]
            for text in notes:
                area = page.locator(f"{key(f'ws_note_{QUESTION}')} textarea")
                area.wait_for(timeout=30_000)
                idle(page)
                area.fill(text)
                press(page, f"ws_send_{QUESTION}")
                expect(page.get_by_text(fi("workshop.note_sent"))).to_be_visible()
        written = sum(len(n) for n in NOTES.values())
        expect(screen.locator(key("ws_screen_total"))).to_contain_text(str(written))
        with db.read_session(db.make_engine(url)) as session:
            stored = session.exec(
                select(WorkshopNote.text).where(WorkshopNote.workshop_id == workshop.id)
            ).all()
        assert sorted(stored) == sorted(t for n in NOTES.values() for t in n)
        # Before the reveal nobody sees another's note, the screen neither.
        assert screen.get_by_text(NOTES["guest1"][0]).count() == 0
        assert pages["guest2"].get_by_text(NOTES["guest1"][0]).count() == 0

        # --- Reveal: every note on the screen and the phones ---
        next_phase(desk, "reveal")
        for page in (screen, pages["guest2"]):
            expect(page.get_by_text(NOTES["guest1"][0])).to_be_visible(timeout=30_000)

        # --- Group: two themes of two notes each ---
        next_phase(desk, "group")
        for title in (MEETINGS, ONBOARDING):
            stem = title[:-1] if title == MEETINGS else title[:-2]  # Palaveri…, Perehdyty…
            idle(desk)
            chooser = desk.locator(f"{key('ws.group.notes@fi')} [role=combobox]")
            for text in (t for n in NOTES.values() for t in n if t.startswith(stem)):
                option = desk.get_by_role("option").filter(has_text=text[:40]).first
                if not option.is_visible():  # the list closes after each choice
                    chooser.click()
                option.click()
            desk.keyboard.press("Escape")
            type_into(desk, "ws.group.title", title)
            press(desk, "ws.group.create")
        themes = _themes(url, workshop.id)
        assert set(themes) == {MEETINGS, ONBOARDING}
        expect(screen.get_by_text(ONBOARDING, exact=True).first).to_be_visible(timeout=30_000)

        # --- Vote: three dots each; counts stay hidden until voting ends ---
        next_phase(desk, "vote")
        for who, dots in VOTES.items():
            page = pages[who]
            left = page.locator('[data-testid="stMetric"]').filter(
                has_text=fi("workshop.dots_left")
            )
            spent = 0
            for title, count in dots.items():
                for _ in range(count):
                    press(page, f"ws_vote_add_{themes[title]}")
                    spent += 1  # each click one dot, counted before the next click
                    expect(left).to_contain_text(str(sum(dots.values()) - spent), timeout=30_000)
            idle(page)
            expect(page.get_by_text(fi("workshop.dots_left"))).to_be_visible()
        for n in range(1, 10):  # no theme's dots anywhere on the screen yet
            assert screen.get_by_text(fi("workshop.dots", n=n), exact=False).count() == 0

        # --- Decide: the dots are shown; an action for the top theme ---
        next_phase(desk, "decide")
        six, three = fi("workshop.dots", n=6), fi("workshop.dots", n=3)
        expect(screen.get_by_text(f"{MEETINGS} · {six}")).to_be_visible(timeout=30_000)
        expect(screen.get_by_text(f"{ONBOARDING} · {three}")).to_be_visible()
        choose(desk, "ws.action.theme", MEETINGS)
        type_into(desk, "ws.action.title", ACTION)
        type_into(desk, "ws.action.means", "Esityslista päivää ennen, aikaraja", tag="textarea")
        type_into(desk, "ws.action.measure", "Palaverin kesto")
        press(desk, "ws.action.save")
        expect(desk.get_by_text(fi("disc.action_added"))).to_be_visible()
        expect(pages["guest1"].get_by_text(ACTION)).to_be_visible(timeout=30_000)

        # --- Harvest: the deck, made on the first click and downloaded on the second ---
        next_phase(desk, "harvest")
        press(desk, f"workshop.deck.{workshop.id}.prepare")
        button = desk.locator(
            f"{key(f'workshop.deck.{workshop.id}')} button[data-testid^=stBaseButton]:visible"
        )
        expect(button).to_be_visible(timeout=60_000)
        with desk.expect_download(timeout=60_000) as download:
            button.click()
        data = download.value.path().read_bytes()
        (ARTIFACTS / "e2e-workshop-deck.pptx").write_bytes(data)
        for who, page in pages.items():
            no_errors(page, who)
        no_errors(screen, "screen")
        desk.screenshot(path=str(ARTIFACTS / "e2e-workshop-desk.png"), full_page=True)
        screen.screenshot(path=str(ARTIFACTS / "e2e-workshop-screen.png"), full_page=True)
        pages["guest1"].screenshot(path=str(ARTIFACTS / "e2e-workshop-phone.png"), full_page=True)
    except Exception:
        for who, page in pages.items():
            page.screenshot(path=str(ARTIFACTS / f"e2e-workshop-failed-{who}.png"), full_page=True)
        if screen is not None:
            screen.screenshot(path=str(ARTIFACTS / "e2e-workshop-failed-screen.png"))
        raise
    finally:
        desk_context.close()
        for context, _ in phones.values():
            context.close()

    # --- The deck holds the themes with their dots and the action ---
    text, notes, charts = _deck(data)
    for expected in (NAME, MEETINGS, ONBOARDING, ACTION, *(t for n in NOTES.values() for t in n)):
        assert expected in text, expected
    # The themes as a chart of their dots, the most first.
    assert ([MEETINGS, ONBOARDING], [(6.0, 3.0)]) in charts
    spoken = "\n".join(notes)
    assert f"{MEETINGS}: 6" in spoken
    assert f"{ONBOARDING}: 3" in spoken
    with db.read_session(db.make_engine(url)) as session:
        actions = session.exec(select(Action).where(Action.workshop_id == workshop.id)).all()
        exported = session.exec(
            select(AuditEvent).where(AuditEvent.event == "export_workshop_deck")
        ).all()
    assert [(a.title, a.theme_id, a.unit_id) for a in actions] == [
        (ACTION, themes[MEETINGS], workshop.unit_id)
    ]
    assert [e.detail for e in exported] == [{"workshop_id": workshop.id}]
