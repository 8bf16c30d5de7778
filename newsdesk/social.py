"""Social cards in the build: each article's ``og:image``, and its card drawn when it changed.

sphinxext-opengraph writes the meta tags; its own cards are drawn with matplotlib, page by page
in the write phase, and are slower. Ours are drawn by :mod:`newsdesk.cardimage` (its fonts and
text: :mod:`newsdesk.typesetting`); this module is their Sphinx side:

- **Only when its inputs change**: a card's digest is the hash of what it shows and of the
  renderer (:data:`~newsdesk.cardimage.RENDERER_VERSION`, Pillow's, resvg-py's, zlib's, the fonts,
  the mascot); the digests of the last build are kept in the doctree folder. A card is drawn when
  its digest changed or its file is missing, and written atomically, only when its bytes differ.
  Cards of removed articles go with the output manifest (:mod:`newsdesk.outputs`).
- **In the main process, at build-finished**: with ``-j 2`` too; the same inputs give the same
  bytes, so a rebuild's cards equal a clean build's.
- **Without a CJK font**: one notice, and Pillow's own font (no Japanese glyphs).

The page links its card through the page context (a copy of the page's metadata, before
sphinxext-opengraph reads it): the URL follows ``html_baseurl``, which is not a reason to read
the document again, and sphinxext-opengraph pops ``og:image`` from the dict it is given.
"""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import i18n
from .cardimage import HEIGHT, WIDTH, Card, Renderer
from .config import NewsdeskConfig
from .files import write_if_changed
from .model import Article
from .outputs import PAGE_BUILDERS, doctree_file
from .state import get_site
from .typesetting import find_fonts

logger = logging.getLogger(__name__)

#: The cards' folder in each locale's HTML output.
CARDS_DIR = "_social"


def card_path(docname: str) -> str:
    """Output path of an article's card, relative to the locale's HTML root."""
    return f"{CARDS_DIR}/{docname}.png"


def card_of(article: Article, locale: str, site_name: str) -> Card:
    """What ``article``'s card shows, in ``locale``: its date and category as the page shows them."""
    return Card(
        title=article.title,
        date=i18n.long_date(article.date, locale),
        category=article.category.label(locale),
        site=site_name,
        locale=locale,
    )


def card_files(app: Sphinx) -> list[str]:
    """Output paths of every card this build has (for :mod:`newsdesk.outputs`)."""
    if app.builder.name not in PAGE_BUILDERS:
        return []
    return [card_path(article.docname) for article in get_site(app.env).articles]


def mascot_svg(app: Sphinx) -> bytes | None:
    """The mascot's avatar (``newsdesk_mascot_avatar``, a file in ``html_static_path``)."""
    avatar = NewsdeskConfig.from_sphinx(app.config).mascot_avatar
    for folder in app.config.html_static_path:
        path = Path(app.confdir) / folder / avatar
        if avatar.endswith(".svg") and path.is_file():
            return path.read_bytes()
    return None


def og_content(text: str) -> str:
    """``text`` as an ``og:`` value handed to sphinxext-opengraph (``context["meta"]`` or a page's
    metadata): escaped for an HTML attribute, since its ``make_tag`` writes the value into
    ``content="..."`` replacing only ``"`` (none is left to it: no double escape)."""
    return html.escape(text, quote=True)


def card_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``, before sphinxext-opengraph: an article's card and twitter:card."""
    if app.builder.name not in PAGE_BUILDERS:
        return
    article = get_site(app.env).by_docname.get(pagename)
    if article is None:
        return
    base = app.config.html_baseurl
    url = (base if base.endswith("/") else base + "/") + card_path(pagename)
    context["meta"] = {
        **(context.get("meta") or {}),
        "og:image": url,
        "og:image:alt": og_content(article.title),
        "og:image:type": "image/png",
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
    }
    context["metatags"] = context.get("metatags", "") + '<meta name="twitter:card" content="summary_large_image" />\n'


def write_cards(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: draw the cards whose inputs changed since the last build."""
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    site = get_site(app.env)
    locale = site.locale
    name = NewsdeskConfig.from_sphinx(app.config).name_in(locale)
    stamp = doctree_file(app, "newsdesk-social")
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    fonts = find_fonts()
    renderer = Renderer(fonts, mascot_svg(app))
    outdir = Path(app.outdir)
    digests: dict[str, str] = {}
    drawn = 0
    started = time.perf_counter()
    for article in site.articles:
        card = card_of(article, locale, name)
        digest = digests[article.docname] = card.digest(renderer.identity)
        target = outdir / card_path(article.docname)
        if previous.get(article.docname) == digest and target.is_file():
            continue
        if not drawn and not fonts.cjk:
            logger.info(
                "[newsdesk] notice: no CJK font found (Noto Sans CJK: Debian's fonts-noto-cjk); social cards "
                "are drawn with Pillow's own font, without Japanese glyphs"
            )
        write_if_changed(target, renderer.render(card))
        drawn += 1
    if previous != digests:
        write_if_changed(stamp, json.dumps(digests, indent=0, sort_keys=True).encode("utf-8"))
    if drawn:
        logger.info("[newsdesk] social cards: %d drawn (%.2f s)", drawn, time.perf_counter() - started)


def setup_social(app: Sphinx) -> None:
    """Connect the page's card meta and the cards' drawing."""
    app.connect("html-page-context", card_meta, priority=450)  # sphinxext-opengraph reads it at 500
    # after the search index has started (850), which does not read the cards, and before it is waited for (880)
    app.connect("build-finished", write_cards, priority=860)
