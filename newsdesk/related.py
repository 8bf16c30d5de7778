"""Related articles: up to three of the same locale, by shared tags. Imports no Sphinx.

Ranked by the number of tags shared, then the newer date, then the docname (A to Z),
so the list is the same on every build. Computed once per build for every article of
the locale (:class:`~newsdesk.site.Site` holds the result), from an inverted index
tag -> articles that keeps the :data:`CAP` newest articles of each tag: an article
scans at most ``CAP`` candidates per tag it has, so the whole computation is
O(N · T · CAP) for N articles of at most T tags, linear in N. The ranking is exact
while no tag has more than ``CAP`` articles; past that, a tag contributes its ``CAP``
newest articles (which the date tie-break prefers anyway).

An article's related list depends on *other* articles' tags, titles and dates, so it
is part of the article's header digest (:func:`newsdesk.articles.header_digest`): an
article whose list changed is read again.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence

from .model import Article

#: How many related articles an article shows.
LIMIT = 3
#: How many articles of one tag the index keeps (the newest).
CAP = 200


def rank_key(article: Article, shared: int) -> tuple[int, int, str]:
    """More shared tags first, then newer, then by docname."""
    return (-shared, -article.date.toordinal(), article.docname)


def related_index(articles: Sequence[Article], limit: int = LIMIT, cap: int = CAP) -> dict[str, tuple[Article, ...]]:
    """docname -> its related articles, best first, for ``articles`` (one locale's)."""
    newest_first = sorted(articles, key=lambda a: (-a.date.toordinal(), a.docname))
    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in newest_first:
        for slug in dict.fromkeys(tag.slug for tag in article.tags):
            if len(by_tag[slug]) < cap:
                by_tag[slug].append(article)
    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        shared: dict[str, int] = defaultdict(int)
        found: dict[str, Article] = {}
        for slug in dict.fromkeys(tag.slug for tag in article.tags):
            for other in by_tag.get(slug, ()):
                if other.docname != article.docname:
                    shared[other.docname] += 1
                    found[other.docname] = other
        best = heapq.nsmallest(limit, shared, key=lambda name: rank_key(found[name], shared[name]))
        related[article.docname] = tuple(found[name] for name in best)
    return related
