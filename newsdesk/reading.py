"""How long an article takes to read, from its body text, in any locale.

One rule for both locales, because both mix scripts (English articles quote Japanese
names, Japanese ones are full of product names): Latin-script words are read at
:data:`WORDS_PER_MINUTE`, Japanese characters (kanji, hiragana, katakana, counted one
by one) at :data:`CHARACTERS_PER_MINUTE`, and the two times add up. Text is NFKC
normalized first, so full-width ``ＡＩ`` is a word and half-width ｶﾅ is kana.
Punctuation, symbols and emoji are not counted. The result is rounded up to a whole
minute, at least one.

Counted: the body's text, as parsed (headings, paragraphs, lists, tables, the mascot's
section, ``{mascot}`` cards). Not counted: the front matter (title, lead, the front-matter
comment: the reader skims them) and code or math blocks (not read at prose speed).
"""

from __future__ import annotations

import math
import re
import unicodedata

from docutils import nodes

#: Adult silent reading of English non-fiction is about 200-260 words a minute; news with
#: figures and names reads slower than fiction: 220.
WORDS_PER_MINUTE = 220
#: Japanese readers take in about 400-600 characters a minute: 500.
CHARACTERS_PER_MINUTE = 500

_JAPANESE = re.compile(
    "[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)
#: A word: letters and digits, with inner apostrophes, hyphens and dots (``don't``, ``GPT-5``, ``4.5``).
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
#: Nodes whose text is not read as prose.
SKIPPED = (nodes.literal_block, nodes.math_block, nodes.comment, nodes.raw, nodes.system_message, nodes.target)


def counts(text: str) -> tuple[int, int]:
    """(words, Japanese characters) in ``text``."""
    text = unicodedata.normalize("NFKC", text)
    japanese = len(_JAPANESE.findall(text))
    words = len(_WORD.findall(_JAPANESE.sub(" ", text)))
    return words, japanese


def minutes(text: str) -> int:
    """Whole minutes to read ``text`` (at least 1)."""
    words, japanese = counts(text)
    return max(1, math.ceil(words / WORDS_PER_MINUTE + japanese / CHARACTERS_PER_MINUTE))


def body_text(node: nodes.Node, skip: nodes.Node | None = None) -> str:
    """The prose text under ``node``, without code, math, comments and ``skip`` (the title).
    Iterative: a hostile body may nest deeper than Python's recursion limit."""
    parts: list[str] = []
    stack: list[nodes.Node | None] = [node]
    while stack:
        current = stack.pop()
        if current is None:  # end of an element: its last word and the next one's first are two
            parts.append(" ")
        elif current is skip or isinstance(current, SKIPPED):
            continue
        elif isinstance(current, nodes.Text):
            parts.append(current.astext())
        else:
            stack.append(None)
            stack.extend(reversed(current.children))
    return "".join(parts)
