"""The build owns what it writes: a rebuild leaves the same output folder as a clean build.

Sphinx writes the pages of the documents it has and never removes one; its
extensions see only the pages the current build wrote. Three guarantees close
the gaps, each in the smallest place:

- **A manifest of outputs.** Every build that finishes lists the files that come
  from its documents (pages, images, downloads, feeds, social cards, the web
  manifest and its icons) in the doctree folder; the
  next build removes what the last one listed and this one no longer has (the page
  of a deleted article, a tag page that nobody uses any more).
- **The sitemap from the environment.** sphinx-sitemap records the pages a build
  writes; before it writes the file, every other page of the environment is added
  through its own ``add_html_link``, and the links are put in a stable order (a
  parallel write records them in any order).
- **A marker of a build in progress.** Written when a build starts, removed when it
  finishes. A build that finds it knows the last one was killed (after Sphinx saved
  its environment, some pages may be missing or stale) and writes every page again.
"""

from __future__ import annotations

import os
import queue
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import feeds
from .files import write_if_changed
from .state import domain

logger = logging.getLogger(__name__)

MANIFEST = "newsdesk-outputs"
#: Builders that write one page per document (singlehtml, epub and the help builders do not): the
#: ones the search index, the social cards and the web manifest are made for.
PAGE_BUILDERS = ("html", "dirhtml")
RUNNING = "newsdesk-build-running"


def doctree_file(app: Sphinx, name: str) -> Path:
    """A file of this builder's in the doctree folder: kept with the environment it describes."""
    return Path(app.doctreedir) / f"{name}-{app.builder.name}"


# ------------------------------------------------------------------ a killed build
def notice_killed_build(app: Sphinx) -> None:
    """``builder-inited``: if the last build never finished, its pages are written again."""
    marker = doctree_file(app, RUNNING)
    store = domain(app.env)
    store.data["repair"] = marker.exists() and app.builder.format == "html"
    if store.data["repair"]:
        logger.info(
            "[newsdesk] the last build in %s did not finish (stopped or killed): writing every page again",
            app.outdir,
        )
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"{os.getpid()}\n", encoding="utf-8")


def repair_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: after a killed build, every page is written again."""
    return sorted(env.found_docs) if domain(env).data.get("repair") else []


def mark_finished(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, last: only a build that did every step clears the marker."""
    if exception is None:
        doctree_file(app, RUNNING).unlink(missing_ok=True)


# ------------------------------------------------------------------ the manifest
def owned_outputs(app: Sphinx) -> set[str]:
    """Output files (POSIX, relative to the output folder) that come from this build's documents."""
    env, builder = app.env, app.builder
    owned = {builder.get_target_uri(docname) for docname in env.all_docs}
    owned |= {f"{builder.imagedir}/{name}" for _docs, name in env.images.values()}
    owned |= {f"_downloads/{dest}" for _docs, dest in env.dlfiles.values()}
    owned |= set(feeds.feed_files(app))
    from . import social, webmanifest  # they import this module (doctree_file)

    owned |= set(social.card_files(app)) | set(webmanifest.files(app))
    return {path for path in owned if path and not path.endswith("/")}


def remove_stale_outputs(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: remove what the last build wrote and this one no longer has."""
    if exception is not None or app.builder.format != "html":
        return
    manifest = doctree_file(app, MANIFEST)
    previous = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    owned = owned_outputs(app)
    outdir = Path(app.outdir).resolve()
    removed = 0
    for rel in sorted(previous - owned):
        path = (outdir / rel).resolve()
        if outdir not in path.parents or not path.is_file():
            continue
        path.unlink()
        removed += 1
        parent = path.parent
        while parent != outdir and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    if removed:
        logger.info("[newsdesk] removed %d outputs of documents that are gone", removed)
    listing = "".join(f"{rel}\n" for rel in sorted(owned))
    write_if_changed(manifest, listing.encode("utf-8"))


# ------------------------------------------------------------------ the sitemap
def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, before sphinx-sitemap writes: every page of the environment,
    in a stable order, whichever pages this build wrote."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    import sphinx_sitemap

    recorded = _drain(links)
    written = {link for link, _lastmod in recorded}
    # The writers are done: the rest is collected in this process, in a plain queue, instead of
    # one round trip to sphinx-sitemap's manager process per page.
    app.sitemap_links = links = queue.Queue()  # type: ignore[attr-defined]
    for docname in app.env.all_docs:
        if app.builder.get_target_uri(docname) not in written:
            sphinx_sitemap.add_html_link(app, docname, "page.html", {}, None)
    recorded |= _drain(links)
    for item in sorted(recorded, key=lambda item: (item[0], item[1] or "")):
        links.put(item)


def _drain(links: queue.Queue) -> set[tuple[str, str | None]]:
    items = set()
    while True:
        try:
            items.add(links.get_nowait())
        except queue.Empty:
            return items


def setup_outputs(app: Sphinx) -> None:
    app.connect("builder-inited", notice_killed_build)
    app.connect("env-get-updated", repair_pages)
    app.connect("build-finished", complete_sitemap, priority=400)  # sphinx-sitemap writes at 500
    app.connect("build-finished", remove_stale_outputs, priority=800)
    app.connect("build-finished", mark_finished, priority=999)
