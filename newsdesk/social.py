"""Social cards: a 1200×630 PNG per article, its ``og:image``, drawn with Pillow.

sphinxext-opengraph writes the meta tags; its own cards are drawn with matplotlib,
page by page in the write phase, and are slower. Ours are drawn here:

- **What a card shows**: the site's name, the title (wrapped by width: Japanese has
  no spaces, so a line may break between any two wide characters, never before a
  closing mark; ellipsized past the space), the date and category in the page's
  language, and the mascot (``_static/technyan.svg`` rasterised with resvg-py).
  One font draws both scripts: Noto Sans CJK (Debian's ``fonts-noto-cjk``, found at
  its known paths or by ``fc-match``); without it, one notice, and Pillow's own font.
- **Only when its inputs change**: a card's digest is the hash of what it shows and
  of the renderer (this module's version, Pillow's, the fonts, the mascot); the
  digests of the last build are kept in the doctree folder. A card is drawn when its
  digest changed or its file is missing, and written atomically, only when its bytes
  differ. Cards of removed articles go with the output manifest (:mod:`newsdesk.outputs`).
- **In the main process, at build-finished**: with ``-j 2`` too; the same inputs give
  the same bytes (Pillow's basic text layout, no timestamp in the PNG), so a rebuild's
  cards equal a clean build's.

The page links its card through the page context (a copy of the page's metadata,
before sphinxext-opengraph reads it): the URL follows ``html_baseurl``, which is not
a reason to read the document again, and sphinxext-opengraph pops ``og:image`` from
the dict it is given.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import os
import shutil
import subprocess
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import i18n
from .config import NewsdeskConfig
from .files import write_if_changed
from .model import Article
from .outputs import PAGE_BUILDERS, doctree_file
from .state import get_site
from .webmanifest import FURO_BACKGROUND, FURO_BRAND

logger = logging.getLogger(__name__)

#: Bump when the drawing changes: every card is drawn again.
RENDERER_VERSION = "3"
WIDTH, HEIGHT = 1200, 630
CARDS_DIR = "_social"

#: Noto Sans CJK (bold, regular) where distributions install it; ``fc-match`` is asked otherwise.
FONT_PATHS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    ),
)
#: The face of a collection with Japanese glyph forms.
FAMILY = "Noto Sans CJK JP"

# furo's light palette: brand and background (as the web manifest's), text, secondary text
BRAND, PAPER = FURO_BRAND, FURO_BACKGROUND["light"]
INK, MUTED = "#1a1c1e", "#5a5c63"
MARGIN = 72
MASCOT = 240
TITLE_TOP, TITLE_BOTTOM = 128, 480
TITLE_WIDTH = WIDTH - 2 * MARGIN - MASCOT - 48
TITLE_SIZES = (68, 60, 52, 46)
LINE_HEIGHT = 1.25
ELLIPSIS = "…"

#: Marks a line never starts with (they stay with what precedes them), and never ends with.
CLOSING = frozenset(
    "、。，．,.!?！？:;：；)]}）」』】〕〉》〙〗ー～…‥・%％"  # punctuation
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"  # small kana, the iteration mark
)
OPENING = frozenset("([{（「『【〔〈《〘〖“‘")


# ------------------------------------------------------------------ fonts
@dataclass(frozen=True)
class Face:
    """One face of a font file (a collection holds several)."""

    path: str
    index: int = 0

    def identity(self) -> str:
        stat = os.stat(self.path)
        return f"{self.path}#{self.index}:{stat.st_size}:{stat.st_mtime_ns}"


@dataclass(frozen=True)
class Fonts:
    """The card's two weights; ``None`` for Pillow's own font (no CJK glyphs)."""

    bold: Face | None
    regular: Face | None

    @property
    def cjk(self) -> bool:
        return self.bold is not None

    def identity(self) -> str:
        return "|".join(face.identity() if face else "pillow-default" for face in (self.bold, self.regular))

    def get(self, bold: bool, size: int) -> Any:
        return _font(self.bold if bold else self.regular, size)


@functools.lru_cache(maxsize=32)
def _font(face: Face | None, size: int) -> Any:
    from PIL import ImageFont

    if face is None:
        return ImageFont.load_default(size)
    # the basic layout: the same glyph positions whether or not libraqm is installed
    return ImageFont.truetype(face.path, size, index=face.index, layout_engine=ImageFont.Layout.BASIC)


def _face(path: str) -> Face | None:
    """The Japanese face of a Noto CJK file, or ``None`` when the file is not one."""
    from PIL import ImageFont

    for index in range(10):
        try:
            family, _style = ImageFont.truetype(path, 10, index=index).getname()
        except OSError:
            break
        if family == FAMILY:
            return Face(path, index)
    return None


def _fc_match(style: str) -> Face | None:
    """What fontconfig finds for Noto Sans CJK JP, when it is that family."""
    if not shutil.which("fc-match"):
        return None
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", f"{FAMILY}:style={style}"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode or len(lines) < 3 or "CJK" not in lines[2] or not os.path.isfile(lines[0]):
        return None
    return Face(lines[0], int(lines[1] or 0))


@functools.cache
def find_fonts() -> Fonts:
    """Noto Sans CJK bold and regular: the known paths first, then ``fc-match``."""
    for bold, regular in FONT_PATHS:
        if os.path.isfile(bold) and (face := _face(bold)):
            return Fonts(face, (os.path.isfile(regular) and _face(regular)) or face)
    bold_face = _fc_match("Bold")
    if bold_face is None:
        return Fonts(None, None)
    return Fonts(bold_face, _fc_match("Regular") or bold_face)


# ------------------------------------------------------------------ text
def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def tokens(text: str) -> list[str]:
    """The units a line may break between: a word with its trailing space, or one wide
    character; a closing mark stays with what precedes it, an opening one with what follows."""
    units: list[str] = []
    glue = False
    for char in text:
        if char.isspace():
            if units and not units[-1].endswith(" "):
                units[-1] += " "
            continue
        previous = units[-1] if units else ""
        joins = previous and (
            glue or char in CLOSING or (not _wide(char) and not previous.endswith(" ") and not _wide(previous[-1]))
        )
        if joins:
            units[-1] += char
        else:
            units.append(char)
        glue = char in OPENING
    return units


class Metrics:
    """Widths of text in one font, from figures kept per character and per pair.

    Pillow's basic layout places each glyph by its own advance, plus the kerning of the pair it
    ends (when the font has a ``kern`` table), and nothing else: a text's width is its characters'
    advances and its pairs' kerning summed. Kept per font, these give what ``getlength`` gives,
    exactly, without laying every candidate line out again at every size :func:`fit_title` tries.
    """

    def __init__(self, font: Any) -> None:
        self.font = font
        self._advance: dict[str, int] = {}  # 1/64 pixel, as FreeType counts
        self._kerning: dict[str, int] = {}

    def advance(self, char: str) -> int:
        value = self._advance.get(char)
        if value is None:
            value = self._advance[char] = round(self.font.getlength(char) * 64)
        return value

    def kerning(self, pair: str) -> int:
        value = self._kerning.get(pair)
        if value is None:
            whole = round(self.font.getlength(pair) * 64)
            value = self._kerning[pair] = whole - self.advance(pair[0]) - self.advance(pair[1])
        return value

    def prefix(self, text: str) -> list[int]:
        """``prefix[k]``: the width of ``text[:k]``, in 1/64 pixel."""
        widths = [0]
        total = 0
        for k, char in enumerate(text):
            total += self.advance(char) + (self.kerning(text[k - 1 : k + 1]) if k else 0)
            widths.append(total)
        return widths

    def length(self, text: str) -> float:
        """What ``font.getlength(text)`` returns."""
        return self.prefix(text)[-1] / 64


@functools.lru_cache(maxsize=32)
def metrics(font: Any) -> Metrics:
    """One :class:`Metrics` per font (fonts are kept by :func:`_font`, these with them)."""
    return Metrics(font)


def wrap(text: str, font: Any, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a unit wider than a line is cut by character)."""
    units = tokens(text)
    joined = "".join(units)  # every line is a slice of it: measured from its running widths
    widths = metrics(font).prefix(joined)

    def length(start: int, end: int) -> float:
        """``font.getlength(joined[start:end].rstrip())``."""
        while end > start and joined[end - 1].isspace():
            end -= 1
        if end == start:
            return 0.0
        inner = widths[end] - widths[start]
        if start:  # the pair across the slice's start is not in it
            inner -= metrics(font).kerning(joined[start - 1 : start + 1])
        return inner / 64

    pieces: list[tuple[int, int]] = []
    start = 0
    for unit in units:
        end = start + len(unit)
        pieces.extend([(k, k + 1) for k in range(start, end)] if length(start, end) > width else [(start, end)])
        start = end
    lines: list[str] = []
    start = end = 0
    for piece_start, piece_end in pieces:
        if end > start and length(start, piece_end) > width:
            lines.append(joined[start:end].rstrip())
            start = piece_start
        end = piece_end
    if joined[start:end].strip():
        lines.append(joined[start:end].rstrip())
    return lines


