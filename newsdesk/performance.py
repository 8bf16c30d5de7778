"""Work Sphinx and furo repeat for every page, done once per build (issue [6 performance]).

Each cache here returns exactly what the uncached code returns; ``make bench``
measures the gain and ``tests/test_incremental.py`` checks the output is unchanged.

- **furo's navigation tree.** furo renders the whole site toctree, then re-parses it
  with BeautifulSoup, for every page: a third of the write phase. A page that is in
  no toctree (every article, every tag page) gets the same tree as any other page
  whose URL has the same directory shape, so it is rendered once per shape.
- **The environment pickle.** Sphinx pickles the whole environment once per parallel
  read chunk (and unpickles it in the main process, serially), and at the end of a
  build. The front-matter parse cache kept there for incremental builds holds no
  article bodies (the catalog never reads them from the cache): a third of its size.
- **Doctrees kept in memory.** A serial Sphinx build keeps every doctree it read in
  memory until it writes the page (to spare unpickling it): memory linear in the
  site, ~0.4 MB a page. At most :data:`DOCTREES_IN_MEMORY` are kept; the others are
  read back from the doctree folder, as in a parallel build.
- **The garbage collector.** Each of Python's full collections walks every live
  object, and a build keeps the whole site alive: the environment (~700,000 objects
  at N=1,000) and up to 500 doctrees. A clean build of one locale at N=1,000 spent
  16 s of its 57 s in them; a one-page rebuild 0.5 s unpickling the environment
  with the collector on, 0.65 s in collections and 1.6 s in the last ones at
  interpreter exit. :class:`CollectorPause` pauses the collector while the
  environment loads, then *settles* before each document is read and every 100
  pages written: collects only what appeared since the last settle, and freezes
  (:func:`gc.freeze`) what survived, so no collection walks the whole site again.
  The build thaws everything when it finishes; the process exits frozen. Reference
  counting still frees what is dropped; only cycles frozen alive wait for the thaw.

- **Each page's docutils settings.** Sphinx builds them with a new docutils
  ``OptionParser`` for every page it reads: the option specs of the reader and the parser,
  the given defaults, then the ``docutils.conf`` files read from disk: 0.6 ms a page, about
  1.5 s of CPU over the 2,450 pages of a clean build at N=1,000 (0.03 ms with the cache).
  :class:`DocumentSettings` keeps what depends only on the components and the configuration
  files, and puts each page's settings together from it as the parser does.

Sphinx's own search index is not built any more (:mod:`newsdesk.search`: Pagefind), so the
stem cache and the faster Japanese splitter that sped it up are gone.
"""

from __future__ import annotations

import atexit
import copy
import dataclasses
import gc
import os
import warnings
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

import sphinx.util.docutils
from docutils import frontend, nodes, utils
from sphinx.application import Sphinx

from .frontmatter import RawArticle

NAV_TREE = "furo_navigation_tree"
#: Doctrees a serial build keeps in memory between reading and writing (~0.4 MB each).
DOCTREES_IN_MEMORY = 500


class BoundedDoctreeCache(dict):
    """Sphinx's read-to-write doctree cache, holding at most ``limit`` doctrees.

    Sphinx writes in the order it reads (sorted docnames) and pops each doctree it
    writes, so the first ``limit`` pages are written from memory, the rest from disk.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: str, value: Any) -> None:
        if len(self) < self.limit or key in self:
            super().__setitem__(key, value)


def bound_doctree_cache(app: Sphinx) -> None:
    """``builder-inited``: swap the cache (a private attribute: left alone if it is gone)."""
    env = app.env
    if isinstance(getattr(env, "_write_doc_doctree_cache", None), dict):
        env._write_doc_doctree_cache = BoundedDoctreeCache(DOCTREES_IN_MEMORY)


class CollectorPause:
    """Pause, freeze and thaw Python's garbage collector around one build.

    The collector is process-wide, so there is one of these per process. A build that
    fails before ``builder-inited`` leaves the collector paused until the next build
    starts; one that fails before ``build-finished`` leaves its objects frozen until then.
    It assumes nothing else in the process relies on :func:`gc.freeze`: a host that froze
    its own objects (a pre-fork server running Sphinx in-process) finds them thawed.
    """

    #: Pages written between two settles: bounds the pages kept until the build ends to 1 %.
    WRITE_EVERY = 100

    def __init__(self) -> None:
        self.paused = False
        self.was_enabled = True
        self.written = 0

    def pause(self, app: Sphinx, config: object) -> None:
        """``config-inited``: the environment is unpickled next, and nothing in it is garbage."""
        gc.unfreeze()  # what an earlier, failed build in this process left frozen
        if not self.paused:
            self.was_enabled = gc.isenabled()  # a caller may have turned it off
            self.paused = True
        gc.disable()

    def resume(self, app: Sphinx) -> None:
        """``builder-inited``, first: the environment is loaded; frozen before the collector
        restarts, or its first full collection walks all of it."""
        gc.freeze()
        if self.paused and self.was_enabled:
            gc.enable()
        self.paused = False

    def freeze(self, app: Sphinx) -> None:
        """``builder-inited``, last: the catalog and the site join the frozen environment."""
        gc.freeze()

    def settle(self) -> None:
        """Collect what is not frozen (the documents since the last settle, not the whole
        site), then freeze what is left alive."""
        gc.collect()
        gc.freeze()

    def before_read(self, app: Sphinx, env: object, docname: str) -> None:
        """``env-purge-doc``: the document read last is cached or garbage by now."""
        self.settle()

    def after_resolve(self, app: Sphinx, doctree: object, docname: str) -> None:
        """``doctree-resolved``: every :attr:`WRITE_EVERY` pages written. The page being
        written is frozen too, and kept until the build ends (~0.4 MB)."""
        self.written += 1
        if self.written % self.WRITE_EVERY == 0:
            self.settle()

    def thaw(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``: a later build in this process collects this one's cycles."""
        gc.unfreeze()


