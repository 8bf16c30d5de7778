"""The 404 page of each locale, with sphinx-notfound-page.

A server shows ``404.html`` for any missing address, at any depth, so its links and
assets must be absolute: sphinx-notfound-page rewrites them with
``notfound_urls_prefix``, which is set here from ``html_baseurl``'s path
(``/<locale>/`` for the Makefile's site, ``/<locale>/<version>/`` on Read the Docs,
whose canonical URL is the base URL there). The page (``_templates/newsdesk-404.html``)
says so in the locale's language and links to the locale's home and search pages.

Sphinx writes every additional page on every build; this one is rendered by Sphinx's
own ``handle_page`` into a temporary file that replaces ``404.html`` only when its
bytes differ, so a build that changed nothing leaves it as it was. For that, the
extension's ``html-collect-pages`` listener is replaced by ours, which asks it what
to render.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from . import i18n
from .files import write_if_changed

TEMPLATE = "newsdesk-404.html"


def configure_notfound(app: Sphinx, config: Config) -> None:
    """``config-inited``, after ``html_baseurl`` is derived: the prefix and the localized page."""
    locale = config.language or "en"
    prefix = urlparse(config.html_baseurl).path or "/"
    config.notfound_urls_prefix = prefix if prefix.endswith("/") else prefix + "/"
    config.notfound_template = TEMPLATE
    config.notfound_context = {
        "title": i18n._(locale, "notfound_title"),
        "body": "",
        "newsdesk_404": {key: i18n._(locale, f"notfound_{key}") for key in ("title", "text", "home", "search")},
    }


def absolute_root(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the page's ``data-content_root`` (read by Sphinx's scripts) absolute too."""
    if pagename == app.config.notfound_pagename and app.builder.format == "html":
        context["content_root"] = app.config.notfound_urls_prefix


def write_page(app: Sphinx) -> list:
    """``html-collect-pages``: render what sphinx-notfound-page would, write it only if it changed."""
    from notfound.extension import html_collect_pages

    builder = app.builder
    for pagename, context, template in html_collect_pages(app):
        target = Path(builder.get_output_path(pagename))
        tmp = target.with_name(f".{target.name}.{os.getpid()}.render")
        builder.handle_page(pagename, context, template, outfilename=tmp)  # Sphinx writes a file only
        data = tmp.read_bytes()
        tmp.unlink()
        write_if_changed(target, data)
    return []


def take_over_page(app: Sphinx) -> None:
    """sphinx-notfound-page's own listener would write the page on every build: ours instead."""
    from notfound.extension import html_collect_pages

    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        if listener.handler is html_collect_pages:
            app.disconnect(listener.id)
    app.connect("html-collect-pages", write_page)


def setup_notfound(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    take_over_page(app)
    # after derive_config (300) sets html_baseurl; before the extension checks the prefix (500)
    app.connect("config-inited", configure_notfound, priority=400)
    app.connect("html-page-context", absolute_root)
