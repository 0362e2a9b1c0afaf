"""A real deployment from nothing (issue 11): no demo, one admin made on the command line. The
admin imports the sample roster in the browser, copies a set-password link for a new person, who
sets a password, is signed in and sees their open round; their supervisor, given a link the same
way, then sees them on the development discussions page.

Runs its own server on an empty SQLite database (the shared e2e server holds the demo)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from model import db, timesource
from model import rounds as rounds_svc
from model.people import root_unit
from model.tables import Person
from model.viewer import load_viewer
from tests.conftest import ARTIFACTS
from tests.e2e.steps import click, idle
from tests.streamlit_server import AT_MOMENT, free_port, running

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "roster-example.csv"
ADMIN, ADMIN_PASSWORD = "hr@esimerkkikunta.fi", "Kolme-Kettua-Juoksi-Niitylla-42"
EMPLOYEE, SUPERVISOR = "olli.heikkinen@esimerkkikunta.fi", "marja.laine@esimerkkikunta.fi"
ROUND = "Syksyn itsearviointi"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'merkitys.db'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MERKITYS_LOAD_DEMO": "0",
        "MERKITYS_BASE_URL": base,
        "MERKITYS_SMTP_HOST": "",
    }
    subprocess.run([*AT_MOMENT, "model.cli", "setup"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            *AT_MOMENT,
            "model.cli",
            "create-admin",
            "--email",
            ADMIN,
            "--name",
            "Hanna Henkilöstö",
            "--organisation",
            "Esimerkkikunta",
            "--password-stdin",
        ],
        cwd=ROOT,
        env=env,
        input=ADMIN_PASSWORD + "\n",
        text=True,
        check=True,
    )
    log_path = ARTIFACTS / "e2e-fresh-server.log"
    with running(env, log_path, port=port, launcher=AT_MOMENT, stop_timeout=30) as base:
        yield {"base": base, "url": url}


def _page(browser, width: int = 1366):
    context = browser.new_context(viewport={"width": width, "height": 1800}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base)
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(password)
    click(page, "Kirjaudu sisään")


def _open(page, link: str) -> None:
    idle(page)
    page.get_by_role("link", name=link, exact=True).click()
    idle(page)


def _link_for(page, email: str) -> str:
    """On the People tab: find the person, make a set-password link and read it."""
    page.get_by_role("tab", name="Henkilöt").click()
    idle(page)
    search = page.get_by_label("Hae nimellä tai sähköpostilla")
    search.fill(email)
    search.press("Enter")
    idle(page)
    page.get_by_placeholder("Valitse muokattava henkilö tai lisää uusi").click()
    page.get_by_role("option").filter(has_text=email).first.click()
    idle(page)
    click(page, "Tee salasanalinkki")
    idle(page)
    code = page.locator('[data-testid="stCode"] code').first
    expect(code).to_contain_text("token=")
    return code.inner_text().strip()


def _open_round(url: str) -> None:
    """A round for the whole organisation, open today: planned by the admin (the rounds page
    has its own journey)."""
    engine = db.make_engine(url)
    today = timesource.today()
    with db.write_session(engine) as session:
        admin = session.exec(select(Person).where(Person.email == ADMIN)).one()
        viewer = load_viewer(session, admin.id)
        rounds_svc.create_round(
            session,
            viewer=viewer,
            data=rounds_svc.RoundInput(
                name=ROUND,
                kind="reflection",
                opens_on=today - dt.timedelta(days=1),
                closes_on=today + dt.timedelta(days=14),
                scope=[root_unit(session, viewer.organisation_id).id],
            ),
        )
    engine.dispose()


def _set_password(browser, link: str, password: str, width: int = 1366):
    context, page = _page(browser, width=width)
    page.goto(link)
    page.get_by_role("heading", name="Aseta salasana").wait_for()
    page.get_by_label("Uusi salasana", exact=True).fill(password)
    page.get_by_label("Salasana uudelleen").fill(password)
    click(page, "Tallenna salasana ja kirjaudu")
    idle(page)
    return context, page


def test_admin_imports_a_roster_and_new_people_sign_in(fresh, browser):
    base = fresh["base"]
    admin_context, admin = _page(browser)
    try:
        _sign_in(admin, base, ADMIN, ADMIN_PASSWORD)
        _open(admin, "Organisaatio")
        admin.get_by_role("tab", name="Henkilöstölistan tuonti").click()
        idle(admin)
        admin.locator('input[type="file"]').set_input_files(str(SAMPLE))
        expect(admin.get_by_text("Tiedosto on kunnossa")).to_be_visible(timeout=60_000)
        click(admin, "Tee muutokset")
        expect(admin.get_by_text("Tuonti tehty")).to_be_visible(timeout=60_000)
        admin.screenshot(path=str(ARTIFACTS / "organisation-import.png"), full_page=True)

        _open_round(fresh["url"])
        employee_link = _link_for(admin, EMPLOYEE)
        supervisor_link = _link_for(admin, SUPERVISOR)
        assert employee_link.startswith(f"{base}/?token=")
    finally:
        admin_context.close()

    # The new employee sets a password on a phone and lands, signed in, on their open round.
    emp_context, emp = _set_password(
        browser, employee_link, "Sininen-Polkupyora-Metsassa-7", width=390
    )
    try:
        expect(emp.get_by_role("heading", name="Itsearviointi")).to_be_visible()
        # First the privacy notice (once), then the round.
        emp.get_by_text("Olen lukenut, mihin vastauksiani käytetään").click()
        click(emp, "Jatka arviointiin")
        idle(emp)
        chosen = emp.get_by_role("combobox", name="Arviointikierros")
        expect(chosen).to_be_visible()
        shown = chosen.evaluate("e => e.value || e.closest('[data-testid=stSelectbox]').innerText")
        assert ROUND in shown
        emp.screenshot(path=str(ARTIFACTS / "organisation-new-person.png"), full_page=True)
        # A reload keeps them signed in (the session cookie), and the link worked once: opened
        # again in another browser it only leads to the sign-in page.
        emp.reload()
        expect(emp.get_by_role("heading", name="Itsearviointi")).to_be_visible(timeout=30_000)
        other = browser.new_context()
        try:
            stranger = other.new_page()
            stranger.goto(employee_link)
            expect(stranger.get_by_text("Linkki ei ole voimassa", exact=False)).to_be_visible()
        finally:
            other.close()
    finally:
        emp_context.close()

    # Their supervisor, from the same roster, sees them on the development discussions page.
    boss_context, boss = _set_password(browser, supervisor_link, "Keltainen-Kirahvi-Uimassa-9")
    try:
        _open(boss, "Kehityskeskustelut")
        expect(boss.get_by_role("heading", name="Kehityskeskustelut")).to_be_visible()
        grid = boss.locator('[data-testid="stDataFrame"]').first
        expect(grid).to_contain_text("Olli Heikkinen")
        boss.screenshot(path=str(ARTIFACTS / "organisation-supervisor.png"), full_page=True)
    finally:
        boss_context.close()
