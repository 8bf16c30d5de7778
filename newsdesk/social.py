"""Social cards: a 1200×630 PNG per article, its ``og:image``, drawn with Pillow.

sphinxext-opengraph writes the meta tags; its own cards are drawn with matplotlib,
page by page in the write phase, and are slower. Ours are drawn here:

- **What a card shows**: the site's name, the title (wrapped by width: Japanese has
  no spaces, so a line may break between any two wide characters, never before a
  closing mark; ellipsized past the space), the date and category in the page's
  language, and the mascot (``_static/technyan.svg`` rasterised with resvg-py).
  One font draws both scripts: Noto Sans CJK (Debian's ``fonts-noto-cjk``, found at
  its known paths or by ``fc-match``); without it, one notice, and Pillow's own font.
- **Only what differs from the site's base**: what every card of a site shows (the
  brand bar, the site's name, the divider, the mascot) is drawn, mapped to the palette
  and compressed once; a card draws only the windows its own texts reach, as the whole
  card would be drawn there (a window on the paper with one text in it is that text's
  coverage through a colour table), and compresses only their rows. The PNG is written
  here: its image data is those rows' deflate segments and the base's between, end to
  end. That is half the cost of drawing, mapping and compressing the whole card, and
  the same pixels (``tests/test_web.py`` compares them).
- **Only when its inputs change**: a card's digest is the hash of what it shows and
  of the renderer (this module's version, Pillow's, zlib's, the fonts, the mascot); the
  digests of the last build are kept in the doctree folder. A card is drawn when its
  digest changed or its file is missing, and written atomically, only when its bytes
  differ. Cards of removed articles go with the output manifest (:mod:`newsdesk.outputs`).
- **In the main process, at build-finished**: with ``-j 2`` too; the same inputs give
  the same bytes (Pillow's basic text layout, no timestamp nor other chunk in the PNG),
  so a rebuild's cards equal a clean build's.

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
import math
import os
import shutil
import struct
import subprocess
import time
import unicodedata
import zlib
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
RENDERER_VERSION = "4"
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
BAR, SITE_Y, DIVIDER, DATE_Y = 14, 56, 510, 540
BADGE_TOP, BADGE_BOTTOM, LABEL_Y = 532, 584, 558
RULE = "#e0e2e6"
MASCOT, MASCOT_TOP = 240, 170
TITLE_TOP, TITLE_BOTTOM = 128, 480
TITLE_WIDTH = WIDTH - 2 * MARGIN - MASCOT - 48
TITLE_SIZES = (68, 60, 52, 46)
LINE_HEIGHT = 1.25
ELLIPSIS = "…"
#: Pixels around a text's box its glyphs may reach (at a fractional origin, Pillow's mask is one wider and taller).
PAD = 2
#: What the brand bar, the divider and the mascot may reach.
BAR_BOX = (0, 0, WIDTH, BAR + PAD)
DIVIDER_BOX = (0, DIVIDER - PAD, WIDTH, DIVIDER + PAD)
MASCOT_BOX = (WIDTH - MARGIN - MASCOT, MASCOT_TOP, WIDTH - MARGIN, MASCOT_TOP + MASCOT)

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


#: Left, top, right and bottom, in pixels.
Box = tuple[float, float, float, float]


class Metrics:
    """Widths and boxes of text in one font, from figures kept per character and per pair.

    Pillow's basic layout places each glyph by its own advance, plus the kerning of the pair it
    ends (when the font has a ``kern`` table), and nothing else: a text's width is its characters'
    advances and its pairs' kerning summed, and its box holds its characters' boxes, each at its
    pen position. Kept per font, these give what ``getlength`` gives, exactly, and a box that holds
    what ``getbbox`` gives, without laying every candidate line out again at every size
    :func:`fit_title` tries, nor every text of a card again for its every window.
    """

    def __init__(self, font: Any) -> None:
        self.font = font
        self._advance: dict[str, int] = {}  # 1/64 pixel, as FreeType counts
        self._kerning: dict[str, int] = {}
        self._boxes: dict[tuple[str, str], Box] = {}

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

    def box(self, text: str, anchor: str = "la") -> Box:
        """A box that holds ``font.getbbox(text, anchor=anchor)`` (anchored on the left): its
        characters' boxes, each at its pen position rounded up to a pixel, as the layout does."""
        left = top = right = bottom = 0
        widths = self.prefix(text)
        for k, char in enumerate(text):
            box = self._boxes.get((char, anchor))
            if box is None:
                box = self._boxes[char, anchor] = self.font.getbbox(char, anchor=anchor)
            pen = (widths[k + 1] - self.advance(char) + 63) // 64
            if k == 0:
                left, top, right, bottom = box[0] + pen, box[1], box[2] + pen, box[3]
            else:
                left, top = min(left, box[0] + pen), min(top, box[1])
                right, bottom = max(right, box[2] + pen), max(bottom, box[3])
        return left, top, right, bottom


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


