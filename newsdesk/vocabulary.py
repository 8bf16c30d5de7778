"""The curated list of categories and tags, with labels per locale and aliases.

One data file (``source/_data/vocabulary.yaml``) names every category and tag the
site accepts, and the timeline's own categories and companies (:mod:`newsdesk.timeline`).
Each term has a canonical name, a stable URL slug, a label per locale (so a tag page
can link to its twin in the other language) and aliases (so ``Azure`` files under
``Microsoft Azure``). Imports no Sphinx.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .frontmatter import SAFE_LOADER

Kind = Literal["category", "tag", "timeline-category", "company"]


class VocabularyError(Exception):
    """The vocabulary file itself is broken; the message says where and how."""


class _TermSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="Canonical name, as written in front matter.")
    slug: str | None = Field(default=None, description="URL slug; derived from the name when omitted.")
    labels: dict[str, str] = Field(default_factory=dict, description="Display label per locale.")
    aliases: list[str] = Field(default_factory=list, description="Other spellings that mean this term.")


class _VocabularySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    locales: list[str] = Field(min_length=1)
    categories: list[_TermSpec | str]
    tags: list[_TermSpec | str]
    #: The timeline's categories and companies: optional, a site may have no timeline.
    timeline_categories: list[_TermSpec | str] = Field(default_factory=list)
    companies: list[_TermSpec | str] = Field(default_factory=list)


def slugify(name: str) -> str:
    """A URL slug that keeps distinct names distinct.

    Like sphinx-tags' normalisation (lowercase, runs of non-word characters to
    ``-``), but ``+`` and ``#`` are spelled out so that ``C++`` and ``C`` differ,
    and non-Latin words (``日本語``) are kept as they are, NFKC-normalised.
    """
    text = unicodedata.normalize("NFKC", name)
    text = text.replace("+", " plus ").replace("#", " sharp ")
    slug = re.sub(r"[\W_]+", "-", text).strip("-").lower()
    return slug or "term"


@dataclass(frozen=True)
class Term:
    """A category or a tag, as the site shows it."""

    kind: Kind
    name: str
    slug: str
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    aliases: tuple[str, ...] = ()
    #: False for a term that is not in the vocabulary (it still gets a page).
    known: bool = True

    def label(self, locale: str) -> str:
        return self.labels.get(locale, self.name)


@dataclass
class Vocabulary:
    """Look-ups from any spelling (name, label, alias) to the canonical term."""

    locales: tuple[str, ...]
    categories: dict[str, Term]
    tags: dict[str, Term]
    timeline_categories: dict[str, Term] = field(default_factory=dict)
    companies: dict[str, Term] = field(default_factory=dict)
    _lookup: dict[tuple[Kind, str], Term] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        try:
            data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=SAFE_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise VocabularyError(f"{path}: cannot read the vocabulary: {exc}") from None
        try:
            spec = _VocabularySpec.model_validate(data)
        except ValidationError as exc:
            raise VocabularyError(f"{path}: invalid vocabulary: {exc}") from None
        return cls.from_spec(spec, path)

    @classmethod
    def from_spec(cls, spec: _VocabularySpec, path: Path | str = "vocabulary") -> Vocabulary:
        vocab = cls(locales=tuple(spec.locales), categories={}, tags={})
        for kind, specs, target in (
            ("category", spec.categories, vocab.categories),
            ("tag", spec.tags, vocab.tags),
            ("timeline-category", spec.timeline_categories, vocab.timeline_categories),
            ("company", spec.companies, vocab.companies),
        ):
            slugs: dict[str, str] = {}
            for item in specs:
                term_spec = _TermSpec(name=item) if isinstance(item, str) else item
                term = Term(
                    kind=kind,
                    name=term_spec.name,
                    slug=term_spec.slug or slugify(term_spec.name),
                    labels=dict(term_spec.labels),
                    aliases=tuple(term_spec.aliases),
                )
                if term.slug in slugs:
                    raise VocabularyError(
                        f"{path}: {kind} {term.name!r} has the slug {term.slug!r} of "
                        f"{slugs[term.slug]!r}; give one of them an explicit 'slug:'"
                    )
                slugs[term.slug] = term.name
                target[term.name] = term
                for spelling in (term.name, *term.labels.values(), *term.aliases):
                    key = (kind, _fold(spelling))
                    other = vocab._lookup.get(key)
                    if other is not None and other is not term:
                        raise VocabularyError(
                            f"{path}: {kind} spelling {spelling!r} is claimed by both {other.name!r} and {term.name!r}"
                        )
                    vocab._lookup[key] = term
        return vocab

    def resolve(self, kind: Kind, spelling: str) -> Term | None:
        """The canonical term for a name, label or alias, or None if unknown."""
        return self._lookup.get((kind, _fold(spelling)))

    def term_for(self, kind: Kind, spelling: str) -> Term:
        """Like :meth:`resolve`, but an unknown spelling becomes an ad-hoc term."""
        term = self.resolve(kind, spelling)
        if term is None:
            term = Term(kind=kind, name=spelling, slug=slugify(spelling), known=False)
        return term

    def suggest(self, kind: Kind, spelling: str, count: int = 3) -> list[str]:
        """Known names closest to a misspelling, for ``did you mean ...?``."""
        names = {term.name for (k, _), term in self._lookup.items() if k == kind}
        spellings = {
            s: term.name
            for (k, _), term in self._lookup.items()
            if k == kind
            for s in (term.name, *term.labels.values(), *term.aliases)
        }
        folded = {s.casefold(): s for s in spellings}
        matches = difflib.get_close_matches(spelling.casefold(), folded, n=count * 2, cutoff=0.6)
        result: list[str] = []
        for match in matches:
            name = spellings[folded[match]]
            if name in names and name not in result:
                result.append(name)
        return result[:count]


def _fold(spelling: str) -> str:
    return unicodedata.normalize("NFKC", spelling).strip().casefold()
