"""The 404 page in Chromium, served for a missing address at any depth, as a host serves it.

A static host answers a missing ``/<locale>/...`` with that locale's ``404.html`` (Read the Docs
does; nginx's ``error_page``, Netlify's ``404.html`` too). Its stylesheets, scripts and links are
absolute (sphinx-notfound-page's ``notfound_urls_prefix``), so the page must look and work the
same five folders deep as at the root: styled by furo, its home and search links reachable, and
no serious or critical axe violation.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from .harness import LOCALES, serve
from .test_a11y import BLOCKING, axe_violations, describe

TEXT = {"en": "Page not found", "ja": "ページが見つかりません"}
DEEP = "articles/2099/01/02/no-such-article/index.html"


class _NotFoundHandler(SimpleHTTPRequestHandler):
    """Serves the folder; a missing ``/<locale>/...`` gets ``<locale>/404.html`` with status 404."""

    def log_message(self, format: str, *args: object) -> None:  # quiet, as the harness's server
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        locale = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / locale / "404.html"
        if code != 404 or locale not in LOCALES or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def host_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir, _NotFoundHandler) as url:
        yield url


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", ["missing.html", DEEP])
def test_missing_address_shows_the_styled_localized_404(new_page, host_url, locale, path):
    page = new_page()
    response = page.goto(f"{host_url}{locale}/{path}")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").first.inner_text().strip().startswith(TEXT[locale])
    assert page.evaluate("document.documentElement.lang") == locale
    # furo's stylesheet applied: its sidebar is laid out, not a bare list at the top of the page
    loaded = page.evaluate("[...document.styleSheets].filter(s => s.href && s.cssRules.length).map(s => s.href)")
    assert any("furo" in href for href in loaded), loaded
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != '"Times New Roman"'
    assert page.locator(".sidebar-drawer").count() == 1
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
    home, search = f"{host_url}{locale}/index.html", f"{host_url}{locale}/search.html"
    assert home in hrefs, hrefs
    assert search in hrefs, hrefs
    for url in (home, search):
        with urllib.request.urlopen(url, timeout=10) as reply:  # our own local server
            assert reply.status == 200


@pytest.mark.parametrize("locale", LOCALES)
def test_404_follows_its_home_link_from_any_depth(new_page, host_url, locale):
    page = new_page()
    page.goto(f"{host_url}{locale}/{DEEP}")
    page.locator(f'article a[href$="/{locale}/index.html"]').first.click()
    page.wait_for_load_state()
    assert page.url == f"{host_url}{locale}/index.html"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_404_has_no_serious_axe_violation(new_page, host_url, locale, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(f"{host_url}{locale}/{DEEP}")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
