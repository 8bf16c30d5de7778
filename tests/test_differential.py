"""The oracle for every cache (issue [10 correct rebuilds]): a rebuild equals a clean build.

A content tree goes through a sequence of changes. After each one, the same tree is
rebuilt incrementally with ``-j 1`` and with ``-j 2`` (each in its own folders, kept
from change to change) and built clean in new folders; every output file is then
compared byte for byte, nothing masked. The fixed sequence covers every kind of
change; a Hypothesis test (``slow``, run by CI and ``make bench``) draws sequences.

With ``-j 2`` Sphinx 9 reads (and writes) in worker processes whatever the number
of documents, so every step exercises the merge of per-document state
(:mod:`newsdesk.state`): emptying ``merge_domaindata`` fails the tag change.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, FIXTURE_VOCABULARY, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ARTICLE = "articles/20251020/robot-newsroom"
OTHER = "articles/20251118/cloud-deal-brief"


# ------------------------------------------------------------------ the changes
def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(tree: Path, article: str) -> list[Path]:
    """The locale files the article still has (an earlier change may have removed one, or
    moved the folder: then there is nothing to change, and the rebuild is a no-op)."""
    return sorted((tree / "content" / article).glob("*.md"))


def body_edit(tree: Path) -> None:
    for path in _files(tree, ARTICLE):
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more closing line.\n", encoding="utf-8")


def tag_change(tree: Path) -> None:
    """New tags: the article's badges and tag pages, and other articles' related lists."""
    for path in _files(tree, ARTICLE):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"Robotics"', '"OpenAI"', 1), encoding="utf-8")


def title_change(tree: Path) -> None:
    """A new title: a new h1, feed entry, listing card and social card (newsdesk.social), and other
    articles' related lists (cpp-agents' holds robot-newsroom): those are read again
    (:func:`newsdesk.articles.outdated_headers`)."""
    for path in _files(tree, ARTICLE):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'^title: "', 'title: "Updated: ', text, count=1, flags=re.M), encoding="utf-8")


def category_change(tree: Path) -> None:
    for path in _files(tree, OTHER):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('category: "Claude"', 'category: "ChatGPT"', 1), encoding="utf-8")


def date_change(tree: Path) -> None:
    """A new date moves the folder: a new docname, a new month, new neighbours."""
    source = tree / "content" / OTHER
    if not source.is_dir():
        return
    target = tree / "content" / "articles/20250915/cloud-deal-brief"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)
    for path in target.glob("*.md"):
        _edit(path, "date: 2025-11-18", "date: 2025-09-15")


NEW = """---
title: "Late News {n}"
description: "Something happened late, part {n}."
date: 2025-12-{day:02d}
category: "Other"
tags: ["OpenAI", "Robotics"]
locale: "{locale}"
---

A short body with a chart: ![chart](chart.png)
"""


def added_article(tree: Path) -> None:
    for n in range(1, 10):
        folder = tree / "content" / f"articles/202512{10 + n:02d}/late-news-{n}"
        if not folder.exists():
            break
    folder.mkdir(parents=True)
    (folder / "chart.png").write_bytes(PNG)
    for locale in ("en", "ja"):
        (folder / f"{locale}.md").write_text(NEW.format(n=n, day=10 + n, locale=locale), encoding="utf-8")


def deleted_article(tree: Path) -> None:
    """The only article tagged "C++" goes, so its tag page must go too."""
    for folder in sorted((tree / "content" / "articles").glob("*/*")):
        if any('"C++"' in p.read_text(encoding="utf-8") for p in folder.glob("*.md")) or folder.name.startswith(
            "late-news"
        ):
            shutil.rmtree(folder)
            return


def renamed_slug(tree: Path) -> None:
    source = tree / "content" / ARTICLE
    if source.is_dir():
        source.rename(source.with_name("robot-newsroom-renamed"))


def translation_added(tree: Path) -> None:
    folder = tree / "content" / "articles/20251201/winter-roundup"
    target = folder / "ja.md"
    if folder.is_dir() and not target.exists():
        text = (folder / "en.md").read_text(encoding="utf-8").replace('locale: "en"', 'locale: "ja"')
        target.write_text(text, encoding="utf-8")


def translation_removed(tree: Path) -> None:
    for path in sorted((tree / "content" / "articles").glob("*/*/ja.md")):
        if (path.parent / "en.md").exists():
            path.unlink()
            return


ENTRY = """---
title: "Timeline Event {n}"
description: "Something happened, event {n}."
date: 2025-0{n}-01
category: "Model Release"
impactLevel: "high"
relatedCompanies: ["OpenAI"]
tags: ["OpenAI"]
locale: "{locale}"
---

