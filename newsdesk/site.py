"""One locale's view of the site: its articles, indexes and the pages of every locale.

Built once per build from the :class:`~newsdesk.catalog.Catalog`, it answers the
questions listings and navigation ask (which articles have this tag, which is the
next newer one, does this page exist in Japanese) in constant or linear time.
Imports no Sphinx.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import pages, taxonomy
from .catalog import Catalog
from .model import Article
from .pdf import plan_book
from .related import related_index
from .staging import Entry, article_links, link_tree
from .timeline import Timeline, TimelineEntry, for_locale, plan_timeline_pages


class Tagger(Protocol):
    """The tags of a locale (sphinx-tags' model, :mod:`newsdesk.tagging`, which imports Sphinx)."""

    def index(self, articles: list[Article], hand_pages: list[pages.HandPage], locale: str) -> Any:
        """The tag index: ``articles(slug)``, ``tagged_pages(slug)``, ``docname(slug)``, ``tags``."""

    def plan(self, index: Any) -> dict[str, Entry]:
        """The tag pages of the index, by path in the staging folder."""


@dataclass
class Site:
    catalog: Catalog
    locale: str
    #: This locale's articles, newest first.
    articles: list[Article] = field(default_factory=list)
    by_docname: dict[str, Article] = field(default_factory=dict)
    #: Every locale's staging plan: relative path -> entry.
    plans: dict[str, dict[str, Entry]] = field(default_factory=dict)
    #: docname -> its related articles (:mod:`newsdesk.related`), best first.
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    #: This locale's timeline, oldest first, and its look-ups (:mod:`newsdesk.timeline`).
    timeline: Timeline = field(default_factory=Timeline)
    #: This locale's tags (:class:`newsdesk.tagging.TagIndex`); ``None`` without a tagger.
    tag_index: Any = None
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _by_term: dict[tuple[str, str], list[Article]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, catalog: Catalog, locale: str, pages_dir: Path, book: str | None = None, tagger: Tagger | None = None
    ) -> Site:
        site = cls(catalog=catalog, locale=locale)
        site.articles = catalog.for_locale(locale)
        site.by_docname = {a.docname: a for a in site.articles}
        site._index = {a.docname: i for i, a in enumerate(site.articles)}
        by_term: dict[tuple[str, str], list[Article]] = defaultdict(list)
        for article in site.articles:
            by_term[("category", article.category.slug)].append(article)
            by_term[("month", article.month)].append(article)
        site._by_term = dict(by_term)
        site.related = related_index(site.articles)
        for loc in catalog.vocabulary.locales:
            articles = catalog.for_locale(loc)
            index = tagger.index(articles, pages.scan(pages_dir / loc), loc) if tagger else None
            if loc == locale:
                site.tag_index = index
            tag_pages = tagger.plan(index) if tagger and book is None else {}
            site.plans[loc] = plan(articles, loc, pages_dir, book, for_locale(catalog.entries, loc), tag_pages)
        # after the tag index: an entry's related articles are found by its tags too
        site.timeline = Timeline.build(for_locale(catalog.entries, locale), site)
        return site

    def __reduce__(self) -> tuple:
        """Pickled as nothing: the site is rebuilt from the catalog at every build, while Sphinx
        pickles the environment holding it once per parallel read chunk and after each build."""
        return (_discarded, ())

    # ------------------------------------------------------------ queries
    def query(self, kind: str, value: str) -> list[Article]:
        """Articles with tag/category slug ``value``, or in month ``YYYY-MM``. Tags are
        sphinx-tags' (the tag index), categories and months the site's own."""
        if kind == "tag":
            return self.tag_index.articles(value) if self.tag_index is not None else []
        return self._by_term.get((kind, value), [])

    def neighbours(self, docname: str) -> tuple[Article | None, Article | None]:
        """(older, newer) article in date order, within this locale."""
        index = self._index.get(docname)
        if index is None:
            return None, None
        older = self.articles[index + 1] if index + 1 < len(self.articles) else None
        newer = self.articles[index - 1] if index > 0 else None
        return older, newer

    def twins(self, docname: str) -> list[str]:
        """Other locales in which a page with this docname exists."""
        return [loc for loc, entries in self.plans.items() if loc != self.locale and f"{docname}.md" in entries]

    def page_state(self, docname: str) -> str:
        """What a page shows that is not in its own source: neighbours and twins.
        When this changes, the page must be written again (not re-read)."""
        older, newer = self.neighbours(docname)
        parts = [
            ",".join(self.twins(docname)),
            *(f"{a.docname}|{a.title}" if a else "" for a in (older, newer)),
        ]
        return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def _discarded() -> None:
    return None


def plan(
    articles: list[Article],
    locale: str,
    pages_dir: Path,
    book: str | None = None,
    timeline_entries: list[TimelineEntry] | None = None,
    tag_pages: dict[str, Entry] | None = None,
) -> dict[str, Entry]:
    """The staging folder of one locale: pages, article links, generated pages (``tag_pages``
    from :class:`Tagger`).
    With ``book`` (a month ``YYYY-MM``, or "" for every month) the LaTeX book's
    folder instead: articles, timeline entries and chapter pages only (:mod:`newsdesk.pdf`)."""
    if book is not None:
        return plan_book(articles, locale, book, timeline_entries or [])
    entries: dict[str, Entry] = link_tree(pages_dir / locale)
    for article in articles:
        entries.update(article_links(article.docname, article.path, article.assets))
    entries.update(taxonomy.plan_pages(articles, locale))
    entries.update(plan_timeline_pages(timeline_entries or [], locale))
    entries.update(tag_pages or {})
    return entries


def digest(articles: list[Article], locale: str) -> str:
    """A fingerprint of what a listing card of each of ``articles`` shows
    (not their tags: a tag change must not re-read every listing)."""
    h = hashlib.sha1()
    for a in articles:
        fields = [a.docname, a.title, a.description, a.date.isoformat(), a.category.slug, a.category.label(locale)]
        h.update("\x1f".join(fields).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()
