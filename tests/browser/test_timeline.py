"""The timeline's filters, in Chromium, on our own source/ built and served (issue [14 timeline])."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import REPO, build_html, serve

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -r requirements-dev.txt")
from playwright.sync_api import expect

CARDS = ".newsdesk-timeline-card"


@pytest.fixture(scope="module")
def timeline_url(browser_or_skip: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    html: Path = build_html(REPO / "source", tmp_path_factory.mktemp("browser-timeline"), locales=("en",))
    with serve(html) as url:
        yield f"{url}en/timeline/index.html"


def visible_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(f"{CARDS}:visible .sd-card-title").all_inner_texts()]


def test_filters_by_company_category_and_impact(page, timeline_url):
    page.goto(timeline_url)
    form = page.locator("form.newsdesk-timeline-filters")
    expect(form).to_be_visible()
    everything = visible_titles(page)
    assert len(everything) == 4

    page.get_by_label("Company").select_option("anthropic")
    assert visible_titles(page) == [
        "Anthropic publishes the Model Context Protocol",
        "Microsoft and Nvidia invest in Anthropic",
    ]
    expect(page).to_have_url(f"{timeline_url}?company=anthropic")
    expect(page.locator(".newsdesk-timeline-year:visible .newsdesk-timeline-year-title")).to_have_text(["2024", "2025"])

    page.get_by_label("Impact").select_option("medium")
    page.get_by_label("Category").select_option("investment")
    assert visible_titles(page) == ["Microsoft and Nvidia invest in Anthropic"]

    page.get_by_label("Impact").select_option("high")
    assert visible_titles(page) == []
    expect(page.locator(".newsdesk-timeline-none")).to_be_visible()

    for name in ("Company", "Category", "Impact"):
        page.get_by_label(name).select_option("")
    assert visible_titles(page) == everything
    expect(page.locator(".newsdesk-timeline-none")).to_be_hidden()


def test_a_filter_in_the_address_is_applied(page, timeline_url):
    page.goto(f"{timeline_url}?category=policy-regulation")
    assert visible_titles(page) == ["The EU AI Act enters into force"]
    expect(page.get_by_label("Category")).to_have_value("policy-regulation")


def test_without_javascript_the_full_list_shows(new_page, timeline_url):
    page = new_page(java_script_enabled=False)
    page.goto(timeline_url)
    expect(page.locator("form.newsdesk-timeline-filters")).to_be_hidden()
    assert len(visible_titles(page)) == 4


def test_search_can_be_restricted_to_the_timeline(page, timeline_url):
    """Pagefind indexes the entries too; the type filter keeps the timeline's results only."""
    page.goto(timeline_url.replace("timeline/index.html", "search.html?q=Anthropic"))
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible(timeout=20_000)
    expect(page.locator(".pagefind-ui__message")).to_contain_text("3 results")  # 1 article, 2 entries
    page.locator(".pagefind-ui__filter-name", has_text="type").click()
    page.locator(".pagefind-ui__filter-label", has_text="Timeline").click()
    expect(page.locator(".pagefind-ui__message")).to_contain_text("2 results")
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert sorted(hrefs) == [
        "/en/timeline/202411-model-context-protocol.html",
        "/en/timeline/202511-anthropic-microsoft-nvidia.html",
    ]
