"""A facilitator opens a unit, sees the small team suppressed, downloads the workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from model import db
from model.demo import DEMO_PASSWORD, SMALL_TEAM
from model.tables import AuditEvent
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_facilitator_downloads_a_workbook_that_matches_the_screen(server, page):
    page.goto(server["base"])
    page.get_by_label("Sähköposti").fill("kehittaja@demo.fi")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name="Tiiminäkymä").click()
    page.get_by_role("heading", name="Tiiminäkymä").wait_for()

    page.get_by_label("Yksikkö tai tiimi").click()
    page.get_by_role("option", name="Kasvatus ja opetus", exact=False).first.click()
    # The newest round is open (participation only); the one before it is released.
    page.get_by_text("vain osallistumisen", exact=False).wait_for()
    page.get_by_label("Kierros").click()
    page.get_by_role("option").nth(1).click()
    page.get_by_role("tab", name="Tiimit").click()
    suppressed = page.get_by_test_id("stTabs").get_by_text(
        f"{SMALL_TEAM} · 4 kutsuttu · piilossa: alle 5", exact=False
    )
    suppressed.wait_for()
    respondents = page.locator('[data-testid="stMetricValue"]').nth(1).inner_text()
    page.set_viewport_size({"width": 1280, "height": 2200})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "e2e-team-view.png"), full_page=True)

    # The file is made on the first click (a failure would be shown), downloaded on the second.
    page.get_by_role("button", name="Tee tiedosto: Lataa työpajan työkirja").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Lataa työpajan työkirja (Excel)", exact=True).click()
    data = download.value.path().read_bytes()
    assert page.locator('[data-testid="stException"]').count() == 0, "the page stays whole"
    workbook = load_workbook(io.BytesIO(data))

    summary = {r[0]: r[1] for r in workbook["Yhteenveto"].iter_rows(min_row=7, values_only=True)}
    assert str(summary["Vastaajia"]) == respondents.strip()
    participation = {
        r[0]: r[2] for r in workbook["Osallistuminen"].iter_rows(min_row=2, values_only=True)
    }
    assert participation[SMALL_TEAM] == "piilossa: alle 5 vastausta"
    distribution_rows = [
        r for r in workbook["Jakaumat"].iter_rows(min_row=2, values_only=True) if r[0] == SMALL_TEAM
    ]
    assert distribution_rows
    assert all(v in (None, "") for r in distribution_rows for v in r[3:])
    (ARTIFACTS / "e2e-team-workbook.xlsx").write_bytes(data)

    # Every export is logged: one download, one audit row (ids only).
    with db.read_session(db.make_engine(server["database_url"])) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.event == "export_team_workbook")
        ).all()
    assert len(events) == 1
    assert set(events[0].detail) == {"unit_id", "round_id"}