def clamp(lines: list[str], count: int, font: Any, width: float) -> list[str]:
    """At most ``count`` lines; the last one ends with an ellipsis when text was left out."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1]
    while last and metrics(font).length(last.rstrip() + ELLIPSIS) > width:
        last = last[:-1]
    return [*lines[: count - 1], last.rstrip() + ELLIPSIS]


def fit_title(title: str, fonts: Fonts) -> tuple[Any, int, list[str]]:
    """The largest size at which the title fits its box, else the smallest, ellipsized."""
    for size in TITLE_SIZES:
        font = fonts.get(True, size)
        count = int((TITLE_BOTTOM - TITLE_TOP) // (size * LINE_HEIGHT))
        lines = wrap(title, font, TITLE_WIDTH)
        if len(lines) <= count or size == TITLE_SIZES[-1]:
            return font, size, clamp(lines, count, font, TITLE_WIDTH)
    raise AssertionError("unreachable")


# ------------------------------------------------------------------ drawing
@dataclass(frozen=True)
class Card:
    """What a card shows: its digest decides whether it is drawn again."""

    title: str
    date: str
    category: str
    site: str
    locale: str

    def digest(self, renderer: str) -> str:
        payload = json.dumps({**asdict(self), "renderer": renderer}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rasterise(svg: bytes, size: int, background: str | None = None) -> bytes:
    """A PNG of ``svg`` at ``size``×``size`` (resvg: no system library, no system font needed)."""
    import resvg_py

    options: dict[str, Any] = {"background": background} if background else {}
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg.decode("utf-8"), width=size, height=size, skip_system_fonts=True, **options
        )
    )


class Renderer:
    """Draws cards with one set of fonts and one mascot; :attr:`identity` names them."""

    def __init__(self, fonts: Fonts, mascot_svg: bytes | None) -> None:
        import PIL
        import resvg_py

        self.fonts = fonts
        self.mascot_svg = mascot_svg
        mascot = hashlib.sha256(mascot_svg).hexdigest() if mascot_svg else "none"
        self.identity = f"{RENDERER_VERSION}|pillow {PIL.__version__}|resvg {resvg_py.__version__}|"
        self.identity += f"{fonts.identity()}|{mascot}"

    @functools.cached_property
    def mascot(self) -> Any:
        from PIL import Image

        if not self.mascot_svg:
            return None
        return Image.open(io.BytesIO(rasterise(self.mascot_svg, MASCOT))).convert("RGBA")

    @functools.cached_property
    def palette(self) -> Any:
        """256 colours taken once from a reference card (both scripts, a category, the mascot).

        Quantizing every card to its own adaptive palette was two thirds of a card's cost; mapping
        to one fixed palette is three times faster, as small, and the same card still gives the same
        bytes (the palette depends only on the fonts and the mascot, which are in :attr:`identity`).
        """
        from PIL import Image

        reference = Card("Reference タイトル 0123456789", "2025年11月18日 November 18", "Claude", "AI News", "ja")
        return self.draw(reference).quantize(256, method=Image.Quantize.FASTOCTREE)

    def render(self, card: Card) -> bytes:
        """The PNG bytes of ``card``: the same card, the same bytes."""
        from PIL import Image

        out = io.BytesIO()
        image = self.draw(card).quantize(palette=self.palette, dither=Image.Dither.NONE)
        image.save(out, "PNG", compress_level=3)
        return out.getvalue()

    def draw(self, card: Card) -> Any:
        """The card as an RGB image."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, WIDTH, 14), fill=BRAND)
        draw.text((MARGIN, 56), card.site, font=self.fonts.get(False, 30), fill=MUTED)
        if card.title:
            font, size, lines = fit_title(card.title, self.fonts)
            for row, line in enumerate(lines):
                draw.text((MARGIN, TITLE_TOP + row * size * LINE_HEIGHT), line, font=font, fill=INK)
        draw.line((MARGIN, 510, WIDTH - MARGIN, 510), fill="#e0e2e6", width=2)
        meta = self.fonts.get(False, 32)
        draw.text((MARGIN, 540), card.date, font=meta, fill=MUTED)
        if card.category:
            left = MARGIN + meta.getlength(card.date) + 28
            label = self.fonts.get(True, 28)
            box = (left, 532, left + label.getlength(card.category) + 40, 584)
            draw.rounded_rectangle(box, radius=26, fill=BRAND)
            draw.text((left + 20, 558), card.category, font=label, fill=PAPER, anchor="lm")
        if self.mascot is not None:
            image.paste(self.mascot, (WIDTH - MARGIN - MASCOT, 170), self.mascot)
        return image


