"""Incremental rebuilds read only what changed (issue [3 taxonomy])."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURE_SITE, soup


@pytest.fixture
def content(tmp_path):
    path = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, path)
    return path


def _rebuild(build_site, content, srcdir):
    """Build again on the same folders; return (app, docnames read, docnames written)."""
    app = build_site(content, "en", srcdir=srcdir, build=False)
    read: list[str] = []
    written: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename))
    app.build()
    return app, sorted(read), written


def test_noop_rebuild_reads_nothing(build_site, content, tmp_path):
    srcdir = tmp_path / "site"
    first = build_site(content, "en", srcdir=srcdir)
    assert (first.outdir / "index.html").is_file()
    _, read, written = _rebuild(build_site, content, srcdir)
    assert read == []
    # Sphinx renders its additional pages at every build (genindex, search; sphinx-notfound-page's
    # 404, which newsdesk.notfoundpage replaces only when its bytes change: tests/test_web.py)
    assert [w for w in written if not w.startswith(("genindex", "search", "404"))] == []


def test_body_edit_rereads_only_that_article(build_site, content, tmp_path):
    srcdir = tmp_path / "site"
    build_site(content, "en", srcdir=srcdir)
    article = content / "articles/20251020/robot-newsroom/en.md"
    article.write_text(article.read_text() + "\nA new closing line.\n", encoding="utf-8")
    app, read, _ = _rebuild(build_site, content, srcdir)
    assert read == ["articles/20251020/robot-newsroom"]
    assert "A new closing line." in (app.outdir / "articles/20251020/robot-newsroom.html").read_text()


def test_tag_change_rereads_the_article_and_changed_listings(build_site, content, tmp_path):
    srcdir = tmp_path / "site"
    build_site(content, "en", srcdir=srcdir)
    article = content / "articles/20251020/robot-newsroom/en.md"
    article.write_text(article.read_text().replace('["Robotics", "AI/ML"]', '["Robotics", "OpenAI"]'), encoding="utf-8")
    app, read, _ = _rebuild(build_site, content, srcdir)
    # winter-roundup (OpenAI) is read again too: robot-newsroom joins its related articles
    assert read == [
        "articles/20251020/robot-newsroom",
        "articles/20251201/winter-roundup",
        "tags/ai-ml",
        "tags/index",
        "tags/openai",
    ]
    related = soup(app.outdir / "articles/20251201/winter-roundup.html").select(".newsdesk-related a")
    assert "A Robot Joins the Newsroom" in [a.get_text() for a in related]
    openai = [a.get_text(strip=True) for a in soup(app.outdir / "tags/openai.html").select(".sd-card-title a")]
    assert "A Robot Joins the Newsroom" in openai
    ai_ml = [a.get_text(strip=True) for a in soup(app.outdir / "tags/ai-ml.html").select(".sd-card-title a")]
    assert "A Robot Joins the Newsroom" not in ai_ml


def test_new_article_updates_neighbours_without_rereading_them(build_site, content, tmp_path):
    srcdir = tmp_path / "site"
    build_site(content, "en", srcdir=srcdir)
    new = content / "articles/20251210/late-news/en.md"
    new.parent.mkdir(parents=True)
    new.write_text(
        '---\ntitle: "Late News"\ndescription: "Something late."\ndate: 2025-12-10\n'
        'category: "Other"\ntags: []\nlocale: "en"\n---\n\nBody.\n',  # no tag: in no related list
        encoding="utf-8",
    )
    app, read, written = _rebuild(build_site, content, srcdir)
    assert "articles/20251210/late-news" in read
    assert "articles/20251201/winter-roundup" not in read
    assert "articles/20251201/winter-roundup" in written  # its "next" link changed
    page = soup(app.outdir / "articles/20251201/winter-roundup.html")
    assert page.select_one("a.next-page")["href"].endswith("20251210/late-news.html")
