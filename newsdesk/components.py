"""Small shared node builders: links, badges, dates, cards and grids.

Everything the extension shows is assembled from these few helpers, so that
listings, article headers and comparison cards share markup (sphinx-design's
classes) and escaping (all text goes into ``Text`` nodes, never parsed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx_design.badges_buttons import create_bdg_classes
from sphinx_design.shared import PassthroughTextElement, create_component

from . import i18n


class newsdesk_date(nodes.Inline, nodes.TextElement):  # noqa: N801 - docutils node naming
    """A date: ``<time datetime="2025-11-18">`` in HTML, plain text elsewhere."""


def visit_date_html(self: Any, node: newsdesk_date) -> None:
    self.body.append(f'<time datetime="{node["datetime"]}">')


def depart_date_html(self: Any, node: newsdesk_date) -> None:
    self.body.append("</time>")


def date_node(date: dt.date, locale: str) -> newsdesk_date:
    return newsdesk_date("", i18n.long_date(date, locale), datetime=date.isoformat())


def doc_link(docname: str, text: str | None, classes: Sequence[str] = ()) -> addnodes.pending_xref:
    """A link to a document by docname, resolved by Sphinx for every builder.

    ``text`` ``None``: the document's own title, as Sphinx has it when the page is written.
    ``classes`` go on the link itself: resolution copies them to the reference."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=text is not None,
        refwarn=True,
        classes=list(classes),
    )
    ref += nodes.inline("", text or "")  # resolution needs a content node, even for the title
    return ref


def badge(docname: str, text: str, color: str = "primary", outline: bool = False) -> addnodes.pending_xref:
    """A sphinx-design badge linking to a taxonomy page (as sphinx-tags draws them)."""
    return doc_link(docname, text, create_bdg_classes(color, outline))


def plain_badge(text: str, color: str = "primary", outline: bool = False, classes: Sequence[str] = ()) -> nodes.inline:
    """A sphinx-design badge that links nowhere; ``classes`` name it for the book's styles."""
    return nodes.inline("", text, classes=[*create_bdg_classes(color, outline), *classes])


def card(
    title: nodes.Node | None,
    body: Sequence[nodes.Node],
    *,
    classes: Sequence[str] = (),
    link: nodes.Element | None = None,
) -> nodes.container:
    """A sphinx-design card; ``link`` (if any) is stretched over the whole card."""
    card_node = create_component(
        "card",
        ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", *(["sd-card-hover"] if link else []), *classes],
    )
    content = create_component("card-body", ["sd-card-body"])
    if title is not None:
        heading = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
        holder = PassthroughTextElement()  # a TextElement, as links need, that adds no markup
        holder += title
        heading += holder
        content += heading
    content.extend(body)
    card_node += content
    return card_node


def grid(items: Sequence[nodes.Node], columns: int = 2, classes: Sequence[str] = ()) -> nodes.container:
    """A responsive sphinx-design grid: one column on phones, ``columns`` on wide screens."""
    wide = max(1, columns)
    row = create_component(
        "grid-row",
        [
            "sd-row",
            "sd-row-cols-1",
            "sd-row-cols-xs-1",
            "sd-row-cols-sm-1",
            f"sd-row-cols-md-{min(wide, 2)}",
            f"sd-row-cols-lg-{wide}",
            "sd-g-3",
        ],
    )
    for item in items:
        col = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        item["classes"].append("sd-w-100")
        col += item
        row += col
    container = create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", *classes])
    container += row
    return container


def setup_components(app: Sphinx) -> None:
    passthrough = (lambda self, node: None, lambda self, node: None)
    app.add_node(
        newsdesk_date,
        html=(visit_date_html, depart_date_html),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
