"""sphinx-tags does the tags (issue [13 sphinx-tags]): on, driven by front matter and by the
``{tags}`` directive of hand-written pages, with our guarantees layered on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sphinx_tags
from conftest import FIXTURE_SITE, REPO, soup, warnings_of
from sphinx.errors import ConfigError

from newsdesk import pages

ARTICLE = "articles/20251020/robot-newsroom"
PAGE_TITLES = {"en": "Frontier labs: a reading guide", "ja": "フロンティアラボの読み方ガイド"}


def _h1(page) -> str:
    return page.find("h1").get_text(strip=True).rstrip("#¶")


def _page_cards(page) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"]) for a in page.select(".newsdesk-page-listing .sd-card-title a")]


def _article_titles(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".newsdesk-listing .sd-card-title a")]


@pytest.fixture
def pages_dir(tmp_path) -> Path:
    """A copy of the project's hand-written pages, for tests that add or edit pages."""
    target = tmp_path / "pages"
    shutil.copytree(REPO / "source" / "pages", target)
    return target


def _read_docs(app) -> list[str]:
    """Connect a recorder of the documents the next build reads."""
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    return read


# ------------------------------------------------------------------ sphinx-tags switched on
def test_sphinx_tags_is_on_and_its_generator_never_runs(build_site):
    app = build_site(FIXTURE_SITE, "en")
    assert app.config.tags_create_tags is True
    handlers = [listener.handler for listener in app.events.listeners["builder-inited"]]
    assert sphinx_tags.update_tags not in handlers  # it deletes and rewrites every tag file
    status = app._status.getvalue()
    assert "Tags updated" not in status
    assert "Tags were not created" not in status
    assert not (app.srcdir / "tags" / "tagsindex.md").exists()  # sphinx-tags' own overview file


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_tagged_hand_written_page_is_on_its_tag_pages_apart_from_articles(build_site, locale):
    app = build_site(FIXTURE_SITE, locale)
    heading = {"en": "Pages", "ja": "ページ"}[locale]
    for slug in ("anthropic", "openai"):
        page = soup(app.outdir / "tags" / f"{slug}.html")
        assert _page_cards(page) == [(PAGE_TITLES[locale], "../frontier-labs.html")]
        section = page.select_one(".newsdesk-page-listing").find_parent("section")
        assert section.find("h2").get_text(strip=True).rstrip("#¶") == heading
        assert PAGE_TITLES[locale] not in _article_titles(page)  # articles are listed apart
        assert _article_titles(page)  # and still there
    untagged = soup(app.outdir / "tags" / "c-plus-plus.html")
    assert not untagged.select(".newsdesk-page-listing")
    assert not untagged.find("h2")
    overview = soup(app.outdir / "tags/index.html")
    counts = {
        li.a.get_text(strip=True): li.select_one(".newsdesk-count").get_text()
        for li in overview.select("ul.newsdesk-terms-tag li")
    }
    assert counts["Anthropic"] == " (2)"  # one article and the page
    own = soup(app.outdir / "frontier-labs.html").select("p.tags a")
    assert [(a.get_text(strip=True), a["href"]) for a in own] == [
        ("Anthropic", "tags/anthropic.html"),
        ("OpenAI", "tags/openai.html"),
    ]


