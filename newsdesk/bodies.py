"""The build's side of the body policy: articles are parsed by a guarded MyST renderer.

MyST turns each Markdown token into nodes in one renderer class; every way a body
could reach a file, the network or the page's markup passes through one of its
methods (a directive, a role, a raw-HTML token, ``{eval-rst}``, an image, a link
to a local file). :class:`GuardedRenderer` asks :mod:`newsdesk.policy` first: a
refused construct gets a warning at the writer's file and line (so ``-W`` fails)
and is dropped before it runs, so no byte of its target is ever read; the rest of
the article builds as usual. Local images and file links are resolved against the
article's own folder, whose image files are staged beside the article.

Only article documents (and timeline entries, as untrusted) use it, and only with ``newsdesk_body_policy = "strict"``
(the default); with ``"trusted"`` articles go through :class:`ArticleRenderer`,
which only finds their images in their folder. Hand-written pages and generated
taxonomy pages are ours and use MyST's parser unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import get_language as get_language_rst
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import policy
from .state import domain, get_site

logger = logging.getLogger(__name__)

#: The raw nodes MyST itself makes for a hard line break; any other raw node in an article is dropped.
_LINE_BREAKS = {("html", "<br />\n"), ("latex", "\\\\\n")}


class ArticleRenderer(SphinxRenderer):
    """MyST's Sphinx renderer for an article: local images are found in its own folder,
    where the staging plan puts them (``articles/<date>/<slug>/chart.png``)."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        """MyST's own, without the throwaway document it builds for every page.

        MyST's ``setup_render`` reads ``options.get("document", make_document())``, whose
        default is built before the page's own document is found: a docutils document and
        the option parser of its default settings, ~1.2 ms a page, always discarded (the
        parser is always given the page's document). This sets the same attributes from the
        given document; ``tests/test_incremental.py`` compares them with MyST's own.
        """
        if "document" not in options:
            super().setup_render(options, env)
            return
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}

    @property
    def folder(self) -> str:
        """The article's own folder in the staging tree: its docname."""
        return self.sphinx_env.docname

    def _in_folder(self, target: str) -> str:
        """A local image path, as Sphinx finds it: ``/`` + the article's staged folder."""
        local = policy.local_path(target)
        return target if local is None else f"/{self.folder}/{local}"

    def run_directive(
        self, name: str, first_line: str, content: str, position: int, *args: Any, **kwargs: Any
    ) -> list[nodes.Element]:
        if name.lower() in policy.IMAGE_DIRECTIVES:
            first_line = self._in_folder(first_line)
        return super().run_directive(name, first_line, content, position, *args, **kwargs)

    def render_image(self, token: Any) -> None:
        token.attrs["src"] = self._in_folder(str(token.attrGet("src") or ""))
        super().render_image(token)

    def render_link_unknown(self, token: Any) -> None:
        href = str(token.attrGet("href") or "")
        if not href.startswith("/"):
            token.attrs["href"] = self._in_folder(href)  # a file beside the article, or an article
        super().render_link_unknown(token)


class GuardedRenderer(ArticleRenderer):
    """The article renderer, asking the body policy before each risky construct."""

    def refuse(self, violation: policy.Violation) -> None:
        _refuse(self.sphinx_env, violation)

    # ------------------------------------------------------------ directives
    def run_directive(
        self, name: str, first_line: str, content: str, position: int, *args: Any, **kwargs: Any
    ) -> list[nodes.Element]:
        found = (
            policy.directive(name, position)
            or policy.options(
                name, [*policy.option_items(content), *self._myst_options(name, first_line, content)], position
            )
            or (policy.path(first_line, position) if name.lower() in policy.IMAGE_DIRECTIVES else None)
            or (policy.math(content, position) if name.lower() == "math" else None)
        )
        if found:
            self.refuse(found)
            return [nodes.comment()]  # an empty comment: a figure's caption or a quote may be left empty
        return super().run_directive(name, first_line, content, position, *args, **kwargs)

    def _myst_options(self, name: str, first_line: str, content: str) -> list[tuple[str, str]]:
        """The options exactly as MyST will parse them for this directive (empty if it cannot)."""
        directive_class, _messages = directives.directive(name, self.language_module_rst, self.document)
        if directive_class is None:
            return []
        try:
            parsed = parse_directive_text(directive_class, first_line, content, validate_options=False)
        except Exception:  # MyST reports a malformed directive itself when it runs it
            return []
        return [(str(key), str(value)) for key, value in parsed.options.items()]

    def render_restructuredtext(self, token: Any) -> None:
        self.refuse(policy.directive("eval-rst", self._line(token)))  # type: ignore[arg-type]
        self.current_node.append(nodes.comment())

    # ------------------------------------------------------------ inline
    def render_myst_role(self, token: Any) -> None:
        found = policy.role(token.meta.get("name", ""), self._line(token), token.content)
        if found:
            self.refuse(found)
            return
        super().render_myst_role(token)

    def render_html_block(self, token: Any) -> None:  # html_inline is rendered by this too
        found = policy.html(token.content, self._line(token), inline=token.type == "html_inline")
        if found:
            self.refuse(found)
            if token.type == "html_block":
                self.current_node.append(nodes.comment())
            return
        self.render_hardbreak(token)  # the one HTML allowed: <br>

    def render_image(self, token: Any) -> None:
        src = str(token.attrGet("src") or "")
        found = policy.path(src, self._line(token))
        if found:
            self.refuse(found)
            return
        super().render_image(token)

    def render_link(self, token: Any) -> None:
        """Every link (``[t](x)``, ``<path:x>``, ``project:``) passes here first."""
        href = str(token.attrGet("href") or "")
        found = policy.path(href, self._line(token), "link")
        if found:
            self.refuse(found)
            self.render_children(token)  # the link's text stays, without the link
            return
        super().render_link(token)

    def _line(self, token: Any = None) -> int:
        if token is not None and getattr(token, "map", None):
            return token_line(token)
        return self.document.current_line or 1


class ArticleParser(MystParser):
    """MyST's Sphinx parser; article bodies go through :class:`GuardedRenderer`
    (or :class:`ArticleRenderer` with the trusted policy)."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        site = get_site(env)
        if env.docname not in site.by_docname and env.docname not in site.timeline.by_docname:
            return super().parse(inputstring, document)
        strict = env.config.newsdesk_body_policy == "strict"
        # Articles have no MyST top matter (their front matter is blanked at source-read), so
        # MyST's own parse reduces to these lines, with our renderer.
        with markdown_parser(env.myst_config, GuardedRenderer if strict else ArticleRenderer) as parser:
            parser.options["document"] = document
            parser.render(inputstring)
        if strict:
            _last_guard(document, env.docname)


#: One markdown-it parser per renderer class, for the config it was made for (see markdown_parser).
_PARSERS: dict[type[SphinxRenderer], tuple[MdParserConfig, MarkdownIt]] = {}
_BUSY: set[type[SphinxRenderer]] = set()
#: What a render leaves on the renderer that holds the page: dropped after each render.
_PAGE_STATE = ("document", "current_node", "reporter", "md_env", "md_options", "_level_to_section", "_heading_slugs")


@contextmanager
def markdown_parser(config: MdParserConfig, renderer: type[SphinxRenderer]) -> Iterator[MarkdownIt]:
    """The markdown-it parser of ``renderer`` and MyST ``config``, made once per process (per read
    chunk with ``-j``) for that config object.

    MyST makes a parser (its rules, plugins and renderer) for every page: ~0.6 ms a page.
    One parser renders every article in turn: each render starts from ``setup_render``,
    which resets all of the renderer's per-page state, and a new ``env`` dict. A parser
    already rendering (a nested parse) is never re-entered: a fresh one is made. The page's
    document is dropped from the parser and its renderer afterwards, so the cache keeps no doctree alive.
    """
    if renderer in _BUSY:
        yield create_md_parser(config, renderer)
        return
    cached = _PARSERS.get(renderer)
    if cached is None or cached[0] is not config:
        cached = _PARSERS[renderer] = (config, create_md_parser(config, renderer))
    _BUSY.add(renderer)
    try:
        yield cached[1]
    finally:
        _BUSY.discard(renderer)
        cached[1].options.pop("document", None)
        for name in _PAGE_STATE:
            vars(cached[1].renderer).pop(name, None)


def _refuse(env: BuildEnvironment, violation: policy.Violation) -> None:
    """Warn at the writer's file and line (STRICT fails), and read the article again next time."""
    domain(env).refused.add(env.docname)
    logger.warning(
        "body: %s", violation.message, location=(env.docname, violation.line), type="newsdesk", subtype="body"
    )


def _last_guard(document: nodes.document, folder: str) -> None:
    """After the parse, before any file is read: no raw markup but MyST's line breaks, and
    no image or download (from any directive, e.g. a card's ``:img-top:``) outside the folder."""
    env = document.settings.env
    for node in list(document.findall(nodes.raw)):
        if (node.get("format"), node.astext()) not in _LINE_BREAKS:
            node.parent.remove(node)
    for node in list(document.findall(nodes.reference)):  # a card's :link:, a badge's, a link's
        found = policy.path(str(node.get("refuri", "")), node.line or 1, "link")
        if found:
            _refuse(env, found)
            node.replace_self(nodes.inline("", node.astext()))
    # One walk per node class: docutils' fast path (a condition function walks ~5x slower).
    for node in [*document.findall(nodes.image), *document.findall(addnodes.download_reference)]:
        key = "uri" if isinstance(node, nodes.image) else "reftarget"
        target = str(node.get(key, ""))
        prefix = f"/{folder}/"
        inside = target[len(prefix) :] if target.startswith(prefix) else target
        found = policy.path(inside, node.line or 1, "image" if key == "uri" else "link")
        if found:
            _refuse(env, found)
            if isinstance(node, nodes.image):
                node.parent.remove(node)
            else:
                node.replace_self(nodes.inline("", node.astext()))
        elif key == "uri" and not target.startswith(prefix) and (local := policy.local_path(target)) is not None:
            node[key] = f"{prefix}{local}"  # a card image beside the article


def reread_refused(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: an article with a refused construct is read again on every
    build, so its warnings (and a strict build's failure) never hide behind the cache."""
    return sorted(domain(env).refused & env.found_docs - removed - changed)


def setup_bodies(app: Sphinx) -> None:
    app.add_source_parser(ArticleParser, override=True)
    app.connect("env-get-outdated", reread_refused)
