"""Read an article file and its YAML front matter, safely and with line numbers.

Contributors' files are untrusted input. This module turns bytes into a mapping of
front-matter values plus the line of every key, or into :class:`Problem` records
that name the file, line and field. It never raises on bad input and imports no
Sphinx, so ``make check`` and the build share it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass, field
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

    def __post_init__(self) -> None:
        # untrusted text (a key, a value) must not break the one-line format
        object.__setattr__(self, "field", _one_line(self.field, _QUOTE_CHARS) or "?")
        object.__setattr__(self, "message", _one_line(self.message, 6 * _QUOTE_CHARS))

    def format(self, root: Path | None = None) -> str:
        """``path:line: field: message``, the format editors and CI annotate."""
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                path = path.relative_to(root)
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{_one_line(str(path), len(str(path)))}:{self.line}: {self.field}: {prefix}{self.message}"


def _one_line(text: str, limit: int) -> str:
    """``text`` with line breaks and control characters escaped, at most ``limit`` characters."""
    text = "".join(
        char if char.isprintable() or char == " " else repr(char)[1:-1] if ord(char) < 0x10000 else " "
        for char in str(text)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    #: File line of each item of a top-level list, e.g. ``tags``.
    item_lines: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: Problems found in the body when it was read, as (line, field, message): kept when
    #: the body itself is dropped from the parse cache, so they are reported on every build.
    body_findings: tuple[tuple[int, str, str], ...] = ()


#: libyaml's safe loader where PyYAML was built with it: the same documents, ~10x faster.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(SAFE_LOADER):  # type: ignore[misc,valid-type]
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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FrontMatterError(1, "encoding", "the file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FrontMatterError(
            line,
            "encoding",
            f"invalid UTF-8: byte 0x{raw[exc.start]:02x} at column {column} is not UTF-8; "
            "save the file as UTF-8 (not Shift_JIS or Latin-1)",
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


_CORE_TAG = "tag:yaml.org,2002:"
#: How much of a YAML line a message quotes.
_QUOTE_CHARS = 80
_UNCLOSED = re.compile(r"""^\s*(?:-\s+|[^\s:#][^:#]*:\s+)(["'])""")


def _quote(source_line: str) -> str:
    text = source_line.strip()
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1] + "…"
    return f"`{text}`"


def _unclosed_quote(lines: list[str], upto: int) -> int | None:
    """Index of the first line (up to ``upto``) whose value opens a quote it does not close."""
    for index, line in enumerate(lines[: upto + 1]):
        match = _UNCLOSED.match(line)
        if not match:
            continue
        quote, rest = match.group(1), line[match.end() :]
        # escaped quotes do not close: \" inside "...", '' inside '...'
        rest = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return index
    return None


def _yaml_problem(exc: yaml.YAMLError, front: str, first_line: int) -> FrontMatterError:
    """A :class:`FrontMatterError` that quotes the offending YAML line and says how to fix it."""
    lines = front.split("\n")
    if not isinstance(exc, yaml.MarkedYAMLError):
        position = getattr(exc, "position", None)
        index = front.count("\n", 0, position) if isinstance(position, int) else 0
        reason = getattr(exc, "reason", None) or str(exc)
        character = getattr(exc, "character", None)
        if isinstance(character, str):
            reason = f"the character U+{ord(character):04X} is not allowed in YAML; delete it"
        source = _quote(lines[index]) if index < len(lines) else ""
        return FrontMatterError(first_line + index, "yaml", f"invalid YAML in {source}: {reason}")
    mark = exc.problem_mark or exc.context_mark
    index = min(mark.line if mark else 0, max(len(lines) - 1, 0))
    problem = exc.problem or exc.context or "invalid YAML"
    open_quote = _unclosed_quote(lines, index)
    if open_quote is not None:
        return FrontMatterError(
            first_line + open_quote,
            "yaml",
            f"invalid YAML: a quote is not closed in {_quote(lines[open_quote])}; "
            'close it on the same line (write \\" for a quote inside a "..." value)',
        )
    source = lines[index] if index < len(lines) else ""
    key, colon, value = source.partition(":")
    hint = ""
    if "\t" in source[: len(source) - len(source.lstrip())] or "'\\t'" in problem:
        hint = "; indent with spaces, not tabs"
    elif colon and ": " in value + " " and not value.strip().startswith(("'", '"', "[", "{")):
        escaped = value.strip().replace("\\", "\\\\").replace('"', '\\"')
        hint = f'; a value containing ": " must be quoted (did you mean {key.strip()}: "{escaped}"?)'
        if len(hint) > 2 * _QUOTE_CHARS:
            hint = f'; a value containing ": " must be quoted, e.g. {key.strip()}: "A: B"'
    elif source.lstrip().startswith(("@", "`", "%", "|", ">", "*", "&", "!")) or value.strip()[:1] in ("@", "`"):
        hint = "; quote the value"
    return FrontMatterError(first_line + index, "yaml", f"invalid YAML in {_quote(source)}: {problem}{hint}")


def _scan_events(front: str, first_line: int) -> None:
    """Refuse anchors, aliases and explicit tags before anything is built.

    Front matter never needs them. Aliases enable exponential expansion ("billion
    laughs") in anything that walks the values; tags such as
    ``!!python/object/apply`` ask a loader to run code. The event stream is linear
    in the input, so this check is cheap and nothing is constructed before it.
    """
    loader = _Loader(front)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = first_line + event.start_mark.line
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                name = getattr(event, "anchor", None) or ""
                raise FrontMatterError(
                    line,
                    "yaml",
                    f"YAML anchors and aliases (&{name}, *{name}) are not allowed in front matter; "
                    "write each value out",
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                shown = "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag
                raise FrontMatterError(
                    line,
                    "yaml",
                    f"YAML tags such as {shown[:_QUOTE_CHARS]!r} are not allowed in front matter (refused, "
                    "not run); write a plain value, quoted if it is text",
                )
    finally:
        loader.dispose()


def parse_yaml(front: str, first_line: int = 2) -> tuple[dict[str, Any], dict[str, int], dict[str, tuple[int, ...]]]:
    """Parse front matter into a mapping, the file line of each top-level key, and
    the file line of each item of a top-level list (``tags``)."""
    try:
        _scan_events(front, first_line)
        loader = _Loader(front)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc, front, first_line) from None
    except RecursionError:
        raise FrontMatterError(first_line, "yaml", "invalid YAML: values are nested too deeply") from None
    if node is None:
        raise FrontMatterError(
            first_line, "front matter", "the front matter is empty; write title, description, date, category, locale"
        )
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            first_line + node.start_mark.line,
            "front matter",
            "the front matter must be 'key: value' lines, e.g. title: \"...\"",
        )
    key_lines: dict[str, int] = {}
    item_lines: dict[str, tuple[int, ...]] = {}
    for key, value in node.value:
        line = first_line + key.start_mark.line
        if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
            raise FrontMatterError(line, "front matter", "every front-matter key must be a plain name, e.g. title")
        name = str(key.value)
        if name in key_lines:
            raise FrontMatterError(
                line, name, f"duplicate key: {name!r} is already set on line {key_lines[name]}; keep only one"
            )
        key_lines[name] = line
        if isinstance(value, yaml.SequenceNode):
            item_lines[name] = tuple(first_line + item.start_mark.line for item in value.value)
    try:
        constructor = _Loader("")
        try:
            data = constructor.construct_document(node)
        finally:
            constructor.dispose()
    except yaml.YAMLError as exc:  # unreachable after _scan_events; kept as a guard
        raise _yaml_problem(exc, front, first_line) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise FrontMatterError(first_line, "yaml", f"invalid YAML value: {exc}") from None
    return data, key_lines, item_lines


