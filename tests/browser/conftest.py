"""Fixtures of the browser tests: the fixture project built (en, ja, landing), served, and Chromium.

Everything is skipped, with the reason, when Debian's Chromium or Playwright is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import FIXTURE_SITE, FIXTURE_VOCABULARY, build_html, launch, missing_browser, serve


@pytest.fixture(scope="session")
def browser_or_skip() -> None:
    reason = missing_browser()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir(browser_or_skip: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both locales of tests/fixtures/site, laid out like _build/html."""
    return build_html(FIXTURE_SITE, tmp_path_factory.mktemp("browser-site"), vocabulary=FIXTURE_VOCABULARY)


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(browser_or_skip: None):
    """Chromium, per module: Playwright must be gone before other tests fork (sphinx-sitemap's
    multiprocessing Manager, in in-process Sphinx builds); a forked child keeps the driver's stdin
    open, and Playwright then waits forever for its driver to exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """``new_page(**context_options)`` -> a page in a fresh context; JavaScript errors fail the test."""
    contexts = []
    errors: list[str] = []

    def make(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()
