"""The AI timeline: a second collection beside the articles, with its own schema.

Entries sit at ``<content>/timeline/<YYYYMM>-<slug>/<locale>.md``. Their front matter is
an article's (title, description, date, locale, tags, technyanComment) with a timeline
category, an impact level and the companies involved, all checked against the same
vocabulary, with the same located errors and "did you mean". They are loaded by the
:class:`~newsdesk.catalog.Catalog` (so ``make check`` and the build share them) and
imports no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import Field, ValidationError

from . import i18n
from .catalog import parse_cached, valid_fields
from .frontmatter import FrontMatterError, RawArticle
from .model import TEMPLATE_TEXT as ARTICLE_TEMPLATE_TEXT
from .model import Article, FrontMatter, NonEmpty
from .related import best_matches, capped_index, newest_first
from .staging import Entry, Generated, article_links
from .taxonomy import md_escape
from .vocabulary import Term, Vocabulary, slugify

if TYPE_CHECKING:
    from .catalog import Catalog, ParseCache
    from .site import Site

TIMELINE_DIR = "timeline"
COMPANIES_DIR = "companies"
#: The timeline page of a locale.
TIMELINE_PAGE = f"{TIMELINE_DIR}/index"
#: How many related articles an entry links, and how many entries an article links.
RELATED_ARTICLES = 8
RELATED_ENTRIES = 5
#: How many of the articles tagged with a company its page shows (the newest; then a link to the tag page).
COMPANY_ARTICLES = 20
#: From the weightiest down: the order of the filter and of the cards' weight.
IMPACT_LEVELS = ("high", "medium", "low")
LAYOUT = f"{TIMELINE_DIR}/<YYYYMM>-<slug>/<locale>.md"
_FOLDER = re.compile(r"^(?P<month>\d{6})-(?P<slug>.+)$")
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TimelineFrontMatter(FrontMatter):
    """An entry's front matter: an article's, plus what places it on the timeline."""

    category: NonEmpty = Field(description="One timeline category from the vocabulary.")
    impactLevel: NonEmpty = Field(description="high, medium or low: the weight of its card.")  # noqa: N815
    relatedCompanies: list[NonEmpty] = Field(  # noqa: N815
        default_factory=list, description="Companies from the vocabulary or their aliases."
    )

    @classmethod
    def choices(cls, key: str, vocabulary: Vocabulary) -> list[str]:
        if key == "category":
            return list(vocabulary.timeline_categories)
        if key == "impactLevel":
            return list(IMPACT_LEVELS)
        return super().choices(key, vocabulary)


@dataclass(frozen=True)
class TimelineEntry:
    """A validated timeline entry of one locale, located in the content tree."""

    path: Path
    #: ``timeline/<YYYYMM>-<slug>``: the Sphinx docname and the URL path.
    docname: str
    slug: str
    locale: str
    title: str
    description: str
    date: dt.date
    category: Term
    impact: str
    companies: tuple[Term, ...]
    tags: tuple[Term, ...]
    comment: str | None
    key_lines: dict[str, int] = field(hash=False, compare=False, default_factory=dict)
    body_line: int = 1
    twins: tuple[str, ...] = ()
    assets: tuple[Path, ...] = field(hash=False, compare=False, default=())

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date, self.docname)


# --------------------------------------------------------------------------- loading
def load_entries(
    catalog: Catalog, cache: ParseCache | None, max_file_bytes: int, scan: bool
) -> tuple[list[Path], list[TimelineEntry]]:
    """Every entry file of ``catalog.root``/timeline (valid or not) and the valid entries,
    oldest first; problems go to the catalog."""
    files = list(catalog.discover(TIMELINE_DIR, depth_of_files=1, layout=LAYOUT, what="timeline entry"))
    found = []
    for path in files:
        entry = _load_one(catalog, path, cache, max_file_bytes, scan)
        if entry is not None:
            found.append(entry)
    entries = catalog.link_twins(found, set(files))
    entries.sort(key=lambda e: e.sort_key)
    return files, entries


def _load_one(
    catalog: Catalog, path: Path, cache: ParseCache | None, max_file_bytes: int, scan: bool
) -> TimelineEntry | None:
    raw = parse_cached(path, cache, max_file_bytes, scan)
    if isinstance(raw, FrontMatterError):
        catalog.problem(path, raw.line, raw.field, raw.message)
        return None
    catalog.check_raw(raw, TimelineFrontMatter)
    try:
        meta = TimelineFrontMatter.model_validate(raw.data)
    except ValidationError as exc:
        failed = set()
        for error in exc.errors():
            catalog.schema_problem(raw, error, TimelineFrontMatter)
            failed.add(str((error.get("loc") or ("",))[0]))
        _check_fields(catalog, raw, _valid_entry_fields(raw.data, failed))
        return None
    values = {
        "locale": meta.locale,
        "date": meta.date,
        "category": meta.category,
        "tags": meta.tags,
        "impactLevel": meta.impactLevel,
        "relatedCompanies": meta.relatedCompanies,
    }
    category, companies, tags, ok = _check_fields(catalog, raw, values)
    if not ok:
        return None
    _month, slug = _split_folder(path.parent.name)
    return TimelineEntry(
        path=path,
        docname=f"{TIMELINE_DIR}/{path.parent.name}",
        slug=slug or path.parent.name,
        locale=path.stem,
        title=meta.title,
        description=meta.description,
        date=meta.date,
        category=cast(Term, category),
        impact=meta.impactLevel,
        companies=tuple(companies),
        tags=tuple(tags),
        comment=meta.technyanComment or None,
        key_lines=dict(raw.key_lines),
        body_line=raw.body_line,
        assets=catalog.assets.get(path.parent, ()),
    )


def _split_folder(name: str) -> tuple[str | None, str | None]:
    match = _FOLDER.match(name)
    return (match["month"], match["slug"]) if match else (None, None)


def _valid_entry_fields(data: dict[str, Any], failed: set[str]) -> dict[str, Any]:
    """The fields valid on their own, so that one pass reports every problem."""
    values = valid_fields(data, failed)
    impact = data.get("impactLevel")
    if "impactLevel" not in failed and isinstance(impact, str) and impact.strip():
        values["impactLevel"] = impact.strip()
    companies = data.get("relatedCompanies")
    if (
        "relatedCompanies" not in failed
        and isinstance(companies, list)
        and all(isinstance(c, str) and c.strip() for c in companies)
    ):
        values["relatedCompanies"] = [c.strip() for c in companies]
    return values


def _check_fields(
    catalog: Catalog, raw: RawArticle, values: dict[str, Any]
) -> tuple[Term | None, list[Term], list[Term], bool]:
    """The entry's place, impact and terms; ``ok`` is False when an error was reported."""
    before = len(catalog.errors())
    path, lines = raw.path, raw.key_lines
    catalog.check_locale(raw, values)
    month, slug = _split_folder(path.parent.name)
    date = values.get("date")
    if month is None or slug is None:
        prefix = date.strftime("%Y%m") if date else "YYYYMM"
        guess = f"{prefix}-{slugify(path.parent.name)}"
        catalog.problem(
            path, 1, "path", f"folder name {path.parent.name!r} is not <YYYYMM>-<slug> (did you mean {guess!r}?)"
        )
    else:
        if not _KEBAB.match(slug):
            catalog.problem(
                path, 1, "slug", f"folder name {slug!r} is not lowercase kebab-case (did you mean {slugify(slug)!r}?)"
            )
        if date is not None and date.strftime("%Y%m") != month:
            catalog.problem(
                path,
                lines["date"],
                "date",
                f"{date.isoformat()}: the folder {path.parent.name!r} does not match the month; move the entry "
                f"to {TIMELINE_DIR}/{date.strftime('%Y%m')}-{slug}/ or fix the date",
            )
    impact = values.get("impactLevel")
    if impact is not None and impact not in IMPACT_LEVELS:
        near = difflib.get_close_matches(impact.casefold(), IMPACT_LEVELS, n=1, cutoff=0.5)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        catalog.problem(
            path,
            lines["impactLevel"],
            "impactLevel",
            f"unknown impact level {impact!r}{hint}; use one of {', '.join(IMPACT_LEVELS)}",
        )
    category = (
        catalog.resolve(path, lines["category"], "category", values["category"], "timeline-category")
        if "category" in values
        else None
    )
    companies = catalog.terms(raw, values, "relatedCompanies", "company")
    tags = catalog.terms(raw, values, "tags", "tag")
    return category, companies, tags, len(catalog.errors()) == before


