"""Tags, categories, archives, feeds and discovery (issue [3 taxonomy])."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import FIXTURE_SITE, soup, warnings_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def en_site(build_site):
    return build_site(FIXTURE_SITE, "en")


def _titles(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".newsdesk-listing .sd-card-title a")]


def test_tag_overview_has_counts(en_site):
    page = soup(en_site.outdir / "tags/index.html")
    entries = {
        li.a.get_text(strip=True): li.select_one(".newsdesk-count").get_text(strip=True)
        for li in page.select("ul.newsdesk-terms-tag li")
    }
    assert entries["OpenAI"] == "(3)"  # two articles and the hand-written page source/pages/en/frontier-labs.md
    assert entries["AI/ML"] == "(2)"
    assert entries["Microsoft Azure"] == "(1)"


def test_tag_page_lists_newest_first_with_details(en_site):
    page = soup(en_site.outdir / "tags/openai.html")
    assert page.find("h1").get_text(strip=True).rstrip("#¶") == "Tag: OpenAI"
    assert _titles(page) == ["Winter Roundup <script>alert('x')</script> & More", "Coding Agents Learn C++"]
    card = page.select(".newsdesk-listing .sd-card")[1]
    assert card.find("time")["datetime"] == "2025-11-05"
    assert card.select_one(".newsdesk-card-category").get_text() == "ChatGPT"
    assert "compile, test and fix" in card.select_one(".newsdesk-card-description").get_text()


def test_alias_files_under_canonical_tag(en_site):
    page = soup(en_site.outdir / "tags/microsoft-azure.html")
    assert _titles(page) == ["Cloud Deal Brief: Compute for Models"]  # written as "Azure"
    assert not (en_site.outdir / "tags/azure.html").exists()
    nvidia = soup(en_site.outdir / "tags/nvidia.html")  # written as "NVIDIA"
    assert _titles(nvidia) == ["Cloud Deal Brief: Compute for Models"]


@pytest.mark.parametrize(
    ("label", "slug"), [("C++", "c-plus-plus"), ("C", "c"), ("AI/ML", "ai-ml"), ("日本語 タグ", "日本語-タグ")]
)
def test_special_character_tags_get_unique_working_pages(en_site, label, slug):
    page_path = en_site.outdir / "tags" / f"{slug}.html"
    assert page_path.is_file()
    assert soup(page_path).find("h1").get_text(strip=True).rstrip("#¶") == f"Tag: {label}"
    in_winter = label in ("C", "日本語 タグ")
    article = f"articles/{'20251201/winter-roundup' if in_winter else '20251105/cpp-agents'}.html"
    links = {a.get_text(): a["href"] for a in soup(en_site.outdir / article).select(".newsdesk-tags a")}
    target = (en_site.outdir / article).parent / unquote(links[label])
    assert target.resolve() == page_path.resolve()


def test_tag_page_links_to_its_other_language_twin(build_site):
    en = build_site(FIXTURE_SITE, "en")
    ja = build_site(FIXTURE_SITE, "ja")
    en_page = soup(en.outdir / "tags/infrastructure.html")
    ja_page = soup(ja.outdir / "tags/infrastructure.html")
    assert ja_page.find("h1").get_text(strip=True).rstrip("#¶") == "タグ: インフラ"
    assert en_page.select_one("a.newsdesk-twin-link")["href"] == "../../ja/tags/infrastructure.html"
    assert ja_page.select_one("a.newsdesk-twin-link")["href"] == "../../en/tags/infrastructure.html"
    # every tag page of both locales links to its twin when the twin exists
    for app, other in ((en, ja), (ja, en)):
        for page_path in (app.outdir / "tags").glob("*.html"):
            twin = soup(page_path).select_one("a.newsdesk-twin-link")
            exists = (other.outdir / "tags" / page_path.name).exists()
            assert (twin is not None) == exists, page_path.name


def test_category_and_archive_pages(build_site):
    app = build_site(FIXTURE_SITE, "ja")
    assert _titles(soup(app.outdir / "categories/claude.html")) == ["クラウド契約速報：モデルのための計算資源"]
    november = soup(app.outdir / "archive/2025/11.html")
    assert november.find("h1").get_text(strip=True).rstrip("#¶") == "2025年11月"
    assert len(_titles(november)) == 2
    archive = soup(app.outdir / "archive/index.html")
    months = [a.get_text() for a in archive.select("ul.newsdesk-terms-month a")]
    assert months == ["2025年11月", "2025年10月"]
    # the landing page and archives share the listing component
    landing = soup(app.outdir / "index.html")
    assert landing.select(".newsdesk-listing .sd-card.newsdesk-article-card")
    assert november.select(".newsdesk-listing .sd-card.newsdesk-article-card")


def test_unknown_tag_warns_with_file_line_and_suggestion(build_site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    article = content / "articles/20251020/robot-newsroom/en.md"
    article.write_text(article.read_text().replace('"Robotics"', '"Robotcs"'), encoding="utf-8")
    app = build_site(content, "en", vocabulary=FIXTURE_SITE / "vocabulary.yaml")
    warnings = warnings_of(app)
    assert f"{article}:6: WARNING: tags: unknown tag 'Robotcs' (did you mean 'Robotics'?)" in warnings
    assert (app.outdir / "articles/20251020/robot-newsroom.html").is_file()


def _parse_feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    return root


def test_atom_feeds_per_locale_and_category(build_site):
    app = build_site(FIXTURE_SITE, "ja", newsdesk_site_url="https://news.example.com/")
    feed = _parse_feed(app.outdir / "atom.xml")
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}title").text == "クラウド契約速報：モデルのための計算資源"
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "https://news.example.com/ja/articles/20251118/cloud-deal-brief.html"
    assert entries[0].find(f"{ATOM}summary").text.startswith("2社のモデル開発企業")
    category_feed = _parse_feed(app.outdir / "categories/chatgpt.atom.xml")
    assert len(category_feed.findall(f"{ATOM}entry")) == 1
    head = soup(app.outdir / "index.html").find("link", attrs={"type": "application/atom+xml"})
    assert head["href"] == "atom.xml"


def test_feed_escapes_markup(en_site):
    feed = _parse_feed(en_site.outdir / "atom.xml")
    first = feed.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}title").text == "Winter Roundup <script>alert('x')</script> & More"
    raw = (en_site.outdir / "atom.xml").read_text()
    assert "<script>" not in raw


def test_sitemap_and_opengraph(en_site):
    sitemap = ET.parse(en_site.outdir / "sitemap.xml").getroot()
    urls = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "https://newsdesk.example.org/en/articles/20251105/cpp-agents.html" in urls
    page = soup(en_site.outdir / "articles/20251105/cpp-agents.html")
    og = {m["property"]: m["content"] for m in page.find_all("meta", attrs={"property": True})}
    assert og["og:description"] == "Agents now compile, test and fix C++ code in a sandbox."
    assert og["og:type"] == "article"
    assert og["article:published_time"] == "2025-11-05"
    assert og["og:url"] == "https://newsdesk.example.org/en/articles/20251105/cpp-agents.html"


def test_sphinx_tags_badge_colours_apply(build_site):
    app = build_site(FIXTURE_SITE, "en", tags_badge_colors={"AI*": "success"})
    page = soup(app.outdir / "articles/20251105/cpp-agents.html")
    classes = {a.get_text(): a["class"] for a in page.select(".newsdesk-tags a")}
    assert "sd-outline-success" in classes["AI/ML"]
    assert "sd-outline-primary" in classes["C++"]
