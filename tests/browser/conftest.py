"""Browser tests: the portal served on a loopback port, driven in Debian's Chromium."""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["PORTAL_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app.config["PORTAL_BASE_URL"]
    server.shutdown()
    app.config["PORTAL_BASE_URL"] = "http://localhost"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and browser tests are required here")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _open_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def arabic_page(browser, live_server):
    """A browser whose reader prefers Arabic, as in Rabat or Mogadishu."""
    context, page = _open_page(
        browser, live_server, viewport={"width": 1280, "height": 900}, locale="ar-MA"
    )
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context, page = _open_page(
        browser, live_server, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


# Words of the page's tables that are broken across lines or wider than their cell: an Arabic
# word broken loses its letters' joining. Each word is measured with a DOM range.
BROKEN_WORDS_JS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("main table td, main table th")) {
    if (!cell.offsetParent || cell.closest(".visually-hidden")) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1 || range.getBoundingClientRect().width > room + 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def broken_words(page) -> list[str]:
    return page.evaluate(BROKEN_WORDS_JS)
