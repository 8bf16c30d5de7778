"""Turn an article's front matter into its page header.

MyST parses only the body: ``source-read`` blanks the front-matter block (line
numbers stay right), and :class:`ArticleHeader` then builds the header from the
already-validated :class:`~newsdesk.model.Article`: the title as the one ``<h1>``,
the date, category, reading time and tag badges, the lead paragraph, the mascot's
comment, and at the foot the related articles (:mod:`newsdesk.related`).
Every front-matter value becomes a ``Text`` node: it is shown, never parsed.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Callable, Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from . import i18n, reading, taxonomy
from .components import badge, date_node, doc_link, plain_badge
from .frontmatter import blank_front_matter
from .model import Article, ContentItem
from .social import og_content
from .state import domain, get_site
from .vocabulary import Term


def blank_article_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: hide front matter from MyST; we have parsed it already."""
    if docname in get_site(app.env).by_docname:
        source[0] = blank_front_matter(source[0])


def _same_title(a: str, b: str) -> bool:
    def fold(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip().casefold()

    return fold(a) == fold(b)


def tag_color(name: str, colors: dict[str, str]) -> str:
    """The badge colour of a tag: sphinx-tags' ``tags_badge_colors`` glob patterns."""
    for pattern, color in colors.items():
        if fnmatch.fnmatch(name, pattern):
            return color
    return "primary"


def byline(
    article: Article,
    locale: str,
    tag_docname: Callable[[str], str],
    colors: dict[str, str] | None = None,
    minutes: int | None = None,
) -> nodes.container:
    """Date, category badge, reading time and tag badges (to sphinx-tags' pages, ``tag_docname``),
    under the title."""
    line = nodes.container(classes=["newsdesk-byline"], support_smartquotes=False)
    para = nodes.paragraph(classes=["newsdesk-meta"])
    para += date_node(article.date, locale)
    para += nodes.Text(" ")
    para += badge(taxonomy.category_docname(article.category.slug), article.category.label(locale), "info")
    if minutes is not None:
        para += nodes.Text(" ")
        para += nodes.inline("", i18n._(locale, "reading_time", minutes=minutes), classes=["newsdesk-reading-time"])
    line += para
    if article.tags:
        line += tag_badges(article.tags, locale, tag_docname, colors)
    return line


def tag_badges(
    tags: Sequence[Term], locale: str, tag_docname: Callable[[str], str | None], colors: dict[str, str] | None
) -> nodes.paragraph:
    """A byline's tag badges, each linking its tag page (``tag_docname``); a tag without a page
    (``None``) is an unlinked badge (class ``newsdesk-tag``: the book gives it a tag's look too)."""
    para = nodes.paragraph(classes=["newsdesk-tags", "tags"])
    for index, tag in enumerate(tags):
        if index:
            para += nodes.Text(" ")
        docname = tag_docname(tag.slug)
        if docname is None:
            para += plain_badge(tag.label(locale), "secondary", outline=True, classes=["newsdesk-tag"])
        else:
            para += badge(docname, tag.label(locale), tag_color(tag.name, colors or {}), outline=True)
    return para


def related_block(related: Sequence[Article], locale: str) -> nodes.container:
    """The foot of an article: its related articles, title and date, linked."""
    box = nodes.container(classes=["newsdesk-related"], support_smartquotes=False)
    box += nodes.rubric("", i18n._(locale, "related"), classes=["newsdesk-related-title"])
    items = nodes.bullet_list(classes=["newsdesk-related-list"])
    for other in related:
        para = nodes.paragraph()
        para += doc_link(other.docname, other.title, classes=["newsdesk-related-link"])
        para += nodes.Text(" ")
        para += date_node(other.date, locale)
        items += nodes.list_item("", para)
    box += items
    return box


def header_digest(article: Article, locale: str, related: Sequence[Article] = ()) -> str:
    """What the header (and foot) of ``article`` shows, including labels that come from the
    vocabulary and the related articles' titles and dates, which come from other files."""
    parts = [
        article.title,
        article.description,
        article.date.isoformat(),
        article.category.slug,
        article.category.label(locale),
        article.comment or "",
        *(f"{tag.slug}={tag.label(locale)}" for tag in article.tags),
        *(f"related:{other.docname}|{other.title}|{other.date.isoformat()}" for other in related),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def outdated_headers(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: articles whose header would now show something else
    (a tag or category relabelled in the vocabulary, a related article added, removed,
    retitled or retagged) are read again."""
    site = get_site(env)
    return [
        docname
        for docname, digest in domain(env).headers.items()
        if docname not in changed
        and docname not in removed
        and docname in site.by_docname
        and header_digest(site.by_docname[docname], site.locale, site.related.get(docname, ())) != digest
    ]


class ArticleHeader(SphinxTransform):
    """Give an article document its header, and its H1, from the front matter."""

    default_priority = 100

    def apply(self, **kwargs: object) -> None:
        site = get_site(self.env)
        article = site.by_docname.get(self.env.docname)
        if article is None:
            return
        document = self.document
        related = site.related.get(self.env.docname, ())
        domain(self.env).headers[self.env.docname] = header_digest(article, site.locale, related)
        section = self._article_section(article)
        minutes = reading.minutes(reading.body_text(section, skip=section[0]))  # the body only, so far
        position = 1  # after the title
        section.insert(
            position, byline(article, site.locale, site.tag_index.docname, self.config.tags_badge_colors, minutes)
        )
        lead = nodes.paragraph("", article.description, classes=["newsdesk-lead", "lead"], support_smartquotes=False)
        section.insert(position + 1, lead)
        if article.comment:
            from .cards import mascot_card

            section.insert(position + 2, mascot_card(article.comment, site.locale, self.config))
        if related:
            section += related_block(related, site.locale)
        document.insert(0, nodes.meta(name="description", content=article.description))
        metadata = self.env.metadata[self.env.docname]
        metadata["orphan"] = True  # articles are reached by date, not by the toctree
        metadata["og:type"] = "article"
        metadata["og:description"] = og_content(article.description)

    def _article_section(self, article: ContentItem) -> nodes.section:
        """The top section, titled by the front matter; a repeated body H1 is merged."""
        document = self.document
        content = [n for n in document.children if not isinstance(n, (nodes.target, nodes.comment))]
        first = content[0] if content else None
        if isinstance(first, nodes.section) and _same_title(first[0].astext(), article.title):
            first[0].replace_self(nodes.title("", article.title, support_smartquotes=False))
            following = document.children[document.index(first) + 1 :]
            del document[document.index(first) + 1 :]
            first.extend(following)
            return first
        children = document.children[:]
        del document[:]
        section = nodes.section()
        section += nodes.title("", article.title, support_smartquotes=False)
        section.extend(children)
        document += section
        section["names"].append(nodes.fully_normalize_name(article.title))
        document.note_implicit_target(section, section)
        return section


def setup_articles(app: Sphinx) -> None:
    app.connect("source-read", blank_article_front_matter)
    app.add_transform(ArticleHeader)
    app.connect("env-get-outdated", outdated_headers)
