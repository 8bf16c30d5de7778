"""The body policy: what an article body may use, decided in one place.

Article bodies arrive by pull request and are untrusted: nothing in one may read a
file outside its own folder, reach the network at build time, or put live markup
on a page. This module holds the decision (which directives, roles, HTML and
paths a body may use, and what to write instead), and two enforcement points
share it:

- ``make check`` calls :func:`scan`, which walks the markdown-it tokens that
  myst-parser itself is built on (with the build's MyST extensions), so it sees
  the body exactly as the build will, and imports no Sphinx;
- the build's article parser (:mod:`newsdesk.bodies`) asks the same functions
  before it runs a directive or role, keeps a raw-HTML token, or lets an image or
  link reach a file, so a refused construct is dropped before any file is read.

``newsdesk_body_policy = "trusted"`` turns both off, for sites whose writers are
all maintainers.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import unquote

PolicyName = Literal["strict", "trusted"]
POLICIES: tuple[PolicyName, ...] = ("strict", "trusted")

#: MyST syntax extensions of the build (conf.py's ``myst_enable_extensions``): the check
#: tokenises bodies with the same ones, so that it sees what the build sees.
MYST_EXTENSIONS = ("colon_fence", "deflist")

#: Image files kept beside an article, staged with it and shown in every locale and the PDF.
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif")

Content = Literal["markdown", "literal", "none"]

#: Directives a body may use, and what their content is (nested Markdown is checked too).
DIRECTIVES: dict[str, Content] = {
    **{
        name: "markdown"
        for name in (
            "admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
            "seealso", "tip", "warning", "epigraph", "pull-quote", "highlights", "topic", "rubric",
            "list-table", "table",
            "mascot", "comparison",
            "card", "grid", "grid-item", "grid-item-card", "card-carousel", "tab-set", "tab-item",
            "dropdown",
        )
    },
    **{name: "literal" for name in ("code-block", "code", "sourcecode", "math")},
    "csv-table": "markdown",  # MyST parses each cell as Markdown
    "figure": "markdown",  # its caption and legend
    "image": "none",
}  # fmt: skip
#: Directives whose argument is a path to an image.
IMAGE_DIRECTIVES = frozenset({"image", "figure"})

#: Roles a body may use: text-level markup that reads no file.
ROLES = frozenset({"math", "sub", "sup", "abbr", "kbd", "guilabel", "menuselection", "code", "ref", "doc"})
ROLE_PREFIXES = ("bdg",)  # sphinx-design's badges: bdg, bdg-primary, bdg-link-info, ...

#: Options that make a directive read a file or fetch a URL.
FILE_OPTIONS = frozenset({"file", "url"})
#: Options whose value is an image path (sphinx-design's cards): held to the path rule.
IMAGE_OPTIONS = frozenset({"img-top", "img-bottom", "img-background"})
#: Options whose value is a link target (a card's ``:link:``, an image's ``:target:``).
LINK_OPTIONS = frozenset({"link", "target"})
#: MathJax macros that make links, styles or HTML attributes: refused in math.
MATH_MACROS = re.compile(r"\\(href|style|class|cssId|data|html|unicode|require)\b")
#: Link schemes a page may carry; anything else (``javascript:``, ``data:``) is refused.
LINK_SCHEMES = ("https", "http", "mailto")

#: What to write instead of a refused directive.
INSTEAD: dict[str, str] = {
    "raw": "write the content in Markdown; a body cannot carry raw HTML or LaTeX",
    "include": "paste the text into the article; a body cannot include other files",
    "literalinclude": "paste the code into a ```python code block; a body cannot include other files",
    "eval-rst": "write the content in Markdown (MyST)",
    "toctree": "articles are listed by date, tag and category on their own; link an article with [text](https://...)",
    "download": "keep an image beside the article and write ![text](chart.png), or link an https: URL",
}

#: The one HTML a body may hold: a bare line break (e.g. inside a table cell), shown as a break.
LINE_BREAK = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_OPTION = re.compile(r"^\s*:([\w-]+):(?:\s(.*)|$)")
_YAML_FENCE = re.compile(r"^\s*-{3,}\s*$")
_YAML_KEY = re.compile(r"""^\s*["']?([\w-]+)["']?\s*:(?:\s(.*)|$)""")


#: What makes an SVG live: scripts, event handlers, script URLs, embedded HTML, external
#: references and entities. An SVG with any of them is refused (a PNG has none of this).
_LIVE_SVG = re.compile(
    rb"<script|\bon[a-z]+\s*=|javascript:|<foreignObject|<!ENTITY|<!DOCTYPE|\bhref\s*=\s*[\"'](?!#)", re.IGNORECASE
)
MAX_ASSET_BYTES = 10 * 1024 * 1024


def asset(data: bytes, name: str) -> str | None:
    """Why an image file beside an article is refused, or ``None``. SVG is markup: served
    from the site, a script in it runs as the site's own."""
    if len(data) > MAX_ASSET_BYTES:
        return f"the image is over {MAX_ASSET_BYTES // 1024 // 1024} MiB; make it smaller"
    if name.lower().endswith(".svg") and _LIVE_SVG.search(data):
        return (
            "an SVG with scripts, event handlers, external links or entities is refused; "
            "export it again as plain shapes, or as a PNG"
        )
    return None


@dataclass(frozen=True)
class Violation:
    """One construct a body may not use, at a line of the file, with the fix."""

    line: int
    what: str
    instead: str

    @property
    def message(self) -> str:
        return f"{self.what} is not allowed in an article ({self.instead})"


# ------------------------------------------------------------------ the decisions
def directive(name: str, line: int) -> Violation | None:
    """May a body use the directive ``name``?"""
    name = name.strip().lower()
    if name in DIRECTIVES:
        return None
    instead = INSTEAD.get(name) or f"use Markdown, or one of the directives {', '.join(sorted(DIRECTIVES))}"
    return Violation(line, f"the directive {{{name}}}", instead)


def role(name: str, line: int, text: str = "") -> Violation | None:
    """May a body use the role ``name`` (with the text ``text``)?"""
    name = name.strip().lower()
    if name == "math":
        return math(text, line)
    if name.startswith("bdg-link") or name.startswith("bdg-ref"):
        target = text.rsplit("<", 1)[1].rstrip(">").strip() if text.rstrip().endswith(">") else text
        return path(target, line, "link")
    if name in ROLES or name.startswith(ROLE_PREFIXES):
        return None
    instead = INSTEAD.get(name) or f"use Markdown, or one of the roles {', '.join(sorted(ROLES))}, bdg-*"
    return Violation(line, f"the role {{{name}}}", instead)


def math(text: str, line: int) -> Violation | None:
    """May math use these macros? Not MathJax's links, styles or HTML attributes."""
    found = MATH_MACROS.search(text)
    if found is None:
        return None
    return Violation(line, f"the math macro \\{found.group(1)}", "write the formula without links, styles or HTML")


def options(directive_name: str, items: Iterable[tuple[str, str]], line: int) -> Violation | None:
    """May the directive take these (name, value) options? Never one that reads a file or
    fetches a URL; an image option only with a path the path rule allows."""
    for name, value in items:
        name = name.lower()
        if name in FILE_OPTIONS:
            return Violation(
                line,
                f"the option :{name}: of {{{directive_name}}}",
                "put the content in the body itself; a body cannot read files or fetch URLs",
            )
        found = None
        if name in IMAGE_OPTIONS:
            found = path(str(value), line)
        elif name in LINK_OPTIONS:
            found = path(str(value), line, "link")
        if found:
            return found
    return None


def html(content: str, line: int, inline: bool = True) -> Violation | None:
    """May a body hold this HTML? Only a bare ``<br>`` in a line (between paragraphs, a
    blank line is the break)."""
    if inline and LINE_BREAK.match(content.strip()):
        return None
    shown = " ".join(content.split())
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return Violation(
        line,
        f"raw HTML ({shown})",
        "write it in Markdown: **bold**, *emphasis*, [text](https://...); a line break in a table cell is <br>",
    )


def path(target: str, line: int, what: str = "image") -> Violation | None:
    """May an image (or link) point at ``target``? A file of the article's own folder,
    or, for an image, an ``https:`` URL; a link may be any web or mail URL."""
    target = "".join(target.split())  # docutils drops the white space of a URI, so must we
    scheme = _SCHEME.match(target)
    if scheme:
        allowed = ("https",) if what == "image" else LINK_SCHEMES
        if scheme.group(1).lower() in allowed:
            return None
        return Violation(line, f"the {what} {target!r}", _PATH_FIX)
    if not target or target.startswith("#"):
        return None
    local = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")  # MyST decodes %2E
    normal = posixpath.normpath(local)
    if local.startswith(("/", "~")) or normal == ".." or normal.startswith("../"):
        return Violation(line, f"the {what} path {target!r}", _PATH_FIX)
    return None


_PATH_FIX = (
    "keep the file in the article's own folder, beside en.md, and write ![text](chart.png); or use an https: URL"
)


def local_path(target: str) -> str | None:
    """The folder-relative path of an allowed local target (``None`` for a URL or anchor)."""
    target = target.strip()
    if not target or target.startswith("#") or _SCHEME.match(target):
        return None
    return posixpath.normpath(target.split("#", 1)[0].split("?", 1)[0])


def option_items(content: str) -> list[tuple[str, str]]:
    """The (name, value) options at the head of a directive's content: ``:name: value``
    lines or a ``---`` YAML block. Read leniently (any indentation, quoted keys, longer
    fences), so that it finds at least every option MyST finds."""
    return _options(content)[0]


def _options(content: str) -> tuple[list[tuple[str, str]], int]:
    """The options, and how many lines they take (the nested body starts after them)."""
    lines = content.split("\n")
    items: list[tuple[str, str]] = []
    if lines and _YAML_FENCE.match(lines[0]):
        for index, text in enumerate(lines[1:], start=1):
            if _YAML_FENCE.match(text):
                return items, index + 1
            key = _YAML_KEY.match(text)
            if key:
                items.append((key.group(1), (key.group(2) or "").strip().strip("'\"")))
        return items, len(lines)
    count = 0
    for text in lines:
        key = _OPTION.match(text)
        if not key:
            break
        items.append((key.group(1), (key.group(2) or "").strip()))
        count += 1
    return items, count


# ------------------------------------------------------------------ make check
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)


