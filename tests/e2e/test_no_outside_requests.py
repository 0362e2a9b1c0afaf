"""TRUST.md rule 32: no page fetches anything from another host.

Each demo role signs in and opens every page of its sidebar navigation (by clicking: a reload
signs out). Every request the browser makes must go to the app's own host; data: and blob: URLs
stay in the page. Headless Chromium does not fetch the tab icon by itself, so the addresses the
page points at (the icon link, images, scripts, style sheets) are checked as well.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from model.demo import DEMO_PASSWORD
from tests.e2e.steps import IDLE

pytestmark = pytest.mark.e2e

OWN_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}

ROLES = {
    "employee": "tyontekija@demo.fi",
    "supervisor": "esihenkilo@demo.fi",
    "facilitator": "kehittaja@demo.fi",
    "admin": "admin@demo.fi",
}

NAV_LINKS = '[data-testid="stSidebarNav"] a'


# Every address the page points at, whether or not headless Chromium fetches it.
POINTED_AT = """() => Array.from(
    document.querySelectorAll('link[href], img[src], script[src], iframe[src], source[src]'),
    e => e.href || e.src)"""


def _outside(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return parts.hostname not in OWN_HOSTS


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or f"{parts.scheme}:"


def _settle(page) -> None:
    """Wait until Streamlit has finished its rerun and the browser has nothing left to fetch."""
    page.wait_for_timeout(200)
    page.wait_for_function(IDLE, timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_every_role_stays_on_the_own_host(server, page, role):
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    pointed: set[str] = set()

    page.goto(server["base"])
    page.get_by_label("Sähköposti").fill(ROLES[role])
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    links = page.locator(NAV_LINKS)
    links.first.wait_for()
    _settle(page)
    pointed.update(page.evaluate(POINTED_AT))
    # The tab icon is the app's own file, and it is there.
    icon = page.locator("link[rel='shortcut icon']").get_attribute("href")
    assert not _outside(icon), f"the tab icon is fetched from another host: {icon}"
    response = page.request.get(icon)
    assert response.ok, f"the tab icon {icon} answered {response.status}"
    assert response.headers["content-type"].startswith("image/")

    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 2, f"{role}: the sidebar navigation has too few pages: {hrefs}"
    for href in hrefs:
        page.locator(f'{NAV_LINKS}[href="{href}"]').click()
        page.wait_for_url(lambda url, href=href: urlsplit(url).path == urlsplit(href).path)
        _settle(page)
        # Still signed in: the sidebar still offers the same pages.
        assert page.locator(NAV_LINKS).count() == len(hrefs)
        pointed.update(page.evaluate(POINTED_AT))

    hosts = sorted({_host(u) for u in requests})
    print(f"\n{role}: {len(requests)} requests over {len(hrefs)} pages; hosts: {hosts}")
    outside = sorted({u for u in requests if _outside(u)})
    assert outside == [], f"{role}: requests to other hosts: {outside}"
    outside_pointed = sorted({u for u in pointed if u and _outside(u)})
    assert outside_pointed == [], f"{role}: the page points at other hosts: {outside_pointed}"
