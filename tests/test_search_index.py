"""What the build gives Pagefind (issue [11 search]): no Sphinx index, article and timeline entry
bodies marked with their filters (a type filter tells them apart), a search page, and an index
that a build with nothing new leaves alone."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2
import pytest
from conftest import FIXTURE_SITE, REPO, soup

from newsdesk import i18n
from newsdesk.catalog import Catalog
from newsdesk.vocabulary import Vocabulary

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
    records = (pagefind_data(path) for path in (out / "pagefind" / "fragment").glob("*.pf_fragment"))
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


# ------------------------------------------------------------------ the timeline (issue [14 timeline])
def pagefind_data(path: Path) -> object:
    """A Pagefind file's data: gzip, Pagefind's signature, then CBOR (filters) or JSON (fragments)."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd"), path
    data = data[len(b"pagefind_dcd") :]
    return json.loads(data) if path.suffix == ".pf_fragment" else cbor2.loads(data)


def bundle_filters(bundle: Path) -> dict[str, set[str]]:
    """Filter name -> its values, from the bundle's filter files (one per filter)."""
    found: dict[str, set[str]] = {}
    for path in bundle.glob("filter/*.pf_filter"):
        name, values = pagefind_data(path)
        found.setdefault(name, set()).update(value for value, _pages in values)
    return found


@pytest.mark.parametrize(
    ("locale", "names", "values"),
    [
        ("en", ("type", "impact", "category", "year", "date"), ("Article", "Timeline", "Medium impact", "Investment")),
        ("ja", ("種類", "影響度", "カテゴリー", "年", "日付"), ("記事", "年表", "影響度：中", "投資")),
    ],
)
def test_timeline_entries_are_indexed_with_a_type_filter(build_site, tmp_path, locale, names, values):
    catalog = Catalog.load(REPO / "source", Vocabulary.load(REPO / "source/_data/vocabulary.yaml"))
    app = build_site(REPO / "source", locale, srcdir=tmp_path / "site")
    out = app.outdir
    bundle = out / "pagefind"
    entries = [e for e in catalog.entries if e.locale == locale]
    articles = catalog.for_locale(locale)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"][locale]["page_count"] == len(articles) + len(entries)  # not the timeline page
    type_name, impact_name, category_name, year_name, date_name = names
    article_type, timeline_type, medium, investment = values

    filters = bundle_filters(bundle)
    assert filters[type_name] == {article_type, timeline_type}
    assert filters[impact_name] == {i18n._(locale, f"impact_{e.impact}") for e in entries}
    assert investment in filters[category_name]  # an entry's timeline category, by its label
    assert {str(e.date.year) for e in entries} <= filters[year_name]

    # the entry is found: its fragment (what a result shows) has its text, filters and date
    deal = next(e for e in entries if e.docname == "timeline/202511-anthropic-microsoft-nvidia")
    records = fragments(out)
    fragment = records[f"/{deal.docname}.html"]
    assert fragment["meta"]["title"] == deal.title
    assert fragment["filters"][type_name] == [timeline_type]
    assert fragment["filters"][impact_name] == [medium]
    assert fragment["filters"][category_name] == [investment]
    assert fragment["filters"][year_name] == ["2025"]
    assert fragment["meta"][date_name] == i18n.long_date(deal.date, locale)
    body = soup(out / f"{deal.docname}.html").select_one("[data-pagefind-body]")
    assert body["data-pagefind-sort"] == "date:2025-11-18"  # newest first, among the articles
    text = fragment["content"].replace("\u200b", "")  # Pagefind marks where it split Japanese words
    assert deal.description[:20] in text  # the lead; not the byline, nor the related articles
    assert i18n._(locale, "related") not in text
    article = records[f"/{articles[0].docname}.html"]
    assert article["filters"][type_name] == [article_type]
    assert impact_name not in article["filters"]
    assert "/timeline/index.html" not in records


def test_a_failed_index_keeps_the_last_one_and_says_why(build_site, tmp_path, monkeypatch):
    """Pagefind runs beside the social cards; when it fails, the warning names the fix and the
    last good index stays (no half-written bundle is swapped in or left behind)."""
    from newsdesk import search

    first = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site")
    entry = first.outdir / "pagefind" / "pagefind-entry.json"
    before = entry.read_bytes()
    monkeypatch.setattr(search, "PAGEFIND", ["/bin/false"])  # exits 1, whatever its arguments
    monkeypatch.setattr(search, "_pages_state", lambda outdir: (1, "changed\n"))  # as if a page was written
    again = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site")
    assert "the search index was not built" in again._warning.getvalue()
    assert "install pagefind[extended]" in again._warning.getvalue()
    assert entry.read_bytes() == before
    assert not (again.outdir / ".pagefind-new").exists()


