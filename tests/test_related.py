"""Related articles at the foot of each article (issue [12 reader]): by shared tags, same locale,
ranked deterministically, kept out of the search index, and rebuilt when another article changes."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, soup, warnings_of
from test_differential import Harness, title_change

from newsdesk.model import Article
from newsdesk.related import related_index
from newsdesk.vocabulary import Term

ROBOT = "articles/20251020/robot-newsroom"
CPP = "articles/20251105/cpp-agents"
CLOUD = "articles/20251118/cloud-deal-brief"
WINTER = "articles/20251201/winter-roundup"


def article(docname: str, date: str, *tags: str) -> Article:
    other = Term("category", "Other", "other")
    return Article(
        path=Path(f"/content/{docname}/en.md"),
        docname=docname,
        slug=docname.rsplit("/", 1)[-1],
        locale="en",
        title=docname.upper(),
        description="",
        date=dt.date.fromisoformat(date),
        category=other,
        tags=tuple(Term("tag", t, t.lower()) for t in tags),
        comment=None,
    )


def names(related: dict, docname: str) -> list[str]:
    return [a.docname for a in related[docname]]


def test_ranking_shared_tags_then_newer_then_docname():
    articles = [
        article("me", "2025-06-01", "A", "B", "C"),
        article("two-tags-old", "2024-01-01", "A", "B"),
        article("one-tag-new", "2025-12-01", "C"),
        article("one-tag-b", "2025-07-01", "A"),
        article("one-tag-a", "2025-07-01", "B"),
        article("unrelated", "2025-12-31", "D"),
        article("untagged", "2025-12-31"),
    ]
    related = related_index(articles)
    assert names(related, "me") == ["two-tags-old", "one-tag-new", "one-tag-a"]  # 3 at most
    assert names(related, "untagged") == []
    assert names(related, "unrelated") == []
    assert "me" not in names(related, "me")
    assert related_index(list(reversed(articles))) == related  # the input order does not matter


def test_a_tag_contributes_its_newest_articles_only():
    """The bounded scan: with cap=2, an article looks at two articles per tag at most."""
    articles = [article(f"a{day:02d}", f"2025-01-{day:02d}", "Big") for day in range(1, 11)]
    related = related_index(articles, cap=2)
    assert names(related, "a01") == ["a10", "a09"]
    assert names(related, "a10") == ["a09"]  # itself excluded from the two
    assert names(related_index(articles), "a01") == ["a10", "a09", "a08"]


def related_of(page) -> list[tuple[str, str, str]]:
    return [
        (a.get_text(), a["href"], a.find_next_sibling("time")["datetime"])
        for a in page.select(".newsdesk-related a.newsdesk-related-link")
    ]


def test_related_block_en(build_site):
    app = build_site(FIXTURE_SITE, "en")
    out = app.outdir
    cpp = soup(out / f"{CPP}.html")
    block = cpp.select_one("article .newsdesk-related")
    assert block.select_one(".newsdesk-related-title").get_text() == "Related articles"
    assert block.find_previous("h2") is not None  # at the foot, after the body's sections
    # both share one tag with cpp-agents: the newer first
    assert related_of(cpp) == [
        ("Winter Roundup <script>alert('x')</script> & More", "../20251201/winter-roundup.html", "2025-12-01"),
        ("A Robot Joins the Newsroom", "../20251020/robot-newsroom.html", "2025-10-20"),
    ]
    assert not cpp.select(".newsdesk-related script")  # a title is text
    for _, href, _ in related_of(cpp):
        assert (out / CPP).parent.joinpath(href).resolve().is_file()
    assert [t for t, *_ in related_of(soup(out / f"{ROBOT}.html"))] == ["Coding Agents Learn C++"]
    assert soup(out / f"{CLOUD}.html").select_one(".newsdesk-related") is None  # no shared tag: no block
    assert not soup(out / "index.html").select(".newsdesk-related")  # articles only
    assert not warnings_of(app).strip()
    # the search index has the article's own text, not the related titles
    fragments = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])
        for p in (out / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    (fragment,) = [f for f in fragments if f["url"].endswith("cpp-agents.html")]
    assert "Coding agents" in fragment["content"] or "C++" in fragment["content"]
    assert "Robot Joins" not in fragment["content"]
    assert "Related articles" not in fragment["content"]


def test_related_block_ja_same_locale(build_site):
    app = build_site(FIXTURE_SITE, "ja")
    page = soup(app.outdir / f"{CPP}.html")
    assert page.select_one(".newsdesk-related-title").get_text() == "関連記事"
    # winter-roundup has no ja edition: only the ja robot article
    assert related_of(page) == [("ロボットが編集部に加わる", "../20251020/robot-newsroom.html", "2025-10-20")]
    assert page.select_one(".newsdesk-related time").get_text() == "2025年10月20日"


# ------------------------------------------------------------------ incremental builds
def retag_related(tree: Path) -> None:
    """cloud-deal-brief gains AI/ML: it enters robot-newsroom's and cpp-agents' lists."""
    for path in sorted((tree / "content" / CLOUD).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('tags: ["Anthropic"', 'tags: ["AI/ML", "Anthropic"', 1), encoding="utf-8")


@pytest.mark.parametrize("change", [title_change, retag_related])
def test_related_lists_rebuild_like_a_clean_build(build_site, tmp_path, change):
    """The differential oracle on one change (quick: the whole sequence is slow): -j1 and -j2
    rebuilds equal a clean build, byte for byte. title_change retitles robot-newsroom, which
    is in cpp-agents' related list."""
    harness = Harness(build_site, tmp_path, locales=("en",))
    harness.check("first build")
    before = soup(harness.root / "inc-en-j1" / "_build" / "html" / f"{CPP}.html")
    change(harness.tree)
    harness.check(change.__name__)
    after = soup(harness.root / "inc-en-j1" / "_build" / "html" / f"{CPP}.html")
    assert related_of(after) != related_of(before)  # the change did reach cpp-agents' list


def test_related_in_the_pdf_book_only_when_in_the_book(build_site, tmp_path):
    """The whole book links related articles; a month's book keeps only those it contains."""
    whole = build_site(FIXTURE_SITE, "en", "latex")
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(whole.outdir).glob("*.tex"))
    start = tex.index(r"\section{Coding Agents Learn C++}")
    article = tex[start : tex.index(r"\section{", start + 1)]
    assert r"\subsubsection*{Related articles}" in article
    assert r"\hyperref[\detokenize{articles/20251020/robot-newsroom::doc}]" in article
    november = build_site(FIXTURE_SITE, "en", "latex", srcdir=tmp_path / "november", newsdesk_book_month="2025-11")
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(november.outdir).glob("*.tex"))
    assert "Coding Agents Learn C++" in tex
    assert "Related articles" not in tex  # cpp-agents' related articles are in October and December
    assert "A Robot Joins the Newsroom" not in tex
    assert not warnings_of(november).strip()