def test_localized_titles_labels_and_sphinx_tags_config_per_locale(build_site, pages_dir):
    (pages_dir / "ja" / "infra.md").write_text(
        "---\norphan: true\n---\n# インフラの話\n\n```{tags} インフラ\n```\n", encoding="utf-8"
    )
    (pages_dir / "en" / "infra.md").write_text(
        "---\norphan: true\n---\n# Infra\n\n```{tags}\nAI Infrastructure\n```\n", encoding="utf-8"
    )
    ja = build_site(FIXTURE_SITE, "ja", newsdesk_pages_dir=str(pages_dir))
    assert _h1(soup(ja.outdir / "tags/index.html")) == "タグ"
    assert soup(ja.outdir / "tags/index.html").select_one("p.rubric").get_text() == "すべてのタグ（記事とページの数）"
    assert _h1(soup(ja.outdir / "tags/infrastructure.html")) == "タグ: インフラ"
    badges = soup(ja.outdir / "infra.html").select("p.tags")[0]
    assert badges.span.get_text() == "タグ: "
    assert [(a.get_text(), a["href"]) for a in badges.select("a")] == [("インフラ", "tags/infrastructure.html")]
    titles = {"en": "Topic", "ja": "話題"}
    en = build_site(FIXTURE_SITE, "en", newsdesk_pages_dir=str(pages_dir), tags_page_title=titles)
    assert _h1(soup(en.outdir / "tags/openai.html")) == "Topic: OpenAI"
    # an alias files the page under the canonical tag, in the build's labels
    infra = soup(en.outdir / "infra.html").select("p.tags a")
    assert [(a.get_text(), a["href"]) for a in infra] == [("Infrastructure", "tags/infrastructure.html")]
    assert ("Infra", "../infra.html") in _page_cards(soup(en.outdir / "tags/infrastructure.html"))
    assert "Topic" not in warnings_of(en)  # a dict per locale is resolved before Sphinx checks the types


def test_collision_free_slugs_and_sphinx_tags_labels(build_site, pages_dir):
    assert sphinx_tags._normalize_tag("C++", dashes=True) == sphinx_tags._normalize_tag("C", dashes=True)
    (pages_dir / "en" / "languages.md").write_text(
        "---\norphan: true\n---\n# Languages\n\n```{tags} C++, C\n```\n\n"
        "See {ref}`sphx_tag_c-plus-plus`, {ref}`sphx_tag_c` and {ref}`tagoverview`.\n",
        encoding="utf-8",
    )
    app = build_site(FIXTURE_SITE, "en", newsdesk_pages_dir=str(pages_dir))
    page = soup(app.outdir / "languages.html")
    assert [a["href"] for a in page.select("p.tags a")] == ["tags/c-plus-plus.html", "tags/c.html"]
    refs = [a["href"] for a in page.select("p:not(.tags) a.reference")]
    assert refs == [
        "tags/c-plus-plus.html#sphx-tag-c-plus-plus",
        "tags/c.html#sphx-tag-c",
        "tags/index.html#tagoverview",
    ]
    for slug in ("c-plus-plus", "c"):
        assert _page_cards(soup(app.outdir / "tags" / f"{slug}.html")) == [("Languages", "../languages.html")]
    assert "WARNING" not in warnings_of(app)