def test_a_build_failing_while_pagefind_runs_stops_it(build_site, tmp_path, monkeypatch):
    """A listener failing between Pagefind's start and the wait for it (the cards are drawn there):
    Pagefind is stopped, its half-written folder removed, and the last index kept."""
    from newsdesk import search, social

    first = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site")
    entry = first.outdir / "pagefind" / "pagefind-entry.json"
    before = entry.read_bytes()
    # writes its folder, then is still running when the cards fail ($3: the --output-path given)
    monkeypatch.setattr(search, "PAGEFIND", ["sh", "-c", 'mkdir -p "$3"; sleep 60'])
    started = []
    popen = search.subprocess.Popen
    monkeypatch.setattr(search.subprocess, "Popen", lambda *a, **k: started.append(popen(*a, **k)) or started[-1])
    monkeypatch.setattr(search, "_pages_state", lambda outdir: (1, "changed\n"))

    def broken(app, exception):
        if exception is None:
            raise RuntimeError("the cards failed")

    monkeypatch.setattr(social, "write_cards", broken)
    with pytest.raises(Exception, match="the cards failed"):
        build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site")
    assert len(started) == 1
    assert started[0].poll() is not None  # stopped, not left to run
    assert entry.read_bytes() == before
    assert not (first.outdir / ".pagefind-new").exists()


HOSTILE_TITLE = """---
title: "Why </head> and <!--newsdesk:indexed--> matter"
description: "A headline that names the marks the index is cut at."
date: 2025-11-20
category: "Claude"
tags: ["Anthropic"]
locale: "ja"
---

見出しに印が入った記事の本文です。
"""


def test_pagefind_is_given_the_indexed_part_of_each_page_and_builds_the_same_index(build_site, tmp_path):
    """Pagefind reads staged pages (their head and indexed body, newsdesk.search.stage_pages):
    the bundle is byte for byte, and in its unordered files as data, what Pagefind builds from
    the whole written pages; also with a headline holding the marks (it reaches the head
    unescaped, in og:title: that page is given whole)."""
    import subprocess

    from test_differential import outputs

    from newsdesk import search

    content = tmp_path / "content"
    shutil.copytree(REPO / "source", content)
    hostile = content / "articles/20251120/marked-headline"
    hostile.mkdir(parents=True)
    (hostile / "ja.md").write_text(HOSTILE_TITLE, encoding="utf-8")
    app = build_site(content, "ja", srcdir=tmp_path / "site")
    out = app.outdir
    marked = "articles/20251120/marked-headline.html"
    assert b'content="Why </head> and <!--newsdesk:indexed--> matter"' in (out / marked).read_bytes()
    staged = tmp_path / "staged"
    assert search.stage_pages(out, staged) == len(fragments(out)) - 1 > 0  # all but the marked headline cut
    article = "articles/20251118/microsoft-nvidia-anthropic-partnership.html"
    given = (staged / article).read_text(encoding="utf-8")
    assert len(given) < len((out / article).read_text(encoding="utf-8"))
    assert soup(staged / article).select_one("[data-pagefind-body] h1") is not None
    assert soup(staged / article).select_one(".sidebar-tree") is None  # furo's navigation is not given
    assert (staged / marked).read_bytes() == (out / marked).read_bytes()
    whole = tmp_path / "whole"
    command = [*search.PAGEFIND, "--site", str(out), "--output-path", str(whole / "pagefind"), "--silent"]
    command += ["--glob", search.PAGES_GLOB, "--exclude-selectors", ", ".join(search.EXCLUDE)]
    subprocess.run(command, check=True)
    assert outputs(whole) == {k: v for k, v in outputs(out).items() if k.startswith("pagefind/")}
    assert "/" + marked in fragments(out)
    assert not list(Path(app.doctreedir).glob("newsdesk-search-pages*"))  # the staged pages are gone


@pytest.mark.parametrize(
    ("page", "cut"),
    [
        (b"<html><head><title>t</title></head><body><nav>n</nav>"
         b"<!--newsdesk:indexed--><div data-pagefind-body>b</div><!--/newsdesk:indexed--></body></html>", True),
        (b"<html><head></head><body><div data-pagefind-body>no marks</div></body></html>", False),
        (b"<html><head><meta content='</head>'></head><body>"
         b"<!--newsdesk:indexed--><div data-pagefind-body>b</div><!--/newsdesk:indexed--></body></html>", False),
        (b"<html><head><meta content='<!--/newsdesk:indexed-->'></head><body>"
         b"<!--newsdesk:indexed--><div data-pagefind-body>b</div><!--/newsdesk:indexed--></body></html>", False),
        (b"<html><head></head><body><!--/newsdesk:indexed--><div>b</div><!--newsdesk:indexed--></body></html>", False),
    ],
)  # fmt: skip
def test_a_page_is_cut_only_where_each_mark_is_once_and_in_order(page, cut):
    from newsdesk.search import staged_page

    given = staged_page(page)
    if cut:
        assert given == (
            b"<html><head><title>t</title></head><body>"
            b"<!--newsdesk:indexed--><div data-pagefind-body>b</div><!--/newsdesk:indexed--></body></html>\n"
        )
    else:
        assert given is page
