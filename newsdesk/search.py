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
- Only the body of an article or a timeline entry is indexed (``data-pagefind-body`` in
  ``_templates/page.html``); the byline, badges, twin links, heading anchors and links to
  other pages (related articles, "On the timeline") are left out, so an excerpt is the
  page's text. The type (article or timeline entry), category, tags and year are filters,
  with the taxonomy's labels, and an entry's impact too; the date and category are shown
  with each result; the date is the sort key.
- Pagefind is given each indexed page's head and that body alone (:func:`stage_pages`):
  the same index, without parsing furo's navigation on every page.
- The index is rebuilt at the end of every build that wrote a page (``make serve``
  included), into a new folder swapped in at once; a build that wrote nothing leaves it.
  Pagefind's output depends only on the HTML, so a rebuild's index equals a clean build's.
"""

from __future__ import annotations

import atexit
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import i18n
from .catalog import ARTICLES_DIR
from .model import Article
from .outputs import PAGE_BUILDERS, doctree_file
from .state import get_site
from .timeline import TIMELINE_DIR, TimelineEntry

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
#: The pages Pagefind reads: articles and timeline entries (the timeline page has no indexed body).
PAGES_GLOB = f"{{{ARTICLES_DIR}/**/*.html,{TIMELINE_DIR}/*.html}}"
INDEXED_DIRS = (ARTICLES_DIR, TIMELINE_DIR)
#: The filters and shown metadata, in the order of the ``search_keys`` UI string.
SEARCH_KEYS = ("category", "tag", "year", "date", "type", "impact")
#: What an excerpt must not show: the byline (date, badges, reading time), twin links, heading
#: anchors, and the links to other pages (related articles, an article's "On the timeline"): other
#: pages' titles would make this page match searches for them.
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
    """``html-page-context``: what Pagefind records of an article or a timeline entry besides
    its text; the type filter lets a reader search the timeline alone."""
    if app.builder.format != "html":
        return
    site = get_site(app.env)
    if pagename == "search":
        context["newsdesk_search_strings"] = {
            key: i18n._(site.locale, f"search_{key}") for key in ("label", "unavailable", "file", "noscript")
        }
    locale = site.locale
    page: Article | TimelineEntry | None = site.by_docname.get(pagename) or site.timeline.by_docname.get(pagename)
    if page is None:
        return
    # the names readers see for the filters and the shown metadata, in the page's language
    names = dict(zip(SEARCH_KEYS, i18n._(locale, "search_keys").split(","), strict=True))
    context["newsdesk_search"] = {
        "names": names,
        "type": i18n._(locale, "search_type_timeline" if isinstance(page, TimelineEntry) else "search_type_article"),
        "impact": i18n._(locale, f"impact_{page.impact}") if isinstance(page, TimelineEntry) else "",
        "category": page.category.label(locale),
        "tags": [tag.label(locale) for tag in page.tags],
        "year": f"{page.date.year}",
        "date": page.date.isoformat(),
        "date_label": i18n.long_date(page.date, locale),
    }


#: Around what Pagefind indexes of a page (``_templates/page.html``). An article's body cannot
#: write them (its text is escaped), but its title can reach the head unescaped (sphinxext-opengraph's
#: ``og:title`` unescapes it): a page is cut only where each occurs once, in order.
HEAD_END, INDEXED_START, INDEXED_END = b"</head>", b"<!--newsdesk:indexed-->", b"<!--/newsdesk:indexed-->"


def staged_page(data: bytes) -> bytes:
    """What Pagefind is given of a page: its head, then its indexed body (the element marked
    ``data-pagefind-body``). A page without both, or where one of the three marks occurs more
    than once or out of order, is given whole, as before."""
    marks = (HEAD_END, INDEXED_START, INDEXED_END)
    if any(data.count(mark) != 1 for mark in marks):
        return data
    head, start, end = (data.find(mark) for mark in marks)
    if not head < start < end:
        return data
    return b"%s<body>%s</body></html>\n" % (data[: head + len(HEAD_END)], data[start : end + len(INDEXED_END)])


def stage_pages(outdir: Path, staging: Path) -> int:
    """The pages Pagefind reads, as :func:`staged_page` gives them, under the same paths (so the
    same addresses). Pagefind parses a whole page and keeps the indexed element alone: without
    furo's navigation and the rest, most of a page's bytes, it builds the same index with 17 %
    less CPU in ja and 32 % in en at N=1000 (docs/benchmark.md). Returns how many were cut."""
    shutil.rmtree(staging, ignore_errors=True)
    cut = 0
    for _folder, page in _html_files(outdir):
        data = page.read_bytes()
        given = staged_page(data)
        target = staging / page.relative_to(outdir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(given)
        cut += given is not data
    return cut


def _html_files(outdir: Path) -> Iterator[tuple[str, Path]]:
    """(its indexed folder, its path) of each HTML file under the indexed folders (hidden
    folders, such as a half-written bundle, left out)."""
    for folder in INDEXED_DIRS:
        for dirpath, dirnames, filenames in os.walk(outdir / folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if name.endswith(".html"):
                    yield folder, Path(dirpath, name)


def _pages_state(outdir: Path) -> tuple[int, str]:
    """How many indexed pages (articles, timeline entries) there are and when the newest was
    written: changes when one is written, added or removed (the search, index and timeline
    pages are written on every build, and are not indexed)."""
    count, newest = 0, 0
    for folder, page in _html_files(outdir):
        if not (folder == TIMELINE_DIR and page.name == "index.html"):
            count += 1
            newest = max(newest, page.stat().st_mtime_ns)
    return count, f"{count} {newest}\n"


#: How Pagefind is run (``pagefind[extended]``'s module, in this interpreter).
PAGEFIND = [sys.executable, "-m", "pagefind"]


class PendingIndex:
    """The search index of one build: Pagefind started at ``build-finished`` once the pages are
    final, and waited for after the social cards are drawn (they are no input of the index), so
    the two use two cores where the other locale's build has finished or left one free."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.output: IO[bytes] | None = None
        self.started = self.children = 0.0
        self.state = ""
        self.outdir = self.stamp = Path()
        self.staging: Path | None = None
        _PENDING.add(self)

    def start(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``, after stale pages are removed: index the written HTML with
        Pagefind in the background, unless no indexed page changed."""
        if exception is not None or app.builder.name not in PAGE_BUILDERS:
            return  # a failed build: finish (called with the same exception) stops a run of ours
        self.stop()  # a run left over from an earlier build of this app (it never is, when finish ran)
        self.outdir = Path(app.outdir)
        self.stamp = doctree_file(app, "newsdesk-search")
        bundle = self.outdir / BUNDLE
        count, self.state = _pages_state(self.outdir)
        if count == 0:  # nothing to index (Pagefind refuses an empty site): the search page says so
            shutil.rmtree(bundle, ignore_errors=True)
            self.stamp.unlink(missing_ok=True)
            return
        if (bundle / "pagefind-entry.json").is_file() and self.stamp.is_file() and self.stamp.read_text() == self.state:
            return  # no indexed page was written, added or removed: the index is these pages' already
        fresh = self._fresh()
        shutil.rmtree(fresh, ignore_errors=True)
        self.staging = doctree_file(app, "newsdesk-search-pages")
        stage_pages(self.outdir, self.staging)
        command = [*PAGEFIND, "--site", str(self.staging), "--output-path", str(fresh), "--silent"]
        # only article and entry pages carry data-pagefind-body: the others need not even be read (a third faster)
        command += ["--glob", PAGES_GLOB, "--exclude-selectors", ", ".join(EXCLUDE)]
        self.started = time.perf_counter()
        self.children = _children_cpu()
        # a file, not a pipe: a pipe could fill while nobody reads it, and stall Pagefind; closed by _close
        self.output = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.process = subprocess.Popen(command, stdout=self.output, stderr=subprocess.STDOUT)
        except OSError as exc:
            self._close()
            self._unavailable(str(exc))

    def finish(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``, after the cards: wait for Pagefind, then swap the new index in.
        A build that failed in between stops it and leaves the last index."""
        process = self.process
        if process is None:
            return
        if exception is not None:
            self.stop()
            return
        try:
            try:
                process.wait(timeout=1800)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            assert self.output is not None
            self.output.seek(0)
            logged = self.output.read().decode("utf-8", "replace")
        finally:
            self.process = None
            self._close()
        fresh, bundle = self._fresh(), self.outdir / BUNDLE
        if process.returncode or not (fresh / "pagefind-entry.json").is_file():
            shutil.rmtree(fresh, ignore_errors=True)
            self._unavailable((logged.strip().splitlines() or ["no output"])[-1])
            return
        old = self.outdir / f".{BUNDLE}-old"
        shutil.rmtree(old, ignore_errors=True)
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
        self.stamp.write_text(self.state, encoding="utf-8")
        cpu = _children_cpu() - self.children  # Pagefind is the one child waited for since it started
        # the wall time runs from Pagefind's start to the end of the wait: the cards were drawn meanwhile
        logger.info("[newsdesk] search index (Pagefind): %.1f s (%.1f s CPU)", time.perf_counter() - self.started, cpu)

    def stop(self) -> None:
        """Pagefind is not left running (a failed build, or the interpreter's exit), nor its folder."""
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            shutil.rmtree(self._fresh(), ignore_errors=True)
        self._close()

    def _fresh(self) -> Path:
        """Where Pagefind writes; swapped in at once when it succeeded."""
        return self.outdir / f".{BUNDLE}-new"

    def _close(self) -> None:
        if self.output is not None:
            self.output.close()
            self.output = None
        if self.staging is not None:  # the staged pages are only Pagefind's input
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    @staticmethod
    def _unavailable(reason: str) -> None:
        logger.warning(
            "[newsdesk] the search index was not built (%s); install pagefind[extended] from requirements.txt. "
            "The search page says that search is unavailable.",
            reason,
            type="newsdesk",
            subtype="search",
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: Every app's index, stopped at exit (weakly: an app's index goes with it).
_PENDING: weakref.WeakSet[PendingIndex] = weakref.WeakSet()


@atexit.register
def _stop_pending() -> None:
    for index in list(_PENDING):
        index.stop()


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", own_search_page)
    app.connect("builder-inited", no_sphinx_index)
    app.connect("html-page-context", article_filters)
    index = PendingIndex()
    app.connect("build-finished", index.start, priority=850)  # after stale pages are removed (800)
    app.connect("build-finished", index.finish, priority=880)  # after the social cards (860)
