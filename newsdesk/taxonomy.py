"""Plan the generated taxonomy pages: categories and year/month archives.

Each generated page is a few lines of MyST: a label, an escaped heading and a
listing directive with a query (``:category: claude``). The listing itself is
rendered from the catalog when the page is read, and :mod:`newsdesk.listing`
re-reads a page only when its query's result changes. So the files change only
when a term is added, removed or relabelled. The tag pages are sphinx-tags'
(:mod:`newsdesk.tagging`), written with :func:`page` and :func:`directive`. Imports
no Sphinx.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from . import i18n
from .model import Article
from .staging import Generated
from .vocabulary import Term

CATEGORIES_DIR = "categories"
ARCHIVE_DIR = "archive"

_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: str) -> str:
    """Escape text for a MyST heading: every ASCII punctuation is backslashed
    (CommonMark's rule), so labels are shown literally and never parsed."""
    return _MD_PUNCT.sub(r"\\\1", " ".join(text.split()))


def page(title: str, body: Iterable[str], *, label: str = "", orphan: bool = False) -> Generated:
    """A generated page: front matter, a label to refer to it, the escaped title, the body."""
    lines = ["---", f"orphan: {'true' if orphan else 'false'}", "---", ""]
    if label:
        lines += [f"({label})=", ""]
    lines += [f"# {md_escape(title)}", "", *body, ""]
    return Generated("\n".join(lines))


def directive(name: str, argument: str = "", **options: object) -> list[str]:
    """A MyST directive block; ``argument`` is MyST text (escape it with :func:`md_escape`)."""
    head = f"```{{{name}}} {argument}".rstrip()
    return [head, *(f":{key}: {value}" for key, value in options.items()), "```", ""]


def _toctree(entries: Iterable[str]) -> list[str]:
    return ["```{toctree}", ":hidden:", "", *entries, "```", ""]


def terms_used(articles: Iterable[Article]) -> tuple[dict[str, Term], dict[str, Term]]:
    """Tags and categories used by ``articles``, by slug."""
    tags: dict[str, Term] = {}
    categories: dict[str, Term] = {}
    for article in articles:
        categories.setdefault(article.category.slug, article.category)
        for tag in article.tags:
            tags.setdefault(tag.slug, tag)
    return tags, categories


def plan_pages(articles: list[Article], locale: str) -> dict[str, Generated]:
    """The category and archive pages of one locale, keyed by path in the staging folder."""
    _tags, categories = terms_used(articles)
    months: dict[int, set[int]] = defaultdict(set)
    for article in articles:
        months[article.date.year].add(article.date.month)
    say = i18n._
    pages: dict[str, Generated] = {}

    pages[f"{CATEGORIES_DIR}/index.md"] = page(
        say(locale, "categories"),
        [*directive("newsdesk-terms", kind="category"), *_toctree(sorted(categories))],
    )
    for slug, term in categories.items():
        pages[f"{CATEGORIES_DIR}/{slug}.md"] = page(
            say(locale, "category_title", name=term.label(locale)),
            directive("newsdesk-articles", category=slug),
            label=f"newsdesk_category_{slug}",
        )

    years = sorted(months, reverse=True)
    pages[f"{ARCHIVE_DIR}/index.md"] = page(
        say(locale, "archive"),
        [*directive("newsdesk-terms", kind="month"), *_toctree(f"{y}/index" for y in years)],
    )
    for year in years:
        month_list = sorted(months[year], reverse=True)
        pages[f"{ARCHIVE_DIR}/{year}/index.md"] = page(
            i18n.year_name(year, locale),
            [*directive("newsdesk-terms", kind="month", year=year), *_toctree(f"{m:02d}" for m in month_list)],
        )
        for month in month_list:
            pages[f"{ARCHIVE_DIR}/{year}/{month:02d}.md"] = page(
                i18n.month_name(year, month, locale),
                directive("newsdesk-articles", month=f"{year}-{month:02d}"),
            )
    return pages


def count_terms(articles: Iterable[Article], kind: str) -> Counter[str]:
    """How many articles use each term (by slug), or fall in each ``YYYY-MM``."""
    counts: Counter[str] = Counter()
    for article in articles:
        if kind == "tag":
            counts.update(tag.slug for tag in article.tags)
        elif kind == "category":
            counts[article.category.slug] += 1
        else:
            counts[article.month] += 1
    return counts


def category_docname(slug: str) -> str:
    return f"{CATEGORIES_DIR}/{slug}"


def month_docname(month: str) -> str:
    year, mon = month.split("-")
    return f"{ARCHIVE_DIR}/{year}/{mon}"
