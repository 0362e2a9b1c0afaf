"""Two browsers: the employee shares, the supervisor prepares, records actions and downloads the
one-page PDF; the employee sees the actions and the view in their log, withdraws, and the
supervisor can no longer open the assessment."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import select

from model import db
from model.tables import AuditEvent, Person
from tests.conftest import ARTIFACTS
from tests.e2e.steps import click, idle, login

pytestmark = pytest.mark.e2e

ACTIONS = ("Vertaismentorointi kerran kuussa", "Kalenterin palaverit puoleen")


def _context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 2400}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _open(page, link: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=link, exact=True).wait_for()


def _fill(page, label: str, value: str) -> None:
    idle(page)
    field = page.get_by_label(label, exact=True)
    # While Streamlit reruns, the old element can linger beside the new one: wait for one.
    expect(field).to_have_count(1, timeout=30_000)
    field.fill(value)
    field.press("Tab")  # Streamlit commits a text field when it loses focus
    idle(page)


def test_share_prepare_actions_pdf_log_withdraw(server, browser):
    base = server["base"]
    emp_context, emp = _context(browser)
    boss_context, boss = _context(browser)
    try:
        # --- The employee shares her newest assessment ---
        login(emp, base, "tyontekija@demo.fi")
        _open(emp, "Kehityskeskustelu")
        click(emp, "Jaa esihenkilölle")
        emp.get_by_text("Arvio on jaettu esihenkilöllesi.").wait_for()
        emp.get_by_text("Jaettu esihenkilölle Eeva Salmi", exact=False).first.wait_for()

        # --- The supervisor prepares and records two actions ---
        login(boss, base, "esihenkilo@demo.fi")
        _open(boss, "Kehityskeskustelut")
        boss.get_by_label("Valmistaudu keskusteluun").click()
        boss.get_by_role("option", name="Tiina Tuominen").click()
        boss.get_by_role("heading", name="Tiina Tuominen").wait_for()
        boss.get_by_text("Uusin:", exact=False).first.wait_for()
        for title in ACTIONS:
            _fill(boss, "Toimenpide", title)
            _fill(boss, "Konkreettiset keinot", f"Keinot: {title.lower()}")
            click(boss, "Tallenna toimenpide")
            boss.get_by_text(f"Suunniteltu · {title}", exact=False).first.wait_for()
        boss.wait_for_timeout(500)
        boss.screenshot(path=str(ARTIFACTS / "e2e-discussion-supervisor.png"), full_page=True)

        # The file is made on the first click (a failure would be shown), downloaded on the second.
        boss.get_by_role("button", name="Tee tiedosto: Lataa PDF").first.click()
        with boss.expect_download(timeout=60_000) as download:
            boss.get_by_role("button", name="Lataa PDF", exact=True).first.click()
        pdf = download.value.path().read_bytes()
        (ARTIFACTS / "e2e-discussion.pdf").write_bytes(pdf)
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        for expected in (*ACTIONS, "Tiina Tuominen", "Eeva Salmi"):
            assert expected in text, expected
        # When the file was made, in Finnish time written the Finnish way.
        assert re.search(r"Tehty:\s*\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d\d", text)

        # --- The employee sees the actions and who looked ---
        _open(emp, "Oma historia")
        _open(emp, "Kehityskeskustelu")
        for title in ACTIONS:
            emp.get_by_text(title, exact=False).first.wait_for()
        emp.get_by_text("Eeva Salmi: avasi arviosi", exact=False).first.wait_for()
        # "24.11.2026 klo 9.30 — Eeva Salmi: …": Finnish time, never UTC.
        stamp = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d\d — Eeva Salmi: avasi")
        emp.get_by_text(stamp).first.wait_for()
        emp.get_by_text("Eeva Salmi: latasi keskustelun yhteenvedon", exact=False).first.wait_for()
        emp.wait_for_timeout(500)
        emp.screenshot(path=str(ARTIFACTS / "e2e-discussion-employee.png"), full_page=True)

        # --- She withdraws; at the supervisor's next run the assessment is gone ---
        click(emp, "Peru jako")
        emp.get_by_text("Jako on peruttu.", exact=False).wait_for()

        _open(boss, "Tiiminäkymä")
        _open(boss, "Kehityskeskustelut")
        boss.wait_for_timeout(1000)
        assert boss.get_by_role("heading", name="Tiina Tuominen").count() == 0
        assert boss.get_by_text("Keinot: vertaismentorointi", exact=False).count() == 0
        boss.get_by_label("Valmistaudu keskusteluun").click()
        assert boss.get_by_role("option", name="Tiina Tuominen").count() == 0
    except Exception:
        # What each browser showed when the journey broke, for whoever reads the CI log.
        boss.screenshot(path=str(ARTIFACTS / "e2e-discussion-failed-supervisor.png"))
        emp.screenshot(path=str(ARTIFACTS / "e2e-discussion-failed-employee.png"))
        raise
    finally:
        emp_context.close()
        boss_context.close()

    with db.read_session(db.make_engine(server["database_url"])) as session:
        tiina = session.exec(select(Person.id).where(Person.email == "tyontekija@demo.fi")).one()
        events = session.exec(select(AuditEvent).where(AuditEvent.subject_id == tiina)).all()
    kinds = [e.event for e in events]
    assert kinds.count("discussion_exported") == 1
    assert kinds.count("action_created") == 2
    assert kinds.count("assessment_viewed") >= 1
    # Ids and codes only in the log, never names or text.
    allowed = {"assessment_id", "grantee_id", "expires_on", "action_id", "discussion_id"}
    allowed |= {"format", "status", "assessments"}
    assert all(set(e.detail) <= allowed for e in events)
