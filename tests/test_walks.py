"""Transforms run only where their nodes are, and docutils' walk without a generator per node
(newsdesk.walks), give the same site as the originals.

The fixture site gets one more article (in this test's copy) with a node of each kind: a
dropdown, a tab set, an aside, a card opening in a new tab, a footnote, a translatable
inline (a Python function's field list), a reference to an unknown name, a literal block
after a ``highlight`` directive, and a paragraph translated by a document catalog
(``articles.mo``: every article's elements carry ``translated``, the other pages none).
Every doctree and every HTML file is compared whole with a build by the originals.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import FIXTURE_SITE, REPO
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental import assert_same_site

from newsdesk import extension, walks

ARTICLE = "articles/20251215/design-components"
TRANSLATED = "この段落は文書のカタログで訳されます。"
BODY = f"""\
---
title: "部品のある記事"
description: "ドロップダウン、タブ、余白、脚注のある記事です。"
date: 2025-12-15
category: "Claude"
tags: ["Anthropic"]
locale: "ja"
---

{TRANSLATED}

脚注のある文です[^note]。

[^note]: 脚注の本文。

:::{{dropdown}} 詳しく
ドロップダウンの中身。
:::

::::{{tab-set}}
:::{{tab-item}} 一
一つ目のタブ。
:::
:::{{tab-item}} 二
二つ目のタブ。
:::
::::

:::{{aside}} 余白の見出し
余白の本文。
:::

:::{{card}} 外部のページ
:link: https://example.org/
:link-new-tab:
新しいタブで開くカード。
:::

```{{eval-rst}}
.. py:function:: scale(x)

   :param x: 倍にする値

A reference by name to nowhere: `nowhere`_.

.. highlight:: none

::

   def plain(): return "not highlighted"
```
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    path = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, path)
    article = path / ARTICLE
    article.mkdir(parents=True)
    (article / "ja.md").write_text(BODY, encoding="utf-8")
    return path


@pytest.fixture
def locale_dirs(tmp_path: Path) -> list[str]:
    """conf.py's folder, then one with a catalog of the articles' text domain."""
    catalog = Catalog(locale="ja")
    catalog.add(TRANSLATED, "この段落は訳されました。")
    messages = tmp_path / "doc-locale" / "ja" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    with (messages / "articles.mo").open("wb") as mo:
        write_mo(mo, catalog)
    return [str(REPO / "_build" / "locale"), str(tmp_path / "doc-locale")]


def doctrees(app) -> dict[str, str]:
    srcdir = str(app.srcdir)
    return {
        name: app.env.get_doctree(name).pformat().replace(srcdir, "<srcdir>") for name in sorted(app.env.found_docs)
    }


def test_walks_equal_the_original_transforms(build_site, tmp_path, monkeypatch, content, locale_dirs):
    options = {"newsdesk_body_policy": "trusted", "locale_dirs": locale_dirs}
    ours = build_site(content, "ja", srcdir=tmp_path / "ours", **options)
    assert len(walks.TRANSFORMS) == 8
    for attribute, original, replacement in walks.TRANSFORMS:
        assert replacement in getattr(ours.registry, attribute)
        assert original not in getattr(ours.registry, attribute)
    assert nodes.Node._fast_findall is walks.fast_findall
    monkeypatch.setattr(extension, "setup_walks", lambda app: None)
    monkeypatch.setattr(nodes.Node, "_fast_findall", walks.ORIGINAL_FINDALL[0])  # docutils' own walks too
    monkeypatch.setattr(nodes.Node, "_superfast_findall", walks.ORIGINAL_FINDALL[1])
    theirs = build_site(content, "ja", srcdir=tmp_path / "theirs", **options)
    assert walks.DropdownHtmlTransform not in theirs.registry.post_transforms

    # the fixture has each kind of node on one page, and pages without any
    page = (theirs.outdir / f"{ARTICLE}.html").read_text(encoding="utf-8")
    highlight = ('class="highlight-none', 'def plain(): return "not highlighted"')  # no Pygments spans
    assert 'class="problematic"' in page  # the reference to an unknown name, reported
    for html in ("<details", 'class="sd-tab-set', "<aside", 'target="_blank"', "この段落は訳されました。", *highlight):
        assert html in page
    doctree = theirs.env.get_doctree(ARTICLE)
    assert doctree["translation_progress"]["translated"] == 1 < doctree["translation_progress"]["total"]
    assert [node["docname"] for node in doctree.findall(nodes.footnote)] == [ARTICLE]
    assert theirs.env.get_doctree("index")["translation_progress"] == {"total": 0, "translated": 0}
    assert "<details" not in (theirs.outdir / "index.html").read_text(encoding="utf-8")

    mine, original = doctrees(ours), doctrees(theirs)
    assert sorted(mine) == sorted(original)
    for name, text in mine.items():
        assert text == original[name], name
    assert_same_site(ours.outdir, theirs.outdir)


