"""The one typed model of an article, shared by the build, ``make check`` and ``make new``.

:class:`FrontMatter` is the schema of what contributors write (pydantic validates
it); :class:`Article` is what the rest of the code works with: the validated values,
resolved against the vocabulary, plus where they came from. Imports no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from .vocabulary import Term, Vocabulary

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD``: a bare number or prose date is ambiguous."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD, e.g. 2025-11-18")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None


NonEmpty = Annotated[StrictStr, Field(min_length=1)]


class FrontMatter(BaseModel):
    """The front-matter schema. Field names are the keys contributors write."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, frozen=True)

    title: NonEmpty = Field(description="Headline, shown as the page's only <h1>.")
    description: NonEmpty = Field(description="One- or two-sentence lead; also the meta description.")
    date: Annotated[dt.date, BeforeValidator(iso_date)] = Field(description="Publication date, YYYY-MM-DD.")
    category: NonEmpty = Field(description="One category from the vocabulary.")
    locale: NonEmpty = Field(description="Language of the file: matches its name (en.md, ja.md).")
    tags: list[NonEmpty] = Field(default_factory=list, description="Tags from the vocabulary or its aliases.")
    technyanComment: StrictStr | None = Field(  # noqa: N815 - the key contributors write
        default=None, description="The mascot's comment, shown as a speech-bubble card."
    )

    @classmethod
    def known_keys(cls) -> list[str]:
        return list(cls.model_fields)

    @classmethod
    def choices(cls, key: str, vocabulary: Vocabulary) -> list[str]:
        """The values ``key`` may take, for a message naming them (none: free text)."""
        if key == "category":
            return list(vocabulary.categories)
        if key == "locale":
            return list(vocabulary.locales)
        return []


REQUIRED_KEYS = [name for name, info in FrontMatter.model_fields.items() if info.is_required()]

# --------------------------------------------------------------- the `make new` template
#: Text the writer must replace: ``make check`` refuses a field that still starts with it.
PLACEHOLDER = "TODO:"

TEMPLATE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "TODO: headline of the article",
        "description": "TODO: one or two sentences that sum up the news",
        "body": "TODO: write the article here, in Markdown.",
        "comment": "the mascot's one-line reaction (optional)",
    },
    "ja": {
        "title": "TODO: 記事の見出し",
        "description": "TODO: ニュースを一、二文で要約します",
        "body": "TODO: ここに本文を Markdown で書きます。",
        "comment": "テクにゃんの一言（任意）",
    },
}
#: The template's body lines, refused by ``make check`` until replaced.
TEMPLATE_BODIES = frozenset(text["body"] for text in TEMPLATE_TEXT.values())


def article_template(locale: str, date: dt.date, categories: list[str]) -> str:
    """The text of a new article file: valid once every ``TODO:`` and the category are filled in."""
    text = TEMPLATE_TEXT.get(locale, TEMPLATE_TEXT["en"])
    return (
        "---\n"
        f'title: "{text["title"]}"\n'
        f'description: "{text["description"]}"\n'
        f"date: {date.isoformat()}\n"
        f"# one of: {', '.join(categories)}\n"
        'category: ""\n'
        '# names from source/_data/vocabulary.yaml, e.g. ["Anthropic", "Claude"]\n'
        "tags: []\n"
        f'locale: "{locale}"\n'
        f'# technyanComment: "{text["comment"]}"\n'
        "---\n"
        "\n"
        f"{text['body']}\n"
    )


@dataclass(frozen=True)
class Article:
    """A validated article of one locale, located in the content tree."""

    path: Path
    #: ``articles/<YYYYMMDD>/<slug>``: the Sphinx docname and the URL path.
    docname: str
    slug: str
    locale: str
    title: str
    description: str
    date: dt.date
    category: Term
    tags: tuple[Term, ...]
    comment: str | None
    key_lines: dict[str, int] = field(hash=False, compare=False, default_factory=dict)
    body_line: int = 1
    #: Locales in which the same article exists (a valid sibling file).
    twins: tuple[str, ...] = ()
    #: Image files in the article's folder, staged beside it (:mod:`newsdesk.policy`).
    assets: tuple[Path, ...] = field(hash=False, compare=False, default=())

    @property
    def month(self) -> str:
        """``YYYY-MM``: the archive page the article is listed on."""
        return f"{self.date.year:04d}-{self.date.month:02d}"

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date, self.docname)


class ContentItem(Protocol):
    """What an :class:`Article` and a timeline entry (:class:`newsdesk.timeline.TimelineEntry`)
    both have: enough for a feed's entry, a header's title and the linking of twins."""

    @property
    def path(self) -> Path: ...
    @property
    def docname(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def category(self) -> Term: ...
    @property
    def tags(self) -> tuple[Term, ...]: ...
    @property
    def comment(self) -> str | None: ...
    @property
    def twins(self) -> tuple[str, ...]: ...