COLLECTOR = CollectorPause()


class NavigationCache:
    """furo's ``furo_navigation_tree``, rendered once per URL shape of pages in no toctree.

    Sphinx marks "current" entries only for a page that is in a toctree, and the
    tree's links are relative to the page's directory: for a page outside every
    toctree, the tree depends only on how many directories deep the page is and on
    which leading directories it shares with the pages of the tree. That pair is
    the cache key. Pages in a toctree are rendered as usual.
    """

    def __init__(self) -> None:
        self.trees: dict[tuple[int, tuple[str, ...]], str] = {}
        self.shape: tuple[set[str], set[tuple[str, ...]]] | None = None
        self.pending: dict[str, Any] = {}

    def reset(self, *args: object) -> None:
        self.trees.clear()
        self.shape = None
        self.pending.clear()

    def key(self, app: Sphinx, pagename: str) -> tuple[int, tuple[str, ...]] | None:
        builder = app.builder
        if self.shape is None:
            env = app.env
            in_tree = {env.config.root_doc}
            for children in env.toctree_includes.values():
                in_tree.update(children)
            prefixes: set[tuple[str, ...]] = {()}
            for docname in in_tree:
                parts = builder.get_target_uri(docname).split("/")[:-1]
                prefixes.update(tuple(parts[:i]) for i in range(1, len(parts) + 1))
            self.shape = (in_tree, prefixes)
        in_tree, prefixes = self.shape
        if pagename in in_tree or pagename not in app.env.all_docs:
            return None
        parts = tuple(builder.get_target_uri(pagename).split("/")[:-1])
        shared = 0
        while shared < len(parts) and parts[: shared + 1] in prefixes:
            shared += 1
        return (len(parts), parts[:shared])

    def before_theme(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
    ) -> None:
        """Before furo: hide the toctree from it when the tree is already known."""
        key = self.key(app, pagename)
        if key is not None and key in self.trees and "toctree" in context:
            self.pending[pagename] = context.pop("toctree")

    def after_theme(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
    ) -> None:
        """After furo: give back the toctree and the known tree, or remember the new one."""
        if pagename in self.pending:
            context["toctree"] = self.pending.pop(pagename)
            context[NAV_TREE] = self.trees[self.key(app, pagename)]  # type: ignore[index]
            return
        key = self.key(app, pagename)
        if key is not None and NAV_TREE in context:
            self.trees[key] = context[NAV_TREE]


