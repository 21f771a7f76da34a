"""Real-browser fixtures: one headless Debian Chromium per session, a fresh context per page.

Pages talk to pytest-django's ``live_server`` (a thread in this process), so data made with
the factories must be committed: e2e tests use ``django_db(transaction=True)``.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; Django would refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    """The browser, started after the test database exists.

    While Playwright's sync API is running, asyncio reports a running loop in this thread, so
    asgiref gives Django a second, context-local set of connection wrappers. They lack the
    migration data that ``serialized_rollback`` restores, so it is copied over here, and
    their connections are closed before the test database is dropped.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"e2e: {CHROMIUM} not found; install Debian's chromium package "
            "(`playwright install` cannot download browsers here)"
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def open_page(chromium, live_server):
    """``open_page(**context_options)``: a page in a new browser context on the live server."""
    contexts = []

    def open_page(**options):
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
