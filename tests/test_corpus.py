"""The real corpus (../shared/corpus) builds in both locales without a warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO, require_corpus, soup, warnings_of
from PIL import Image

from newsdesk.catalog import Catalog
from newsdesk.vocabulary import Vocabulary

pytestmark = pytest.mark.corpus


def test_corpus_builds_every_article_in_both_locales(build_site):
    corpus = require_corpus()
    catalog = Catalog.load(corpus, Vocabulary.load(REPO / "source/_data/vocabulary.yaml"))
    apps = {locale: build_site(corpus, locale) for locale in ("en", "ja")}
    for locale, app in apps.items():
        assert warnings_of(app).strip() == "", locale
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
