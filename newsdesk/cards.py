"""The mascot's comment and comparison grids: sphinx-design cards, with LaTeX and text renderings.

``mascot``
    A comment by the site's mascot: a card laid out as a speech bubble (avatar, localized
    name, text). An article's front-matter ``technyanComment`` goes through the same node
    (:func:`mascot_card`, called by the article header). The comment is *plain text*, in
    the directive too: it is the mascot's voice, not document structure, and the same text
    often arrives from front matter, where nothing is parsed; so HTML, ``<script>``, MyST
    roles or directives in it are shown literally. Blank lines still separate paragraphs.
    A body *section* headed by the mascot's name is the one exception: it is parsed body
    text, and :mod:`newsdesk.mascot_sections` makes it a card of its nodes
    (:func:`mascot_card_nodes`).

``comparison``
    A caption and a bullet list of ``**Label**: value`` items, shown as a responsive grid
    of cards (title = label, body = value). The content is parsed by MyST as usual, so
    values keep their inline Markdown; the list nodes are then restructured into cards.

Articles in the plain format get comparison grids without any directive: the
:class:`ComparisonLists` transform finds a bold caption paragraph (ending in ``:`` or
``：``) directly followed by a list whose every item has the key-value shape; see the
``newsdesk_comparison_auto`` and ``newsdesk_comparison_pattern`` options.

HTML shows the sphinx-design cards; LaTeX wraps Sphinx's own framed notices in the
``newsdeskmascot`` / ``newsdeskcompareitem`` environments (``newsdeskcards.sty``, written
next to the ``.tex`` file), so the PDF gets boxes, not bare text; the text builder gets an
indented ``Name:`` / ``Label:`` layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import i18n
from .components import card, grid
from .config import NewsdeskConfig
from .state import find_site

logger = logging.getLogger(__name__)

COLONS = (":", "：")


LATEX_PACKAGE = "newsdeskcards"
LATEX_STY = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{newsdeskcards}[2025/12/01 newsdesk mascot comment and comparison boxes]
% Written by newsdesk/cards.py. The boxes are Sphinx's own framed notices
% (sphinxlatexadmonitions.sty): no extra TeX package, page breaks work inside
% long comments, and \sphinxsetup{div.tip_..., div.note_...} restyles them.
% Redefine these environments in latex_elements['preamble'] to change the look.
\newenvironment{newsdeskmascot}[1]{\begin{sphinxadmonition}{tip}{#1}}{\end{sphinxadmonition}}
\newenvironment{newsdeskcomparison}{\par\medskip}{\par\medskip}
\newcommand{\newsdeskcomparisoncaption}[1]{\par\noindent{\sphinxstylestrong{#1}}\par\nopagebreak}
\newenvironment{newsdeskcompareitem}[1]{\begin{sphinxadmonition}{note}{#1}}{\end{sphinxadmonition}}
"""


# -- nodes ----------------------------------------------------------------------------------


