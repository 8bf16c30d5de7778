"""furo's and Sphinx's interface in the page's language (issue [12 reader]).

furo ships no translations, and writes part of its interface in plain English, not
through gettext. The project's catalogs (``locale/<lang>/LC_MESSAGES/*.po``, in git)
hold the Japanese of both:

- **Compiled for each build, never beside the ``.po``.** Sphinx compiles a
  ``sphinx.po`` it finds in ``locale_dirs`` into a ``.mo`` next to it, i.e. into the
  repository. conf.py's ``locale_dirs`` names a generated folder (``_build/locale``)
  instead, and at ``config-inited`` :func:`install_catalogs` compiles every ``.po`` into
  it with Babel (:func:`newsdesk.i18n.compile_catalogs`: a file is replaced, atomically,
  only when its bytes change).
- **Loaded first, in every build.** Sphinx loads its translator (``_init_i18n``) before
  any extension runs, so on a clean build the catalog did not exist yet, and on a rebuild
  it found the previous build's. :func:`install_catalogs` builds the translator again,
  as Sphinx does with the catalog just compiled: ours, then the other ``locale_dirs``,
  the system's and Sphinx's own; templates (``_()``, ``{% trans %}``) and Sphinx's Python
  strings (``Link to this heading``) both read it.
- **A catalog edit rebuilds everything.** The catalogs' digest is a config value of
  rebuild kind ``env``: Sphinx re-reads and re-writes every page when a ``.po`` changes,
  and only then (the digest is of the ``.po`` text, stable from build to build).
- **furo's own English** (:data:`HARDCODED`, furo's navigation tree) is replaced on each
  page by its translation: ``_templates/page.html`` applies :func:`replacements`, and
  :func:`translate_navigation` rewrites the tree's "Toggle navigation of ..." labels.
  An exact string furo writes is replaced, or nothing: a furo upgrade that rewords one
  leaves English on the page, which tests/test_i18n.py finds.
"""

from __future__ import annotations

import functools
import gettext
import html
import io
import re
from pathlib import Path
from typing import Any

import sphinx
import sphinx.locale
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from . import i18n
from .performance import NAV_TREE

logger = logging.getLogger(__name__)

#: The config value holding the catalogs' digest (rebuild: ``env``).
DIGEST = "newsdesk_interface_catalogs"

#: English that furo writes as is, not through gettext: (where it stands, with ``{}`` for
#: the text; the text, a msgid of ``sphinx.po``). Replaced only in that exact markup, so
#: that an article's own words are never touched (and a body cannot hold such markup).
HARDCODED: tuple[tuple[str, str], ...] = (
    ('aria-label="{}"', "Toggle site navigation sidebar"),
    ('aria-label="{}"', "Toggle table of contents sidebar"),
    ('aria-label="{}"', "Toggle Light / Dark / Auto color theme"),
    ('aria-label="{}"', "On Read the Docs"),
    ('aria-label="{}"', "On GitHub"),
    ('aria-label="{}"', "versions"),
    ("<title>{}</title>", "Contents"),
    ("<title>{}</title>", "Menu"),
    ("<title>{}</title>", "Expand"),
    ("<title>{}</title>", "Light mode"),
    ("<title>{}</title>", "Dark mode"),
    ("<title>{}</title>", "Auto light/dark, in light mode"),
    ("<title>{}</title>", "Auto light/dark, in dark mode"),
    ("@pradyunsg</a>{}", "'s"),
)

#: furo's navigation tree labels each expandable entry in English (furo/navigation.py).
NAV_LABEL = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')
NAV_MSGID = "Toggle navigation of %(name)s"


def compiled_dir(app: Sphinx, config: Config) -> Path:
    """The first of ``locale_dirs``: where the catalogs are compiled; never in ``locale/``."""
    if not config.locale_dirs:
        raise ConfigError(
            "locale_dirs is empty: newsdesk compiles locale/*.po into its first folder (conf.py: _build/locale)"
        )
    dest = (Path(app.srcdir) / config.locale_dirs[0]).resolve()
    if dest == i18n.LOCALE_DIR or i18n.LOCALE_DIR in dest.parents:
        raise ConfigError(
            f"locale_dirs[0] = {str(dest)!r} is inside {str(i18n.LOCALE_DIR)!r}: the compiled catalogs "
            "would be written into the repository; name a generated folder (conf.py: _build/locale), "
            "and delete the .mo files Sphinx has already written there"
        )
    return dest


def translator(app: Sphinx, config: Config, dest: Path) -> gettext.NullTranslations | None:
    """Sphinx's translator as ``_init_i18n`` makes it, with the catalog just compiled first;
    None when this language has none of ours."""
    language = config.language
    mo = dest / str(language) / "LC_MESSAGES" / "sphinx.mo"
    if not language or not mo.is_file():
        return None
    # Read from the bytes, not gettext.translation(): it caches a file's catalog per process.
    chain = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    others: list[Path | None] = [Path(app.srcdir) / d for d in config.locale_dirs[1:]]
    for folder in [*others, None, Path(sphinx.package_dir) / "locale"]:
        try:
            chain.add_fallback(gettext.translation("sphinx", folder, [language]))
        except OSError:
            continue
    return chain


def install_catalogs(app: Sphinx, config: Config) -> None:
    """``config-inited``: compile ``locale/`` into ``locale_dirs[0]`` and load it first."""
    dest = compiled_dir(app, config)
    try:
        changed = i18n.compile_catalogs(i18n.LOCALE_DIR, dest)
    except Exception as exc:  # a broken .po: name it, as a broken conf.py is named
        raise ConfigError(f"interface catalogs in {i18n.LOCALE_DIR}: {exc}") from None
    if changed:
        logger.info("[newsdesk] interface catalogs compiled: %s", ", ".join(p.name for p in changed))
    setattr(config, DIGEST, i18n.catalogs_digest())
    chain = translator(app, config, dest)
    if chain is not None:
        sphinx.locale.translators["general", "sphinx"] = chain
        app.translator = chain


@functools.lru_cache(maxsize=8)
def _replacements(chain: gettext.NullTranslations) -> tuple[tuple[str, str], ...]:
    pairs = []
    for markup, msgid in HARDCODED:
        text = chain.gettext(msgid)
        if text != msgid:
            pairs.append((markup.format(msgid), markup.format(html.escape(text))))
    return tuple(pairs)


def replacements(app: Sphinx) -> tuple[tuple[str, str], ...]:
    """(furo's English markup, the same in the page's language), for ``_templates/page.html``."""
    return _replacements(app.translator) if app.translator is not None else ()


@functools.lru_cache(maxsize=64)
def _navigation(tree: str, label: str) -> str:
    return NAV_LABEL.sub(lambda m: f'aria-label="{label.replace("%(name)s", m.group(1))}"', tree)


def translate_navigation(tree: str, chain: gettext.NullTranslations | None) -> str:
    """furo's navigation tree with its "Toggle navigation of X" labels translated
    (X is already escaped by furo; the rest of the label is escaped here)."""
    if chain is None:
        return tree
    text = chain.gettext(NAV_MSGID)
    if text == NAV_MSGID:
        return tree
    return _navigation(tree, html.escape(text))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``, after furo and the navigation cache: the page's replacements."""
    context["newsdesk_interface"] = replacements(app)
    if NAV_TREE in context:
        context[NAV_TREE] = translate_navigation(context[NAV_TREE], app.translator)


def setup_interface(app: Sphinx) -> None:
    app.add_config_value(DIGEST, "", "env", types=frozenset({str}))
    app.connect("config-inited", install_catalogs, priority=200)
    app.connect("html-page-context", page_context, priority=700)
