"""Robustness in a real browser: typed text stays text (TRUST 27), a language switch keeps unsaved
input, and a second tab cannot silently overwrite the first one's draft (TRUST 28).

The demo is shared with the other end-to-end tests, so every test here works with generated demo
people nobody else uses, and with a round scoped to one team that no other test looks at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from model import db, i18n, timesource
from model.demo import DEMO_ACCOUNTS
from model.tables import (
    Assessment,
    AssessmentStatus,
    Note,
    Person,
    Role,
    RoleGrant,
    Round,
    ShareGrant,
    Unit,
)
from tests.conftest import ARTIFACTS
from tests.e2e.steps import click, idle, login

pytestmark = pytest.mark.e2e

HOSTILE = (
    "T https://evil.example/x www.evil.example mail@evil.example :material/home: :red[RED] "
    "$x^2$ **bold** <b>h</b> [l](http://evil.example) ![i](http://evil.example/i.png) # H"
)
ROUND_TEAM = "Kotihoito Pohjoinen"  # the hostile round's only team: no other test looks at it
NAMED = [a.email for a in DEMO_ACCOUNTS]  # the demo's own accounts: other tests use them
JOINER = "\u2060"  # model.text.markdown_literal breaks autolinks and icons with it


# Everything the hostile text could have turned into, had it been read as Markdown or HTML.
RENDERED = """() => {
    const found = [];
    for (const a of document.querySelectorAll('a[href]'))
        if (a.href.includes('evil.example')) found.push('link ' + a.href);
    for (const i of document.querySelectorAll('img, [src]'))
        if ((i.getAttribute('src') || '').includes('evil.example')) found.push('image');
    if (document.querySelector('.katex, .katex-html, math')) found.push('maths');
    for (const e of document.querySelectorAll('strong, b')) {
        const t = e.textContent.trim();
        if (t === 'bold' || t === 'h') found.push('bold ' + t);
    }
    // Widgets draw icons as stIconMaterial; Markdown draws :material/x: as a span role=img.
    for (const e of document.querySelectorAll('[data-testid="stIconMaterial"], [role="img"]'))
        if (e.textContent.trim() === 'home') found.push('icon home');
    for (const e of document.querySelectorAll('span, div, p')) {
        if (e.textContent.trim() !== 'RED') continue;
        const coloured = (e.getAttribute('style') || '').includes('color')
            || /colou?r/i.test(e.className || '');
        found.push(coloured ? 'coloured RED' : 'RED on its own');
    }
    for (const e of document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
        if (e.textContent.trim() === 'H') found.push('heading H');
    return found;
}"""


# --- helpers ------------------------------------------------------------------------------------


def _context(browser, requests: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 2400}, locale="fi-FI")
    context.on("request", lambda r: requests.append(r.url) if "evil.example" in r.url else None)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _login(page, base: str, email: str) -> None:
    login(page, base, email)
    page.locator('[data-testid="stSidebarNav"] a').first.wait_for()
    idle(page)


def _open(page, link: str, heading: str | None = None) -> None:
    """Navigate with the sidebar: a reload would sign out."""
    idle(page)
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=heading or link, exact=True).wait_for()
    idle(page)


def _choose(page, label: str, option: str) -> None:
    """Pick the option of a select box whose text contains ``option``."""
    idle(page)
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option").filter(has_text=option).first.click()
    idle(page)


SHOWN = """() => [document.body.innerText,
    ...Array.from(document.querySelectorAll('input, textarea'), e => e.value || '')].join('\\n')"""


def _text(page) -> str:
    """What the page shows as text: its text, and the values in its inputs and select boxes."""
    return page.evaluate(SHOWN).replace(JOINER, "")


def _assert_text_only(page, where: str) -> None:
    """Nothing of the hostile text was rendered, and all of it is shown as text."""
    idle(page)
    assert page.evaluate(RENDERED) == [], where
    assert HOSTILE in _text(page), f"{where}: the text is not shown as typed"
    assert page.get_by_test_id("stException").count() == 0, where


def _assess_ready(page) -> None:
    """On the self-assessment page, past the privacy notice if it is shown (TRUST 22)."""
    radios = page.locator('[data-testid="stRadio"]')
    notice = page.get_by_text("Olen lukenut, mihin vastauksiani", exact=False)
    radios.first.or_(notice).first.wait_for()
    if notice.count():
        notice.click()
        click(page, "Jatka arviointiin")
    radios.first.wait_for()
    idle(page)


def _pick_lights(page, choices: list[str]) -> None:
    radios = page.locator('[data-testid="stRadio"]')
    for i, choice in enumerate(choices):
        radios.nth(i).get_by_text(choice, exact=False).click()
        idle(page)


def _engine(server):
    return db.make_engine(server["database_url"])


def _employees(server, team: str, count: int) -> list[tuple[int, str, str]]:
    """Generated Finnish-speaking team members (not the supervisor) with no answer in any open
    round: (person id, e-mail, name)."""
    engine = _engine(server)
    with db.read_session(engine) as session:
        open_rounds = select(Round.id).where(Round.closes_on >= timesource.today())
        answered = select(Assessment.person_id).where(col(Assessment.round_id).in_(open_rounds))
        supervisors = select(RoleGrant.person_id).where(RoleGrant.role == Role.supervisor)
        rows = session.exec(
            select(Person.id, Person.email, Person.display_name)
            .join(Unit, col(Unit.id) == Person.team_id)
            .where(Unit.name == team, Person.language == "fi", col(Person.email).not_in(NAMED))
            .where(col(Person.privacy_ack_at).is_not(None))
            .where(col(Person.id).not_in(answered), col(Person.id).not_in(supervisors))
            .order_by(Person.id)
        ).all()
    engine.dispose()
    assert len(rows) >= count, f"{team} has too few people without an answer"
    return [tuple(r) for r in rows[:count]]


# --- 1. user text is text -----------------------------------------------------------------------


def test_hostile_action_title_and_round_name_show_as_text(server, browser):
    base = server["base"]
    requests: list[str] = []
    engine = _engine(server)
    with db.read_session(engine) as session:
        boss = session.exec(select(Person).where(Person.email == "esihenkilo@demo.fi")).one()
        # A generated member of her team who shares with her (model.demo_discussions).
        sharer = session.exec(
            select(Person.email, Person.display_name)
            .join(Assessment, col(Assessment.person_id) == Person.id)
            .join(ShareGrant, col(ShareGrant.assessment_id) == Assessment.id)
            .where(ShareGrant.grantee_id == boss.id, col(ShareGrant.revoked_at).is_(None))
            .where(col(Person.email).not_in(NAMED))
            .order_by(Person.display_name)
        ).first()
    engine.dispose()
    assert sharer is not None, "nobody in the demo shares with esihenkilo@demo.fi"
    sharer_email, sharer_name = sharer
    (_, member_email, _), *_ = _employees(server, ROUND_TEAM, 1)

    contexts = []
    try:
        # --- (a) the supervisor records an action with the hostile title ---
        context, boss_page = _context(browser, requests)
        contexts.append(context)
        _login(boss_page, base, "esihenkilo@demo.fi")
        _open(boss_page, "Kehityskeskustelut")
        _choose(boss_page, "Valmistaudu keskusteluun", sharer_name)
        boss_page.get_by_role("heading", name=sharer_name).wait_for()
        title = boss_page.get_by_label("Toimenpide", exact=True)
        title.fill(HOSTILE)
        title.press("Tab")
        idle(boss_page)
        click(boss_page, "Tallenna toimenpide")
        boss_page.get_by_text("Toimenpide kirjattu.").wait_for()
        card = boss_page.get_by_test_id("stExpander").filter(has_text="evil.example")
        expect(card).to_have_count(1)
        summary = card.locator("summary").inner_text().replace(JOINER, "")
        assert summary.strip().endswith(HOSTILE), summary
        card.locator("summary").click()
        idle(boss_page)
        _assert_text_only(boss_page, "supervisor's preparation page")
        card.scroll_into_view_if_needed()
        card.screenshot(path=str(ARTIFACTS / "e2e-robust-action-card.png"))

        # --- the employee sees the same action on her own discussion page ---
        context, emp_page = _context(browser, requests)
        contexts.append(context)
        _login(emp_page, base, sharer_email)
        _open(emp_page, "Kehityskeskustelu")
        card = emp_page.get_by_test_id("stExpander").filter(has_text="evil.example")
        expect(card).to_have_count(1)
        card.locator("summary").click()
        _assert_text_only(emp_page, "employee's discussion page")

        # --- (b) the facilitator creates a round with the hostile name ---
        context, fac = _context(browser, requests)
        contexts.append(context)
        _login(fac, base, "kehittaja@demo.fi")
        _open(fac, "Kierrokset", "Arviointikierrokset")
        form = fac.get_by_test_id("stForm").first
        form.get_by_label("Nimi", exact=True).fill(HOSTILE)
        form.get_by_label("Kohderyhmä (yksiköt ja tiimit)", exact=True).click()
        fac.get_by_role("option", name=f"{ROUND_TEAM} (Hyvinvointipalvelut)").click()
        fac.get_by_text("Uusi kierros", exact=True).click()  # closes the option list
        expect(fac.get_by_role("option")).to_have_count(0)
        click(fac, "Luo kierros")
        fac.get_by_text("Kierros luotiin.").wait_for()
        _choose(fac, "Muokattava kierros", "evil.example")
        _assert_text_only(fac, "rounds page")
        fac.set_viewport_size({"width": 1280, "height": 3000})
        fac.wait_for_timeout(800)
        fac.screenshot(path=str(ARTIFACTS / "e2e-robust-rounds.png"), full_page=True)

        _open(fac, "Tiiminäkymä")
        _choose(fac, "Yksikkö tai tiimi", f"{ROUND_TEAM} (Hyvinvointipalvelut)")
        fac.get_by_label("Kierros", exact=True).click()
        expect(fac.get_by_role("option").filter(has_text="evil.example")).to_have_count(1)
        assert fac.evaluate(RENDERED) == [], "team view's round list"
        fac.get_by_role("option").filter(has_text="evil.example").click()
        _assert_text_only(fac, "team view")

        # --- a member of the team answers the round and finds it in her history ---
        context, member = _context(browser, requests)
        contexts.append(context)
        _login(member, base, member_email)
        _assess_ready(member)
        member.get_by_label("Arviointikierros", exact=True).click()
        option = member.get_by_role("option").filter(has_text="evil.example")
        expect(option).to_have_count(1)
        assert HOSTILE in option.inner_text().replace(JOINER, "")
        assert member.evaluate(RENDERED) == [], "assessment page's round list"
        option.click()
        idle(member)
        _assert_text_only(member, "assessment page")
        _pick_lights(member, ["Vihreä", "Keltainen", "Punainen", "Vihreä"])
        click(member, "Lähetä arvio")
        member.get_by_text("Kiitos! Arviosi on tallennettu").wait_for()
        _open(member, "Oma historia")
        round_card = member.get_by_test_id("stExpander").filter(has_text="evil.example")
        expect(round_card).to_have_count(1)
        round_card.locator("summary").click()
        _assert_text_only(member, "My history")
    except Exception:
        for i, context in enumerate(contexts):
            context.pages[0].screenshot(path=str(ARTIFACTS / f"e2e-robust-failed-{i}.png"))
        raise
    finally:
        for context in contexts:
            context.close()
    assert requests == []


# --- 2. a language switch keeps unsaved input ----------------------------------------------------


def _checked(page) -> list[str]:
    """The label of the checked option of each of the four lights (empty when none)."""
    radios = page.locator('[data-testid="stRadio"]')
    labels = []
    for i in range(4):
        checked = radios.nth(i).locator("label:has(input:checked)")
        labels.append(checked.inner_text() if checked.count() else "")
    return labels


def test_language_switch_keeps_unsaved_lights_and_reason(server, browser):
    (_, email, _), *_ = _employees(server, "Pääkirjasto", 1)
    reason = "Saan suunnitella päiväni itse, vaikka kieli vaihtuu."
    context, page = _context(browser, [])
    try:
        _login(page, server["base"], email)
        _assess_ready(page)
        checked_inputs = page.locator('[data-testid="stRadio"] input:checked')
        _pick_lights(page, ["Vihreä", "Keltainen", "Punainen", "Vihreä"])
        field = page.get_by_label(i18n.t("assess.reason", "fi"), exact=True).first
        field.fill(reason)
        field.press("Tab")  # Streamlit commits a text area when it loses focus
        idle(page)
        before = checked_inputs.count()
        assert [c.split()[1] for c in _checked(page)] == [
            "Vihreä",
            "Keltainen",
            "Punainen",
            "Vihreä",
        ]

        _choose(page, "Kieli", "English")
        page.get_by_role("heading", name="Self-assessment", exact=True).wait_for()
        idle(page)
        assert checked_inputs.count() == before
        assert [c.split()[1] for c in _checked(page)] == ["Green", "Yellow", "Red", "Green"]
        english = page.get_by_label(i18n.t("assess.reason", "en"), exact=True).first
        assert english.input_value() == reason

        click(page, i18n.t("assess.save_draft", "en"))
        page.get_by_text(i18n.t("assess.saved_draft", "en")).wait_for()
        assert page.get_by_test_id("stException").count() == 0
        assert [c.split()[1] for c in _checked(page)] == ["Green", "Yellow", "Red", "Green"]

        _choose(page, "Language", "Suomi")
        page.get_by_role("heading", name="Itsearviointi", exact=True).wait_for()
        idle(page)
        assert checked_inputs.count() == before
        assert [c.split()[1] for c in _checked(page)] == [
            "Vihreä",
            "Keltainen",
            "Punainen",
            "Vihreä",
        ]
        finnish = page.get_by_label(i18n.t("assess.reason", "fi"), exact=True).first
        assert finnish.input_value() == reason
        assert page.get_by_test_id("stException").count() == 0
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "e2e-robust-language-failed.png"), full_page=True)
        raise
    finally:
        context.close()


# --- 3. two tabs on one draft -------------------------------------------------------------------


def _add_note(page, text: str) -> None:
    idle(page)
    field = page.get_by_label(i18n.t("assess.note_text", "fi"), exact=True)
    field.fill(text)
    field.press("Tab")
    idle(page)
    click(page, i18n.t("assess.note_add", "fi"))
    page.get_by_text(text, exact=True).first.wait_for()
    idle(page)


def test_second_tab_cannot_overwrite_the_first_tabs_draft(server, browser):
    (person_id, email, _), *_ = _employees(server, "Rakennusvalvonta", 1)
    note_a = "Välilehti A: palaverit puoleen."
    note_b = "Välilehti B: oma suunnitteluaamu."
    context_a, tab_a = _context(browser, [])
    context_b, tab_b = _context(browser, [])
    try:
        # Sign-in lives in the Streamlit session: each tab signs in on its own.
        for tab in (tab_a, tab_b):
            _login(tab, server["base"], email)
            _assess_ready(tab)

        _add_note(tab_a, note_a)
        click(tab_a, "Tallenna luonnos")
        tab_a.get_by_text(i18n.t("assess.saved_draft", "fi")).wait_for()

        _add_note(tab_b, note_b)
        click(tab_b, "Tallenna luonnos")
        tab_b.get_by_text(i18n.t("error.changed_elsewhere", "fi")).wait_for()
        idle(tab_b)
        expect(tab_b.get_by_role("button", name="Lataa tallennettu versio")).to_have_count(1)
        expect(tab_b.get_by_text(note_b, exact=True)).to_have_count(1)  # still there to copy
        assert tab_b.get_by_test_id("stException").count() == 0

        engine = _engine(server)
        with db.read_session(engine) as session:
            drafts = session.exec(select(Assessment).where(Assessment.person_id == person_id))
            drafts = [a for a in drafts.all() if a.status == AssessmentStatus.draft]
            assert len(drafts) == 1
            notes = session.exec(select(Note.text).where(Note.assessment_id == drafts[0].id))
            assert notes.all() == [note_a]  # A's save stands; B's was refused, not merged
        engine.dispose()

        click(tab_b, "Lataa tallennettu versio")
        tab_b.get_by_text(note_a, exact=True).wait_for()
        idle(tab_b)
        expect(tab_b.get_by_text(note_b, exact=True)).to_have_count(0)
        expect(tab_b.get_by_role("button", name="Lataa tallennettu versio")).to_have_count(0)
        assert tab_b.get_by_test_id("stException").count() == 0
    except Exception:
        tab_a.screenshot(path=str(ARTIFACTS / "e2e-robust-tabs-failed-a.png"), full_page=True)
        tab_b.screenshot(path=str(ARTIFACTS / "e2e-robust-tabs-failed-b.png"), full_page=True)
        raise
    finally:
        context_a.close()
        context_b.close()
