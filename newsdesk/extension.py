"""Wire the newsdesk extension into Sphinx.

At ``builder-inited`` the catalog is loaded once (re-parsing only changed files),
its problems are reported as warnings at the article's file and line, and the
locale's staging source folder is synchronised. Everything after that reads the
:class:`~newsdesk.site.Site` kept on the environment.
"""

from __future__ import annotations

import logging as logging_std
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from . import __version__, staging
from .articles import setup_articles
from .bodies import setup_bodies
from .cards import setup_cards
from .catalog import Catalog
from .components import setup_components
from .config import NewsdeskConfig, setup_config
from .feeds import setup_feeds
from .interface import setup_interface
from .listing import setup_listing
from .locking import setup_locking
from .mascot_sections import setup_mascot_sections
from .navigation import setup_navigation
from .notfoundpage import setup_notfound
from .outputs import setup_outputs
from .pdf import book_month, setup_pdf
from .performance import drop_bodies, setup_performance
from .search import setup_search
from .site import Site
from .social import setup_social
from .state import domain, setup_state
from .tagging import Tagger, TagTitles, setup_tagging
from .timeline_pages import setup_timeline_pages
from .vocabulary import Vocabulary, VocabularyError
from .walks import setup_walks
from .webmanifest import setup_webmanifest

logger = logging.getLogger(__name__)


def derive_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: settings that follow from the locale, the site's name among them
    (one definition, ``newsdesk_site_name``: the HTML title, ``og:site_name``, feeds, manifest)."""
    cfg = NewsdeskConfig.from_sphinx(config)
    locale = config.language or "en"
    config.html_title = cfg.name_in(locale)
    config.ogp_site_name = config.html_title
    if not config.html_baseurl:
        config.html_baseurl = f"{cfg.site_url.rstrip('/')}/{locale}/"
    config.ogp_site_url = config.html_baseurl
    config.html_context = {**config.html_context, "newsdesk_locale": locale}


def load_site(app: Sphinx) -> None:
    """``builder-inited``: load the catalog, report its problems, stage the sources."""
    cfg = NewsdeskConfig.from_sphinx(app.config)
    confdir = app.confdir
    locale = app.config.language or "en"
    try:
        vocabulary = Vocabulary.load(cfg.path(confdir, cfg.vocabulary))
    except VocabularyError as exc:
        raise ConfigError(str(exc)) from None
    if locale not in vocabulary.locales:
        raise ConfigError(f"language {locale!r} is not one of the vocabulary's locales {vocabulary.locales}")
    store = domain(app.env)
    cache = store.parse_cache
    content = cfg.path(confdir, cfg.content_dir)
    catalog = Catalog.load(content, vocabulary, cache=cache, max_file_bytes=cfg.max_file_kib * 1024)
    drop_bodies(cache)  # the cache is pickled with the environment, once per parallel chunk
    report(catalog, locale, first_locale=locale == vocabulary.locales[0])
    tagger = Tagger(vocabulary, TagTitles.from_config(app.config), app.config.tags_output_dir)
    site = Site.build(catalog, locale, cfg.path(confdir, cfg.pages_dir), book=book_month(app), tagger=tagger)
    store.site = site
    for path, line, message in site.tag_index.problems:
        logger.warning(message, location=f"{path}:{line}", type="newsdesk", subtype="tags")
    changed = staging.sync(Path(app.srcdir), site.plans[locale])
    logger.info(
        "[newsdesk] %s: %d articles, %d problems, %d staged files changed",
        locale,
        len(site.articles),
        len(catalog.problems),
        changed,
    )


class RealPathFilter(logging_std.Filter):
    """Show warnings at the writer's file, not at its link in the staging folder."""

    def __init__(self, srcdir: str) -> None:
        super().__init__()
        self.prefix = str(Path(srcdir).resolve()) + os.sep

    def filter(self, record: logging_std.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if isinstance(location, str) and location.startswith(self.prefix):
            path, sep, rest = location.partition(":")
            record.location = os.path.realpath(path) + sep + rest
        return True


def install_path_filter(app: Sphinx) -> None:
    path_filter = RealPathFilter(str(app.srcdir))
    for handler in logging_std.getLogger("sphinx").handlers:
        handler.addFilter(path_filter)


def report(catalog: Catalog, locale: str, first_locale: bool) -> None:
    """Each problem of this locale's files, as a warning at ``path:line``."""
    for problem in catalog.problems:
        stem = problem.path.stem
        mine = stem == locale or (stem not in catalog.vocabulary.locales and first_locale)
        if not mine:
            continue
        location = f"{problem.path}:{problem.line}"
        message = f"{problem.field}: {problem.message}"
        if problem.severity == "notice":
            logger.info("%s: %s", location, message)
        else:
            logger.warning(message, location=location, type="newsdesk", subtype=problem.field)


def setup_extension(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_walks(app)  # in place of transforms of sphinx-design and Sphinx, once they are registered
    setup_config(app)
    setup_locking(app)
    setup_interface(app)
    setup_state(app)
    setup_bodies(app)
    setup_outputs(app)
    setup_components(app)
    setup_listing(app)
    setup_tagging(app)
    setup_articles(app)
    setup_cards(app)
    setup_mascot_sections(app)
    setup_navigation(app)
    setup_pdf(app)
    setup_performance(app)
    setup_feeds(app)
    setup_search(app)
    setup_timeline_pages(app)
    setup_social(app)
    setup_webmanifest(app)
    setup_notfound(app)
    # after the options are validated (100), before what reads html_title and html_baseurl (500)
    app.connect("config-inited", derive_config, priority=300)
    app.connect("builder-inited", load_site)
    app.connect("builder-inited", install_path_filter)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 4}
