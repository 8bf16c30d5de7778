"""Read an article file and its YAML front matter, safely and with line numbers.

Contributors' files are untrusted input. This module turns bytes into a mapping of
front-matter values plus the line of every key, or into :class:`Problem` records
that name the file, line and field. It never raises on bad input and imports no
Sphinx, so ``make check`` and the build share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

Severity = Literal["error", "warning", "notice"]

#: Front matter larger than this is refused before YAML sees it.
MAX_FRONT_MATTER_BYTES = 64 * 1024
#: A whole article file larger than this is refused before anything parses it.
MAX_FILE_BYTES = 1024 * 1024

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one article, located precisely enough to fix it."""

    path: Path
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def format(self, root: Path | None = None) -> str:
        """``path:line: field: message``, the format editors and CI annotate."""
        path = self.path
        if root is not None:
            try:
                path = path.relative_to(root)
            except ValueError:
                pass
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{path}:{self.line}: {self.field}: {prefix}{self.message}"


class FrontMatterError(Exception):
    """Raised inside this module only; callers receive :class:`Problem` records."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(line, field, message)  # all three, so that it pickles
        self.line = line
        self.field = field
        self.message = message


@dataclass(frozen=True)
class RawArticle:
    """A decoded article: its front-matter values, their lines, and the body."""

    path: Path
    data: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    #: 1-based line number of the first body line in the file.
    body_line: int


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML without implicit timestamps.

    Dates stay strings so that the schema, not the YAML library, decides what a
    valid date is (``2025-13-45`` must be a clear message, not a ``ValueError``).
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def decode(path: Path, raw: bytes) -> str:
    """Decode UTF-8 (a BOM is fine) and normalise CRLF and CR line endings."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FrontMatterError(
            line,
            "encoding",
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x} at byte {exc.start}; "
            "save the file as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str, str, int]:
    """Return ``(front_matter, body, body_line)``; the fences are not included."""
    lines = text.split("\n")
    if not text.strip():
        raise FrontMatterError(1, "front matter", "the file is empty; start it with a '---' front matter block")
    if not _FENCE.match(lines[0]):
        raise FrontMatterError(
            1,
            "front matter",
            "no front matter: the file must start with a line '---', then title, "
            "description, date, category, tags, locale, then a closing '---'",
        )
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            front = "\n".join(lines[1:index])
            if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
                raise FrontMatterError(
                    2,
                    "front matter",
                    f"front matter is {len(front.encode('utf-8')) // 1024} KiB, over the "
                    f"{MAX_FRONT_MATTER_BYTES // 1024} KiB limit; move long text into the body",
                )
            return front, "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "front matter", "the front matter is not closed: add a line '---' after its last field")


def _reject_aliases(node: yaml.Node) -> None:
    """Refuse anchors and aliases: front matter never needs them, and they enable
    exponential expansion ("billion laughs") in anything that walks the values."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise FrontMatterError(
                current.start_mark.line + 1,
                "front matter",
                "YAML anchors and aliases (&name, *name) are not allowed in front matter",
            )
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def parse_yaml(front: str, first_line: int = 2) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse front matter into a mapping and the file line of each top-level key."""
    try:
        loader = _Loader(front)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        source_line = front.split("\n")[mark.line] if mark and mark.line < len(front.split("\n")) else ""
        hint = ""
        if ":" in source_line.partition(":")[2]:
            hint = "; a value containing ': ' must be quoted, e.g. title: \"A: B\""
        elif source_line.count('"') % 2:
            hint = "; a quote is not closed"
        raise FrontMatterError(
            line,
            "yaml",
            f"invalid YAML: {exc.problem or exc.context} in `{source_line.strip()}`{hint}",
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, "yaml", f"invalid YAML: {exc}") from None
    if node is None:
        raise FrontMatterError(first_line, "front matter", "the front matter is empty")
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(first_line, "front matter", "the front matter must be a mapping of 'key: value' lines")
    _reject_aliases(node)
    key_lines = {}
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode):
            key_lines.setdefault(str(key.value), first_line + key.start_mark.line)
    try:
        constructor = _Loader("")
        data = constructor.construct_document(node)
        constructor.dispose()
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        raise FrontMatterError(
            line, "yaml", f"refused YAML: {exc.problem}; only plain strings, lists and dates are allowed"
        ) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise FrontMatterError(first_line, "yaml", f"invalid YAML value: {exc}") from None
    if not all(isinstance(key, str) for key in data):
        raise FrontMatterError(first_line, "front matter", "every front-matter key must be a plain name")
    return data, key_lines


def read(path: Path, max_file_bytes: int = MAX_FILE_BYTES) -> RawArticle:
    """Read and split one article file. Raises :class:`FrontMatterError` only."""
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise FrontMatterError(
                1,
                "file",
                f"the file is {size / 1024 / 1024:.1f} MiB, over the {max_file_bytes // 1024} KiB "
                "limit for one article; split it or move large data out of the article",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise FrontMatterError(1, "file", f"cannot read the file: {exc.strerror}") from None
    text = decode(path, raw)
    front, body, body_line = split(text)
    data, key_lines = parse_yaml(front)
    return RawArticle(path=path, data=data, key_lines=key_lines, body=body, body_line=body_line)


def blank_front_matter(text: str) -> str:
    """Replace the front-matter block with empty lines, keeping line numbers.

    The build gives MyST only the body: front-matter text is data, never markup,
    and must not be parsed a second time by a less careful YAML loader.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].rstrip("\r")):
        return text
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r")):
            return "\n" * (index + 1) + "\n".join(lines[index + 1 :])
    return text