def read(path: Path, max_file_bytes: int = MAX_FILE_BYTES) -> RawArticle:
    """Read and split one article file. Raises :class:`FrontMatterError` only."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            raise FrontMatterError(1, "file", "not a regular file; an article must be a plain .md file")
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            # never more than the limit, even if the file grows while it is read
            raw = b"" if size > max_file_bytes else stream.read(size + 1)
            if len(raw) > size:  # it grew: read on, up to the limit
                raw += stream.read(max_file_bytes + 1 - len(raw))
            if size > max_file_bytes or len(raw) > max_file_bytes:
                size = max(size, len(raw))
                raise FrontMatterError(
                    1,
                    "file",
                    f"the file is {_size(size)}, over the {_size(max_file_bytes)} limit for one article; "
                    "shorten it, split it into several articles, or link to large data instead of pasting it",
                )
    except OSError as exc:
        raise FrontMatterError(1, "file", f"cannot read the file: {exc.strerror or exc}") from None
    text = decode(path, raw)
    front, body, body_line = split(text)
    data, key_lines, item_lines = parse_yaml(front)
    return RawArticle(path=path, data=data, key_lines=key_lines, body=body, body_line=body_line, item_lines=item_lines)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MiB"
    return f"{count / 1024:.0f} KiB" if count >= 1024 else f"{count} bytes"


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
