"""Search with Pagefind: an index of each locale's built HTML, and the page that reads it.

Sphinx's own search index splits Japanese *pages* with TinySegmenter but the *query*
only at spaces, so 画像生成 finds nothing in 画像 / 生成 text; it also costs a sixth
of the write phase. Pagefind (``pagefind[extended]`` on PyPI: a Rust indexer in a
wheel, whose extended build segments Japanese and Chinese) indexes the written HTML
after the build, in each page's language, and searches in the browser with the same
segmenter. So:

- Sphinx's index is not built (the HTML builder's ``search`` is switched off); its
  ``search.html?q=`` address, which furo's search box uses, is our page
  (``_templates/search.html``) running Pagefind's UI, with counts and messages in
  the page's language, filters and newest-first order.
- Only the article body is indexed (``data-pagefind-body`` in ``_templates/page.html``);
  the byline, badges, twin links, heading anchors, related articles and "On the timeline" links
  are left out, so an excerpt is the article's text. Category, tags and year are filters, with
  the taxonomy's labels; the date and category are shown with each result; the date is the sort key.
- The index is rebuilt at the end of every build that wrote a page (``make serve``
  included), into a new folder swapped in at once; a build that wrote nothing leaves it.
  Pagefind's output depends only on the HTML, so a rebuild's index equals a clean build's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import i18n
from .catalog import ARTICLES_DIR
from .outputs import PAGE_BUILDERS, doctree_file
from .state import get_site

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
ARTICLES_GLOB = f"{ARTICLES_DIR}/**/*.html"
#: What an excerpt must not show: the byline (date, badges, reading time), twin links, heading
#: anchors, the related articles and the "On the timeline" box (newsdesk.timeline_pages): other
#: pages' titles would make this page match them.
EXCLUDE = (".newsdesk-byline", ".newsdesk-twin", ".headerlink", ".newsdesk-related", ".newsdesk-on-the-timeline")


def own_search_page(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``search.html`` is our template, whatever the builder's own search."""
    config.html_additional_pages = {**config.html_additional_pages, "search": "search.html"}


def no_sphinx_index(app: Sphinx) -> None:
    """``builder-inited``: Sphinx's search index is not built (Pagefind's is)."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def article_filters(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: what Pagefind records of an article besides its text."""
    if app.builder.format != "html":
        return
    site = get_site(app.env)
    if pagename == "search":
        context["newsdesk_search_strings"] = {
            key: i18n._(site.locale, f"search_{key}") for key in ("label", "unavailable", "file", "noscript")
        }
    article = site.by_docname.get(pagename)
    if article is None:
        return
    locale = site.locale
    # the names readers see for the filters and the shown metadata, in the page's language
    names = dict(zip(("category", "tag", "year", "date"), i18n._(locale, "search_keys").split(","), strict=True))
    context["newsdesk_search"] = {
        "names": names,
        "category": article.category.label(locale),
        "tags": [tag.label(locale) for tag in article.tags],
        "year": f"{article.date.year}",
        "date": article.date.isoformat(),
        "date_label": i18n.long_date(article.date, locale),
    }


def _pages_state(outdir: Path) -> tuple[int, str]:
    """How many article pages there are and when the newest was written: changes when an
    article page is written, added or removed (the search and index pages are written on
    every build, and are not indexed)."""
    count, newest = 0, 0
    for dirpath, dirnames, filenames in os.walk(outdir / ARTICLES_DIR):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".html"):
                count += 1
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime_ns)
    return count, f"{count} {newest}\n"


def build_index(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: index the written HTML with Pagefind, unless no page changed."""
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    outdir = Path(app.outdir)
    bundle = outdir / BUNDLE
    stamp = doctree_file(app, "newsdesk-search")
    count, state = _pages_state(outdir)
    if count == 0:  # no article (Pagefind refuses an empty site): the search page says so
        shutil.rmtree(bundle, ignore_errors=True)
        stamp.unlink(missing_ok=True)
        return
    if (bundle / "pagefind-entry.json").is_file() and stamp.is_file() and stamp.read_text() == state:
        return  # no article page was written, added or removed: the index is these pages' already
    fresh = outdir / f".{BUNDLE}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(outdir), "--output-path", str(fresh), "--silent"]
    # only article pages carry data-pagefind-body: the others need not even be read (a third faster)
    command += ["--glob", f"{ARTICLES_GLOB}", "--exclude-selectors", ", ".join(EXCLUDE)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except OSError as exc:
        done = subprocess.CompletedProcess(command, 1, "", str(exc))
    if done.returncode or not (fresh / "pagefind-entry.json").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        logger.warning(
            "[newsdesk] the search index was not built (%s); install pagefind[extended] from requirements.txt. "
            "The search page says that search is unavailable.",
            reason[0],
            type="newsdesk",
            subtype="search",
        )
        return
    old = outdir / f".{BUNDLE}-old"
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    fresh.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    stamp.write_text(state, encoding="utf-8")
    logger.info("[newsdesk] search index (Pagefind): %.1f s", time.perf_counter() - started)


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", own_search_page)
    app.connect("builder-inited", no_sphinx_index)
    app.connect("html-page-context", article_filters)
    app.connect("build-finished", build_index, priority=850)  # after stale pages are removed (800)