What happened.
"""
#: The timeline part of the harness's vocabulary (issue [14 timeline]).
TIMELINE_VOCABULARY = """
timeline_categories:
  - name: Model Release
    labels: {ja: モデルリリース}
  - name: Investment
companies:
  - name: OpenAI
"""


def timeline_entry_added(tree: Path) -> None:
    """A new entry: the timeline page, the company page and the articles sharing OpenAI change."""
    for n in range(1, 10):
        folder = tree / "content" / f"timeline/20250{n}-event-{n}"
        if not folder.exists():
            break
    for locale in ("en", "ja"):
        path = folder / f"{locale}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ENTRY.format(n=n, locale=locale), encoding="utf-8")


def timeline_impact_changed(tree: Path) -> None:
    for path in sorted((tree / "content" / "timeline").glob("*/*.md"))[:2]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('impactLevel: "high"', 'impactLevel: "low"', 1), encoding="utf-8")


def page_tag_added(tree: Path) -> None:
    """A tag added to a hand-written page's ``{tags}``: in en no article may have it any more
    (tag_change), so its tag page then holds the page alone; a later relabel re-reads the page."""
    for path in sorted((tree / "pages").glob("*/frontier-labs.md")):
        text = path.read_text(encoding="utf-8")
        if "{tags} Anthropic, OpenAI\n" in text:
            path.write_text(text.replace("{tags} Anthropic, OpenAI\n", "{tags} Anthropic, OpenAI, Robotics\n"), "utf-8")


def page_tags_removed(tree: Path) -> None:
    """The English hand-written page loses its ``{tags}``: it leaves every tag page and count."""
    path = tree / "pages" / "en" / "frontier-labs.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"```\{tags\}[^\n]*\n```\n", "", text), encoding="utf-8")


ROBOTICS_LABELS = ("labels: {ja: ロボティクス}", "labels: {en: Robots, ja: ロボット}")


def vocabulary_change(tree: Path) -> None:
    """A tag relabelled in both locales; drawn again, it goes back (each draw is a real change)."""
    path = tree / "vocabulary.yaml"
    old, new = ROBOTICS_LABELS if ROBOTICS_LABELS[0] in path.read_text(encoding="utf-8") else ROBOTICS_LABELS[::-1]
    _edit(path, old, new)


def template_change(tree: Path) -> None:
    page = tree / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n{# a template edit #}<!-- edited -->\n", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        body_edit,
        tag_change,
        title_change,
        category_change,
        date_change,
        added_article,
        deleted_article,
        renamed_slug,
        translation_added,
        translation_removed,
        timeline_entry_added,
        timeline_impact_changed,
        page_tag_added,
        vocabulary_change,
        page_tags_removed,
        template_change,
    )
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


# ------------------------------------------------------------------ the oracle
#: Files of the Pagefind bundle that Pagefind writes in a random order (its filters come from a
#: Rust HashMap), and the two that name them by content hash: compared as data, not as bytes.
UNORDERED = re.compile(r"^pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")


def outputs(outdir: Path) -> dict[str, bytes]:
    """Every output file, byte for byte; Pagefind's unordered files as one canonical entry."""
    files = {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}
    unordered = {name for name in files if UNORDERED.match(name)}
    if unordered:
        files = {name: data for name, data in files.items() if name not in unordered}
        files["pagefind/(filters, meta and entry, as data)"] = pagefind_as_data(outdir / "pagefind")
    return files


