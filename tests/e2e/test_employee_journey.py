"""An employee signs in, answers the open round with hostile text, and finds it as plain text."""

from __future__ import annotations

import pytest

from model.demo import DEMO_PASSWORD
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert(1)</script>"
IMAGE = "![x](http://127.0.0.1:9/x.png)"


def test_employee_submits_and_sees_plain_text_in_history(server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    image_requests: list[str] = []
    page.on("request", lambda r: image_requests.append(r.url) if "127.0.0.1:9" in r.url else None)

    page.goto(server["base"])
    page.get_by_label("Sähköposti").fill("tyontekija@demo.fi")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()

    page.get_by_text("Olen lukenut, mihin vastauksiani").click()
    page.get_by_role("button", name="Jatka arviointiin").click()

    radios = page.locator('[data-testid="stRadio"]')
    radios.first.wait_for()
    for i, choice in enumerate(["Vihreä", "Keltainen", "Punainen", "Vihreä"]):
        radios.nth(i).get_by_text(choice, exact=False).click()
    reasons = page.get_by_label("Miksi valitsit tämän värin?")
    reasons.nth(0).fill(f"Saan suunnitella päiväni itse. {SCRIPT}")
    reasons.nth(0).press("Tab")

    page.get_by_label("Muistiinpano", exact=True).fill(f"{SCRIPT} {IMAGE}")
    page.get_by_label("Muistiinpano", exact=True).press("Tab")
    page.get_by_role("button", name="Lisää", exact=True).click()
    page.get_by_text(SCRIPT + " " + IMAGE).first.wait_for()
    # Streamlit scrolls inside its own container: a tall viewport shows the whole page.
    page.set_viewport_size({"width": 1280, "height": 3000})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "e2e-assessment.png"), full_page=True)

    page.get_by_role("button", name="Lähetä arvio").click()
    page.get_by_text("Kiitos! Arviosi on tallennettu").wait_for()

    page.get_by_role("link", name="Oma historia").click()
    page.get_by_role("heading", name="Oma historia").wait_for()
    page.locator('[data-testid="stExpander"]').first.click()
    shown = page.get_by_text(f"{SCRIPT} {IMAGE}")
    shown.first.wait_for()
    page.get_by_text(f"Saan suunnitella päiväni itse. {SCRIPT}").first.wait_for()
    assert page.locator('img[src*="127.0.0.1:9"]').count() == 0
    assert page.locator("script", has_text="alert(1)").count() == 0
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "e2e-history.png"), full_page=True)
    assert dialogs == []
    assert image_requests == []


def test_server_log_holds_no_personal_data(server, page):
    page.goto(server["base"])
    page.get_by_label("Sähköposti").fill("employee@demo.fi")
    page.get_by_label("Salasana").fill("wrong-password-1")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_text("The e-mail or password is not valid", exact=False).or_(
        page.get_by_text("Sähköposti tai salasana ei kelpaa", exact=False)
    ).first.wait_for()
    log = server["log"].read_text()
    for secret in ("tyontekija@demo.fi", "employee@demo.fi", "Saan suunnitella", "alert(1)"):
        assert secret not in log
