"""Hand-written pages (``source/pages/<locale>/``): the ``{tags}`` directives they hold.

A page tagged the sphinx-tags way (```` ```{tags} Anthropic, Claude ```` ) joins the tag
pages of the articles. Those tag pages are planned before Sphinx looks for documents
(a new tag needs its file in the staging folder first), so the pages' tags are read
here, at every build, from MyST's own tokens (the markdown-it parser MyST renders, with
the site's extensions): a ``{tags}`` in a code block or a comment is not a tag, and one
inside an admonition is. The directive itself (:mod:`newsdesk.tagging`) checks, when the
page is read, that it shows the tags found here. Imports no Sphinx.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .policy import markdown_parser

#: Directives whose content is not Markdown: a ``{tags}`` in them is text, not a directive.
LITERAL_DIRECTIVES = frozenset(
    {"code", "code-block", "sourcecode", "literalinclude", "math", "raw", "eval-rst", "csv-table", "include"}
)
MAX_DEPTH = 20


@dataclass(frozen=True)
class TagsDirective:
    """One ``{tags}`` directive as MyST hands it to sphinx-tags' ``TagLinks``."""

    line: int
    argument: str
    content: tuple[str, ...]


@dataclass(frozen=True)
class HandPage:
    """A hand-written page that holds at least one ``{tags}`` directive."""

    docname: str
    path: Path
    #: The text of the page's first level-1 heading, as written (a fingerprint of its title).
    title: str
    directives: tuple[TagsDirective, ...]


def scan(folder: Path) -> list[HandPage]:
    """Every page below ``folder`` with a ``{tags}`` directive, by docname (the page's path
    without ``.md``, as the staging folder links it). Pages without the word are not parsed."""
    found: list[HandPage] = []
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".md"):
                continue
            path = Path(dirpath) / name
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # Sphinx reports an unreadable page when it reads it
            if "{tags}" not in text:
                continue
            title, directives = read(text)
            if directives:
                docname = path.relative_to(folder).with_suffix("").as_posix()
                found.append(HandPage(docname, path, title or docname, tuple(directives)))
    return found


def read(text: str) -> tuple[str, list[TagsDirective]]:
    """The first H1's text and the ``{tags}`` directives of one page's MyST source."""
    tokens = markdown_parser().parse(text, {})
    title = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and index + 1 < len(tokens):
            title = tokens[index + 1].content.strip()
            break
    return title, list(_directives(tokens, 1, 0))


def _directives(tokens: list, first_line: int, depth: int) -> Iterator[TagsDirective]:
    if depth > MAX_DEPTH:
        return
    for token in tokens:
        if token.type not in ("fence", "colon_fence"):
            continue
        parts = (token.info or "").strip().split(maxsplit=1)  # as MyST splits it
        name = parts[0] if parts else ""
        if not (name.startswith("{") and name.endswith("}")):
            continue  # a code block
        name = name[1:-1].strip().lower()
        line = first_line + (token.map[0] if token.map else 0)
        if name == "tags":
            argument = parts[1] if len(parts) > 1 else ""
            yield TagsDirective(line, argument, tuple(token.content.splitlines()))
        elif name not in LITERAL_DIRECTIVES:
            nested = markdown_parser().parse(token.content, {})
            yield from _directives(nested, line + 1, depth + 1)
