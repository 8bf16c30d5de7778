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
from collections.abc import Iterable, Sequence

from .model import Article

#: How many related articles an article shows.
LIMIT = 3
#: How many articles of one tag the index keeps (the newest).
CAP = 100


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """``articles`` newer first, then by docname A to Z: the order every ranking here breaks ties by."""
    return sorted(articles, key=lambda a: (-a.date.toordinal(), a.docname))


def capped_index(slugs: Iterable[Iterable[str]], cap: int = CAP) -> dict[str, list[int]]:
    """tag slug -> the positions of the first ``cap`` items having it, for the items' tag
    slugs given in ranking order (so the kept ones are those a tie-break prefers). O(items · tags)."""
    by_tag: dict[str, list[int]] = defaultdict(list)
    for position, item_slugs in enumerate(slugs):
        for slug in dict.fromkeys(item_slugs):
            if len(by_tag[slug]) < cap:
                by_tag[slug].append(position)
    return dict(by_tag)


def best_matches(slugs: Iterable[str], index: dict[str, list[int]], limit: int, exclude: int = -1) -> list[int]:
    """The ``limit`` positions of ``index`` sharing most of ``slugs``, then the earlier position
    first; ``exclude`` (an item's own position) is left out. O(len(slugs) · cap)."""
    shared: dict[int, int] = defaultdict(int)
    for slug in dict.fromkeys(slugs):
        for other in index.get(slug, ()):
            shared[other] += 1
    shared.pop(exclude, None)
    return [other for _, other in heapq.nsmallest(limit, ((-count, other) for other, count in shared.items()))]


def related_index(articles: Sequence[Article], limit: int = LIMIT, cap: int = CAP) -> dict[str, tuple[Article, ...]]:
    """docname -> its related articles, best first, for ``articles`` (one locale's)."""
    # An article's position in (newer date, then docname) order is its tie-break: ranks are ints.
    ordered = newest_first(articles)
    rank = {a.docname: position for position, a in enumerate(ordered)}
    by_tag = capped_index(([tag.slug for tag in a.tags] for a in ordered), cap)
    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        # more shared tags first, then the earlier position (newer, then docname A to Z)
        best = best_matches((tag.slug for tag in article.tags), by_tag, limit, exclude=rank[article.docname])
        related[article.docname] = tuple(ordered[other] for other in best)
    return related