def meets(box: Box, other: Box) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


@dataclass
class Text:
    """A text, as :meth:`PIL.ImageDraw.ImageDraw.text` is given it."""

    x: float
    y: float
    content: str
    font: Any
    fill: str
    anchor: str = "la"

    @functools.cached_property
    def reach(self) -> Box:
        """What it may touch: its box, :data:`PAD` pixels around it, and its origin's row when that
        is a fractional one (see :meth:`Renderer.paint`)."""
        if "\n" in self.content:  # Pillow lays several lines out otherwise: anywhere on the card
            return -PAD, -PAD, WIDTH + PAD, HEIGHT + PAD
        left, top, right, bottom = metrics(self.font).box(self.content, self.anchor)
        low = min(self.y, self.y + top) if self.y % 1 else self.y + top
        return self.x + left - PAD, low - PAD, self.x + right + PAD, self.y + bottom + PAD


@dataclass
class Layout:
    """Where a card's layers go, found once for all its windows."""

    site: Text
    lines: list[Text]
    date: Text
    badge: Box | None = None  # the category's rounded rectangle, and its label
    label: Text | None = None

    @functools.cached_property
    def badge_reach(self) -> Box | None:
        if self.badge is None:
            return None
        left, top, right, bottom = self.badge
        return left - PAD, top - PAD, right + PAD, bottom + PAD  # Pillow rounds its ends

    def texts(self) -> list[Text]:
        """The texts Pillow draws something for (an empty one draws nothing)."""
        texts = [self.site, *self.lines, self.date, *([self.label] if self.label else [])]
        return [text for text in texts if text.content]

    def shapes(self) -> list[Box]:
        """What the shapes may reach: the brand bar, the divider, the mascot, the badge."""
        return [BAR_BOX, DIVIDER_BOX, MASCOT_BOX, *([self.badge_reach] if self.badge_reach else [])]

    def own(self) -> list[Box]:
        """What the card's own layers may reach: its texts and badge, not the site's name, bar,
        divider or mascot (every card of the site has those)."""
        own = [text.reach for text in self.texts() if text is not self.site]
        return own + ([self.badge_reach] if self.badge_reach else [])


@dataclass(frozen=True)
class Segment:
    """Rows of a card's image data, compressed alone (see :func:`segment`)."""

    data: bytes
    adler: int
    size: int


