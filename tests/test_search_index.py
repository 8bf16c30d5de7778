"""What the build gives Pagefind (issue [11 search]): no Sphinx index, article bodies marked with
their filters, a search page, and an index that a build with nothing new leaves alone."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import FIXTURE_SITE, REPO, soup

ARTICLE = "articles/20251118/cloud-deal-brief.html"


def test_pagefind_index_instead_of_sphinx_index(build_site, tmp_path):
    app = build_site(FIXTURE_SITE, "ja", srcdir=tmp_path / "site")
    out = app.outdir
    assert not (out / "searchindex.js").exists()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["ja"]
    assert entry["languages"]["ja"]["page_count"] == 3  # the ja articles, nothing else

    page = soup(out / ARTICLE)
    body = page.select_one("[data-pagefind-body]")
    assert body is not None
    assert body["data-pagefind-sort"] == "date:2025-11-18"
    filters = sorted(span["data-pagefind-filter"] for span in body.select("[data-pagefind-filter]"))
    assert "カテゴリー:Claude" in filters
    assert "年:2025" in filters
    assert "タグ:インフラ" in filters  # the taxonomy's label, in the page's language
    metas = sorted(span["data-pagefind-meta"] for span in body.select("[data-pagefind-meta]"))
    assert metas == ["カテゴリー:Claude", "日付:2025年11月18日"]
    assert body.select_one(".newsdesk-twin") is None  # the language link is outside the body

    assert soup(out / "tags/index.html").select_one("[data-pagefind-body]") is None
    search = soup(out / "search.html")
    box = search.select_one("#newsdesk-search")
    assert box["data-bundle"] == "pagefind/"
    assert search.select_one("label[for=newsdesk-search-input]").get_text(strip=True)
    assert search.select_one('script[src="pagefind/pagefind-ui.js"]') is not None


def test_a_build_with_nothing_new_leaves_the_index(build_site, tmp_path):
    first = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site")
    entry = first.outdir / "pagefind" / "pagefind-entry.json"
    stamp = entry.stat().st_mtime_ns
    again = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site")
    assert (again.outdir / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns == stamp


def fragments(out: Path) -> dict[str, dict]:
    """Pagefind's record of each indexed page (its ``url`` -> the fragment: ``content``, filters)."""
    records = (
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        for path in (out / "pagefind" / "fragment").glob("*.pf_fragment")
    )
    return {record["url"]: record for record in records}


def test_on_the_timeline_links_are_not_indexed(build_site):
    """An article's "On the timeline" box names other pages (timeline entries): indexed, the
    article would be found by their titles."""
    out = build_site(REPO / "source", "en").outdir
    page = soup(out / "articles/20251118/microsoft-nvidia-anthropic-partnership.html")
    box = page.select_one("[data-pagefind-body] .newsdesk-on-the-timeline")
    assert box is not None  # in the indexed body: only the exclusion keeps it out
    titles = [a.get_text(strip=True) for a in box.select("a")]
    assert titles
    (record,) = [r for url, r in fragments(out).items() if url.endswith("microsoft-nvidia-anthropic-partnership.html")]
    assert record["content"]
    assert "On the timeline" not in record["content"]
    for title in titles:
        assert title not in record["content"]
