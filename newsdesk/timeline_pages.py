"""The timeline's pages in Sphinx: each entry's page, the timeline page, company pages, and
the "On the timeline" links of articles.

Entries are untrusted like articles: their front matter is blanked at ``source-read`` and
their bodies go through the guarded parser (:mod:`newsdesk.bodies`). Their header is built
from the validated :class:`~newsdesk.timeline.TimelineEntry`, every value a ``Text`` node.
The timeline page lists every entry, grouped by year, in plain HTML: the filters are a form
that ``_static/newsdesk-timeline.js`` reveals and runs, so without JavaScript the full list
shows. What each page shows that is not in its own source is fingerprinted in the domain's
``timeline`` data; ``env-get-outdated`` re-reads a page whose fingerprint changed.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from . import i18n
from .articles import ArticleHeader, tag_badges
from .components import badge, card, date_node, doc_link, plain_badge
from .frontmatter import blank_front_matter
from .listing import article_cards
from .site import Site, digest
from .state import domain, get_site
from .timeline import IMPACT_LEVELS, TIMELINE_PAGE, TimelineEntry, company_docname

JS_FILE = "newsdesk-timeline.js"
CSS_FILE = "newsdesk-timeline.css"
IMPACT_COLORS = {"high": "danger", "medium": "warning", "low": "secondary"}


# --------------------------------------------------------------------------- fingerprints
def _hash(parts: Iterable[str]) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def _card_fields(entry: TimelineEntry, locale: str) -> list[str]:
    return [
        entry.docname,
        entry.title,
        entry.description,
        entry.date.isoformat(),
        entry.category.slug,
        entry.category.label(locale),
        entry.impact,
        *(f"{c.slug}={c.label(locale)}" for c in entry.companies),
    ]


def has_tag_page(site: Site, slug: str) -> bool:
    """A tag has a page when an article or a tagged hand-written page of this locale uses it."""
    index = site.tag_index
    return index is not None and slug in index.tags


def entry_digest(site: Site, entry: TimelineEntry) -> str:
    """What an entry's page shows besides its body: header, tag links, related articles."""
    locale = site.locale
    return _hash(
        [
            *_card_fields(entry, locale),
            entry.comment or "",
            *(f"{t.slug}={t.label(locale)}={has_tag_page(site, t.slug)}" for t in entry.tags),
            digest(site.timeline.related_articles.get(entry.docname, []), locale),
        ]
    )


def timeline_digest(site: Site) -> str:
    return _hash(field for entry in site.timeline.entries for field in _card_fields(entry, site.locale))


def company_digest(site: Site, slug: str) -> str:
    line = site.timeline
    company = line.companies.get(slug)
    parts = [company.label(site.locale) if company else ""]
    parts += [field for entry in line.by_company.get(slug, []) for field in _card_fields(entry, site.locale)]
    parts.append(digest(line.company_articles.get(slug, []), site.locale))
    more = line.company_more.get(slug)
    parts.append(f"more:{more.slug}={more.label(site.locale)}" if more else "")
    return _hash(parts)


def article_digest(site: Site, docname: str) -> str:
    return _hash(f"{e.docname}|{e.title}|{e.date}" for e in site.timeline.related_entries.get(docname, []))


def current_digest(site: Site, docname: str) -> str | None:
    """The fingerprint ``docname`` would record now (None: it is no timeline page any more)."""
    line = site.timeline
    if docname in line.by_docname:
        return entry_digest(site, line.by_docname[docname])
    if docname == TIMELINE_PAGE:
        return timeline_digest(site)
    if docname.startswith(f"{company_docname('')}"):
        return company_digest(site, docname.rsplit("/", 1)[1])
    if docname in site.by_docname:
        return article_digest(site, docname)
    return None


