"""The social card's type: its fonts found, its text measured and broken into lines.

- **One font for both scripts**: Noto Sans CJK JP, bold and regular (Debian's
  ``fonts-noto-cjk``), found at its known paths or by ``fc-match``; without it, Pillow's own
  font, which has no Japanese glyphs (the build says so once). Fonts are loaded with Pillow's
  basic layout: the same glyph positions whether or not libraqm is installed.
- **Lines by width**: Japanese has no spaces, so a line may break between any two wide
  characters, never before a closing mark nor after an opening one; a word is kept whole unless
  it is wider than a line. Text left out past the last line ends it with an ellipsis.
- **Widths without laying out again**: :class:`Metrics` keeps each character's advance and each
  pair's kerning per font, and sums them: exactly Pillow's widths, at a fraction of the cost.

Imports no Sphinx, and Pillow only when a font is loaded.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from PIL import ImageFont

    #: A font as Pillow loads it (its own default is an ``ImageFont`` when FreeType is missing).
    Font: TypeAlias = ImageFont.FreeTypeFont | ImageFont.ImageFont

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

ELLIPSIS = "…"
#: Marks a line never starts with: they stay with what precedes them.
CLOSING = frozenset(
    "、。，．,.!?！？:;：；)]}）」』】〕〉》〙〗ー～…‥・%％"  # punctuation
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"  # small kana, the iteration mark
)
#: Marks a line never ends with: they stay with what follows them.
OPENING = frozenset("([{（「『【〔〈《〘〖“‘")

#: Left, top, right and bottom, in pixels.
Box = tuple[float, float, float, float]


# ------------------------------------------------------------------ fonts
@dataclass(frozen=True)
class Face:
    """One face of a font file (a collection holds several)."""

    path: str
    index: int = 0

    def identity(self) -> str:
        """The file and face, with its size and time: a card's digest changes with the file."""
        stat = os.stat(self.path)
        return f"{self.path}#{self.index}:{stat.st_size}:{stat.st_mtime_ns}"


@dataclass(frozen=True)
class Fonts:
    """The card's two weights; ``None`` for Pillow's own font (no CJK glyphs)."""

    bold: Face | None
    regular: Face | None

    @property
    def cjk(self) -> bool:
        """Whether Noto Sans CJK was found (else Japanese is drawn as missing glyphs)."""
        return self.bold is not None

    def identity(self) -> str:
        return "|".join(face.identity() if face else "pillow-default" for face in (self.bold, self.regular))

    def get(self, bold: bool, size: int) -> Font:
        """The font of one weight at ``size`` pixels, loaded once."""
        return _font(self.bold if bold else self.regular, size)


@functools.lru_cache(maxsize=32)
def _font(face: Face | None, size: int) -> Font:
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


# ------------------------------------------------------------------ measuring
class Metrics:
    """Widths and boxes of text in one font, from figures kept per character and per pair.

    Pillow's basic layout places each glyph by its own advance, plus the kerning of the pair it
    ends (when the font has a ``kern`` table), and nothing else: a text's width is its characters'
    advances and its pairs' kerning summed, and its box holds its characters' boxes, each at its
    pen position. Kept per font, these give what ``getlength`` gives, exactly, and a box that holds
    what ``getbbox`` gives, without laying every candidate line out again at every size
    :func:`newsdesk.cardimage.fit_title` tries, nor every text of a card again for its every window.
    """

    def __init__(self, font: Font) -> None:
        self.font = font
        self._advance: dict[str, int] = {}  # 1/64 pixel, as FreeType counts
        self._kerning: dict[str, int] = {}
        self._boxes: dict[tuple[str, str], Box] = {}

    def advance(self, char: str) -> int:
        """How far ``char`` moves the pen, in 1/64 pixel."""
        value = self._advance.get(char)
        if value is None:
            value = self._advance[char] = round(self.font.getlength(char) * 64)
        return value

    def kerning(self, pair: str) -> int:
        """What the font's ``kern`` table adds between the two characters of ``pair``, in 1/64 pixel."""
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
def metrics(font: Font) -> Metrics:
    """One :class:`Metrics` per font (fonts are kept by :func:`_font`, these with them)."""
    return Metrics(font)


# ------------------------------------------------------------------ breaking lines
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


def wrap(text: str, font: Font, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a unit wider than a line is cut by character)."""
    units = tokens(text)
    joined = "".join(units)  # every line is a slice of it: measured from its running widths
    measure = metrics(font)
    widths = measure.prefix(joined)

    def length(start: int, end: int) -> float:
        """``font.getlength(joined[start:end].rstrip())``."""
        while end > start and joined[end - 1].isspace():
            end -= 1
        if end == start:
            return 0.0
        inner = widths[end] - widths[start]
        if start:  # the pair across the slice's start is not in it
            inner -= measure.kerning(joined[start - 1 : start + 1])
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


def clamp(lines: list[str], count: int, font: Font, width: float) -> list[str]:
    """At most ``count`` lines; the last one ends with an ellipsis when text was left out."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1]
    while last and metrics(font).length(last.rstrip() + ELLIPSIS) > width:
        last = last[:-1]
    return [*lines[: count - 1], last.rstrip() + ELLIPSIS]
