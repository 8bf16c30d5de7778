"""Load every article of a content tree once, validate it, and index it.

The catalog is the single view of the content that the Sphinx extension, the
checker and the command line share. Loading is linear in the number of files and,
given a cache of earlier parses keyed by mtime and size, re-reads only the files
that changed. Imports no Sphinx.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import ValidationError

from . import frontmatter, policy
from .frontmatter import FrontMatterError, Problem, RawArticle
from .model import PLACEHOLDER, REQUIRED_KEYS, TEMPLATE_BODIES, Article, ContentItem, FrontMatter, iso_date
from .vocabulary import Kind, Term, Vocabulary, slugify

if TYPE_CHECKING:
    from .timeline import TimelineEntry

ARTICLES_DIR = "articles"
#: An article or a timeline entry (:meth:`Catalog.link_twins` links either).
T = TypeVar("T", bound=ContentItem)
_FOLDER_DATE = re.compile(r"^\d{8}$")
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Part of every cache key: entries pickled by an older version, whose RawArticle had other
#: fields, are never reused (bump the number when a field's meaning changes).
_CACHE_FORMAT = f"4.{zlib.crc32(','.join(f.name for f in dataclasses.fields(RawArticle)).encode()):08x}"
#: path -> (mtime_ns, size, parse result): survives between builds in the Sphinx env.
ParseCache = MutableMapping[str, tuple[int, int, "RawArticle | FrontMatterError"]]


@dataclass
class Catalog:
    """All valid articles of a content root, and every problem found on the way."""

    root: Path
    vocabulary: Vocabulary
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Every article file found (valid or not).
    files: list[Path] = field(default_factory=list)
    #: Image files of each article folder (folder -> files), staged with its articles.
    assets: dict[Path, tuple[Path, ...]] = field(default_factory=dict)
    #: The timeline's valid entries, every locale, oldest first (:mod:`newsdesk.timeline`).
    entries: list[TimelineEntry] = field(default_factory=list)
    #: Every timeline entry file found (valid or not).
    entry_files: list[Path] = field(default_factory=list)

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(
        cls,
        root: Path,
        vocabulary: Vocabulary,
        *,
        cache: ParseCache | None = None,
        max_file_bytes: int = frontmatter.MAX_FILE_BYTES,
        scan_bodies: bool = False,
    ) -> Catalog:
        """Every article below ``root``. ``scan_bodies`` also checks each body against the
        body policy (``make check``; the build enforces it while parsing instead)."""
        catalog = cls(root=root, vocabulary=vocabulary)
        found = []
        catalog.files = list(catalog.discover())
        for path in catalog.files:
            article = catalog._load_one(path, cache, max_file_bytes, scan_bodies)
            if article is not None:
                found.append(article)
        catalog.articles = catalog.link_twins(found, set(catalog.files))
        catalog.articles.sort(key=lambda a: a.sort_key, reverse=True)
        from .timeline import load_entries  # the timeline's loader builds on this module

        catalog.entry_files, catalog.entries = load_entries(catalog, cache, max_file_bytes, scan_bodies)
        catalog.problems.sort()
        return catalog

    def discover(
        self, folder: str = ARTICLES_DIR, depth_of_files: int = 2, layout: str = "", what: str = "article"
    ) -> Iterable[Path]:
        """The article files (or, with ``folder``, the timeline's), in a stable order; every
        file or folder passed over gets a notice saying why, and a link leading out of the
        content root an error. Files sit ``depth_of_files`` folders below ``folder``."""
        layout = layout or f"{ARTICLES_DIR}/<YYYYMMDD>/<slug>/<locale>.md"
        base = self.root / folder
        if not base.is_dir():
            return []
        root = self.root.resolve()
        paths = []
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath)
            kept = []
            for name in sorted(dirnames):
                folder = here / name
                if name.startswith((".", "_")):
                    self.problem(
                        folder, 1, "path", f"folder skipped: names starting with {name[0]!r} are not built", "notice"
                    )
                elif folder.is_symlink():
                    self.problem(
                        folder,
                        1,
                        "path",
                        f"folder skipped: a symbolic link; put the {what} folder itself here",
                        "notice",
                    )
                else:
                    kept.append(name)
            dirnames[:] = kept
            depth = len(here.relative_to(base).parts)
            assets = []
            for name in sorted(filenames):
                path = here / name
                try:
                    outside = path.is_symlink() and not _inside(path.resolve(strict=True), root)
                except (OSError, RuntimeError):  # a dangling link, a loop
                    self.problem(path, 1, "path", "refused: a symbolic link that leads nowhere; remove it")
                    continue
                if outside:
                    self.problem(
                        path,
                        1,
                        "path",
                        "refused: a symbolic link to a file outside the content folder; copy the file here instead",
                    )
                    continue
                if not name.endswith(".md"):
                    image = name.lower().endswith(policy.ASSET_SUFFIXES) and not name.startswith(".")
                    if depth == depth_of_files and image:
                        refused = _refused_asset(path)
                        if refused:
                            self.problem(path, 1, "path", f"refused: {refused}")
                        else:
                            assets.append(path)
                    else:
                        self.problem(
                            path,
                            1,
                            "path",
                            "file skipped: only en.md, ja.md and images "
                            f"({', '.join(policy.ASSET_SUFFIXES)}) in {_a(what)}'s folder are built",
                            "notice",
                        )
                    continue
                if depth != depth_of_files:
                    self.problem(path, 1, "path", f"misplaced {what}: expected {layout}")
                    continue
                if name[:-3] not in self.vocabulary.locales:
                    self.problem(
                        path,
                        1,
                        "path",
                        f"{name!r} is not a locale file name; name it one of "
                        + ", ".join(f"{loc}.md" for loc in self.vocabulary.locales),
                    )
                    continue
                paths.append(path)
            if assets:
                self.assets[here] = tuple(assets)
        return paths

    def _load_one(self, path: Path, cache: ParseCache | None, max_file_bytes: int, scan: bool) -> Article | None:
        raw = parse_cached(path, cache, max_file_bytes, scan)
        if isinstance(raw, FrontMatterError):
            self.problem(path, raw.line, raw.field, raw.message)
            return None
        self.check_raw(raw)
        try:
            meta = FrontMatter.model_validate(raw.data)
        except ValidationError as exc:
            failed = set()
            for error in exc.errors():
                self.schema_problem(raw, error)
                failed.add(str((error.get("loc") or ("",))[0]))
            # Every problem in one pass: the fields that are valid on their own are still checked.
            self._check_fields(raw, valid_fields(raw.data, failed))
            return None
        return self._build_article(raw, meta)

    def check_raw(self, raw: RawArticle, schema: type[FrontMatter] = FrontMatter) -> None:
        """Checks that need no valid schema: reported even when validation fails."""
        path, lines = raw.path, raw.key_lines
        folded = {key.casefold(): key for key in schema.known_keys()}
        for key in raw.data:
            if key in schema.model_fields:
                continue
            near = difflib.get_close_matches(key.casefold(), folded, n=1)
            hint = f" (did you mean {folded[near[0]]!r}?)" if near else f"; known keys: {', '.join(folded.values())}"
            self.problem(path, lines.get(key, 2), key, f"unknown key, ignored{hint}", "warning")
        for key in ("title", "description", "technyanComment"):
            value = raw.data.get(key)
            if isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
                self.problem(path, lines[key], key, f"still the template's {PLACEHOLDER} placeholder; write the {key}")
        for line, field_name, message in raw.body_findings:
            self.problem(path, line, field_name, message)

    def _check_fields(self, raw: RawArticle, values: dict[str, Any]) -> tuple[Term | None, list[Term]]:
        """Consistency with the file's place and the vocabulary, for the ``values`` given."""
        path, lines = raw.path, raw.key_lines
        folder, slug = path.parent.parent.name, path.parent.name
        self.check_locale(raw, values)
        date = values.get("date")
        if date is not None and folder != date.strftime("%Y%m%d"):
            expected_folder = date.strftime("%Y%m%d")
            what = "is not a YYYYMMDD folder" if not _FOLDER_DATE.match(folder) else "does not match the date"
            self.problem(
                path,
                lines["date"],
                "date",
                f"{date.isoformat()}: the folder {folder!r} {what}; "
                f"move the article to {ARTICLES_DIR}/{expected_folder}/{slug}/ or fix the date",
            )
        if not _KEBAB.match(slug):
            self.problem(
                path,
                1,
                "slug",
                f"folder name {slug!r} is not lowercase kebab-case (did you mean {slugify(slug)!r}?)",
            )

        category = (
            self.resolve(path, lines["category"], "category", values["category"]) if "category" in values else None
        )
        return category, self.terms(raw, values, "tags", "tag")

    def check_locale(self, raw: RawArticle, values: dict[str, Any]) -> None:
        """``locale`` is a site locale and matches the file's name (``en.md``), in any collection."""
        path, lines, vocab = raw.path, raw.key_lines, self.vocabulary
        if "locale" in values and values["locale"] not in vocab.locales:
            self.problem(
                path,
                lines["locale"],
                "locale",
                f"{values['locale']!r} is not a site locale; use one of {', '.join(vocab.locales)}",
            )
        elif "locale" in values and values["locale"] != path.stem:
            self.problem(
                path,
                lines["locale"],
                "locale",
                f"{values['locale']!r} does not match the file name {path.name!r} (did you mean {path.stem!r}?)",
            )

    def terms(self, raw: RawArticle, values: dict[str, Any], key: str, kind: Kind) -> list[Term]:
        """The distinct terms of a list field, each unknown one reported at its own item's line."""
        terms: list[Term] = []
        item_lines = raw.item_lines.get(key, ())
        for index, name in enumerate(values.get(key, ())):
            line = item_lines[index] if index < len(item_lines) else raw.key_lines.get(key, 2)
            term = self.resolve(raw.path, line, key, name, kind)
            if term not in terms:
                terms.append(term)
        return terms

    def _build_article(self, raw: RawArticle, meta: FrontMatter) -> Article:
        path = raw.path
        folder, slug, locale = path.parent.parent.name, path.parent.name, path.stem
        lines = raw.key_lines
        values = {"locale": meta.locale, "date": meta.date, "category": meta.category, "tags": meta.tags}
        category, tags = self._check_fields(raw, values)
        return Article(
            path=path,
            docname=f"{ARTICLES_DIR}/{folder}/{slug}",
            slug=slug,
            locale=locale,
            title=meta.title,
            description=meta.description,
            date=meta.date,
            category=cast(Term, category),  # always resolved when given
            tags=tuple(tags),
            comment=meta.technyanComment or None,
            assets=self.assets.get(path.parent, ()),
            key_lines=dict(lines),
            body_line=raw.body_line,
        )

    def resolve(self, path: Path, line: int, field_name: str, spelling: str, kind: Kind | None = None) -> Term:
        """The vocabulary's term for ``spelling``; an unknown one is reported with a "did you mean"."""
        kind = kind or ("category" if field_name == "category" else "tag")
        term = self.vocabulary.term_for(kind, spelling)
        if not term.known:
            near = self.vocabulary.suggest(kind, spelling)
            hint = (
                f" (did you mean {' or '.join(repr(n) for n in near)}?)"
                if near
                else ("; add it to the vocabulary file or pick a listed one")
            )
            what = kind.replace("-", " ")
            self.problem(path, line, field_name, f"unknown {what} {spelling!r}{hint}")
        return term

    def schema_problem(self, raw: RawArticle, error: dict, schema: type[FrontMatter] = FrontMatter) -> None:
        """Report one pydantic validation ``error`` of ``raw`` at its key's (or item's) line."""
        loc = error.get("loc") or ("front matter",)
        key = str(loc[0])
        line = raw.key_lines.get(key, 1)
        item = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        if item is not None and item < len(raw.item_lines.get(key, ())):
            line = raw.item_lines[key][item]
        kind = error.get("type", "")
        value = error.get("input")
        if kind == "missing":
            message = f"required field is missing; add a line `{key}: ...` to the front matter"
        elif value is None and kind in ("string_type", "list_type"):
            message = f"is empty; write a value after `{key}:`{self._choices(key, schema)}"
        elif kind == "list_type":
            message = f'must be a list, e.g. {key}: ["Anthropic", "Claude"], not {_type_name(value)}'
        elif kind == "string_type":
            where = f" (item {item + 1})" if item is not None else ""
            message = f'must be a text string{where}, not {_type_name(value)}; put text in quotes, e.g. "..."'
        elif kind == "string_too_short":
            message = f"must not be empty{self._choices(key, schema)}"
        else:
            message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        self.problem(raw.path, line, key, message)

    def _choices(self, key: str, schema: type[FrontMatter] = FrontMatter) -> str:
        choices = schema.choices(key, self.vocabulary)
        return f"; use one of {', '.join(choices)}" if choices else ""

    def link_twins(self, articles: list[T], files: set[Path]) -> list[T]:
        """``articles`` (or entries) with their twins' locales; a notice for each missing translation."""
        by_doc: dict[str, list[Article]] = defaultdict(list)
        for article in articles:
            by_doc[article.docname].append(article)
        linked = []
        for group in by_doc.values():
            locales = tuple(sorted(a.locale for a in group))
            for article in group:
                twins = tuple(loc for loc in locales if loc != article.locale)
                linked.append(dataclasses.replace(article, twins=twins))
                for locale in self.vocabulary.locales:
                    sibling = article.path.with_name(f"{locale}.md")
                    # a sibling that exists but is broken reports its own errors
                    if locale != article.locale and locale not in twins and sibling not in files:
                        self.problem(
                            article.path,
                            1,
                            "translation",
                            f"no {locale} translation yet ({locale}.md beside this file)",
                            "notice",
                        )
        return linked

    def problem(self, path: Path, line: int, field_name: str, message: str, severity: str = "error") -> None:
        """Record a problem at ``path:line`` (an error unless ``severity`` says otherwise)."""
        self.problems.append(Problem(path, line, field_name, message, severity))  # type: ignore[arg-type]

    # ----------------------------------------------------------------- queries
    def for_locale(self, locale: str) -> list[Article]:
        """Articles of one locale, newest first."""
        return [a for a in self.articles if a.locale == locale]

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def valid_fields(data: dict[str, Any], failed: set[str]) -> dict[str, Any]:
    """The schema fields of ``data`` that are valid on their own, normalised as the model would."""
    values: dict[str, Any] = {}
    for key in ("locale", "category"):
        if key not in failed and isinstance(data.get(key), str) and data[key].strip():
            values[key] = data[key].strip()
    if "date" not in failed and "date" in data:
        with contextlib.suppress(ValueError):
            values["date"] = iso_date(data["date"])
    tags = data.get("tags")
    if "tags" not in failed and isinstance(tags, list) and all(isinstance(t, str) and t.strip() for t in tags):
        values["tags"] = [t.strip() for t in tags]
    return values


def _type_name(value: object) -> str:
    names = {list: "a list", dict: "a mapping", int: "a number", float: "a number", bool: "true/false", str: "text"}
    return names.get(type(value), type(value).__name__)


def _refused_asset(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            data = stream.read(policy.MAX_ASSET_BYTES + 1)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    return policy.asset(data, path.name)


def _a(noun: str) -> str:
    """``noun`` with its article ("an article", "a timeline entry"): notices name the collection."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def body_findings(raw: RawArticle, scan: bool) -> tuple[tuple[int, str, str], ...]:
    """What is wrong in the body: the template's placeholder, and (``scan``) what the body
    policy refuses. Computed once per read, so the parse cache may drop the body."""
    found = []
    for offset, text in enumerate(raw.body.split("\n")):
        if text.strip() in TEMPLATE_BODIES:
            found.append(
                (raw.body_line + offset, "body", f"still the template's {PLACEHOLDER} placeholder; write the article")
            )
    if scan:
        found += [(v.line, "body", v.message) for v in policy.scan(raw.body, raw.body_line)]
    return tuple(found)


def parse_cached(
    path: Path, cache: ParseCache | None, max_file_bytes: int, scan: bool = False
) -> RawArticle | FrontMatterError:
    """``path`` read and split (or why it cannot be), from ``cache`` while its mtime and size hold."""
    try:
        stat = path.stat()
    except OSError as exc:
        return FrontMatterError(1, "file", f"cannot read the file: {exc.strerror}")
    key = f"{_CACHE_FORMAT}:{int(scan)}:{path}"
    if cache is not None:
        hit = cache.get(key)
        if hit is not None and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
            return hit[2]
    try:
        result: RawArticle | FrontMatterError = frontmatter.read(path, max_file_bytes)
        result = dataclasses.replace(result, body_findings=body_findings(result, scan))
    except FrontMatterError as exc:
        result = exc
    if cache is not None:
        cache[key] = (stat.st_mtime_ns, stat.st_size, result)
    return result


__all__ = ["ARTICLES_DIR", "REQUIRED_KEYS", "Catalog"]