def pagefind_as_data(bundle: Path) -> bytes:
    """The filters, meta and entry files of a Pagefind bundle, decoded (gzip, then CBOR after
    Pagefind's signature), with every list in a stable order and the hashes that name filter
    and meta files replaced by what they name."""
    import cbor2

    def decode(path: Path) -> object:
        return cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])

    def canonical(value: object, names: dict[str, object]) -> object:
        if isinstance(value, str):
            return names.get(value, re.sub(r"^[a-z-]+_[0-9a-f]{7,}$", "<hash>", value))
        if isinstance(value, list | tuple):
            return sorted((canonical(item, names) for item in value), key=repr)
        return value

    filters = {path.stem: canonical(decode(path), {}) for path in sorted(bundle.glob("filter/*.pf_filter"))}
    metas = [canonical(decode(path), filters) for path in sorted(bundle.glob("pagefind.*.pf_meta"))]
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry.get("languages", {}).values():
        language["hash"] = "<meta>"
    return repr((sorted(filters.values(), key=repr), metas, entry)).encode("utf-8")


def assert_same_output(actual: Path, expected: Path, what: str) -> None:
    mine, theirs = outputs(actual), outputs(expected)
    missing, extra = sorted(set(theirs) - set(mine)), sorted(set(mine) - set(theirs))
    assert (missing, extra) == ([], []), f"{what}: files missing (left) or extra (right)"
    for name, data in mine.items():
        if data != theirs[name]:
            diff = difflib.unified_diff(
                theirs[name].decode("utf-8", "replace").splitlines(),
                data.decode("utf-8", "replace").splitlines(),
                "clean",
                what,
                lineterm="",
                n=1,
            )
            pytest.fail(f"{what}: {name} differs from a clean build:\n" + "\n".join(list(diff)[:40]))


class Harness:
    """One content tree, its incremental builds (-j 1 and -j 2) and fresh clean builds."""

    def __init__(self, build_site: Callable, root: Path, locales: tuple[str, ...] = ("en", "ja")) -> None:
        self.build_site = build_site
        self.root = root
        self.locales = locales
        self.tree = root / "tree"
        shutil.copytree(FIXTURE_SITE / "articles", self.tree / "content" / "articles")
        shutil.copy(FIXTURE_VOCABULARY, self.tree / "vocabulary.yaml")
        with (self.tree / "vocabulary.yaml").open("a", encoding="utf-8") as stream:
            stream.write(TIMELINE_VOCABULARY)
        shutil.copytree(REPO / "source" / "pages", self.tree / "pages")
        shutil.copytree(REPO / "_templates", self.tree / "templates")
        self.clean_builds = 0

    def build(self, locale: str, srcdir: Path, parallel: int):
        return self.build_site(
            self.tree / "content",
            locale,
            srcdir=srcdir,
            parallel=parallel,
            vocabulary=self.tree / "vocabulary.yaml",
            templates_path=[str(self.tree / "templates")],
            newsdesk_pages_dir=str(self.tree / "pages"),
        )

    def check(self, step: str) -> None:
        for locale in self.locales:
            incremental = {jobs: self.build(locale, self.root / f"inc-{locale}-j{jobs}", jobs) for jobs in (1, 2)}
            self.clean_builds += 1
            clean = self.build(locale, self.root / f"clean-{self.clean_builds}-{locale}", 2)
            for jobs, app in incremental.items():
                assert_same_output(app.outdir, clean.outdir, f"{step} ({locale}, -j {jobs})")
            shutil.rmtree(clean.srcdir.parent / clean.srcdir.name)  # keep tmp small


@pytest.mark.slow
def test_every_kind_of_change_rebuilds_like_a_clean_build(build_site, tmp_path):
    harness = Harness(build_site, tmp_path)
    harness.check("first build")
    for name, change in CHANGES.items():
        change(harness.tree)
        harness.check(name)


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(sorted(CHANGES)), min_size=2, max_size=4))
def test_drawn_change_sequences_rebuild_like_a_clean_build(build_site, tmp_path_factory, sequence):
    harness = Harness(build_site, tmp_path_factory.mktemp("drawn"), locales=("en",))
    harness.check("first build")
    for name in sequence:
        CHANGES[name](harness.tree)
        harness.check(name)


def test_a_tag_added_to_a_hand_written_page_rebuilds_like_a_clean_build(build_site, tmp_path):
    """The hand-written page's new tag (one no English article has after tag_change) makes a
    tag page of the page alone; relabelling the tag re-reads the page; removing the {tags} drops it."""
    harness = Harness(build_site, tmp_path)
    harness.check("first build")
    for change in (tag_change, page_tag_added, vocabulary_change, page_tags_removed):
        change(harness.tree)
        harness.check(change.__name__)
