"""Listings of articles and of terms, shared by the landing, taxonomy and archive pages.

``newsdesk-articles`` renders the articles matching a query as cards (title, date,
category, description); ``newsdesk-pages`` the hand-written pages with a tag (apart
from the articles, on the tag pages); ``newsdesk-terms`` lists tags, categories or
months with their counts (a tag's count is its articles and pages). They read the
catalog and the tag index, not other documents, so a page can be read on its own, in
any order and in parallel.

Incremental builds: each listing records a digest of what it showed. Before
reading, ``env-get-outdated`` recomputes the digests from the fresh catalog and
re-reads only the pages whose listing changed (the ``sphinx.ext.todo`` pattern:
collected state, purged and merged per document).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import i18n, taxonomy
from .components import card, date_node, doc_link, grid
from .model import Article
from .pages import HandPage
from .site import Site, digest
from .state import domain, get_site

Query = tuple[str, str]


def _queries(env: BuildEnvironment) -> dict[str, dict[Query, str]]:
    """docname -> {query: fingerprint}, kept in the newsdesk domain (purged and merged there)."""
    return domain(env).listings


def resolve(site: Site, query: Query) -> tuple[list[Article], str]:
    """The articles a query shows, and the digest of what its listing shows."""
    kind, value = query
    if kind == "tag-pages":
        pages = site.tag_index.tagged_pages(value)
        return [], hashlib.sha1(repr([(p.docname, p.title) for p in pages]).encode("utf-8")).hexdigest()
    if kind == "latest":
        articles = site.articles[: int(value)]
    elif kind in ("tag", "category", "month"):
        articles = site.query(kind, value)
    else:  # a term list, "terms-<kind>" with value "*" or a year
        entries = term_entries(site, kind.removeprefix("terms-"), value)
        return [], hashlib.sha1(repr(entries).encode("utf-8")).hexdigest()
    return articles, digest(articles, site.locale)


def term_entries(site: Site, kind: str, year: str = "*") -> list[tuple[str, str, str, int]]:
    """(key, label, docname, count) for every tag, category or month, in display order."""
    locale = site.locale
    counts = taxonomy.count_terms(site.articles, kind) if kind != "tag" else {}
    if kind == "month":
        keys = sorted((m for m in counts if year == "*" or m.startswith(f"{year}-")), reverse=True)
        return [
            (m, i18n.month_name(int(m[:4]), int(m[5:]), locale), taxonomy.month_docname(m), counts[m]) for m in keys
        ]
    if kind == "tag":  # sphinx-tags' tags: articles and hand-written pages
        index = site.tag_index
        tags = sorted(index.tags.values(), key=lambda t: (-len(t.items), t.name.casefold()))
        return [(t.file_basename, t.name, index.docname(t.file_basename), len(t.items)) for t in tags]
    _tags, categories = taxonomy.terms_used(site.articles)
    ordered = sorted(categories.values(), key=lambda t: (-counts[t.slug], t.label(locale).casefold()))
    return [(t.slug, t.label(locale), taxonomy.category_docname(t.slug), counts[t.slug]) for t in ordered]


def article_cards(articles: Iterable[Article], locale: str, columns: int = 2) -> nodes.Node:
    """The listing component: one card per article, newest first."""
    items = []
    for article in articles:
        meta = nodes.paragraph(classes=["newsdesk-card-meta"])
        meta += date_node(article.date, locale)
        meta += nodes.Text(" · ")
        meta += nodes.inline("", article.category.label(locale), classes=["newsdesk-card-category"])
        body = [meta, nodes.paragraph("", article.description, classes=["newsdesk-card-description"])]
        title = doc_link(article.docname, article.title, classes=["sd-stretched-link"])
        items.append(card(title, body, classes=["newsdesk-article-card"], link=title))
    # no-search: the cards repeat the titles and leads of articles indexed on their own pages;
    # indexed again, every tag, category and month page would match every word of its articles
    # (and the search index would cost ~6 more documents per article to build).
    listing = grid(items, columns, classes=["newsdesk-listing", "no-search"])
    listing["support_smartquotes"] = False  # front-matter text is shown as written
    return listing


def page_cards(pages: Iterable[HandPage], columns: int = 2) -> nodes.Node:
    """Hand-written pages as cards, titled as Sphinx titles them (their own first heading)."""
    items = []
    for page in pages:
        title = doc_link(page.docname, None, classes=["sd-stretched-link"])
        items.append(card(title, [], classes=["newsdesk-page-card"], link=title))
    return grid(items, columns, classes=["newsdesk-page-listing", "no-search"])


class ArticlesDirective(SphinxDirective):
    """``newsdesk-articles``: the articles of a tag, category, month, or the latest N."""

    option_spec: ClassVar[dict[str, Any]] = {
        "tag": directives.unchanged_required,
        "category": directives.unchanged_required,
        "month": directives.unchanged_required,
        "latest": directives.positive_int,
        "columns": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        site = get_site(self.env)
        given = [(k, str(v)) for k, v in self.options.items() if k != "columns"]
        if len(given) != 1:
            raise self.error("newsdesk-articles takes exactly one of :tag:, :category:, :month:, :latest:")
        query: Query = given[0]
        articles, fingerprint = resolve(site, query)
        _queries(self.env).setdefault(self.env.docname, {})[query] = fingerprint
        if not articles:
            return [nodes.paragraph("", "—", classes=["newsdesk-empty"])]
        return [article_cards(articles, site.locale, self.options.get("columns", 2))]


class PagesDirective(SphinxDirective):
    """``newsdesk-pages``: the hand-written pages with a tag (their ``{tags}`` directive)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "tag": directives.unchanged_required,
        "columns": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        site = get_site(self.env)
        query: Query = ("tag-pages", self.options["tag"])
        _queries(self.env).setdefault(self.env.docname, {})[query] = resolve(site, query)[1]
        pages = site.tag_index.tagged_pages(query[1])
        if not pages:
            return [nodes.paragraph("", "—", classes=["newsdesk-empty"])]
        return [page_cards(pages, self.options.get("columns", 2))]


class TermsDirective(SphinxDirective):
    """``newsdesk-terms``: every tag, category or month, with its article count."""

    option_spec: ClassVar[dict[str, Any]] = {
        "kind": lambda arg: directives.choice(arg, ("tag", "category", "month")),
        "year": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        site = get_site(self.env)
        kind = self.options["kind"]
        query: Query = (f"terms-{kind}", str(self.options.get("year", "*")))
        _queries(self.env).setdefault(self.env.docname, {})[query] = resolve(site, query)[1]
        bullet = nodes.bullet_list(classes=["newsdesk-terms", f"newsdesk-terms-{kind}"])
        for _key, label, docname, count in term_entries(site, kind, query[1]):
            para = nodes.paragraph()
            para += doc_link(docname, label)
            para += nodes.inline("", f" ({count})", classes=["newsdesk-count"])
            bullet += nodes.list_item("", para)
        return [bullet]


# ------------------------------------------------------------------ incremental builds
def outdated_listings(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose listing would now show something else: read them again."""
    site = get_site(env)
    stale = []
    for docname, queries in _queries(env).items():
        if docname in removed or docname in changed:
            continue
        if any(resolve(site, query)[1] != fingerprint for query, fingerprint in queries.items()):
            stale.append(docname)
    return stale


def setup_listing(app: Sphinx) -> None:
    app.add_directive("newsdesk-articles", ArticlesDirective)
    app.add_directive("newsdesk-pages", PagesDirective)
    app.add_directive("newsdesk-terms", TermsDirective)
    app.connect("env-get-outdated", outdated_listings)
