"""A body section headed by the mascot's name becomes the mascot's card.

Writers often end an article (or a timeline entry) with ``## Technyan's Comment`` / ``## テクにゃんのコメント``
and the mascot's longer take. Left alone it is a plain heading after the front-matter
card: the mascot would speak twice in two styles. :class:`MascotSections` turns such a
section, at any heading level, into the same ``newsdesk_mascot`` node as the ``{mascot}``
directive and the front-matter comment, where the writer put it. Its content is the
parsed body (already through the body policy), so it keeps its inline markup, unlike the
front-matter comment; its heading, anchor and table-of-contents entry go away.

A heading is the mascot's when, folded (NFKC, case, punctuation, symbols and spaces
dropped), it is one of the configured names (``newsdesk_mascot_name``, any locale) alone,
followed by a comment word (``Technyan's Comment``, ``Technyan says``, ``テクにゃん.の
コメント``, ``テクにゃんの一言``), or after one (``Comment from Technyan``).

With a front-matter ``technyanComment`` too, both are shown: the short one near the lead,
the section's where it stands (docs/architecture.md says why); a section whose text is
the front-matter comment's (whitespace folded, enclosing quotes ignored) is shown once,
as the front-matter card.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from . import i18n
from .cards import mascot_card_nodes
from .config import NewsdeskConfig
from .state import find_site

#: Words a mascot heading may add to the name, folded (see :func:`fold`).
COMMENT_WORDS = (
    "comment",
    "comments",
    "commentary",
    "corner",
    "note",
    "notes",
    "says",
    "take",
    "thoughts",
    "view",
    "word",
    "aword",
    "コメント",
    "ひとこと",
    "一言",
    "感想",
    "つぶやき",
)
#: Between the name and the word: Technyan('s) Comment, テクにゃん(の)コメント, テクにゃん(からの)一言.
AFTER_NAME = ("", "s", "の", "から", "からの")
#: Between the word and the name: Comment (from) Technyan.
BEFORE_NAME = ("", "from", "by", "of")
#: Quote marks a speech bubble makes redundant, opening -> closing.
QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}


@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Text to compare headings by: NFKC, casefolded, without punctuation, symbols or spaces.
    Cached: every heading of every article is compared with the same few names."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")


def is_mascot_heading(title: str, names: Iterable[str]) -> bool:
    """Whether a heading names the mascot: ``Technyan's Comment``, ``テクにゃんのコメント``..."""
    text = fold(title)
    for name in {fold(n) for n in names} - {""}:
        before, found, after = text.partition(name)
        if not found:
            continue
        if not before and (not after or any(after == a + w for a in AFTER_NAME for w in COMMENT_WORDS)):
            return True
        if not after and any(before == w + b for w in COMMENT_WORDS for b in BEFORE_NAME):
            return True
    return False


def same_text(text: str) -> str:
    """What two comments are compared by: whitespace folded, enclosing quotes dropped."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > 1 and QUOTES.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def _flatten(section: nodes.section) -> list[nodes.Node]:
    """A section's content without its title; a subsection's title becomes a rubric
    (a heading in the card, not in the table of contents)."""
    content: list[nodes.Node] = []
    for child in section.children[1:]:
        if isinstance(child, nodes.section):
            content.append(nodes.rubric("", "", *child[0].children))
            content.extend(_flatten(child))
        else:
            content.append(child)
    return content


def _unquote(content: list[nodes.Node]) -> None:
    """A section written as one quotation (``"...!"``): the bubble is the quotation marks."""
    paras = [n for n in content if isinstance(n, nodes.paragraph)]
    if not paras or paras[0] is not content[0] or paras[-1] is not content[-1]:
        return
    texts = [t for t in paras[0].findall(nodes.Text) if t.astext().strip()]
    last = [t for t in paras[-1].findall(nodes.Text) if t.astext().strip()]
    if not texts or not last or texts[0].parent is not paras[0] or last[-1].parent is not paras[-1]:
        return
    head, tail = texts[0], last[-1]
    opening = head.astext().lstrip()[:1]
    closing = QUOTES.get(opening)
    if not closing or not tail.astext().rstrip().endswith(closing) or (head is tail and len(head.strip()) < 2):
        return
    new_head = nodes.Text(head.astext().lstrip()[1:])
    head.parent.replace(head, new_head)
    if head is tail:
        tail = new_head
    tail.parent.replace(tail, nodes.Text(tail.astext().rstrip()[: -len(closing)]))


def _forget_targets(document: nodes.document, section: nodes.section) -> None:
    """The removed headings' ids, names and MyST slugs, so no anchor or label points at them."""
    slugs = [getattr(document, "myst_slugs", {})]
    for node in section.findall(nodes.section):
        ids = set(node["ids"])
        for node_id in ids:
            document.ids.pop(node_id, None)
        for name in node["names"] + node.get("dupnames", []):
            if document.nameids.get(name) in ids:
                del document.nameids[name]
                document.nametypes.pop(name, None)
        slug = node.get("slug")
        for table in slugs:
            table.pop(slug, None)


class MascotSections(SphinxTransform):
    """Articles and timeline entries: a section headed by the mascot's name -> the mascot's card, in place."""

    default_priority = 95  # before the header (100) and before MyST's slug ids (262)

    def apply(self, **kwargs: Any) -> None:
        site = find_site(self.env)
        docname = self.env.docname
        page = (site.by_docname.get(docname) or site.timeline.by_docname.get(docname)) if site is not None else None
        if page is None:
            return
        locale = site.locale
        names = list(NewsdeskConfig.from_sphinx(self.config).mascot_name.values())
        names += [i18n._(loc, "mascot_comment", name=n) for loc in site.catalog.vocabulary.locales for n in list(names)]
        said = {same_text(page.comment)} if page.comment else set()
        for section in list(self.document.findall(nodes.section)):
            if section.parent is None or not section.children or not isinstance(section[0], nodes.title):
                continue  # inside a section already turned into a card, or untitled
            if not is_mascot_heading(section[0].astext(), names):
                continue
            content = _flatten(section)
            _forget_targets(self.document, section)
            text = same_text(" ".join(n.astext() for n in content))
            if not text or text in said:
                section.parent.remove(section)  # nothing new to say: the heading alone goes
                continue
            said.add(text)
            _unquote(content)
            card = mascot_card_nodes(content, locale, self.config)
            card["classes"].append("newsdesk-mascot-section")
            card.source, card.line = section.source, section.line
            section.parent.replace(section, card)  # not replace_self: it would copy the ids
        metadata = self.env.metadata.get(self.env.docname, {})
        if "myst_slugs" in metadata and not metadata["myst_slugs"]:
            del metadata["myst_slugs"]


def setup_mascot_sections(app: Sphinx) -> None:
    app.add_transform(MascotSections)
