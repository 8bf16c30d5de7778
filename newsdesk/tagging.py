"""sphinx-tags does the taxonomy's tags: its model, fed from front matter, through our staging.

sphinx-tags 0.4 is switched on (``tags_create_tags = True``) and its own classes hold
the tags: an :class:`ArticleEntry` or :class:`PageEntry` (subclasses of its ``Entry``)
per tagged document, a :class:`TermTag` (a subclass of its ``Tag``) per tag, and its
``Entry.assign_to_tags`` putting each entry on its tags. Its ``{tags}`` directive
(:class:`PageTags`, a subclass of ``TagLinks``) tags hand-written pages. Its config values
name the pages, per locale. Each guarantee of ours sits at one small point:

- **Front matter, not a text scan.** An article's entry takes the tags of the parsed and
  validated front matter; a page's, the ``{tags}`` directives MyST's tokens hold
  (:mod:`newsdesk.pages`). ``Entry.__init__`` (which reads and scans the file) is not run.
- **Collision-free slugs.** ``TermTag.file_basename`` is the vocabulary's slug
  (``c-plus-plus``), not sphinx-tags' normalisation (``C++`` and ``C`` are both ``c``).
- **Localized titles and labels.** A tag is named by its label in the build's locale;
  ``tags_page_title`` and the other titles take a ``{locale: text}`` dict or our own
  strings (:mod:`newsdesk.i18n`), resolved at ``config-inited``.
- **Staged, written only when changed.** sphinx-tags' ``update_tags`` deletes and rewrites
  every tag file at every build (so every tag page is read again). It is disconnected;
  :func:`plan_pages` gives the same pages (its labels ``sphx_tag_<slug>`` and
  ``tagoverview``, its titles) to :func:`newsdesk.staging.sync`, which writes a file only
  when its text changes.
- **Our cards, no toctree.** A sphinx-tags tag page is a toctree of its documents: every
  article would join furo's navigation, rendered on every page (N x N). Our tag pages
  are orphans holding listings (:mod:`newsdesk.listing`): the articles as cards, then
  the hand-written pages apart ("Pages").
- **Only affected pages re-read.** A tag page's listings are fingerprinted
  (:mod:`newsdesk.listing`); a tagged page's badges too (:func:`outdated_pages`).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx_tags import Entry, Tag, TagLinks, _normalize_display_tag

from . import i18n, taxonomy
from .components import badge, doc_link
from .model import Article
from .pages import HandPage, TagsDirective
from .staging import Generated
from .state import domain, get_site
from .vocabulary import Term, Vocabulary

logger = logging.getLogger(__name__)

#: sphinx-tags' title values -> our UI string for each (the default when conf.py sets none).
LOCALIZED = {
    "tags_page_title": "tag_page_title",
    "tags_overview_title": "tags",
    "tags_index_head": "tags_index_head",
    "tags_intro_text": "tags_intro",
}
#: Folders the tag pages may not take: they hold other documents.
RESERVED_DIRS = ("articles", taxonomy.CATEGORIES_DIR, taxonomy.ARCHIVE_DIR)


# ------------------------------------------------------------------ sphinx-tags' model
class ArticleEntry(Entry):
    """An article, tagged by its parsed front matter.

    ``Entry.__init__`` is not called: it reads the file and scans its text for the directive.
    ``tags`` holds slugs, the keys of the tag dict ``assign_to_tags`` fills."""

    def __init__(self, article: Article) -> None:
        self.filepath = article.path
        self.docname = article.docname
        self.article: Article | None = article
        self.page: HandPage | None = None
        self.terms: tuple[Term, ...] = tuple(article.tags)
        self.tags = [term.slug for term in self.terms]


class PageEntry(Entry):
    """A hand-written page, tagged by its ``{tags}`` directives (as MyST parses them)."""

    def __init__(self, page: HandPage, terms: Iterable[Term]) -> None:
        self.filepath = page.path
        self.docname = page.docname
        self.article = None
        self.page = page
        self.terms = tuple(terms)
        self.tags = [term.slug for term in self.terms]


class TermTag(Tag):
    """A tag named by its label in one locale, with the vocabulary's slug as file name."""

    def __init__(self, term: Term, locale: str) -> None:
        super().__init__(term.label(locale))
        self.term = term
        self.file_basename = term.slug  # sphinx-tags' own would file "C++" under "c", as "C"

    @property
    def articles(self) -> list[Article]:
        return [entry.article for entry in self.items if entry.article is not None]

    @property
    def pages(self) -> list[HandPage]:
        return [entry.page for entry in self.items if entry.page is not None]


