"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

The whole directory is skipped, with the reason, when Chromium is missing (Playwright's own
browser download is not used: CCHC_CHROMIUM or /usr/bin/chromium). Run these in their own
pytest process without xdist (`make test` does): live_server and xdist do not mix.

Fixtures for tests here:
- `page`: a fresh browser tab (Vietnamese locale) whose relative URLs go to the live server;
- `logged_in_page(user, password=...)`: a tab logged in as `user` through the real login form;
- `log_in(page, username, password=...)`: submit the login form on a tab you already have;
- `url(name, *args)`: the live-server URL of a named route.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_PASSWORD = "mat-khau-123"  # tests.factories.UserFactory's password
HERE = Path(__file__).resolve().parent
# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise
# refuse to run from "an async context" in the test's own database calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: browser tests skipped "
        "(sudo apt-get install chromium, or set CCHC_CHROMIUM)"
    )
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_page(browser, live_server, transactional_db) -> Iterator[Callable[[], object]]:
    """A factory of fresh tabs, each in its own context (own cookies), closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh tab; `page.goto("/dang-nhap/")` goes to the live server."""
    return new_page()


@pytest.fixture
def url(live_server) -> Callable[..., str]:
    """url("plans:list") → the live server's absolute URL of the route."""
    from django.urls import reverse

    def make(name: str, *args, **kwargs) -> str:
        return live_server.url + reverse(name, args=args or None, kwargs=kwargs or None)

    return make


def _log_in(page, username: str, password: str = DEFAULT_PASSWORD) -> None:
    """Fill in and submit the real login form on `page`."""
    from django.urls import reverse

    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form:has(#id_password) [type=submit]").click()


@pytest.fixture
def logged_in_page(new_page) -> Callable[..., object]:
    """logged_in_page(user) → a new tab logged in as `user` (a tab per call, so two users can work)."""

    def make(user, password: str = DEFAULT_PASSWORD):
        tab = new_page()
        _log_in(tab, user.get_username(), password)
        from django.urls import reverse

        if tab.url.split("?")[0].endswith(reverse("login")):
            raise AssertionError(f"login as {user.get_username()} failed: still on {tab.url}")
        return tab

    return make


@pytest.fixture
def log_in() -> Callable[..., None]:
    """log_in(page, username, password=…): fill in and submit the real login form."""
    return _log_in
