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
CAP = 100


def related_index(articles: Sequence[Article], limit: int = LIMIT, cap: int = CAP) -> dict[str, tuple[Article, ...]]:
    """docname -> its related articles, best first, for ``articles`` (one locale's)."""
    # An article's position in (newer date, then docname) order is its tie-break: ranks are ints.
    ordered = sorted(articles, key=lambda a: (-a.date.toordinal(), a.docname))
    rank = {a.docname: position for position, a in enumerate(ordered)}
    by_tag: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(ordered):
        for slug in dict.fromkeys(tag.slug for tag in article.tags):
            if len(by_tag[slug]) < cap:
                by_tag[slug].append(position)
    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        me = rank[article.docname]
        shared: dict[int, int] = defaultdict(int)
        for slug in dict.fromkeys(tag.slug for tag in article.tags):
            for other in by_tag.get(slug, ()):
                shared[other] += 1
        shared.pop(me, None)
        # more shared tags first, then the earlier position (newer, then docname A to Z)
        best = heapq.nsmallest(limit, ((-count, other) for other, count in shared.items()))
        related[article.docname] = tuple(ordered[other] for _, other in best)
    return related
