"""Atom feeds per locale, per category and of the timeline, written with feedgen.

Feeds need absolute URLs, so they are built from ``html_baseurl`` (derived per
locale from ``newsdesk_site_url``, or Read the Docs' canonical URL). They are
generated from the catalog after the HTML is written, in time linear in the
number of entries, and rewritten only when their content changes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.util import logging

from . import i18n, taxonomy
from .config import NewsdeskConfig
from .files import write_if_changed
from .model import ContentItem
from .state import get_site
from .timeline import TIMELINE_PAGE

logger = logging.getLogger(__name__)

FEED_FILE = "atom.xml"
TIMELINE_FEED = f"{TIMELINE_PAGE.rsplit('/', 1)[0]}/{FEED_FILE}"


def feed_path(category_slug: str | None = None) -> str:
    """Output path of a feed, relative to the locale's HTML root."""
    if category_slug is None:
        return FEED_FILE
    return f"{taxonomy.CATEGORIES_DIR}/{category_slug}.atom.xml"


def _absolute(app: Sphinx, path: str) -> str:
    base = app.config.html_baseurl
    if not base.endswith("/"):
        base += "/"
    return base + path


def build_feed(app: Sphinx, title: str, path: str, page: str, articles: Sequence[ContentItem]) -> bytes:
    """One Atom document for ``articles`` or timeline entries (newest first)."""
    site = get_site(app.env)
    fg = FeedGenerator()
    url = _absolute(app, path)
    fg.id(url)
    fg.title(title)
    fg.language(site.locale)
    fg.link(href=url, rel="self", type="application/atom+xml")
    fg.link(href=_absolute(app, app.builder.get_target_uri(page)), rel="alternate", type="text/html")
    fg.author({"name": app.config.author})
    newest = articles[0].date if articles else dt.date(1970, 1, 1)
    fg.updated(dt.datetime.combine(newest, dt.time(), tzinfo=dt.UTC))
    for article in reversed(articles):  # feedgen prepends: add oldest first
        entry = fg.add_entry()
        link = _absolute(app, app.builder.get_target_uri(article.docname))
        stamp = dt.datetime.combine(article.date, dt.time(), tzinfo=dt.UTC)
        entry.id(link)
        entry.title(article.title)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(stamp)
        entry.updated(stamp)
        entry.summary(article.description)
        entry.category([{"term": article.category.slug, "label": article.category.label(site.locale)}])
        for tag in article.tags:
            entry.category(term=tag.slug, label=tag.label(site.locale))
    return fg.atom_str(pretty=True)


def planned_feeds(app: Sphinx) -> list[tuple[str, str, str, Sequence[ContentItem]]]:
    """(title, path, page, articles) of the site feed and of one feed per category."""
    site = get_site(app.env)
    limit = NewsdeskConfig.from_sphinx(app.config).feed_length
    feeds: list[tuple[str, str, str, Sequence[ContentItem]]] = [
        (f"{app.config.html_title}", feed_path(), app.config.root_doc, site.articles[:limit])
    ]
    _tags, categories = taxonomy.terms_used(site.articles)
    for slug, term in sorted(categories.items()):
        title = f"{app.config.html_title}: {i18n._(site.locale, 'category_title', name=term.label(site.locale))}"
        feeds.append((title, feed_path(slug), taxonomy.category_docname(slug), site.query("category", slug)[:limit]))
    if site.timeline.entries:  # the timeline's feed, newest first (entries have an article's fields)
        title = f"{app.config.html_title}: {i18n._(site.locale, 'timeline')}"
        newest = list(reversed(site.timeline.entries))[:limit]
        feeds.append((title, TIMELINE_FEED, TIMELINE_PAGE, newest))
    return feeds


def feed_files(app: Sphinx) -> list[str]:
    """Output paths of every feed this build writes (for :mod:`newsdesk.outputs`)."""
    return [path for _title, path, _page, _articles in planned_feeds(app)]


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the site feed and one feed per category."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    feeds = planned_feeds(app)
    for title, path, page, articles in feeds:
        data = build_feed(app, title, path, page, articles)
        write_if_changed(outdir / path, data)
    logger.info("[newsdesk] wrote %d Atom feeds", len(feeds))


def feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``<link rel="alternate">`` to the site feed (and the category's feed on its page)."""
    if app.builder.format != "html":
        return
    links = [(feed_path(), str(app.config.html_title))]
    if pagename.startswith(f"{taxonomy.CATEGORIES_DIR}/") and pagename != f"{taxonomy.CATEGORIES_DIR}/index":
        links.append((feed_path(pagename.split("/", 1)[1]), context.get("title", "")))
    if pagename == TIMELINE_PAGE and get_site(app.env).timeline.entries:
        links.append((TIMELINE_FEED, context.get("title", "")))
    tags = "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" '
        f'href="{html.escape(context["pathto"](path, 1))}" />\n'
        for path, title in links
    )
    context["metatags"] = context.get("metatags", "") + tags


def setup_feeds(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
    app.connect("html-page-context", feed_links)