def spellings(directive: TagsDirective) -> list[str]:
    """The tags of one ``{tags}`` directive, split and normalised as ``TagLinks.run`` does."""
    names = directive.argument.split(",") if directive.argument else []
    if directive.content:
        names += ",".join(directive.content).split(",")
    return [name for name in map(_normalize_display_tag, names) if name]


@dataclass
class TagIndex:
    """This locale's tags (slug -> :class:`TermTag`, sphinx-tags' tag dict) and entries."""

    locale: str
    tags_dir: str
    tags: dict[str, TermTag] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    #: (path, line, message) of unknown tags on hand-written pages.
    problems: list[tuple[str, int, str]] = field(default_factory=list)

    def articles(self, slug: str) -> list[Article]:
        tag = self.tags.get(slug)
        return tag.articles if tag is not None else []

    def tagged_pages(self, slug: str) -> list[HandPage]:
        tag = self.tags.get(slug)
        return tag.pages if tag is not None else []

    def docname(self, slug: str) -> str:
        return posixpath.join(self.tags_dir, slug)


def resolve_page(page: HandPage, vocabulary: Vocabulary) -> tuple[list[Term], list[tuple[str, int, str]]]:
    """A page's terms (each once, in order) and a problem for each unknown spelling."""
    terms: dict[str, Term] = {}
    problems = []
    for directive in page.directives:
        for spelling in spellings(directive):
            term = vocabulary.term_for("tag", spelling)
            if not term.known:
                near = vocabulary.suggest("tag", spelling)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                problems.append((str(page.path), directive.line, f"tags: unknown tag {spelling!r}{hint}"))
            terms.setdefault(term.slug, term)
    return list(terms.values()), problems


def build_index(
    articles: list[Article], pages: list[HandPage], vocabulary: Vocabulary, locale: str, tags_dir: str
) -> TagIndex:
    """sphinx-tags' tag dict for one locale: articles first (newest first), then pages."""
    index = TagIndex(locale=locale, tags_dir=tags_dir)
    entries: list[Entry] = [ArticleEntry(article) for article in articles]
    for page in pages:
        terms, problems = resolve_page(page, vocabulary)
        index.problems += problems
        if terms:
            entry = index.pages[page.docname] = PageEntry(page, terms)
            entries.append(entry)
    for entry in entries:
        for term in entry.terms:
            if term.slug not in index.tags:
                index.tags[term.slug] = TermTag(term, locale)
        entry.assign_to_tags(index.tags)  # sphinx-tags': each entry onto its tags' items
    return index


# ------------------------------------------------------------------ the pages
@dataclass(frozen=True)
class TagTitles:
    """sphinx-tags' title config values, as this locale's build shows them."""

    page_title: str
    overview_title: str
    index_head: str
    pages_head: str

    @classmethod
    def from_config(cls, config: Config) -> TagTitles:
        locale = config.language or "en"
        return cls(config.tags_page_title, config.tags_overview_title, config.tags_index_head, i18n._(locale, "pages"))


def plan_pages(index: TagIndex, titles: TagTitles) -> dict[str, Generated]:
    """The overview and one page per tag, with sphinx-tags' labels and titles and our listings."""
    base = index.tags_dir
    plan = {
        f"{base}/index.md": taxonomy.page(
            titles.overview_title,
            [
                *taxonomy.directive("rubric", argument=taxonomy.md_escape(titles.index_head)),
                *taxonomy.directive("newsdesk-terms", kind="tag"),
            ],
            label="tagoverview",
        )
    }
    for slug, tag in index.tags.items():
        body: list[str] = []
        if tag.articles:
            body += taxonomy.directive("newsdesk-articles", tag=slug)
        if tag.pages:
            body += [f"## {taxonomy.md_escape(titles.pages_head)}", "", *taxonomy.directive("newsdesk-pages", tag=slug)]
        plan[f"{base}/{slug}.md"] = taxonomy.page(
            f"{titles.page_title}: {tag.name}", body, label=f"sphx_tag_{slug}", orphan=True
        )
    return plan


class Tagger:
    """What :class:`newsdesk.site.Site` asks of the tags, for each locale."""

    def __init__(self, vocabulary: Vocabulary, titles: TagTitles, tags_dir: str) -> None:
        self.vocabulary = vocabulary
        self.titles = titles
        self.tags_dir = tags_dir

    def index(self, articles: list[Article], pages: list[HandPage], locale: str) -> TagIndex:
        return build_index(articles, pages, self.vocabulary, locale, self.tags_dir)

    def plan(self, index: TagIndex) -> dict[str, Generated]:
        return plan_pages(index, self.titles)


# ------------------------------------------------------------------ the directive
def page_digest(terms: Iterable[Term], locale: str) -> str:
    """What a page's ``{tags}`` badges show: slugs and this locale's labels."""
    return hashlib.sha1("\x1f".join(f"{t.slug}={t.label(locale)}" for t in terms).encode("utf-8")).hexdigest()


