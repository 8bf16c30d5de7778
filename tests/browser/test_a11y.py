"""axe-core on the landing, article, tag and archive pages of both locales: no serious or critical violation.

axe-core comes bundled (axe.min.js) with axe-playwright-python, pinned in requirements-dev.txt: no
network access at test time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -r requirements-dev.txt")
axe_package = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")

AXE_JS = Path(axe_package.__file__).with_name("axe.min.js")
BLOCKING = {"serious", "critical"}
PAGES = {
    "landing": "index.html",
    "article": "articles/20251118/cloud-deal-brief.html",
    "tag": "tags/anthropic.html",
    "archive": "archive/index.html",
    "month": "archive/2025/11.html",
}


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}: {node['failureSummary']!r}")
    return "\n".join(lines)


def check(page, url: str, theme: str) -> None:
    page.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    page.goto(url)
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if violations:
        print(f"\naxe on {url} ({theme}):\n{describe(violations)}")
    assert not blocking, f"serious/critical accessibility violations on {url} ({theme}):\n{describe(blocking)}"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["en", "ja"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_violations(page, site_url, kind, locale, theme):
    check(page, f"{site_url}{locale}/{PAGES[kind]}", theme)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_language_chooser(page, site_url, theme):
    check(page, f"{site_url}index.html?choose", theme)  # ?choose: not redirected to the browser's language