class DocumentSettings:
    """Sphinx's ``sphinx.util.docutils._get_settings``, with the option parser's work done once.

    ``OptionParser(components, defaults, read_config_files).get_default_values()`` is
    ``Values({**the components' defaults, **defaults, **the configuration files' settings})``
    with the files' names as ``_config_files``; the files are read only when asked and not
    disabled by ``_disable_config``. The components' defaults are computed once per set of
    components (their classes, and their specifications as they are now), the files' settings
    once per set of files (names and modification times); each call still gets a new
    ``Values``, a new ``record_dependencies`` list and its own copy of the files' settings, as a
    new parser gave. A file docutils refuses goes to the original, which reports it as before.
    """

    def __init__(self, original: Callable[..., frontend.Values]) -> None:
        self.original = original
        #: components' classes -> (their specifications, the parser's defaults)
        self.defaults: dict[tuple[type, ...], tuple[list[tuple[Any, ...]], dict[str, Any]]] = {}
        #: (components' classes, files) -> (the files' settings, the files read)
        self.configured: dict[tuple[Any, ...], tuple[dict[str, Any], list[str]]] = {}

    def __call__(
        self, *components: Any, defaults: Mapping[str, Any], read_config_files: bool = False
    ) -> frontend.Values:
        kinds = tuple(c if isinstance(c, type) else type(c) for c in components)
        specs = [_spec(c) for c in components]
        known = self.defaults.get(kinds)
        if known is None or not _same(known[0], specs):
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=DeprecationWarning)
                known = self.defaults[kinds] = (specs, dict(frontend.OptionParser(components=components).defaults))
            for key in [key for key in self.configured if key[0] == kinds]:  # read with the old sections
                del self.configured[key]
        merged = {**known[1], **defaults}
        config_files: list[str] = []
        if read_config_files and not merged["_disable_config"]:
            files = tuple(_config_file(f) for f in frontend.OptionParser.get_standard_config_files())
            configured = self.configured.get((kinds, files))
            if configured is None:
                try:
                    configured = self.configured[kinds, files] = _read_config_files(components)
                except ValueError:  # the original parser exits with docutils' message
                    return self.original(*components, defaults=defaults, read_config_files=read_config_files)
            settings, config_files = configured
            merged.update(copy.deepcopy(settings))
            merged["record_dependencies"] = utils.DependencyList()  # the files' Values made a new one
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            values = frontend.Values(merged)
        values._config_files = list(config_files)
        return values


def _read_config_files(components: tuple[Any, ...]) -> tuple[dict[str, Any], list[str]]:
    """The configuration files' settings for these components, and the files read."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        parser = frontend.OptionParser(components=components)
        settings = dict(parser.get_standard_config_settings().__dict__)
    settings.pop("record_dependencies", None)
    return settings, list(parser.config_files)


def _spec(component: Any) -> tuple[Any, ...]:
    """What a component gives an option parser, as it is now (Sphinx makes a new parser
    instance for each page; an instance or a later change could set any of it otherwise)."""
    return (
        component.settings_spec,
        dict(component.settings_defaults or {}),
        dict(component.settings_default_overrides or {}),
        component.config_section,
        tuple(component.config_section_dependencies or ()),
        tuple(component.relative_path_settings),
    )


def _same(known: list[tuple[Any, ...]], now: list[tuple[Any, ...]]) -> bool:
    """The same specifications: the same option tuples (by identity: they are the classes'),
    equal defaults and sections."""
    return all(a[0] is b[0] and a[1:] == b[1:] for a, b in zip(known, now, strict=True))


def _config_file(path: str) -> tuple[str, int | None]:
    """A configuration file's absolute name (``./docutils.conf`` is the working folder's) and
    modification time, None where there is no such file."""
    try:
        return os.path.abspath(path), os.stat(path).st_mtime_ns
    except OSError:
        return os.path.abspath(path), None


def cache_document_settings() -> None:
    """Put :class:`DocumentSettings` in place of Sphinx's ``_get_settings`` (once per process:
    Sphinx's reader calls it by its module-level name)."""
    if not isinstance(sphinx.util.docutils._get_settings, DocumentSettings):
        sphinx.util.docutils._get_settings = DocumentSettings(sphinx.util.docutils._get_settings)


def drop_bodies(cache: MutableMapping[str, tuple[int, int, Any]]) -> None:
    """Keep the parse cache small: the catalog reads front matter only, never a cached body."""
    for key, (mtime, size, result) in cache.items():
        if isinstance(result, RawArticle) and result.body:
            cache[key] = (mtime, size, dataclasses.replace(result, body=""))


def setup_performance(app: Sphinx) -> None:
    cache_document_settings()
    cache = NavigationCache()
    app.connect("config-inited", COLLECTOR.pause, priority=900)
    app.connect("builder-inited", COLLECTOR.resume, priority=1)
    app.connect("builder-inited", COLLECTOR.freeze, priority=999)
    app.connect("env-purge-doc", COLLECTOR.before_read)
    app.connect("doctree-resolved", COLLECTOR.after_resolve)
    app.connect("build-finished", COLLECTOR.thaw, priority=900)
    # At exit nothing needs collecting: skip the interpreter's last full collections (once per process).
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    app.connect("env-updated", cache.reset)
    app.connect("builder-inited", bound_doctree_cache)
    app.connect("html-page-context", cache.before_theme, priority=400)
    app.connect("html-page-context", cache.after_theme, priority=600)