class newsdesk_mascot(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A mascot comment: an avatar and a card; ``name`` and ``label`` attributes."""


class newsdesk_avatar(nodes.General, nodes.Element):  # noqa: N801
    """The mascot's picture, a static file: a decorative background in HTML, nothing elsewhere."""


class newsdesk_comparison(nodes.General, nodes.Element):  # noqa: N801
    """A comparison: an optional caption (rubric) and a grid of label/value cards."""


def _paragraphs(text: str) -> list[nodes.paragraph]:
    """Plain text to paragraphs (blank lines separate them); the text is never parsed."""
    chunks = [c.strip() for c in re.split(r"\n[ \t]*\n", text.strip())]
    return [nodes.paragraph("", chunk, classes=["sd-card-text", "newsdesk-mascot-text"]) for chunk in chunks if chunk]


def mascot_name(locale: str, config: Config) -> str:
    names = NewsdeskConfig.from_sphinx(config).mascot_name
    return names.get(locale) or names.get("en") or next(iter(names.values()), "")


def mascot_card(text: str, locale: str, config: Config) -> newsdesk_mascot:
    """The mascot saying ``text`` (plain text), in ``locale``: avatar + speech-bubble card.
    The text is shown as written: no smart quotes either."""
    node = mascot_card_nodes(_paragraphs(text), locale, config)
    node["support_smartquotes"] = False
    return node


def mascot_card_nodes(body: Sequence[nodes.Node], locale: str, config: Config) -> newsdesk_mascot:
    """The mascot saying ``body`` (nodes: a parsed body section, already through the body
    policy, or plain-text paragraphs), in ``locale``: avatar + speech-bubble card."""
    cfg = NewsdeskConfig.from_sphinx(config)
    name = mascot_name(locale, config)
    label = i18n._(locale, "mascot_comment", name=name)
    node = newsdesk_mascot(classes=["newsdesk-mascot"], name=name, label=label)
    if cfg.mascot_avatar:
        node += newsdesk_avatar(src=cfg.mascot_avatar, classes=["newsdesk-mascot-avatar"])
    for child in body:
        if isinstance(child, nodes.paragraph):
            for cls in ("sd-card-text", "newsdesk-mascot-text"):
                if cls not in child["classes"]:
                    child["classes"].append(cls)
    title = nodes.inline("", name, classes=["newsdesk-mascot-name"], support_smartquotes=False)
    node += card(title, body, classes=["newsdesk-mascot-bubble"])
    return node


# -- comparison lists -----------------------------------------------------------------------

Entry = tuple[list[nodes.Node], list[nodes.Node]]  # (label nodes, value nodes)


def _strip_text(node: nodes.Node, *, end: bool) -> nodes.Text | None:
    """``node`` (a Text ending/starting with a colon) without that colon; None otherwise."""
    if not isinstance(node, nodes.Text):
        return None
    text = node.astext()
    if end:
        stripped = text.rstrip()
        return nodes.Text(stripped[:-1].rstrip()) if stripped.endswith(COLONS) else None
    stripped = text.lstrip()
    return nodes.Text(stripped[1:].lstrip()) if stripped.startswith(COLONS) else None


def bold_caption(node: nodes.Node) -> list[nodes.Node] | None:
    """The caption of a paragraph that is only ``**Caption:**`` (or ``**Caption**:``), else None."""
    if not isinstance(node, nodes.paragraph):
        return None
    kids = [c for c in node.children if not (isinstance(c, nodes.Text) and not c.astext().strip())]
    if not kids or not isinstance(kids[0], nodes.strong) or not kids[0].children:
        return None
    strong = kids[0]
    if len(kids) == 1:
        last = _strip_text(strong[-1], end=True)
        if last is None:
            return None
        caption = [c.deepcopy() for c in strong.children[:-1]] + ([last] if last.astext() else [])
    elif len(kids) == 2 and isinstance(kids[1], nodes.Text) and kids[1].astext().strip() in COLONS:
        caption = [c.deepcopy() for c in strong.children]
    else:
        return None
    return caption if "".join(c.astext() for c in caption).strip() else None


def key_value(item: nodes.Node) -> Entry | None:
    """(label, value) of a ``**Label**: value`` / ``**Label:** value`` list item, else None.

    Nothing is modified: the nodes returned are copies, so a list that turns out not to
    match everywhere stays exactly as it was."""
    if not isinstance(item, nodes.list_item) or not item.children or not isinstance(item[0], nodes.paragraph):
        return None
    para = item[0]
    kids = list(para.children)
    while kids and isinstance(kids[0], nodes.Text) and not kids[0].astext().strip():
        del kids[0]  # MyST starts paragraphs with an empty Text node
    if not kids or not isinstance(kids[0], nodes.strong) or not kids[0].children:
        return None
    strong, rest = kids[0], kids[1:]
    inner = _strip_text(strong[-1], end=True)
    if inner is not None:  # **Label:** value
        label = [c.deepcopy() for c in strong.children[:-1]] + ([inner] if inner.astext() else [])
        value = [c.deepcopy() for c in rest]
        if value and isinstance(value[0], nodes.Text):
            value[0] = nodes.Text(value[0].astext().lstrip())
    else:  # **Label**: value
        outer = _strip_text(rest[0], end=False) if rest else None
        if outer is None:
            return None
        label = [c.deepcopy() for c in strong.children]
        value = ([outer] if outer.astext() else []) + [c.deepcopy() for c in rest[1:]]
    first = para.copy()  # keeps source, line and classes
    first.extend(value)
    first["classes"].append("sd-card-text")
    body = ([first] if value else []) + [c.deepcopy() for c in item.children[1:]]
    if not "".join(n.astext() for n in label).strip() or not "".join(n.astext() for n in body).strip():
        return None
    return label, body


def key_values(blist: nodes.Node) -> list[Entry] | None:
    """The entries of a bullet list whose every item has the key-value shape, else None."""
    if not isinstance(blist, nodes.bullet_list) or not blist.children:
        return None
    entries = [key_value(item) for item in blist.children]
    return None if any(e is None for e in entries) else entries  # type: ignore[return-value]


def comparison_grid(
    entries: Sequence[Entry], caption: Sequence[nodes.Node] = (), columns: int = 2, classes: Sequence[str] = ()
) -> newsdesk_comparison:
    """A captioned grid of cards, one per (label, value)."""
    caption_text = "".join(n.astext() for n in caption).strip()
    node = newsdesk_comparison(classes=["newsdesk-comparison", *classes], caption=caption_text)
    if caption_text:
        node += nodes.rubric("", "", *caption, classes=["newsdesk-comparison-caption"])
    cards = [
        card(
            nodes.inline("", "", *label, classes=["newsdesk-comparison-label"]),
            body,
            classes=["newsdesk-comparison-card"],
        )
        for label, body in entries
    ]
    node += grid(cards, columns, classes=["newsdesk-comparison-grid"])
    return node


class ComparisonLists(SphinxTransform):
    """Articles: ``**Caption:**`` + a list of ``**Label**: value`` items -> comparison grid.

    Works on the doctree MyST produced (never on the Markdown text), so inline markup in
    values survives, and a list with one item of another shape is left alone."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        cfg = NewsdeskConfig.from_sphinx(self.config)
        if cfg.comparison_auto == "off":
            return
        site = find_site(self.env)
        if site is None or self.env.docname not in site.by_docname:
            return
        pattern = re.compile(cfg.comparison_pattern)
        for blist in list(self.document.findall(nodes.bullet_list)):
            parent = blist.parent
            if parent is None or any(isinstance(a, newsdesk_comparison) for a in _ancestors(blist)):
                continue
            index = parent.index(blist)
            before = parent[index - 1] if index else None
            caption = bold_caption(before) if before is not None else None
            if cfg.comparison_auto == "captions":
                text = "".join(n.astext() for n in caption or ())
                if not caption or not pattern.search(text):
                    continue
            entries = key_values(blist)
            if entries is None:
                continue
            grid_node = comparison_grid(entries, caption or (), cfg.comparison_columns)
            grid_node.source, grid_node.line = blist.source, blist.line
            blist.replace_self(grid_node)
            if caption:
                parent.remove(before)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


# -- directives -----------------------------------------------------------------------------


class MascotDirective(SphinxDirective):
    """``mascot``: the mascot's comment. The content is plain text (see the module docstring)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        node = mascot_card("\n".join(self.content), self.config.language or "en", self.config)
        self.set_source_info(node)
        return [node]


class ComparisonDirective(SphinxDirective):
    """``comparison``: an optional caption, and a bullet list of ``**Label**: value`` items."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "caption": directives.unchanged,
        "columns": directives.positive_int,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        parsed = self.parse_content_to_nodes()
        content = [n for n in parsed if not isinstance(n, nodes.comment)]
        entries = key_values(content[0]) if len(content) == 1 else None
        if entries is None:
            logger.warning(
                "comparison: the content must be one bullet list whose every item is '**Label**: value'",
                location=self.get_location(),
                type="newsdesk",
                subtype="comparison",
            )
            return parsed
        text = self.arguments[0] if self.arguments else self.options.get("caption", "")
        caption, messages = self.parse_inline(text, lineno=self.lineno) if text else ([], [])
        columns = self.options.get("columns", NewsdeskConfig.from_sphinx(self.config).comparison_columns)
        node = comparison_grid(entries, caption, columns, self.options.get("class", []))
        self.set_source_info(node)
        return [node, *messages]


# -- writers ----------------------------------------------------------------------------------


def _comparison_parts(node: newsdesk_comparison) -> tuple[list[nodes.Node], list[Entry]]:
    """The caption nodes and (label, value) nodes of a comparison, for non-HTML writers."""
    caption = next((list(r.children) for r in node.findall(nodes.rubric)), [])
    entries: list[Entry] = []
    for box in node.findall(nodes.container):
        if "newsdesk-comparison-card" not in box["classes"]:
            continue
        body = box[0]
        label = next(n for n in body.findall(nodes.inline) if "newsdesk-comparison-label" in n["classes"])
        values = [c for c in body.children if "sd-card-title" not in c.get("classes", ())]
        entries.append((list(label.children), values))
    return caption, entries


def _mascot_text(node: newsdesk_mascot) -> list[nodes.Node]:
    """What the mascot says: the card body without its title (paragraphs, or a parsed section's
    lists and quotes too), for the writers that draw their own box."""
    body = next(c for c in node.findall(nodes.container) if "sd-card-body" in c["classes"])
    return [c for c in body.children if "sd-card-title" not in c.get("classes", ())]


def visit_mascot_html(self: Any, node: newsdesk_mascot) -> None:
    self.body.append(self.starttag(node, "div", role="note", **{"aria-label": node["label"]}))


def depart_div_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def avatar_url(self: Any, src: str) -> str:
    """``src`` as a URL from the page being written (a bare name is a file in ``_static``)."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|/)", src, re.IGNORECASE):
        return src
    here = self.builder.get_target_uri(getattr(self.builder, "current_docname", "") or "")
    return relative_uri(here, f"_static/{src}")