# --------------------------------------------------------------------------- `make new KIND=timeline`
TEMPLATE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "TODO: what happened, in a few words",
        "description": "TODO: one or two sentences on the event and why it matters",
        "comment": "the mascot's one-line reaction (optional)",
    },
    "ja": {
        "title": "TODO: 出来事の見出し",
        "description": "TODO: 出来事とその意味を一、二文で",
        "comment": "テクにゃんの一言（任意）",
    },
}


def entry_template(locale: str, date: dt.date, vocabulary: Vocabulary) -> str:
    """The text of a new entry file: valid once every ``TODO:`` and the category are filled in."""
    text = TEMPLATE_TEXT.get(locale, TEMPLATE_TEXT["en"])
    # the article template's body line: `make check` refuses it until it is replaced
    body = ARTICLE_TEMPLATE_TEXT.get(locale, ARTICLE_TEMPLATE_TEXT["en"])["body"]
    examples = json.dumps(list(vocabulary.companies)[:2], ensure_ascii=False)
    return (
        "---\n"
        f'title: "{text["title"]}"\n'
        f'description: "{text["description"]}"\n'
        f"date: {date.isoformat()}\n"
        f"# one of: {', '.join(vocabulary.timeline_categories)}\n"
        'category: ""\n'
        f"# one of: {', '.join(IMPACT_LEVELS)}\n"
        'impactLevel: "medium"\n'
        f"# companies from source/_data/vocabulary.yaml, e.g. {examples}\n"
        "relatedCompanies: []\n"
        "# tags from source/_data/vocabulary.yaml\n"
        "tags: []\n"
        f'locale: "{locale}"\n'
        f'# technyanComment: "{text["comment"]}"\n'
        "---\n"
        "\n"
        f"{body}\n"
    )