def outdated_timeline_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the pages whose timeline content would now be different."""
    site = get_site(env)
    return [
        docname
        for docname, recorded in domain(env).timeline.items()
        if docname not in changed
        and docname not in removed
        and docname in env.found_docs
        and current_digest(site, docname) != recorded
    ]


# --------------------------------------------------------------------------- nodes
class newsdesk_timeline_filters(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """The filter form of the timeline page, hidden until its script runs (HTML only)."""


def visit_filters_html(self: Any, node: newsdesk_timeline_filters) -> None:
    esc = html.escape
    out = [f'<form class="newsdesk-timeline-filters" hidden aria-label="{esc(node["label"])}">']
    for name, label, options in node["selects"]:
        out.append(f'<label class="newsdesk-timeline-filter">{esc(label)} <select name="{esc(name)}">')
        out.append(f'<option value="">{esc(node["all"])}</option>')
        out += [f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options]
        out.append("</select></label>")
    out.append("</form>")
    out.append(f'<p class="newsdesk-timeline-none" hidden>{esc(node["none"])}</p>\n')
    self.body.append("".join(out))
    raise nodes.SkipNode


def skip_node(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def impact_badge(impact: str, locale: str) -> nodes.inline:
    # newsdesk-impact: the book's look for it (newsdesk.pdf's preamble)
    return plain_badge(i18n._(locale, f"impact_{impact}"), IMPACT_COLORS[impact], classes=["newsdesk-impact"])


def entry_card(entry: TimelineEntry, locale: str) -> nodes.container:
    """A timeline card: its classes carry what the filters match and its impact's weight."""
    meta = nodes.paragraph(classes=["newsdesk-card-meta"])
    meta += date_node(entry.date, locale)
    meta += nodes.Text(" · ")
    meta += nodes.inline("", entry.category.label(locale), classes=["newsdesk-card-category"])
    meta += nodes.Text(" ")
    meta += impact_badge(entry.impact, locale)
    body = [meta, nodes.paragraph("", entry.description, classes=["newsdesk-card-description"])]
    if entry.companies:
        names = ", ".join(c.label(locale) for c in entry.companies)
        body.append(nodes.paragraph("", names, classes=["newsdesk-timeline-companies"]))
    title = doc_link(entry.docname, entry.title, classes=["sd-stretched-link"])
    classes = [
        "newsdesk-timeline-card",
        f"newsdesk-impact-{entry.impact}",
        f"newsdesk-category--{entry.category.slug}",
        *(f"newsdesk-company--{c.slug}" for c in entry.companies),
    ]
    node = card(title, body, classes=classes, link=title)
    node["support_smartquotes"] = False  # front-matter text is shown as written
    return node


def entry_list(entries: Iterable[TimelineEntry], locale: str) -> nodes.container:
    listing = nodes.container(classes=["newsdesk-timeline-list", "no-search"])
    listing += [entry_card(entry, locale) for entry in entries]
    return listing


# --------------------------------------------------------------------------- directives
class TimelineDirective(SphinxDirective):
    """``newsdesk-timeline``: every entry of the locale, oldest first, grouped by year."""

    def run(self) -> list[nodes.Node]:
        site = get_site(self.env)
        locale = site.locale
        line = site.timeline
        domain(self.env).timeline[self.env.docname] = timeline_digest(site)
        used = {e.category.slug for e in line.entries}
        categories = {t.slug: t for t in site.catalog.vocabulary.timeline_categories.values() if t.slug in used}
        say = i18n._
        filters = newsdesk_timeline_filters(
            label=say(locale, "timeline_filters"),
            all=say(locale, "filter_all"),
            none=say(locale, "filter_none"),
            selects=[
                (
                    "company",
                    say(locale, "filter_company"),
                    sorted(((s, c.label(locale)) for s, c in line.companies.items()), key=lambda o: o[1].casefold()),
                ),
                ("category", say(locale, "filter_category"), [(s, c.label(locale)) for s, c in categories.items()]),
                ("impact", say(locale, "filter_impact"), [(i, say(locale, f"impact_{i}")) for i in IMPACT_LEVELS]),
            ],
        )
        result: list[nodes.Node] = [filters]
        for year, entries in line.years():
            group = nodes.container(classes=["newsdesk-timeline-year"])
            group += nodes.rubric("", i18n.year_name(year, locale), classes=["newsdesk-timeline-year-title"])
            group += entry_list(entries, locale)
            result.append(group)
        if not line.entries:
            result.append(nodes.paragraph("", "—", classes=["newsdesk-empty"]))
        return result