def test_contains_matches_what_the_original_predicates_match():
    document = nodes.document(None, None)
    section = nodes.section()
    paragraph = nodes.paragraph("", "", nodes.Text("text"), nodes.inline("", "x", translatable=True))
    section += paragraph
    section += nodes.container(design_component="tab-set")
    document += section
    assert walks.contains(document, key="design_component", value="tab-set")
    assert not walks.contains(document, key="design_component", value="dropdown")
    assert walks.contains(document, nodes.inline, key="translatable")
    assert not walks.contains(document, nodes.paragraph, key="translatable")
    assert not walks.contains(document, (nodes.footnote, nodes.footnote_reference))
    paragraph += nodes.footnote_reference("", "1")
    assert walks.contains(document, (nodes.footnote, nodes.footnote_reference))


# ------------------------------------------------------------------ docutils' own walk
KINDS = (nodes.section, nodes.paragraph, nodes.inline, nodes.reference, nodes.container)


@st.composite
def trees(draw, depth: int = 0) -> nodes.Element:
    """A tree of a few kinds of elements and text, each node labelled by its position in
    the drawing (elements by a ``label`` attribute, text by its text)."""
    counter = draw(st.shared(st.builds(itertools.count), key="labels"))
    kind = draw(st.sampled_from(KINDS)) if depth else nodes.document
    element = kind() if depth else nodes.document(None, None)
    element["label"] = next(counter)
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            element += draw(trees(depth + 1))
        else:
            element += nodes.Text(f"t{next(counter)}")
    return element


def label(node: nodes.Node) -> object:
    return node["label"] if isinstance(node, nodes.Element) else str(node)


def walk(tree: nodes.Element, cls: type | None, edits: dict[int, str]) -> list[object]:
    """The labels ``tree.findall(cls)`` yields, changing the tree as transforms do when the
    walk reaches the nodes listed in ``edits``."""
    seen = []
    for count, node in enumerate(tree.findall(cls) if cls else tree.findall()):
        seen.append(label(node))
        edit, parent = edits.get(count), node.parent
        if edit == "remove" and parent is not None:
            parent.remove(node)
        elif edit == "insert" and parent is not None:
            parent.insert(parent.index(node) + 1, nodes.inline(label=f"new{count}"))
        elif edit == "append" and isinstance(node, nodes.Element):
            node += nodes.reference(label=f"child{count}")
        elif edit == "replace" and isinstance(node, nodes.Element):
            node.children = [nodes.paragraph(label=f"fresh{count}")]
        elif edit == "clear" and isinstance(node, nodes.Element):
            node.children.clear()
    return seen


@settings(max_examples=300, deadline=None)
@given(
    tree=trees(),
    cls=st.sampled_from([None, nodes.Element, nodes.Text, nodes.Inline, nodes.reference, nodes.section]),
    edits=st.dictionaries(st.integers(0, 30), st.sampled_from(["remove", "insert", "append", "replace", "clear"])),
)
def test_fast_findall_walks_as_docutils_does(tree, cls, edits):
    """The same nodes in the same order as docutils' recursive walk, on trees changed while
    they are walked (docutils calls the result undefined: ours gives what it gives)."""
    fast, slow = tree.deepcopy(), tree.deepcopy()
    walks.use_fast_findall()
    mine = walk(fast, cls, edits)
    nodes.Node._fast_findall, nodes.Node._superfast_findall = walks.ORIGINAL_FINDALL
    try:
        theirs = walk(slow, cls, edits)
    finally:
        walks.use_fast_findall()
    assert mine == theirs
    assert fast.pformat() == slow.pformat()