def visit_avatar_html(self: Any, node: newsdesk_avatar) -> None:
    """A decorative picture (the name is written beside it), so a CSS background: no ``<img>``
    in the article, where only the writer's own images belong."""
    url = avatar_url(self, node["src"]).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "")
    style = f'background-image: url("{url}")'
    self.body.append(self.starttag(node, "span", "", style=style, **{"aria-hidden": "true"}) + "</span>")
    raise nodes.SkipNode


def visit_comparison_html(self: Any, node: newsdesk_comparison) -> None:
    attributes = {"role": "group", **({"aria-label": node["caption"]} if node.get("caption") else {})}
    self.body.append(self.starttag(node, "div", **attributes))


def visit_mascot_latex(self: Any, node: newsdesk_mascot) -> None:
    self.body.append("\n\\begin{newsdeskmascot}{" + self.encode(node["name"]) + "}\n")
    self.no_latex_floats += 1
    for para in _mascot_text(node):
        para.walkabout(self)
    self.no_latex_floats -= 1
    self.body.append("\\end{newsdeskmascot}\n")
    raise nodes.SkipNode


def visit_comparison_latex(self: Any, node: newsdesk_comparison) -> None:
    caption, entries = _comparison_parts(node)
    self.body.append("\n\\begin{newsdeskcomparison}\n")
    if caption:
        self.body.append("\\newsdeskcomparisoncaption{")
        for child in caption:
            child.walkabout(self)
        self.body.append("}\n")
    self.no_latex_floats += 1
    for label, values in entries:
        self.body.append("\\begin{newsdeskcompareitem}{")
        for child in label:
            child.walkabout(self)
        self.body.append("}\n")
        for child in values:
            child.walkabout(self)
        self.body.append("\\end{newsdeskcompareitem}\n")
    self.no_latex_floats -= 1
    self.body.append("\\end{newsdeskcomparison}\n")
    raise nodes.SkipNode


