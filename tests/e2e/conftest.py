"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Every page a test visits is checked with axe-core: a violation of serious or critical
impact fails the test, with the rule, the elements and how to fix them printed. The same
check fails a page whose stylesheets, scripts, images or fonts did not load (status 400
or more, or a failed request), and a page that does not reflow to a 390-pixel phone
screen (wider than the screen, so it must be scrolled sideways).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

# The test database is in-memory SQLite, one connection that the live server's request
# threads share; a page that loads several images at once (the adverse-impact charts)
# would use it from several threads together. One request at a time, as Django closes
# each connection when its server does not thread. (The server thread already uses the
# test's connections: LiveServerThread.run puts them in place before serving.)


class _OneRequestAtATime(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = _OneRequestAtATime

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BLOCKING_IMPACTS = ("serious", "critical")
ASSET_TYPES = frozenset({"stylesheet", "script", "image", "font", "media"})
PHONE = {"width": 390, "height": 844}
# What sticks out past the phone's right edge, to say where a page fails to reflow.
_WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.parentElement.closest('*') || e.parentElement.getBoundingClientRect().right
               <= document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: their database flushes must not empty others' tables."""
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if e2e:
        rest = [item for item in items if not item.get_closest_marker("e2e")]
        items[:] = rest + e2e


@pytest.fixture
def reference_tables(transactional_db) -> None:
    """Community areas, ZIP codes and occupations, as the data migration loads them.

    A browser test's database is emptied after it (the live server needs committed
    rows), so each test loads the shipped tables again rather than relying on what the
    migrations left.
    """
    from workbridge.people.models import CommunityArea, Occupation, ZipCode
    from workbridge.people.reference import load_reference_tables

    load_reference_tables(CommunityArea, ZipCode, Occupation)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class AccessibilityChecker:
    """Runs axe-core on the page and remembers which addresses it has checked."""

    def __init__(self, page):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.axe = Axe()
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.broken_assets: list[str] = []
        page.on("framenavigated", self._navigated)
        page.on("response", self._responded)
        page.on("requestfailed", self._failed)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame and frame.url.startswith("http"):
            self.visited.append(frame.url)

    def _responded(self, response) -> None:
        if response.request.resource_type in ASSET_TYPES and response.status >= 400:
            self.broken_assets.append(f"{response.status} {response.url}")

    def _failed(self, request) -> None:
        # A request the browser cancels because the page moved on (a form submitted while
        # an image was still loading) is not a broken asset.
        if request.resource_type in ASSET_TYPES and request.failure != "net::ERR_ABORTED":
            self.broken_assets.append(f"failed ({request.failure}) {request.url}")

    def check(self) -> None:
        """Fail on any serious or critical axe-core violation on the current page."""
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page)
        blocking = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        self.checked.add(self.page.url)
        if blocking:
            pytest.fail(
                f"axe-core found {len(blocking)} serious or critical violation(s) on "
                f"{self.page.url}:\n" + format_violations(blocking),
                pytrace=False,
            )
        if self.broken_assets:
            pytest.fail(
                f"{self.page.url} did not load: " + "; ".join(self.broken_assets), pytrace=False
            )
        self._check_reflow()

    def _check_reflow(self) -> None:
        """The page fits a phone's width: nothing makes it scroll sideways."""
        page = self.page
        size = page.viewport_size
        page.set_viewport_size(PHONE)
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate(_WIDE_ELEMENTS) if width > PHONE["width"] else []
        finally:
            if size:
                page.set_viewport_size(size)
        if width > PHONE["width"]:
            pytest.fail(
                f"{page.url} is {width} pixels wide on a {PHONE['width']}-pixel phone; "
                f"wider than the screen: {', '.join(wide)}",
                pytrace=False,
            )

    def unchecked(self) -> list[str]:
        return [url for url in dict.fromkeys(self.visited) if url not in self.checked]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def page(browser, live_server, reference_tables):
    """A fresh browser tab; every page it lands on must have been checked with axe-core."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.axe = AccessibilityChecker(tab)
    yield tab
    unchecked = tab.axe.unchecked()
    context.close()
    assert unchecked == [], f"pages visited without an accessibility check: {unchecked}"
