"""Navigation that is not in a page's own source: prev/next by date and language twins.

Articles are not in the toctree (furo would render every article on every page,
a cost quadratic in the article count). Their previous/next links follow the
date order instead, and every page links to the same page in the other locale
when it exists. Both are computed when the page is written; ``env-get-updated``
re-writes (without re-reading) the pages whose neighbours or twins changed.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import i18n
from .config import NewsdeskConfig
from .state import domain, get_site


def twin_href(app: Sphinx, pagename: str, locale: str) -> str:
    """Relative URL of ``pagename`` in the ``locale`` build."""
    cfg = NewsdeskConfig.from_sphinx(app.config)
    target = app.builder.get_target_uri(pagename)
    depth = pagename.count("/")
    if target.endswith("/"):  # dirhtml
        depth += 1
    version = os.environ.get("READTHEDOCS_VERSION", "latest")
    return "../" * depth + cfg.twin_url.format(locale=locale, path=target, version=version)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    env = app.env
    site = get_site(env)
    locale = site.locale
    twins = site.twins(pagename)
    context["newsdesk_locale"] = locale
    context["newsdesk_twins"] = [
        {"href": twin_href(app, pagename, loc), "label": i18n.read_in(loc), "lang": loc} for loc in twins
    ]
    alternates = [
        f'<link rel="alternate" hreflang="{loc}" href="{html.escape(t["href"])}" />'
        for loc, t in zip(twins, context["newsdesk_twins"], strict=True)
    ]
    if alternates:
        context["metatags"] = context.get("metatags", "") + "\n".join(alternates) + "\n"

    article = site.by_docname.get(pagename)
    if article is None:
        return
    context["newsdesk_article"] = article
    context["metatags"] += (
        f'<meta property="article:published_time" content="{article.date.isoformat()}" />\n'
        f'<meta property="article:section" content="{html.escape(article.category.label(locale))}" />\n'
    )
    older, newer = site.neighbours(pagename)
    # furo prints these titles unescaped: they are HTML, so escape front-matter text.
    context["prev"] = _rel(app, pagename, older)
    context["next"] = _rel(app, pagename, newer)


def _rel(app: Sphinx, pagename: str, article: Any) -> dict[str, str] | None:
    if article is None:
        return None
    return {
        "link": app.builder.get_relative_uri(pagename, article.docname),
        "title": html.escape(article.title),
    }


def navigation_digest(env: BuildEnvironment) -> str:
    """A fingerprint of the site navigation every page shows (furo's sidebar): the
    toctree entries and their titles. When it changes, every page is written again."""
    h = hashlib.sha1()
    for docname in sorted(env.toctree_includes):
        h.update(docname.encode("utf-8"))
        for child in env.toctree_includes[docname]:
            title = env.titles.get(child)
            h.update(f"\x1f{child}\x1e{title.astext() if title is not None else ''}".encode())
        h.update(b"\n")
    return h.hexdigest()


def remember_states(app: Sphinx, env: BuildEnvironment) -> dict[str, str]:
    """The page state of every page, to compare with the next build's."""
    site = get_site(env)
    nav = navigation_digest(env)
    return {
        posixpath.splitext(rel)[0]: site.page_state(posixpath.splitext(rel)[0]) + nav for rel in site.plans[site.locale]
    }


def updated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages to write again because a neighbour or twin changed."""
    store = domain(env)
    old = store.page_states
    new = store.page_states = remember_states(app, env)
    return [doc for doc, state in new.items() if doc in old and old[doc] != state and doc in env.all_docs]


def setup_navigation(app: Sphinx) -> None:
    app.connect("html-page-context", page_context)
    app.connect("env-get-updated", updated_pages)