def _text_block(self: Any, heading: Sequence[nodes.Node], suffix: str, body: Sequence[nodes.Node]) -> None:
    """``heading:`` on a line, then ``body`` indented (the text builder's layout)."""
    self.new_state(0)
    for child in heading:
        child.walkabout(self)
    self.add_text(suffix)
    self.end_state()
    self.new_state(3)
    for child in body:
        child.walkabout(self)
    self.end_state()


def visit_mascot_text(self: Any, node: newsdesk_mascot) -> None:
    _text_block(self, [nodes.Text(node["name"])], ":", _mascot_text(node))
    raise nodes.SkipNode


def visit_comparison_text(self: Any, node: newsdesk_comparison) -> None:
    caption, entries = _comparison_parts(node)
    if caption:
        self.new_state(0)
        for child in caption:
            child.walkabout(self)
        self.end_state()
    for label, values in entries:
        _text_block(self, label, ":", values)
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def write_latex_package(app: Sphinx) -> None:
    """``builder-inited``: put ``newsdeskcards.sty`` beside the ``.tex`` files."""
    if app.builder.format == "latex":
        outdir = Path(app.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        sty = outdir / f"{LATEX_PACKAGE}.sty"
        if not sty.is_file() or sty.read_text(encoding="utf-8") != LATEX_STY:
            sty.write_text(LATEX_STY, encoding="utf-8")


def setup_cards(app: Sphinx) -> None:
    generic = {"man": (_pass, _pass), "texinfo": (_pass, _pass)}
    app.add_node(
        newsdesk_mascot,
        html=(visit_mascot_html, depart_div_html),
        latex=(visit_mascot_latex, None),
        text=(visit_mascot_text, None),
        **generic,
    )
    app.add_node(
        newsdesk_avatar,
        html=(visit_avatar_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_node(
        newsdesk_comparison,
        html=(visit_comparison_html, depart_div_html),
        latex=(visit_comparison_latex, None),
        text=(visit_comparison_text, None),
        **generic,
    )
    app.add_directive("mascot", MascotDirective)
    app.add_directive("comparison", ComparisonDirective)
    app.add_transform(ComparisonLists)
    app.add_latex_package(LATEX_PACKAGE)
    app.connect("builder-inited", write_latex_package)