class PageTags(TagLinks):
    """sphinx-tags' ``{tags}`` directive, with our badges: the vocabulary's term (label in
    this locale, collision-free slug) and the same badge as an article's byline."""

    def run(self) -> list[nodes.Node]:
        self._terms: list[Term] = []
        result = super().run()  # its parsing, intro text and separators
        for node in result:
            node["classes"].append("newsdesk-tags")
            node["support_smartquotes"] = False
        site = get_site(self.env)
        index: TagIndex = site.tag_index
        docname = self.env.docname
        entry = index.pages.get(docname)
        known = {term.slug for term in entry.terms} if entry else set()
        missing = [term.name for term in self._terms if term.slug not in known]
        if missing:
            logger.warning(
                "the tags %s of this {tags} directive are on no tag page: newsdesk reads the {tags} "
                "directives of a hand-written page's own Markdown (not of an included file, not of an article, "
                "whose tags are its front matter's)",
                ", ".join(missing),
                location=self.get_location(),
                type="newsdesk",
                subtype="tags",
            )
        store = domain(self.env).page_tags
        shown = [*store.get(docname, ()), *((t.slug, t.label(site.locale)) for t in self._terms)]
        store[docname] = tuple(dict.fromkeys(shown))
        return result

    def _term(self, tag: str) -> Term:
        term = get_site(self.env).catalog.vocabulary.term_for("tag", tag)
        self._terms.append(term)
        return term

    def _get_badge_node(self, tag: str, file_basename: str, relative_tag_dir: Any) -> nodes.Node:
        term = self._term(tag)
        site = get_site(self.env)
        return badge(site.tag_index.docname(term.slug), term.label(site.locale), self._get_tag_color(term.name), True)

    def _get_plaintext_node(self, tag: str, file_basename: str, relative_tag_dir: Any) -> nodes.Node:
        term = self._term(tag)
        site = get_site(self.env)
        return doc_link(site.tag_index.docname(term.slug), term.label(site.locale))


def outdated_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: tagged pages whose badges would now show something else
    (a tag relabelled in the vocabulary, or a directive the page scan cannot see)."""
    site = get_site(env)
    index: TagIndex = site.tag_index
    stale = []
    for docname, shown in domain(env).page_tags.items():
        if docname in changed or docname in removed:
            continue
        entry = index.pages.get(docname)
        now = tuple((t.slug, t.label(site.locale)) for t in entry.terms) if entry else ()
        if now != shown:
            stale.append(docname)
    return stale


# ------------------------------------------------------------------ configuration
def localize_config(app: Sphinx, config: Config) -> None:
    """``config-inited`` (before Sphinx checks the types): each sphinx-tags title in this
    build's locale. A ``{locale: text}`` dict picks the locale's text; a value left at
    sphinx-tags' default ("My tags") becomes ours."""
    locale = config.language or "en"
    for name, key in LOCALIZED.items():
        value = getattr(config, name)
        if isinstance(value, dict):
            value = value.get(locale) or i18n._(locale, key)
        elif value == config.values[name].default:
            value = i18n._(locale, key)
        setattr(config, name, str(value))
    if not config.tags_create_tags:
        raise ConfigError("newsdesk's tag pages are sphinx-tags' pages: set tags_create_tags = True in conf.py")
    tags_dir = str(config.tags_output_dir).strip("/")
    parts = tags_dir.split("/")
    if not tags_dir or "\\" in tags_dir or any(p in ("", ".", "..") or p.startswith((".", "_")) for p in parts):
        raise ConfigError(f"tags_output_dir = {config.tags_output_dir!r} must be a plain relative folder ('tags')")
    if parts[0] in RESERVED_DIRS:
        raise ConfigError(f"tags_output_dir = {config.tags_output_dir!r} is taken by other pages ({parts[0]}/)")
    config.tags_output_dir = tags_dir


def replace_update_tags(app: Sphinx) -> None:
    """Disconnect sphinx-tags' ``update_tags`` (it deletes and rewrites every tag file in the
    source folder at each build); :func:`newsdesk.extension.load_site` stages the pages."""
    import sphinx_tags

    for listener in list(app.events.listeners.get("builder-inited", [])):
        if listener.handler is sphinx_tags.update_tags:
            app.disconnect(listener.id)


def setup_tagging(app: Sphinx) -> None:
    app.setup_extension("sphinx_tags")
    replace_update_tags(app)
    app.add_directive("tags", PageTags, override=True)
    app.connect("config-inited", localize_config, priority=100)
    app.connect("env-get-outdated", outdated_pages)
