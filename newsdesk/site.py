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

from . import taxonomy
from .catalog import Catalog
from .model import Article
from .pdf import plan_book
from .staging import Entry, article_links, link_tree
from .timeline import Timeline, TimelineEntry, for_locale, plan_timeline_pages


@dataclass
class Site:
    catalog: Catalog
    locale: str
    #: This locale's articles, newest first.
    articles: list[Article] = field(default_factory=list)
    by_docname: dict[str, Article] = field(default_factory=dict)
    #: Every locale's staging plan: relative path -> entry.
    plans: dict[str, dict[str, Entry]] = field(default_factory=dict)
    #: This locale's timeline, oldest first, and its look-ups (:mod:`newsdesk.timeline`).
    timeline: Timeline = field(default_factory=Timeline)
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _by_term: dict[tuple[str, str], list[Article]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, catalog: Catalog, locale: str, pages_dir: Path, book: str | None = None) -> Site:
        site = cls(catalog=catalog, locale=locale)
        site.articles = catalog.for_locale(locale)
        site.by_docname = {a.docname: a for a in site.articles}
        site._index = {a.docname: i for i, a in enumerate(site.articles)}
        by_term: dict[tuple[str, str], list[Article]] = defaultdict(list)
        for article in site.articles:
            by_term[("category", article.category.slug)].append(article)
            by_term[("month", article.month)].append(article)
            for tag in article.tags:
                by_term[("tag", tag.slug)].append(article)
        site._by_term = dict(by_term)
        site.timeline = Timeline.build(for_locale(catalog.entries, locale), site)
        for loc in catalog.vocabulary.locales:
            site.plans[loc] = plan(catalog.for_locale(loc), loc, pages_dir, book, for_locale(catalog.entries, loc))
        return site

    def __reduce__(self) -> tuple:
        """Pickled as nothing: the site is rebuilt from the catalog at every build, while Sphinx
        pickles the environment holding it once per parallel read chunk and after each build."""
        return (_discarded, ())

    # ------------------------------------------------------------ queries
    def query(self, kind: str, value: str) -> list[Article]:
        """Articles with tag/category slug ``value``, or in month ``YYYY-MM``."""
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
) -> dict[str, Entry]:
    """The staging folder of one locale: pages, article links, generated pages.
    With ``book`` (a month ``YYYY-MM``, or "" for every month) the LaTeX book's
    folder instead: articles, timeline entries and chapter pages only (:mod:`newsdesk.pdf`)."""
    if book is not None:
        return plan_book(articles, locale, book, timeline_entries or [])
    entries: dict[str, Entry] = link_tree(pages_dir / locale)
    for article in articles:
        entries.update(article_links(article.docname, article.path, article.assets))
    entries.update(taxonomy.plan_pages(articles, locale))
    entries.update(plan_timeline_pages(timeline_entries or [], locale))
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