def segment(rows: bytes, runs: bool = True) -> Segment:
    """``rows`` (each after its filter byte) as raw deflate flushed to a byte boundary, so that
    segments end to end are one stream. With ``runs``, run-length matching only: a card is long
    runs of one colour, and this is faster than zlib's default and smaller, unless the same glyph
    recurs (Pillow's own font draws every missing one as the same box: zlib's level 2 for it)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 8, zlib.Z_RLE) if runs else zlib.compressobj(2, wbits=-15)
    data = compressor.compress(rows) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Segment(data, zlib.adler32(rows), len(rows))


def adler32_combine(first: int, second: int, size: int) -> int:
    """The Adler-32 of two byte strings end to end, from theirs and the second's length (as zlib's)."""
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % 65521
    high = ((first >> 16) + (second >> 16) + size * ((first & 0xFFFF) - 1)) % 65521
    return high << 16 | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def png(palette: bytes, segments: list[Segment]) -> bytes:
    """An 8-bit palette PNG of the card whose image data is ``segments`` end to end: no other chunk,
    no timestamp (the same segments, the same bytes)."""
    adler = 1  # of nothing
    for part in segments:
        adler = adler32_combine(adler, part.adler, part.size)
    # a zlib header (32 KiB window), the segments, an empty final block, the checksum
    stream = b"\x78\x01" + b"".join(part.data for part in segments) + b"\x03\x00" + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)
    chunks = _chunk(b"IHDR", header) + _chunk(b"PLTE", palette) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


class Renderer:
    """Draws cards with one set of fonts and one mascot; :attr:`identity` names them."""

    def __init__(self, fonts: Fonts, mascot_svg: bytes | None) -> None:
        import PIL
        import resvg_py

        self.fonts = fonts
        self.mascot_svg = mascot_svg
        mascot = hashlib.sha256(mascot_svg).hexdigest() if mascot_svg else "none"
        self.identity = f"{RENDERER_VERSION}|pillow {PIL.__version__}|resvg {resvg_py.__version__}|"
        self.identity += f"zlib {zlib.ZLIB_RUNTIME_VERSION}|{fonts.identity()}|{mascot}"
        self._base: dict[str, Any] = {}
        self._segments: dict[tuple[str, int, int], Segment] = {}
        self._ramps: dict[str, list[int]] = {}

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

    @functools.cached_property
    def _plte(self) -> bytes:
        return bytes(self.palette.getpalette())

    def quantized(self, image: Any) -> Any:
        """``image`` mapped to :attr:`palette`, pixel by pixel (a window maps as the whole card does there)."""
        from PIL import Image

        return image.quantize(palette=self.palette, dither=Image.Dither.NONE)

    def layout(self, card: Card) -> Layout:
        """Where ``card``'s layers go: its title fitted, its badge as wide as its category."""
        meta = self.fonts.get(False, 32)
        lines: list[Text] = []
        if card.title:
            font, size, title = fit_title(card.title, self.fonts)
            lines = [
                Text(MARGIN, TITLE_TOP + row * size * LINE_HEIGHT, line, font, INK) for row, line in enumerate(title)
            ]
        badge = label = None
        if card.category:
            left = MARGIN + metrics(meta).length(card.date) + 28
            font = self.fonts.get(True, 28)
            badge = (left, BADGE_TOP, left + metrics(font).length(card.category) + 40, BADGE_BOTTOM)
            label = Text(left + 20, LABEL_Y, card.category, font, PAPER, "lm")
        site = Text(MARGIN, SITE_Y, card.site, self.fonts.get(False, 30), MUTED)
        return Layout(site, lines, Text(MARGIN, DATE_Y, card.date, meta, MUTED), badge, label)

    def base(self, site: str) -> Any:
        """The rows of a card that shows only what every card of ``site`` shows, each after its
        filter byte, as an image a column wider (each card's windows are pasted on them)."""
        strip = self._base.get(site)
        if strip is None:
            strip = self._base[site] = self._strip(self.draw(Card("", "", "", site, "")))
        return strip

    def base_segment(self, site: str, top: int, bottom: int) -> Segment:
        """Rows ``top`` to ``bottom`` of :meth:`base`, compressed once (a card's rows between its
        texts: a few sizes of gap in all)."""
        part = self._segments.get((site, top, bottom))
        if part is None:
            rows = self.base(site).crop((0, top, WIDTH + 1, bottom))
            part = self._segments[site, top, bottom] = segment(rows.tobytes(), self.fonts.cjk)
        return part

    def _strip(self, image: Any) -> Any:
        """``image``'s palette indices ("L"), one column in on a blank image a column wider: its
        bytes are the PNG's rows, each after its filter byte (0: none, as Pillow writes palette images)."""
        from PIL import Image

        mapped = self.quantized(image)
        strip = Image.new("L", (image.width + 1, image.height), 0)
        strip.paste(Image.frombytes("L", mapped.size, mapped.tobytes()), (1, 0))
        return strip

    def windows(self, layout: Layout) -> list[Box]:
        """The windows the card's own layers may reach, top to bottom: each from the left edge (so
        nothing is drawn further left than on the card) across the rows of the layers it holds.
        Every other pixel is the base's."""
        windows: list[list[int]] = []
        for _left, low, high_x, high in sorted(layout.own(), key=lambda box: box[1]):
            top, right, bottom = max(0, math.floor(low)), min(WIDTH, math.ceil(high_x)), min(HEIGHT, math.ceil(high))
            if windows and top <= windows[-1][3]:
                windows[-1][2] = max(windows[-1][2], right)
                windows[-1][3] = max(windows[-1][3], bottom)
            elif top < bottom and right > 0:
                windows.append([0, top, right, bottom])
        return [(left, top, right, bottom) for left, top, right, bottom in windows]

    def render(self, card: Card) -> bytes:
        """The PNG bytes of ``card``: the same card, the same bytes.

        Only the windows its own layers reach are drawn and mapped to the palette, pasted on the
        base's rows; only those rows are compressed, the ones between are the base's, compressed
        once. Drawing, mapping and compressing the whole card each time took twice as long.
        """
        layout = self.layout(card)
        segments: list[Segment] = []
        done = 0
        for box in [*self.windows(layout), (0, HEIGHT, 0, HEIGHT)]:
            _left, top, _right, bottom = box
            if top > done:
                segments.append(self.base_segment(card.site, done, top))
            if bottom > top:
                rows = self.base(card.site).crop((0, top, WIDTH + 1, bottom))
                rows.paste(self.indices(layout, box), (1, 0))
                segments.append(segment(rows.tobytes(), self.fonts.cjk))
            done = bottom
        return png(self._plte, segments)

    def indices(self, layout: Layout, box: Box) -> Any:
        """The card's palette indices in ``box``, as an "L" image.

        A window that only one text reaches, on the paper (a title line, mostly), is that text's
        coverage (Pillow's own mask, drawn in white on black) through :meth:`ramp`: what blending
        and mapping would give, pixel for pixel, at a third of the cost. Any other window is drawn
        and mapped to the palette.
        """
        from PIL import Image, ImageDraw

        _left, top, right, bottom = box
        texts = [layer for layer in layout.texts() if meets(layer.reach, box)]
        if len(texts) == 1 and not any(meets(shape, box) for shape in layout.shapes()):
            (layer,) = texts
            coverage = Image.new("L", (int(right), int(bottom - top)), 0)
            xy = (layer.x, layer.y - top)
            ImageDraw.Draw(coverage).text(xy, layer.content, font=layer.font, fill=255, anchor=layer.anchor)
            return coverage.point(self.ramp(layer.fill))
        mapped = self.quantized(self.paint(layout, box))
        return Image.frombytes("L", mapped.size, mapped.tobytes())

    def ramp(self, fill: str) -> list[int]:
        """The palette index of ``fill`` drawn on the paper at each coverage, 0 to 255: Pillow's
        own blend (the one that draws a text), mapped to the palette."""
        from PIL import Image, ImageDraw

        ramp = self._ramps.get(fill)
        if ramp is None:
            strip = Image.new("RGB", (256, 1), PAPER)
            ImageDraw.Draw(strip).bitmap((0, 0), Image.frombytes("L", (256, 1), bytes(range(256))), fill=fill)
            ramp = self._ramps[fill] = list(self.quantized(strip).tobytes())
        return ramp

    def draw(self, card: Card) -> Any:
        """The whole card as an RGB image."""
        return self.paint(self.layout(card), (0, 0, WIDTH, HEIGHT))

    def paint(self, layout: Layout, box: Box) -> Any:
        """The card's pixels in ``box`` (from the left edge), as an RGB image.

        Each layer is drawn ``box``'s top higher on an image the box's size, so its pixels are the
        card's: whole pixels moved, a text's fractional offset kept (a window holds the origin of a
        text at a fractional row, which Pillow would round the other way above the image); what
        cannot reach the box is not drawn.
        """
        from PIL import Image, ImageDraw

        _left, top, right, bottom = box
        image = Image.new("RGB", (int(right), int(bottom - top)), PAPER)
        draw = ImageDraw.Draw(image)

        def text(layer: Text | None) -> None:
            if layer is not None and meets(layer.reach, box):
                draw.text(
                    (layer.x, layer.y - top), layer.content, font=layer.font, fill=layer.fill, anchor=layer.anchor
                )

        if meets(BAR_BOX, box):
            draw.rectangle((0, -top, WIDTH, BAR - top), fill=BRAND)
        text(layout.site)
        for line in layout.lines:
            text(line)
        if meets(DIVIDER_BOX, box):
            draw.line((MARGIN, DIVIDER - top, WIDTH - MARGIN, DIVIDER - top), fill=RULE, width=2)
        text(layout.date)
        if layout.badge and layout.badge_reach and meets(layout.badge_reach, box):
            left, badge_top, badge_right, badge_bottom = layout.badge
            draw.rounded_rectangle((left, badge_top - top, badge_right, badge_bottom - top), radius=26, fill=BRAND)
        text(layout.label)
        if self.mascot is not None and meets(MASCOT_BOX, box):
            image.paste(self.mascot, (MASCOT_BOX[0], MASCOT_BOX[1] - top), self.mascot)
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
    # after the search index has started (850), which does not read the cards, and before it is waited for (880)
    app.connect("build-finished", write_cards, priority=860)
