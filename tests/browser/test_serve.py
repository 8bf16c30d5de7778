"""``make serve``: every locale under one server; one edit, one rebuild, one page refresh.

The target runs in a private copy of the project's code (so that other edits in the working tree
do not trigger rebuilds), on a free port, with its build folder and content (a copy of the fixture
site) in a temporary folder, once for the module. Served as published: the chooser at the root and
a folder per locale, so a language link leads to the other locale's page. The page is open in
Chromium while an article is edited: it must refresh once and show the edit, and every locale must
be rebuilt exactly once (no loop on the staging folder under the build folder).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import FIXTURE_SITE, FIXTURE_VOCABULARY, REPO

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -r requirements-dev.txt")

PROJECT_FILES = ["Makefile", "conf.py", "requirements.txt", "newsdesk", "_templates", "_static", "locale", "source"]
ARTICLE = "articles/20251118/cloud-deal-brief"
BUILT = "build succeeded"  # Sphinx, once per locale
ROUND = "Serving on http"  # newsdesk.preview, once per round (every locale, then the chooser)
LOCALES = ("en", "ja")
SETTLE = 8.0  # seconds of quiet after a rebuild, in which no other rebuild may start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{tail}")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def builds(log: Path) -> int:
    """Rounds of builds done (each builds every locale, then says where it serves)."""
    return log.read_text(errors="replace").count(ROUND)


def locale_builds(log: Path) -> int:
    return log.read_text(errors="replace").count(BUILT)


def copy_project(root: Path) -> Path:
    """The project's code, copied (no .venv, no _build), run with the real .venv's tools."""
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "_build"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy2(source, root / name)
    return root


@dataclass
class Preview:
    url: str
    log: Path
    content: Path
    build: Path


@pytest.fixture(scope="module")
def preview(browser_or_skip, tmp_path_factory) -> Iterator[Preview]:
    """``make serve LOCALE=ja`` on the fixture site, once built and serving."""
    bin_dir = REPO / ".venv" / "bin"
    if not (bin_dir / "sphinx-autobuild").exists() or not shutil.which("make"):
        pytest.skip("make serve needs make and .venv/bin/sphinx-autobuild (make venv)")
    tmp_path = tmp_path_factory.mktemp("serve")
    project = copy_project(tmp_path / "project")
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    port = free_port()
    log = tmp_path / "serve.log"
    command = [
        "make", "--no-print-directory", "-o", f"{bin_dir}/.installed", "serve",
        f"BIN={bin_dir}", f"BUILD={tmp_path / 'build'}", f"CONTENT={content}", "LOCALE=ja", f"PORT={port}",
        f"SPHINXOPTS=-D newsdesk_vocabulary={FIXTURE_VOCABULARY} -j 1",
    ]  # fmt: skip
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        # its own session: the whole process group (make, the preview, sphinx) is stopped at the end
        server = subprocess.Popen(
            command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(f"{url}ja/{ARTICLE}.html"), 240, "the first build to be served", log)
        yield Preview(url, log, content, tmp_path / "build")
    finally:
        stop(server)


def test_language_links_and_chooser_work_in_preview(new_page, preview: Preview):
    wait_for(lambda: builds(preview.log) >= 1, 60, "the first round", preview.log)
    page = new_page(locale="en-US")
    page.goto(f"{preview.url}ja/{ARTICLE}.html")
    with page.expect_navigation() as twin:
        page.locator("article a.newsdesk-twin-link").click()
    assert twin.value.ok, f"{twin.value.status} {twin.value.url}"  # a 404 before: one locale was served
    assert page.url == f"{preview.url}en/{ARTICLE}.html"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("article h1").first.inner_text().startswith("Cloud Deal Brief")
    page.locator("nav.newsdesk-language a").click()
    page.wait_for_url(f"{preview.url}ja/{ARTICLE}.html")
    # the chooser is served at the root, and leads to each locale's index
    chooser = fetch(f"{preview.url}index.html?choose") or ""
    for locale in LOCALES:
        assert f'href="{locale}/index.html"' in chooser
        assert fetch(f"{preview.url}{locale}/index.html")
    # the reader last chose ja (the language link), over the browser's English: the root opens ja
    page.goto(preview.url)
    page.wait_for_url(f"{preview.url}ja/index.html")


def test_one_edit_one_rebuild(browser, preview: Preview):
    wait_for(lambda: builds(preview.log) >= 1, 60, "the first round", preview.log)
    assert builds(preview.log) == 1, preview.log.read_text()
    log, content = preview.log, preview.content
    url = f"{preview.url}ja/{ARTICLE}.html"
    page = browser.new_page()
    try:
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))
        page.goto(url)
        page.wait_for_timeout(1000)  # the live-reload socket connects
        loads.clear()

        marker = "ライブプレビューで編集"
        article = content / ARTICLE / "ja.md"
        text = article.read_text(encoding="utf-8")
        # a new tag too: the staging folder gets a generated tag page (tags/c.md) and a new tags/index.md
        edited = text.replace("計算資源は最先端モデル", f"{marker}。計算資源は最先端モデル")
        edited = edited.replace('"インフラ"]', '"インフラ", "C"]')
        assert edited.count(marker) == 1
        assert '"C"]' in edited
        article.write_text(edited, encoding="utf-8")

        wait_for(lambda: builds(log) >= 2, 180, "the rebuild", log)
        wait_for(lambda: marker in (fetch(url) or ""), 30, "the edit to be served", log)
        page.wait_for_function(f"() => document.body.innerText.includes({marker!r})", timeout=30_000)
        # Quiet for SETTLE seconds: no second rebuild, no second refresh. wait_for_timeout, not
        # time.sleep: Playwright's sync API delivers events (the reload's "load") only while it runs.
        page.wait_for_timeout(SETTLE * 1000)
        output = log.read_text(errors="replace")
        rebuilds = re.findall(r"Detected changes \(([^)]*)\)", output)
        assert builds(log) == 2, f"expected one rebuild after the edit, got {builds(log) - 1}:\n{output[-4000:]}"
        assert locale_builds(log) == 2 * len(LOCALES), output[-4000:]  # each round built every locale
        assert len(rebuilds) == 1, rebuilds
        assert rebuilds[0].endswith("ja.md"), rebuilds
        assert len(loads) == 1, f"the page refreshed {len(loads)} times: {loads}"
        assert (preview.build / "serve/ja/tags/c.html").is_file()
    finally:
        page.close()


def stop(server: subprocess.Popen) -> None:
    """Ctrl+C to the process group (sphinx-autobuild says goodbye), then harder if needed."""
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if server.poll() is not None:
            break
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
