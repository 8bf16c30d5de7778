"""Property: no front matter, however broken, raises anything but our validation error.

``frontmatter.read`` raises only :class:`FrontMatterError`; ``Catalog.load`` never raises
and turns every failure into :class:`Problem` records with a location.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_VOCABULARY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk import frontmatter
from newsdesk.catalog import Catalog
from newsdesk.frontmatter import FrontMatterError, Problem
from newsdesk.model import FrontMatter
from newsdesk.vocabulary import Vocabulary

VOCABULARY = Vocabulary.load(FIXTURE_VOCABULARY)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [*FrontMatter.known_keys(), "Title", "tag", "technyan_comment", "? x", "- a", "<<", "&a k", "'q'", ""]
#: Pieces that stress YAML: flow collections, anchors, aliases, tags, block scalars, quotes, tabs.
TOKENS = [
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object/apply:os.system ",
    "!local ",
    "|",
    ">",
    '"',
    "'",
    "#",
    "\t",
    "  ",
    "\n",
    "\r\n",
    "\\",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "---",
    "...",
    "%YAML 1.1",
    "? ",
    "2025-11-18",
    "2025-13-45",
    "November 18, 2025",
    "Claud",
    "Antrophic",
    "null",
    "~",
    "true",
    "1e9999",
    "0x1F",
    ".inf",
    "こんにちは",
    "<script>",
    "{sub}`x`",
]
VALUES = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(TOKENS), max_size=8).map("".join),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=12).map("".join),
)
LINES = st.tuples(st.sampled_from(KEYS), VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}")
YAMLISH = st.lists(LINES, max_size=10).map("\n".join)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS[:10]) | st.text(max_size=10), JSONISH, max_size=9)


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article file, rewritten by each example, in a content tree."""
    path = tmp_path_factory.mktemp("property") / "articles" / "20251118" / "some-news" / "en.md"
    path.parent.mkdir(parents=True)
    return path


def assert_only_validation_errors(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        result: object = frontmatter.read(path)
    except FrontMatterError as exc:  # ours: located and worded
        result = exc
    if isinstance(result, FrontMatterError):
        assert result.line >= 1
        assert result.field
        assert result.message
    else:
        assert isinstance(result.data, dict)
    catalog = Catalog.load(path.parents[3], VOCABULARY)  # never raises
    for problem in catalog.problems:
        assert isinstance(problem, Problem)
        assert 1 <= problem.line <= data.count(b"\n") + data.count(b"\r") + 2
        assert "\n" not in problem.format(), problem  # one line per problem
    assert len(catalog.articles) + len(catalog.errors()) >= 1  # valid, or at least one error


@SETTINGS
@given(text=st.text())
def test_arbitrary_front_matter_text(article, text):
    assert_only_validation_errors(article, f"---\n{text}\n---\nbody\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(text=YAMLISH)
def test_yaml_like_front_matter(article, text):
    assert_only_validation_errors(article, f"---\n{text}\n---\nbody\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(document=DOCUMENTS)
def test_any_yaml_document_as_front_matter(article, document):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=None)
    assert_only_validation_errors(article, f"---\n{text}---\nbody\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=400), prefix=st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf---\r\n"]))
def test_arbitrary_bytes(article, data, prefix):
    assert_only_validation_errors(article, prefix + data)
