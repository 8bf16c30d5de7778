"""Transforms that look for nodes few pages have, run only on the pages that have them.

Seven transforms and a listener of Sphinx and sphinx-design run on every document and walk
its whole tree, most with a Python predicate called on each node (``findall(lambda ...)``,
Sphinx's ``NodeMatcher``), looking for nodes that most of our pages do not have:

- sphinx-design's HTML post-transforms of dropdowns, tab sets and asides
  (``DropdownHtmlTransform``, ``TabSetHtmlTransform``, ``AsideHtmlTransform``: a
  container whose ``design_component`` is ``dropdown``, ``tab-set``, ``aside``), and its
  ``doctree-resolved`` listener ``_resolve_new_tab_refs`` (an element marked
  ``sd_new_tab`` by a card's ``link-new-tab`` or a button's ``new-tab``);
- Sphinx's ``TranslationProgressTotaliser`` and ``RemoveTranslatableInline``
  (elements with ``translated``, set only where a document catalog translated the page;
  inlines with ``translatable``, from domain field lists), and the LaTeX builder's
  ``FootnoteDocnameUpdater``, a read transform, so it runs in HTML builds too
  (footnotes and footnote references);
- Sphinx's ``SphinxDanglingReferences`` (docutils' ``DanglingReferences`` without its info
  messages), a read transform visiting every node for references still named by ``refname``
  (resolved by name, or reported as unknown); its other work, info messages about targets
  nobody references, is dropped below the report level (it runs whenever that level shows them);
- Sphinx's ``HighlightLanguageTransform``, a post-transform that visits every node of a
  page (``walkabout``) to give literal blocks the language of the ``highlight`` directive
  before them: a page without a literal block or a ``highlight`` directive is unchanged by it.

Each is replaced by a subclass (for the listener, a function) that first asks
:func:`contains`: one walk in a plain loop (no generator and no predicate call per
node), which stops at the first match. The original then runs, unchanged, only when
the answer is yes. ``contains`` accepts every node the original's predicate accepts,
never fewer, so a document skipped is one where the original finds nothing and does
nothing. The totaliser always writes its count: on a page with nothing translated, ours
writes that count itself, ``{'total': 0, 'translated': 0}``, as the original would.

The transforms are replaced in ``app.registry``'s lists at the original's index (the
same order among transforms of equal priority), the listener by ``app.disconnect`` and
``app.connect`` at its priority (after the other listeners of that priority now: none of
them reads or sets a reference's ``target`` or ``rel``). ``tests/test_walks.py`` builds a
site whose pages have each of these nodes and pages that have none, with ours and with
the originals, and compares every doctree and every HTML file.

A clean ja build at N=300 (``bench/profile.py --n 300 --locale ja``): the seven predicate
walks (all but the highlight transform, added later) took 2.9 s of 34.7 s under cProfile, the
checks take 0.3 s; without the profiler the build's CPU time went from 14.0 to 13.2 s. The
highlight transform took 2.05 s of a 95 s profile at N=1000.

The walks that remain, about forty per page (docutils', Sphinx's and MyST's transforms, each
``findall(SomeClass)`` over the whole tree), go through docutils' ``Node._fast_findall``:
one generator per node, and every node found passes up through a generator per level.
:func:`fast_findall` visits the same nodes in the same order, reading each list of children
as it goes as the recursion does (a tree changed during the walk gives what it gave), with
one generator per walk. On the ja articles of ``make bench`` (about 400 nodes each), a
``findall(SomeClass)`` takes 52 µs instead of 74, a ``findall()`` 60 µs instead of 120.
``tests/test_walks.py`` compares both on drawn trees, changed while they are walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from docutils import nodes
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex import transforms as latex_transforms
from sphinx.errors import ExtensionError
from sphinx.transforms import i18n
from sphinx.transforms import references as sphinx_references
from sphinx.transforms.post_transforms import code
from sphinx_design import aside, dropdown, tabs
from sphinx_design import extension as design

#: The default of :func:`contains`' ``value``: any value of the attribute.
_ANY: Any = object()


def contains(
    node: nodes.Node,
    cls: type[nodes.Element] | tuple[type[nodes.Element], ...] = nodes.Element,
    key: str | None = None,
    value: object = _ANY,
) -> bool:
    """Whether ``node`` or a node under it is a ``cls`` (with the attribute ``key``, equal to
    ``value`` if given). A list walked while it grows: no generator per node, as
    ``Node.findall`` has; text nodes are leaves and never match."""
    todo = [node]
    for current in todo:
        if not isinstance(current, nodes.Element):
            continue
        if isinstance(current, cls) and (
            key is None or (key in current.attributes and (value is _ANY or current.attributes[key] == value))
        ):
            return True
        todo += current.children
    return False


class _OnlyWithComponent:
    """A sphinx-design HTML post-transform run only on documents with its component."""

    component: ClassVar[str]
    document: nodes.document

    def run(self, **kwargs: Any) -> None:
        if contains(self.document, key="design_component", value=self.component):
            super().run(**kwargs)  # type: ignore[misc]


class DropdownHtmlTransform(_OnlyWithComponent, dropdown.DropdownHtmlTransform):
    """sphinx-design's, on documents with a dropdown."""

    component = "dropdown"


class TabSetHtmlTransform(_OnlyWithComponent, tabs.TabSetHtmlTransform):
    """sphinx-design's, on documents with a tab set."""

    component = "tab-set"


class AsideHtmlTransform(_OnlyWithComponent, aside.AsideHtmlTransform):
    """sphinx-design's, on documents with an aside."""

    component = "aside"


