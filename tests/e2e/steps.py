"""Steps the browser journeys share: wait for Streamlit to settle, click, sign in."""

from __future__ import annotations

from playwright.sync_api import expect

from model.demo import DEMO_PASSWORD

# Streamlit is idle when no element is stale and its running indicator is gone.
IDLE = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""


def idle(page) -> None:
    """Wait until Streamlit has finished its rerun: no status widget, no stale elements."""
    page.wait_for_timeout(150)
    page.wait_for_function(IDLE, timeout=30_000)


def click(page, name: str) -> None:
    """Click the one button named ``name`` once the page is idle."""
    idle(page)
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_have_count(1, timeout=30_000)
    button.click()


def login(page, base: str, email: str) -> None:
    """Sign a demo account in on the sign-in page (Finnish)."""
    page.goto(base)
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    click(page, "Kirjaudu sisään")
