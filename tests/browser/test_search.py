"""Search as a reader types it (issue [11 search]): Pagefind over the shared corpus, in Chromium.

The corpus (110 real articles) is built once, both locales, like ``make html``, and served over
HTTP. Japanese compound words must find the articles that hold them (Sphinx's own search split
the query only at spaces), English words too, with the count in the page's language; a filter
narrows the results; no JavaScript error; axe finds nothing serious on the search page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from .harness import REPO, build_html, serve

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -r requirements-dev.txt")
from playwright.sync_api import expect

CORPUS = (REPO.parent / "shared" / "corpus").resolve()
RESULT = ".pagefind-ui__result"


@pytest.fixture(scope="module")
def corpus_url(browser_or_skip, tmp_path_factory) -> Iterator[str]:
    if not (CORPUS / "articles").is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); it lives beside the project checkout")
    html = build_html(CORPUS, tmp_path_factory.mktemp("search-corpus"))
    with serve(html) as url:
        yield url


def bodies_with(word: str, locale: str) -> list[str]:
    """Corpus articles of ``locale`` whose body (after the front matter) holds ``word``."""
    found = []
    for path in sorted((CORPUS / "articles").glob(f"*/*/{locale}.md")):
        body = path.read_text(encoding="utf-8").split("\n---", 2)[-1]
        if word.casefold() in body.casefold():
            found.append(path.parent.name)
    return found


def search(page, url: str, locale: str, words: str) -> int:
    """Open search.html?q=words as furo's box does; return the count the page shows."""
    page.goto(f"{url}{locale}/search.html?q={quote(words)}")
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"\d"), timeout=20_000)
    return int(re.search(r"(\d+)", message.inner_text()).group(1))


@pytest.mark.parametrize("word", ["画像生成", "テクにゃん", "生成AI", "大規模言語モデル", "資金調達"])
def test_japanese_compound_words_find_their_articles(page, corpus_url, word):
    expected = bodies_with(word, "ja")
    assert expected, f"{word} is in no ja article of the corpus"
    count = search(page, corpus_url, "ja", word)
    expect(page.locator(RESULT).first).to_contain_text("日付: ", timeout=15_000)
    assert count >= len(expected), (word, count, expected)
    assert "件" in page.locator(".pagefind-ui__message").inner_text()  # the count, in Japanese
    first = page.locator(RESULT).first
    assert first.locator("mark").count() >= 1  # the excerpt highlights the query
    assert re.search(r"日付: \d{4}年\d{1,2}月\d{1,2}日", first.inner_text())  # its date, as Japanese write it
    assert "カテゴリー: " in first.inner_text()
    assert "カテゴリー" in page.locator(".pagefind-ui__filter-name").first.inner_text()  # filters, in Japanese


@pytest.mark.parametrize("word", ["bottleneck", "Anthropic"])
def test_english_words_find_their_articles(page, corpus_url, word):
    expected = bodies_with(word, "en")
    assert expected
    count = search(page, corpus_url, "en", word)
    assert count >= len(expected), (word, count, expected)
    assert "result" in page.locator(".pagefind-ui__message").inner_text()
    text = page.locator(RESULT).first.inner_text()
    assert "Read in" not in text  # no page furniture in the excerpt
    assert "日本語で読む" not in text


def test_a_filter_narrows_the_results(page, corpus_url):
    count = search(page, corpus_url, "en", "AI")
    category = page.locator(".pagefind-ui__filter-name", has_text="category")
    category.click()
    option = page.locator(".pagefind-ui__filter-checkbox").first
    option.check()
    # wait for a count again, another one (the message says "searching" in between)
    page.wait_for_function(
        """([selector, before]) => {
            const found = (document.querySelector(selector)?.textContent || "").match(/(\\d+)/);
            return found !== null && Number(found[1]) !== before;
        }""",
        arg=[".pagefind-ui__message", count],
        timeout=15_000,
    )
    narrowed = int(re.search(r"(\d+)", page.locator(".pagefind-ui__message").inner_text()).group(1))
    assert 0 < narrowed < count


def result_dates(page) -> list[dt.date]:
    """Every result's date, in the order shown: "Load more results" pressed until all are listed,
    then each result's details (they arrive on their own) awaited."""
    more = page.locator(".pagefind-ui__button")
    while more.count() and more.first.is_visible():
        more.first.click()
        page.wait_for_timeout(100)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pagefind-ui__result')].every(r => r.textContent.includes('Date:'))",
        timeout=30_000,
    )
    found = [re.search(r"Date: ([A-Z][a-z]+ \d{1,2}, \d{4})", item.inner_text()) for item in page.locator(RESULT).all()]
    assert all(found)
    return [dt.datetime.strptime(m.group(1), "%B %d, %Y").date() for m in found]


def test_all_results_are_newest_first(page, corpus_url):
    """The whole list, not only its first page, across the years of the corpus's articles and
    timeline entries."""
    count = search(page, corpus_url, "en", "AI")
    dates = result_dates(page)
    assert len(dates) == count
    assert len({d.year for d in dates}) >= 2, dates  # the timeline's entries (2023, 2024) and the articles (2025)
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_search_page_at_phone_width_and_by_keyboard(new_page, corpus_url, locale):
    page = new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{corpus_url}{locale}/search.html")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=20_000)
    box.focus()
    page.keyboard.type("Claude")
    expect(page.locator(RESULT).first).to_be_visible(timeout=20_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the search page scrolls sideways at 375 px ({width} px)"


def test_the_page_says_so_when_the_index_is_missing(new_page, corpus_url):
    page = new_page()
    page.route("**/pagefind/pagefind-ui.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(f"{corpus_url}en/search.html?q=AI")
    expect(page.locator(".newsdesk-search-unavailable")).to_contain_text("unavailable")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["en", "ja"])
def test_search_page_has_no_serious_accessibility_issue(page, corpus_url, locale, theme):
    from .test_a11y import BLOCKING, axe_violations, describe

    page.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    search(page, corpus_url, locale, "Claude")
    expect(page.locator(RESULT).first).to_be_visible()
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
