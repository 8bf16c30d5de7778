"""The real corpus (../shared/corpus) builds in both locales without a warning; its mascot
sections are cards, its articles show a reading time and related articles (issue [12 reader])."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO, require_corpus, soup, warnings_of
from PIL import Image

from newsdesk.catalog import Catalog
from newsdesk.mascot_sections import same_text
from newsdesk.vocabulary import Vocabulary

pytestmark = pytest.mark.corpus

MASCOT_HEADING = re.compile(r"^#{1,6} .*(Technyan|テクにゃん)", re.M)
READING = {"en": re.compile(r"^\d+ min read$"), "ja": re.compile(r"^約\d+分で読めます$")}


def test_corpus_builds_every_article_in_both_locales(build_site):
    corpus = require_corpus()
    catalog = Catalog.load(corpus, Vocabulary.load(REPO / "source/_data/vocabulary.yaml"))
    apps = {locale: build_site(corpus, locale) for locale in ("en", "ja")}
    for locale, app in apps.items():
        assert warnings_of(app).strip() == "", locale
        sections = related = 0
        other = "ja" if locale == "en" else "en"
        articles = catalog.for_locale(locale)
        assert len(articles) == 55
        for article in articles:
            path = app.outdir / f"{article.docname}.html"
            page = soup(path)
            assert page.html["lang"] == locale
            assert [h.get_text(strip=True).rstrip("#¶") for h in page.find_all("h1")] == [article.title]
            assert page.find("meta", attrs={"name": "description"})["content"] == article.description
            assert page.find("time")["datetime"] == article.date.isoformat()
            # its social card (newsdesk.social), 1200x630
            card = page.find("meta", attrs={"property": "og:image"})["content"]
            assert card == f"https://newsdesk.example.org/{locale}/_social/{article.docname}.png"
            assert Image.open(app.outdir / "_social" / f"{article.docname}.png").size == (1200, 630)
            # the twin link, resolved as if both builds sat side by side as <root>/en and <root>/ja
            href = page.select_one("a.newsdesk-twin-link")["href"]
            as_if = Path(os.path.normpath(Path(locale) / article.docname).replace("\\", "/")).parent / href
            assert Path(os.path.normpath(as_if)) == Path(other) / f"{article.docname}.html"
            assert (apps[other].outdir / f"{article.docname}.html").is_file()
            # the mascot speaks in cards only, each comment once
            headings = [h.get_text() for h in page.select("article h1, article h2, article h3, article h4")]
            assert not [h for h in headings if "Technyan" in h or "テクにゃん" in h], article.docname
            said = [same_text(c.get_text(" ")) for c in page.select(".newsdesk-mascot .sd-card-body")]
            assert len(said) == len(set(said)), article.docname
            if MASCOT_HEADING.search(article.path.read_text(encoding="utf-8")):
                sections += 1
                assert page.select(".newsdesk-mascot-section"), article.docname
            assert READING[locale].match(page.select_one(".newsdesk-reading-time").get_text()), article.docname
            links = page.select(".newsdesk-related a.newsdesk-related-link")
            assert len(links) <= 3
            related += bool(links)
            for link in links:
                assert (path.parent / link["href"]).resolve().is_file(), (article.docname, link["href"])
        assert sections > 0, locale  # the corpus has mascot sections in both locales
        assert related > len(articles) // 2, (locale, related)