def entry_folder(date: dt.date, slug: str) -> str:
    """``timeline/<YYYYMM>-<slug>``, relative to the content root."""
    return f"{TIMELINE_DIR}/{date.strftime('%Y%m')}-{slug}"


def for_locale(entries: list[TimelineEntry], locale: str) -> list[TimelineEntry]:
    """One locale's entries, oldest first."""
    return [e for e in entries if e.locale == locale]


# --------------------------------------------------------------------------- one locale's timeline
@dataclass
class Timeline:
    """One locale's entries and what links them to companies and articles, computed once a build.

    Related articles and entries come from the capped inverted indexes of
    :mod:`newsdesk.related`: tag slug -> the :data:`~newsdesk.related.CAP` newest articles
    having it, and tag slug -> the ``CAP`` oldest entries having it (an entry's tags and its
    companies' tags). An entry scans at most ``CAP`` articles per slug it has, an article at
    most ``CAP`` entries per tag, and a company page keeps :data:`COMPANY_ARTICLES` articles:
    for N articles and E entries of at most T slugs each the whole is O((N + E) · T · CAP),
    linear in both. The rankings (more shared slugs first; then the newer article, or the
    older entry; then the docname) are exact while no slug has more than ``CAP`` items;
    past that, a slug contributes the ``CAP`` items its tie-break prefers.
    """

    entries: list[TimelineEntry] = field(default_factory=list)
    by_docname: dict[str, TimelineEntry] = field(default_factory=dict)
    #: company slug -> the company, and its entries (oldest first)
    companies: dict[str, Term] = field(default_factory=dict)
    by_company: dict[str, list[TimelineEntry]] = field(default_factory=dict)
    #: company slug -> the newest :data:`COMPANY_ARTICLES` articles tagged with the company (newest first)
    company_articles: dict[str, list[Article]] = field(default_factory=dict)
    #: company slug -> its tag, when more articles have it than the company page shows
    company_more: dict[str, Term] = field(default_factory=dict)
    #: entry docname -> articles sharing a company or tag; article docname -> entries likewise
    related_articles: dict[str, list[Article]] = field(default_factory=dict)
    related_entries: dict[str, list[TimelineEntry]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: list[TimelineEntry], site: Site) -> Timeline:
        entries = sorted(entries, key=lambda e: e.sort_key)
        line = cls(entries=entries, by_docname={e.docname: e for e in entries})
        vocabulary = site.catalog.vocabulary
        for entry in entries:
            for company in entry.companies:
                line.companies.setdefault(company.slug, company)
                line.by_company.setdefault(company.slug, []).append(entry)
        # positions in the rankings' tie-break order: articles newest first, entries oldest first
        ordered = newest_first(site.articles)
        article_slugs = [[tag.slug for tag in article.tags] for article in ordered]
        entry_slugs = [_tag_slugs(entry, vocabulary) for entry in entries]
        articles_by_tag = capped_index(article_slugs)
        entries_by_tag = capped_index(entry_slugs)
        for entry, slugs in zip(entries, entry_slugs, strict=True):
            best = best_matches(slugs, articles_by_tag, RELATED_ARTICLES)
            if best:
                line.related_articles[entry.docname] = [ordered[position] for position in best]
        for article, slugs in zip(ordered, article_slugs, strict=True):
            best = best_matches(slugs, entries_by_tag, RELATED_ENTRIES)
            if best:
                line.related_entries[article.docname] = [entries[position] for position in best]
        # a company page lists articles as the tag page does (the site's order), the newest few
        tags = {slug: company_tag(company, vocabulary) for slug, company in line.companies.items()}
        wanted = {tag.slug for tag in tags.values() if tag is not None}
        shown = capped_index(
            ([tag.slug for tag in article.tags if tag.slug in wanted] for article in site.articles),
            COMPANY_ARTICLES + 1,
        )
        for slug, tag in tags.items():
            positions = shown.get(tag.slug, []) if tag is not None else []
            line.company_articles[slug] = [site.articles[p] for p in positions[:COMPANY_ARTICLES]]
            if tag is not None and len(positions) > COMPANY_ARTICLES:
                line.company_more[slug] = tag
        return line

    def years(self) -> list[tuple[int, list[TimelineEntry]]]:
        """The entries grouped by year, oldest first."""
        groups: dict[int, list[TimelineEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.date.year, []).append(entry)
        return list(groups.items())


def company_tag(company: Term, vocabulary: Vocabulary) -> Term | None:
    """The tag that names the same company (``Google DeepMind`` is tagged ``DeepMind``)."""
    for spelling in (company.name, *company.aliases, *company.labels.values()):
        tag = vocabulary.resolve("tag", spelling)
        if tag is not None:
            return tag
    return None


def _tag_slugs(entry: TimelineEntry, vocabulary: Vocabulary) -> list[str]:
    """The tags an entry shares with articles: its own, and its companies' tags."""
    slugs = [tag.slug for tag in entry.tags]
    for company in entry.companies:
        tag = company_tag(company, vocabulary)
        if tag is not None and tag.slug not in slugs:
            slugs.append(tag.slug)
    return slugs


def company_docname(slug: str) -> str:
    return f"{COMPANIES_DIR}/{slug}"


# --------------------------------------------------------------------------- staging
def _page(title: str, directive: str, options: dict[str, str], *, label: str = "", orphan: bool = True) -> Generated:
    lines = ["---", f"orphan: {'true' if orphan else 'false'}", "---", ""]
    if label:
        lines += [f"({label})=", ""]
    lines += [f"# {md_escape(title)}", "", f"```{{{directive}}}", *(f":{k}: {v}" for k, v in options.items())]
    lines += ["```", ""]
    return Generated("\n".join(lines))


def plan_timeline_pages(entries: list[TimelineEntry], locale: str) -> dict[str, Entry]:
    """The staging of one locale's timeline: each entry's file (and images), the timeline
    page (always: the landing page links it) and a page per company named by an entry."""
    plan: dict[str, Entry] = {}
    companies: dict[str, Term] = {}
    for entry in entries:
        plan.update(article_links(entry.docname, entry.path, entry.assets))
        for company in entry.companies:
            companies.setdefault(company.slug, company)
    plan[f"{TIMELINE_PAGE}.md"] = _page(
        i18n._(locale, "timeline"), "newsdesk-timeline", {}, label="newsdesk_timeline", orphan=False
    )
    for slug, company in companies.items():
        plan[f"{company_docname(slug)}.md"] = _page(
            i18n._(locale, "company_title", name=company.label(locale)), "newsdesk-company", {"company": slug}
        )
    return plan
