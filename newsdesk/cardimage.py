"""A social card's image: a 1200×630 PNG drawn with Pillow, the same bytes for the same card.

- **What a card shows**: the site's name, the title (wrapped by width and ellipsized past its
  space, :mod:`newsdesk.typesetting`), the date and category (in the page's language:
  :func:`newsdesk.social.card_of`), and the mascot (``_static/technyan.svg`` rasterised with
  resvg-py), on furo's light palette.
- **Only what differs from the site's base**: what every card of a site shows (the brand bar,
  the site's name, the divider, the mascot) is drawn, mapped to the palette and compressed once;
  a card draws only the windows its own texts reach, as the whole card would be drawn there (a
  window on the paper with one text in it is that text's coverage through a colour table), and
  compresses only their rows. The PNG is written here: its image data is those rows' deflate
  segments and the base's between, end to end. That is half the cost of drawing, mapping and
  compressing the whole card, and the same pixels (``tests/test_web.py`` compares them).
- **The same bytes**: Pillow's basic text layout, one fixed palette, no timestamp nor other
  chunk in the PNG; :attr:`Renderer.identity` names what else the bytes depend on, for the
  card's digest.

Imports no Sphinx (its side is :mod:`newsdesk.social`), and Pillow and resvg-py only when a
card is drawn.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import struct
import zlib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .colours import FURO_BACKGROUND, FURO_BRAND
from .typesetting import Box, Fonts, clamp, metrics, wrap

if TYPE_CHECKING:
    from PIL import Image

    from .typesetting import Font

#: Bump when the drawing changes: every card is drawn again.
RENDERER_VERSION = "4"
WIDTH, HEIGHT = 1200, 630

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
#: Pixels around a text's box its glyphs may reach (at a fractional origin, Pillow's mask is one wider and taller).
PAD = 2
#: What the brand bar, the divider and the mascot may reach.
BAR_BOX = (0, 0, WIDTH, BAR + PAD)
DIVIDER_BOX = (0, DIVIDER - PAD, WIDTH, DIVIDER + PAD)
MASCOT_BOX = (WIDTH - MARGIN - MASCOT, MASCOT_TOP, WIDTH - MARGIN, MASCOT_TOP + MASCOT)


# ------------------------------------------------------------------ what a card shows, and where
@dataclass(frozen=True)
class Card:
    """What a card shows: its digest decides whether it is drawn again."""

    title: str
    date: str
    category: str
    site: str
    locale: str

    def digest(self, renderer: str) -> str:
        """The hash of what the card shows and of ``renderer`` (:attr:`Renderer.identity`)."""
        payload = json.dumps({**asdict(self), "renderer": renderer}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fit_title(title: str, fonts: Fonts) -> tuple[Font, int, list[str]]:
    """The largest size at which the title fits its box, else the smallest, ellipsized."""
    for size in TITLE_SIZES:
        font = fonts.get(True, size)
        count = int((TITLE_BOTTOM - TITLE_TOP) // (size * LINE_HEIGHT))
        lines = wrap(title, font, TITLE_WIDTH)
        if len(lines) <= count or size == TITLE_SIZES[-1]:
            return font, size, clamp(lines, count, font, TITLE_WIDTH)
    raise AssertionError("unreachable")


def meets(box: Box, other: Box) -> bool:
    """Whether two boxes overlap (touching edges do not)."""
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


@dataclass
class Text:
    """A text, as :meth:`PIL.ImageDraw.ImageDraw.text` is given it."""

    x: float
    y: float
    content: str
    font: Font
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


# ------------------------------------------------------------------ the PNG
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


# ------------------------------------------------------------------ drawing
def rasterise(svg: bytes, size: int, background: str | None = None) -> bytes:
    """A PNG of ``svg`` at ``size``×``size`` (resvg: no system library, no system font needed).
    The card's mascot, and the web manifest's icons."""
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
        self.identity += f"zlib {zlib.ZLIB_RUNTIME_VERSION}|{fonts.identity()}|{mascot}"
        self._base: dict[str, Image.Image] = {}
        self._segments: dict[tuple[str, int, int], Segment] = {}
        self._ramps: dict[str, list[int]] = {}

    @functools.cached_property
    def mascot(self) -> Image.Image | None:
        from PIL import Image

        if not self.mascot_svg:
            return None
        return Image.open(io.BytesIO(rasterise(self.mascot_svg, MASCOT))).convert("RGBA")

    @functools.cached_property
    def palette(self) -> Image.Image:
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

    def quantized(self, image: Image.Image) -> Image.Image:
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

    def base(self, site: str) -> Image.Image:
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

    def _strip(self, image: Image.Image) -> Image.Image:
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

    def indices(self, layout: Layout, box: Box) -> Image.Image:
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

    def draw(self, card: Card) -> Image.Image:
        """The whole card as an RGB image."""
        return self.paint(self.layout(card), (0, 0, WIDTH, HEIGHT))

    def paint(self, layout: Layout, box: Box) -> Image.Image:
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