def test_unknown_tag_on_a_page_warns_with_file_line_and_suggestion(build_site, pages_dir):
    path = pages_dir / "en" / "frontier-labs.md"
    path.write_text(path.read_text(encoding="utf-8").replace("OpenAI\n", "OpenAl\n"), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("```{tags} Anthropic, OpenAl") + 1
    app = build_site(FIXTURE_SITE, "en", newsdesk_pages_dir=str(pages_dir))
    assert f"{path}:{line}: WARNING: tags: unknown tag 'OpenAl' (did you mean 'OpenAI'?)" in warnings_of(app)
    assert (app.outdir / "tags/openal.html").is_file()  # an unknown tag still gets its page, as an article's


def test_tags_the_page_scan_cannot_see_are_reported(build_site, pages_dir):
    (pages_dir / "en" / "inc.md").write_text("---\norphan: true\n---\n# Inc\n\n```{include} part.txt\n```\n", "utf-8")
    (pages_dir / "en" / "part.txt").write_text("```{tags} Robotics\n```\n", encoding="utf-8")
    app = build_site(FIXTURE_SITE, "en", newsdesk_pages_dir=str(pages_dir))
    assert "the tags Robotics of this {tags} directive are on no tag page" in warnings_of(app)


def test_page_scan_reads_myst_tokens():
    title, found = pages.read(
        "# A *title*\n\n```{tags} A, B\n```\n\n```text\n```{tags} Not, These\n```\n\n"
        ":::{note}\n```{tags}\nC,\nD\n```\n:::\n"
    )
    assert title == "A *title*"
    assert [(d.line, d.argument, d.content) for d in found] == [(3, "A, B", ()), (11, "", ("C,", "D"))]


# ------------------------------------------------------------------ staging and rebuilds
def test_rebuild_rewrites_and_rereads_nothing(build_site, tmp_path):
    srcdir = tmp_path / "site"
    build_site(FIXTURE_SITE, "en", srcdir=srcdir)
    stamps = {p: p.stat().st_mtime_ns for p in sorted((srcdir / "tags").glob("*.md"))}
    assert len(stamps) > 10
    app = build_site(FIXTURE_SITE, "en", srcdir=srcdir, build=False)
    read = _read_docs(app)
    app.build()
    assert read == []
    assert {p: p.stat().st_mtime_ns for p in sorted((srcdir / "tags").glob("*.md"))} == stamps


def test_only_the_affected_tag_pages_are_read_again(build_site, tmp_path, pages_dir):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    srcdir = tmp_path / "site"
    build_site(content, "en", srcdir=srcdir, newsdesk_pages_dir=str(pages_dir))
    article = content / ARTICLE / "en.md"
    article.write_text(article.read_text(encoding="utf-8").replace('"Robotics"', '"OpenAI"'), encoding="utf-8")
    app = build_site(content, "en", srcdir=srcdir, newsdesk_pages_dir=str(pages_dir), build=False)
    read = _read_docs(app)
    app.build()
    assert sorted(read) == [ARTICLE, "tags/index", "tags/openai"]  # tags/robotics is gone
    assert not (app.outdir / "tags/robotics.html").exists()

    page = pages_dir / "en" / "frontier-labs.md"
    page.write_text(page.read_text(encoding="utf-8").replace("OpenAI\n", "OpenAI, C\n"), encoding="utf-8")
    app = build_site(content, "en", srcdir=srcdir, newsdesk_pages_dir=str(pages_dir), build=False)
    read = _read_docs(app)
    app.build()
    assert sorted(read) == ["frontier-labs", "tags/c", "tags/index"]
    assert _page_cards(soup(app.outdir / "tags/c.html")) == [(PAGE_TITLES["en"], "../frontier-labs.html")]


def test_articles_stay_out_of_furos_navigation(build_site):
    app = build_site(FIXTURE_SITE, "en")
    for name in ("tags/index.html", "tags/openai.html"):
        page = soup(app.outdir / name)
        assert not page.select("article .toctree-wrapper")
        nav = [a["href"] for a in page.select(".sidebar-tree a")]
        assert nav
        assert not [href for href in nav if "articles/" in href], nav


def test_tags_output_dir_is_followed(build_site):
    app = build_site(FIXTURE_SITE, "en", tags_output_dir="topics")
    assert (app.outdir / "topics/c-plus-plus.html").is_file()
    assert not (app.outdir / "tags").exists()
    badges = soup(app.outdir / "articles/20251105/cpp-agents.html").select(".newsdesk-tags a")
    assert {a["href"] for a in badges} >= {"../../topics/c-plus-plus.html"}
    # only the hand-written pages, which link to tags/ themselves, miss their targets
    assert not [line for line in warnings_of(app).splitlines() if "WARNING" in line and "source/pages" not in line]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tags_create_tags": False}, "tags_create_tags = True"),
        ({"tags_output_dir": "../out"}, "plain relative folder"),
        ({"tags_output_dir": "categories"}, "taken by other pages"),
    ],
)
def test_sphinx_tags_settings_we_cannot_honour_are_errors(build_site, overrides, message):
    with pytest.raises(ConfigError, match=message):
        build_site(FIXTURE_SITE, "en", build=False, **overrides)
