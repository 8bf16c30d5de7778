"""End-to-end: an article file becomes a page per locale (issue [1 foundation])."""

from __future__ import annotations

from conftest import FIXTURE_SITE, REPO, soup, warnings_of

SEED = "articles/20251118/microsoft-nvidia-anthropic-partnership"


def test_seed_article_page(build_site):
    app = build_site(REPO / "source", "en")
    page = soup(app.outdir / f"{SEED}.html")
    h1s = page.find_all("h1")
    assert [h.get_text(strip=True).rstrip("#¶") for h in h1s] == [
        "Microsoft & Nvidia Invest in Anthropic with $30B Azure Commitment"
    ]
    assert page.html["lang"] == "en"
    meta = page.find("meta", attrs={"name": "description"})
    assert meta["content"].startswith("On November 18, 2025, Microsoft and Nvidia announced")
    og = page.find("meta", attrs={"property": "og:description"})
    assert og["content"] == meta["content"]
    time = page.find("time")
    assert time["datetime"] == "2025-11-18"
    assert time.get_text() == "November 18, 2025"
    lead = page.select_one("p.newsdesk-lead")
    assert lead.get_text() == meta["content"]
    category = page.select_one(".newsdesk-meta a")
    assert category["href"] == "../../categories/claude.html"
    tag_links = {a.get_text(): a["href"] for a in page.select(".newsdesk-tags a")}
    assert tag_links["Microsoft Azure"] == "../../tags/microsoft-azure.html"  # alias Azure
    assert tag_links["Infrastructure"] == "../../tags/infrastructure.html"  # alias AI Infrastructure
    assert (app.outdir / "tags" / "microsoft-azure.html").is_file()
    twin = page.select_one("a.newsdesk-twin-link")
    assert twin["hreflang"] == "ja"
    assert twin.get_text() == "日本語で読む"
    assert twin["href"] == f"../../../ja/{SEED}.html"
    assert not warnings_of(app).strip()


def test_seed_japanese_page(build_site):
    app = build_site(REPO / "source", "ja")
    page = soup(app.outdir / f"{SEED}.html")
    assert page.html["lang"] == "ja"
    assert page.find("time").get_text() == "2025年11月18日"
    twin = page.select_one("a.newsdesk-twin-link")
    assert twin.get_text() == "Read in English"
    assert twin["href"] == f"../../../en/{SEED}.html"
    # Sphinx's Japanese search splitter and UI strings
    assert "ja" in (app.outdir / "_static" / "documentation_options.js").read_text()
    search = soup(app.outdir / "search.html")
    assert "検索" in search.get_text()
    assert not warnings_of(app).strip()


def test_each_locale_holds_only_its_articles(build_site):
    app = build_site(FIXTURE_SITE, "ja")
    assert (app.outdir / "articles/20251105/cpp-agents.html").is_file()
    assert not (app.outdir / "articles/20251201/winter-roundup.html").exists()  # en only
    assert not list(app.outdir.rglob("en.html"))
    assert not list(app.outdir.rglob("ja.html"))


def test_repeated_body_h1_is_merged(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "articles/20251105/cpp-agents.html")
    assert len(page.find_all("h1")) == 1
    assert page.find("h1").get_text(strip=True).rstrip("#¶") == "Coding Agents Learn C++"
    assert [h.get_text(strip=True).rstrip("#¶") for h in page.find_all("h2")] == ["Why it matters"]


def test_landing_page_cards_newest_first(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "index.html")
    titles = [a.get_text(strip=True) for a in page.select(".newsdesk-listing .sd-card-title a")]
    assert titles[:3] == [
        "Winter Roundup <script>alert('x')</script> & More",
        "Cloud Deal Brief: Compute for Models",
        "Coding Agents Learn C++",
    ]
    first = page.select_one(".newsdesk-listing .sd-card")
    assert first.find("time")["datetime"] == "2025-12-01"
    assert "A <b>bold</b> look back" in first.get_text()
    hrefs = {a["href"] for a in page.select("a")}
    assert {"archive/index.html", "tags/index.html", "categories/index.html"} <= hrefs


def test_prev_next_follow_dates(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "articles/20251105/cpp-agents.html")
    prev = page.select_one("a.prev-page")
    nxt = page.select_one("a.next-page")
    assert prev["href"].endswith("20251020/robot-newsroom.html")
    assert nxt["href"].endswith("20251118/cloud-deal-brief.html")


def test_articles_stay_out_of_the_sidebar_tree(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "index.html")
    sidebar_links = [a["href"] for a in page.select(".sidebar-tree a")]
    assert sidebar_links, "the sidebar has the archive hierarchy"
    assert not [h for h in sidebar_links if "articles/" in h]


def test_front_matter_text_is_escaped(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "articles/20251201/winter-roundup.html")
    assert page.find("h1").get_text(strip=True).rstrip("#¶") == "Winter Roundup <script>alert('x')</script> & More"
    assert not [s for s in page.find_all("script") if "alert" in s.get_text()]
    assert not page.select("article img")
    lead = page.select_one("p.newsdesk-lead")
    assert lead.get_text() == "A <b>bold</b> look back at the season; {sub}`not a role` stays text."
    assert lead.find("b") is None