# ------------------------------------------------------------------ Sphinx
def card_path(docname: str) -> str:
    """Output path of an article's card, relative to the locale's HTML root."""
    return f"{CARDS_DIR}/{docname}.png"


def card_of(article: Article, locale: str, site_name: str) -> Card:
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
        digest = card_of(article, locale, name).digest(renderer.identity)
        digests[article.docname] = digest
        target = outdir / card_path(article.docname)
        if previous.get(article.docname) == digest and target.is_file():
            continue
        if not drawn and not fonts.cjk:
            logger.info(
                "[newsdesk] notice: no CJK font found (Noto Sans CJK: Debian's fonts-noto-cjk); social cards "
                "are drawn with Pillow's own font, without Japanese glyphs"
            )
        data = renderer.render(card_of(article, locale, name))
        drawn += 1
        write_if_changed(target, data)
    listing = json.dumps(digests, indent=0, sort_keys=True)
    if previous != digests:
        write_if_changed(stamp, listing.encode("utf-8"))
    if drawn:
        logger.info("[newsdesk] social cards: %d drawn (%.2f s)", drawn, time.perf_counter() - started)


def setup_social(app: Sphinx) -> None:
    app.connect("html-page-context", card_meta, priority=450)  # sphinxext-opengraph reads it at 500
    app.connect("build-finished", write_cards, priority=600)