class TranslationProgressTotaliser(i18n.TranslationProgressTotaliser):
    """Sphinx's count of translated elements; on a document without any, the count of none."""

    def apply(self, **kwargs: Any) -> None:
        if contains(self.document, key="translated"):
            super().apply(**kwargs)
            return
        from sphinx.builders.gettext import MessageCatalogBuilder

        if not issubclass(self.env._builder_cls, MessageCatalogBuilder):  # as the original
            self.document["translation_progress"] = {"total": 0, "translated": 0}


class RemoveTranslatableInline(i18n.RemoveTranslatableInline):
    """Sphinx's, on documents with a translatable inline."""

    def apply(self, **kwargs: Any) -> None:
        if contains(self.document, nodes.inline, key="translatable"):
            super().apply(**kwargs)


class FootnoteDocnameUpdater(latex_transforms.FootnoteDocnameUpdater):
    """The LaTeX builder's (run in every build), on documents with a footnote or a reference to one."""

    def apply(self, **kwargs: Any) -> None:
        if contains(self.document, self.TARGET_NODES):
            super().apply(**kwargs)


#: The nodes docutils' ``DanglingReferencesVisitor`` acts on (when they carry ``refname``).
NAMED_REFERENCES = (nodes.reference, nodes.footnote_reference, nodes.citation_reference)


class SphinxDanglingReferences(sphinx_references.SphinxDanglingReferences):
    """Sphinx's, on documents with a reference by name, or when info messages are reported."""

    def apply(self, **kwargs: Any) -> None:
        reporter = self.document.reporter
        if reporter.report_level <= reporter.INFO_LEVEL or contains(self.document, NAMED_REFERENCES, key="refname"):
            super().apply(**kwargs)


class HighlightLanguageTransform(code.HighlightLanguageTransform):
    """Sphinx's, on documents with a literal block or a ``highlight`` directive."""

    def apply(self, **kwargs: Any) -> None:
        if contains(self.document, (nodes.literal_block, addnodes.highlightlang)):
            super().apply(**kwargs)


def resolve_new_tab_refs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: sphinx-design's, on documents with an element marked ``sd_new_tab``."""
    if contains(doctree, key="sd_new_tab"):
        design._resolve_new_tab_refs(app, doctree, docname)


#: (the registry's list, the original, ours)
TRANSFORMS: tuple[tuple[str, type[Transform], type[Transform]], ...] = (
    ("post_transforms", dropdown.DropdownHtmlTransform, DropdownHtmlTransform),
    ("post_transforms", tabs.TabSetHtmlTransform, TabSetHtmlTransform),
    ("post_transforms", aside.AsideHtmlTransform, AsideHtmlTransform),
    ("post_transforms", code.HighlightLanguageTransform, HighlightLanguageTransform),
    ("transforms", i18n.TranslationProgressTotaliser, TranslationProgressTotaliser),
    ("transforms", i18n.RemoveTranslatableInline, RemoveTranslatableInline),
    ("transforms", latex_transforms.FootnoteDocnameUpdater, FootnoteDocnameUpdater),
    ("transforms", sphinx_references.SphinxDanglingReferences, SphinxDanglingReferences),
)


# ------------------------------------------------------------------ docutils' own walk
def fast_findall(node: nodes.Node, cls: type | None = None) -> Iterator[nodes.Node]:
    """``node`` and the nodes under it that are ``cls`` (all, for None), in document order:
    docutils' ``Node._fast_findall`` (``Node._superfast_findall`` for None) with a stack of
    (children, index) pairs for its recursion. Each list is read as the recursion reads it:
    its length at each step, a node's children once the caller has had the node."""
    if cls is None or isinstance(node, cls):
        yield node
    stack: list[tuple[list[nodes.Node], int]] = []
    children, index = node.children, 0
    while True:
        if index < len(children):
            child = children[index]
            index += 1
            if cls is None or isinstance(child, cls):
                yield child
            below = child.children
            if below:
                stack.append((children, index))
                children, index = below, 0
        elif stack:
            children, index = stack.pop()
        else:
            return


def _superfast_findall(node: nodes.Node) -> Iterator[nodes.Node]:
    return fast_findall(node)


#: docutils' own, kept for the tests that compare them.
ORIGINAL_FINDALL = (nodes.Node._fast_findall, nodes.Node._superfast_findall)


def use_fast_findall() -> None:
    """docutils' ``findall(SomeClass)`` and ``findall()`` go through :func:`fast_findall` (for
    the whole process: ``Node`` is docutils' class)."""
    nodes.Node._fast_findall = fast_findall  # type: ignore[method-assign]
    nodes.Node._superfast_findall = _superfast_findall  # type: ignore[method-assign]


def setup_walks(app: Sphinx) -> None:
    """Put ours in place of the originals (sphinx-design set up, Sphinx's built-ins loaded)."""
    use_fast_findall()
    for attribute, original, ours in TRANSFORMS:
        registered: list[type[Transform]] = getattr(app.registry, attribute)
        if original not in registered:
            raise ExtensionError(
                f"newsdesk.walks: {original.__qualname__} is not registered (Sphinx or sphinx-design changed)"
            )
        registered[registered.index(original)] = ours
    listeners = [
        listener
        for listener in app.events.listeners.get("doctree-resolved", [])
        if listener.handler is design._resolve_new_tab_refs
    ]
    if not listeners:
        raise ExtensionError("newsdesk.walks: sphinx-design's _resolve_new_tab_refs is not connected")
    for listener in listeners:
        app.disconnect(listener.id)
        app.connect("doctree-resolved", resolve_new_tab_refs, priority=listener.priority)