class CompanyDirective(SphinxDirective):
    """``newsdesk-company``: a company's timeline entries and the articles tagged with it."""

    option_spec: ClassVar[dict[str, Any]] = {"company": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        site = get_site(self.env)
        locale = site.locale
        slug = self.options["company"]
        domain(self.env).timeline[self.env.docname] = company_digest(site, slug)
        result: list[nodes.Node] = []
        entries = site.timeline.by_company.get(slug, [])
        if entries:
            result.append(nodes.rubric("", i18n._(locale, "company_entries")))
            result.append(entry_list(entries, locale))
        articles = site.timeline.company_articles.get(slug, [])
        if articles:
            result.append(nodes.rubric("", i18n._(locale, "company_articles")))
            result.append(article_cards(articles, locale))
        more = site.timeline.company_more.get(slug)
        if more is not None and has_tag_page(site, more.slug):  # the newest only: the tag page has them all
            text = i18n._(locale, "company_all_articles", name=more.label(locale))
            result.append(
                nodes.paragraph("", "", doc_link(site.tag_index.docname(more.slug), text), classes=["newsdesk-more"])
            )
        return result or [nodes.paragraph("", "—", classes=["newsdesk-empty"])]


# --------------------------------------------------------------------------- an entry's page
def blank_entry_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: hide an entry's front matter from MyST; the catalog parsed it."""
    if docname in get_site(app.env).timeline.by_docname:
        source[0] = blank_front_matter(source[0])


def entry_byline(site: Site, entry: TimelineEntry, colors: dict[str, str]) -> nodes.container:
    """Date, category and impact badges, the companies as links, and the tags."""
    locale = site.locale
    line = nodes.container(classes=["newsdesk-byline"], support_smartquotes=False)
    para = nodes.paragraph(classes=["newsdesk-meta"])
    para += date_node(entry.date, locale)
    para += nodes.Text(" ")
    para += badge(TIMELINE_PAGE, entry.category.label(locale), "info")
    para += nodes.Text(" ")
    para += impact_badge(entry.impact, locale)
    line += para
    if entry.companies:
        companies = nodes.paragraph(classes=["newsdesk-timeline-companies"])
        for index, company in enumerate(entry.companies):
            if index:
                companies += nodes.Text(", ")
            companies += doc_link(company_docname(company.slug), company.label(locale))
        line += companies
    if entry.tags:

        def tag_page(slug: str) -> str | None:  # a tag page exists only for tags articles or pages use
            return site.tag_index.docname(slug) if has_tag_page(site, slug) else None

        line += tag_badges(entry.tags, locale, tag_page, colors)
    return line


class TimelineHeader(ArticleHeader):
    """An entry's header (as an article's, with its impact and companies) and, at its end,
    the articles that share its companies or tags."""

    default_priority = 100

    def apply(self, **kwargs: object) -> None:
        site = get_site(self.env)
        docname = self.env.docname
        entry = site.timeline.by_docname.get(docname)
        if entry is None:
            return
        locale = site.locale
        domain(self.env).timeline[docname] = entry_digest(site, entry)
        section = self._article_section(entry)
        section.insert(1, entry_byline(site, entry, self.config.tags_badge_colors))
        lead = nodes.paragraph("", entry.description, classes=["newsdesk-lead", "lead"], support_smartquotes=False)
        section.insert(2, lead)
        if entry.comment:
            from .cards import mascot_card

            section.insert(3, mascot_card(entry.comment, locale, self.config))
        related = site.timeline.related_articles.get(docname, [])
        if related:
            box = nodes.container(classes=["newsdesk-related"])
            box += nodes.rubric("", i18n._(locale, "related"))
            box += article_cards(related, locale)
            section += box
        self.document.insert(0, nodes.meta(name="description", content=entry.description))
        metadata = self.env.metadata[docname]
        metadata["orphan"] = True  # entries are reached from the timeline page
        metadata["og:type"] = "article"
        # sphinxext-opengraph writes og:* values into the attribute as given (make_tag replaces `"` only)
        metadata["og:description"] = html.escape(entry.description)


class ArticleTimelineLinks(SphinxTransform):
    """ "On the timeline": an article's links to the entries it shares a company or tag with."""

    default_priority = 101  # after the article's header

    def apply(self, **kwargs: object) -> None:
        site = get_site(self.env)
        docname = self.env.docname
        if docname not in site.by_docname:
            return
        domain(self.env).timeline[docname] = article_digest(site, docname)
        entries = [e for e in site.timeline.related_entries.get(docname, []) if e.docname in self.env.found_docs]
        if not entries:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        box = nodes.container(classes=["newsdesk-on-the-timeline"], support_smartquotes=False)
        box += nodes.rubric("", i18n._(site.locale, "on_the_timeline"))
        items = nodes.bullet_list()
        for entry in entries:
            para = nodes.paragraph()
            para += date_node(entry.date, site.locale)
            para += nodes.Text(" — ")
            para += doc_link(entry.docname, entry.title)
            items += nodes.list_item("", para)
        box += items
        section += box


def add_timeline_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the filter script, on the timeline page only."""
    if pagename == TIMELINE_PAGE and getattr(app.builder, "format", "") == "html":
        app.add_js_file(JS_FILE, loading_method="defer")


def setup_timeline_pages(app: Sphinx) -> None:
    app.add_node(
        newsdesk_timeline_filters,
        html=(visit_filters_html, None),
        latex=(skip_node, None),
        text=(skip_node, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    app.add_css_file(CSS_FILE)
    app.add_directive("newsdesk-timeline", TimelineDirective)
    app.add_directive("newsdesk-company", CompanyDirective)
    app.add_transform(TimelineHeader)
    app.add_transform(ArticleTimelineLinks)
    app.connect("source-read", blank_entry_front_matter)
    app.connect("env-get-outdated", outdated_timeline_pages)
    app.connect("html-page-context", add_timeline_script)
