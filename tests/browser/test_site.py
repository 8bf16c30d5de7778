"""What a reader sees and clicks, in Chromium, on the fixture site served over HTTP (issue [7 browser])."""

from __future__ import annotations

import re

import pytest

from .harness import CONTRAST_JS

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -r requirements-dev.txt")
from playwright.sync_api import expect

CLOUD = "articles/20251118/cloud-deal-brief.html"
CPP = "articles/20251105/cpp-agents.html"


def h1(page) -> str:
    return page.locator("article h1").first.inner_text().rstrip("#¶ \n")


def test_landing_to_article_to_tag_to_article(page, site_url):
    page.goto(f"{site_url}index.html?choose")  # the chooser, whatever the browser's language
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site_url}en/index.html")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator(".newsdesk-listing").get_by_role("link", name="Coding Agents Learn C++").click()
    expect(page).to_have_url(f"{site_url}en/{CPP}")
    assert h1(page) == "Coding Agents Learn C++"

    page.locator("article .newsdesk-tags").get_by_role("link", name="OpenAI").click()
    expect(page).to_have_url(f"{site_url}en/tags/openai.html")
    listing = page.locator("article .newsdesk-listing")
    expect(listing.get_by_role("link", name="Coding Agents Learn C++")).to_be_visible()

    listing.get_by_role("link", name=re.compile(r"^Winter Roundup")).click()
    expect(page).to_have_url(f"{site_url}en/articles/20251201/winter-roundup.html")
    assert h1(page) == "Winter Roundup <script>alert('x')</script> & More"


def test_japanese_landing_to_article(page, site_url):
    page.goto(f"{site_url}index.html?choose")
    page.get_by_role("link", name="日本語").click()
    expect(page).to_have_url(f"{site_url}ja/index.html")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.get_by_role("link", name="クラウド契約速報：モデルのための計算資源").click()
    expect(page).to_have_url(f"{site_url}ja/{CLOUD}")


@pytest.mark.parametrize("path", [CLOUD, "tags/anthropic.html"])
@pytest.mark.parametrize("switch", ["article a.newsdesk-twin-link", "nav.newsdesk-language a"])
def test_language_switch_lands_on_the_twin(page, site_url, path, switch):
    page.goto(f"{site_url}en/{path}")
    english = h1(page)
    page.locator(switch).click()
    expect(page).to_have_url(f"{site_url}ja/{path}")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert h1(page) != english
    page.locator(switch).click()
    expect(page).to_have_url(f"{site_url}en/{path}")
    assert h1(page) == english


def test_english_only_article_offers_no_switch(page, site_url):
    page.goto(f"{site_url}en/articles/20251201/winter-roundup.html")
    expect(page.locator("a.newsdesk-twin-link")).to_have_count(0)
    expect(page.locator("nav.newsdesk-language")).to_have_count(0)


@pytest.mark.parametrize(
    ("locale", "older", "newer"),
    [
        ("en", "A Robot Joins the Newsroom", "Cloud Deal Brief: Compute for Models"),
        ("ja", "ロボットが編集部に加わる", "クラウド契約速報：モデルのための計算資源"),
    ],
)
def test_prev_next_by_date(page, site_url, locale, older, newer):
    page.goto(f"{site_url}{locale}/{CPP}")
    page.locator("a.prev-page").click()
    expect(page).to_have_url(f"{site_url}{locale}/articles/20251020/robot-newsroom.html")
    assert h1(page) == older
    expect(page.locator("a.prev-page")).to_have_count(0)  # the oldest article
    page.locator("a.next-page").click()
    expect(page).to_have_url(f"{site_url}{locale}/{CPP}")
    page.locator("a.next-page").click()
    expect(page).to_have_url(f"{site_url}{locale}/{CLOUD}")
    assert h1(page) == newer


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_sidebar_at_phone_width(new_page, site_url, locale):
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.goto(f"{site_url}{locale}/{CLOUD}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375px ({width}px wide)"
    archive = page.locator('.sidebar-tree a[href$="archive/index.html"]').first
    expect(archive).not_to_be_in_viewport()
    page.locator("label.nav-overlay-icon").click()
    expect(archive).to_be_in_viewport()
    expect(page.locator("nav.newsdesk-language a")).to_be_in_viewport()
    expect(page.locator(".sidebar-search")).to_be_in_viewport()
    # the drawer slides in: wait until it rests inside the screen
    page.wait_for_function(
        "() => { const r = document.querySelector('.sidebar-drawer').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= 375; }",
        timeout=5_000,
    )
    archive.click()
    expect(page).to_have_url(f"{site_url}{locale}/archive/index.html")


TEXT = ":is(p, li, span, strong, em, a, td, th, dt, dd, figcaption, div):visible"
OWN_TEXT = "e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())"


@pytest.mark.parametrize("locale", ["en", "ja"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_cards_stay_readable(new_page, site_url, locale, theme):
    """The mascot and comparison cards (newsdesk/cards.py): text contrast at least 4.5:1 (WCAG AA), both themes."""
    page = new_page(color_scheme="light")
    page.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    page.goto(f"{site_url}{locale}/{CLOUD}")
    expect(page.locator("body")).to_have_attribute("data-theme", theme)
    poor = []
    for card in ("article .newsdesk-mascot", "article .newsdesk-comparison"):
        expect(page.locator(card)).to_have_count(1)
        measured = [
            element.evaluate(CONTRAST_JS)
            for element in page.locator(card).locator(TEXT).element_handles()
            if element.evaluate(OWN_TEXT)
        ]
        assert len(measured) >= 2, f"{card}: too little text found ({measured})"
        poor += [(card, m) for m in measured if m["ratio"] < 4.5]
    assert not poor, f"low contrast in {theme} mode: {poor}"


def search(page, site_url: str, locale: str, words: str) -> list[str]:
    """Type into the sidebar search box, submit, return the titles of the results."""
    page.goto(f"{site_url}{locale}/index.html")
    box = page.locator("input.sidebar-search")
    box.fill(words)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(site_url)}{locale}/search\.html\?q="))
    # Pagefind's UI shows the count once the results are in
    expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"\d"), timeout=20_000)
    return [link.inner_text() for link in page.locator(".pagefind-ui__result-link").all()]


def test_search_finds_an_english_body_word(page, site_url):
    titles = search(page, site_url, "en", "bottleneck")  # only in the body of cloud-deal-brief
    assert titles == ["Cloud Deal Brief: Compute for Models"]
    page.locator(".pagefind-ui__result-link").first.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(site_url)}en/{CLOUD}"))


@pytest.mark.parametrize("word", ["提携", "インフラ"])
def test_search_finds_a_japanese_body_word(page, site_url, word):
    titles = search(page, site_url, "ja", word)
    assert "クラウド契約速報：モデルのための計算資源" in titles
    link = page.locator(".pagefind-ui__result-link", has_text="クラウド契約速報")
    link.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(site_url)}ja/{CLOUD}"))