_PARSER = None

#: Every refused construct needs one of these: ``<`` (HTML, autolinks), ``{name}`` (directives,
#: roles), a link or image target that is not an https: URL or an anchor, or a link reference
#: definition. A body with none of them is clean without tokenising it (markdown-it in Python
#: costs ~8 ms per article; most bodies hold only text and https: links).
_MAYBE_REFUSED = re.compile(r"<|\{[^}\n]*\}|\]\(\s*(?!https://|#)|\]:")


def scan(body: str, first_line: int = 1) -> list[Violation]:
    """Every construct of ``body`` the policy refuses; ``first_line`` is the file line
    of the body's first line. Never raises on any text."""
    if not _MAYBE_REFUSED.search(body):
        return []
    env: dict = {}  # one markdown-it env: reference definitions hold across nested content, as in MyST
    return sorted(set(_scan(markdown_parser(), body, first_line, 0, env)), key=lambda v: (v.line, v.what))


def markdown_parser():
    """MyST's markdown-it parser with the site's syntax extensions, made once (the tokens
    MyST renders; :mod:`newsdesk.pages` reads hand-written pages' ``{tags}`` with it too)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = _parser()
    return _PARSER


MAX_DEPTH = 20


def _scan(parser, body: str, first_line: int, depth: int, env: dict) -> Iterator[Violation]:
    if depth > MAX_DEPTH:
        yield Violation(first_line, f"directives nested more than {MAX_DEPTH} deep", "nest less")
        return
    for token in parser.parse(body, env):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            found = html(token.content, line, inline=False)
            if found:
                yield found
        elif token.type in ("fence", "colon_fence"):
            yield from _scan_fence(parser, token, line, depth, env)
        elif token.type == "inline":
            yield from _scan_inline(token.children or [], line)


def _scan_fence(parser, token, line: int, depth: int, env: dict) -> Iterator[Violation]:
    parts = (token.info or "").strip().split(maxsplit=1)  # as MyST splits it
    name = parts[0] if parts else ""
    argument = parts[1] if len(parts) > 1 else ""
    if not (name.startswith("{") and name.endswith("}")):
        return  # a code block
    name = name[1:-1].strip().lower()
    refused = directive(name, line)
    if refused:
        yield refused
        return
    content = token.content
    items, offset = _options(content)
    found = options(name, items, line)
    if found:
        yield found
    if name in IMAGE_DIRECTIVES:
        found = path(argument, line)
        if found:
            yield found
    elif name == "math":
        found = math(content, line)
        if found:
            yield found
    if DIRECTIVES[name] == "markdown":
        # titles and option values (captions, headers) are Markdown too
        for text in (argument, *(value for _key, value in items)):
            if text:
                yield from (replace(v, line=line) for v in _scan(parser, text, line, depth + 1, env))
        nested = "\n".join(content.split("\n")[offset:])
        yield from _scan(parser, nested, line + 1 + offset, depth + 1, env)


def _scan_inline(children: list, line: int) -> Iterator[Violation]:
    for child in children:
        if child.type == "html_inline":
            found = html(child.content, line)
        elif child.type == "myst_role":
            found = role(child.meta.get("name", ""), line, child.content)
        elif child.type == "image":
            found = path(str(child.attrs.get("src", "")), line)
        elif child.type == "link_open":
            found = path(str(child.attrs.get("href", "")), line, "link")
        else:
            found = None
        if found:
            yield found
        if child.children:
            yield from _scan_inline(child.children, line)
