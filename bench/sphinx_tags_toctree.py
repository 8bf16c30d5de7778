"""What sphinx-tags' toctree pages would cost the navigation (docs/architecture.md, "Tags").

``.venv/bin/python bench/sphinx_tags_toctree.py <empty folder> [content]`` builds a copy of ``content``
(the shared corpus by default) in English twice, once per design:

- ``ours``: the site as it ships (orphan tag pages holding listings, an overview with a terms list);
- ``toctree``: the same site with sphinx-tags' own page generation: each tag page is the text its
  ``Tag.create_file()`` writes (a toctree of the tagged documents), the overview the text its
  ``tagpage()`` writes (``tags/tagsindex``, a toctree of the tags with their counts), put in the
  root toctree instead of ``tags/index`` as sphinx-tags' docs tell users to do.

The experiment is this module loaded as one more extension (a conf.py of the bench's own, never
the production path); it wraps ``newsdesk.tagging.Tagger.plan`` in its process, so the pages are
still staged (written only when their text changes) and only the page text differs.

For each design: a clean build, a no-op rebuild, then a rebuild after one article's tags changed
(one tag swapped for another that exists). Prints each build's time, the documents read
(``env-before-read-docs``), the pages written (``html-page-context``) and the HTML files whose
mtime changed, and, after the clean build, the size of one article page and the number of links in
its furo sidebar navigation (``.sidebar-tree``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bs4 import BeautifulSoup  # noqa: E402
from conftest import SHIM  # noqa: E402 - after the path is set
from sphinx.application import Sphinx  # noqa: E402
from sphinx_tags_rebuild import english_app  # noqa: E402 - the sibling bench

#: The article whose tags the third build changes, and the swap (both tags stay on other articles).
ARTICLE = "articles/20251015/claude-haiku-4-5-release"
SWAP = ('"Large Language Models"', '"Developer Tools"')

_config: dict[str, Any] = {}


def _original_plan() -> Any:
    from newsdesk import tagging

    return tagging.Tagger.plan


ORIGINAL_PLAN = _original_plan()


# ------------------------------------------------------------------ the experiment extension
class _Staged:
    """An entry as sphinx-tags' ``create_file`` sees it: a file in the staging folder."""

    def __init__(self, docname: str) -> None:
        self.docname = docname

    def relpath(self, root_dir: object) -> str:
        return f"{self.docname}.md"


def toctree_plan(self: Any, index: Any) -> dict[str, Any]:
    """sphinx-tags' own pages (``Tag.create_file``, ``tagpage``), as text staged by newsdesk."""
    import sphinx_tags

    from newsdesk.staging import Generated

    config = _config["config"]
    base = index.tags_dir
    plan: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / base).mkdir(parents=True)
        for slug, tag in index.tags.items():
            items = [_Staged(entry.docname) for entry in tag.items]
            tag.create_file(items, ["md"], base, tmp, self.titles.page_title, config.tags_page_header)
            plan[f"{base}/{slug}.md"] = Generated((Path(tmp) / base / f"{slug}.md").read_text("utf-8"))
        sphinx_tags.tagpage(
            index.tags, str(Path(tmp) / base), self.titles.overview_title, ["md"], self.titles.index_head
        )
        plan[f"{base}/tagsindex.md"] = Generated((Path(tmp) / base / "tagsindex.md").read_text("utf-8"))
    # the root toctree (and its link) names sphinx-tags' overview instead of ours
    root = Path(config.newsdesk_pages_dir) / index.locale / "index.md"
    text = root.read_text("utf-8").replace(f"{base}/index", f"{base}/tagsindex")
    plan["index.md"] = Generated(text)
    return plan


def remember_config(app: Sphinx, config: Any) -> None:
    _config["config"] = config


def setup(app: Sphinx) -> dict[str, Any]:
    from newsdesk import tagging

    tagging.Tagger.plan = toctree_plan  # this process only: the bench's build
    app.connect("config-inited", remember_config)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------ the measurement
def build(root: Path, content: Path, design: str) -> dict[str, Any]:
    from newsdesk import tagging

    tagging.Tagger.plan = ORIGINAL_PLAN  # the extension wraps it again in the toctree design
    src = root / "src"
    src.mkdir(parents=True, exist_ok=True)
    extra = "\nextensions = [*extensions, 'sphinx_tags_toctree']\n" if design == "toctree" else ""
    (src / "conf.py").write_text(SHIM.format(conf=str(REPO / "conf.py")) + extra, encoding="utf-8")
    out = root / "out"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} if out.is_dir() else {}
    read: list[str] = []
    written: list[str] = []
    app = english_app(src, out, root / "doctrees", content)
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename))
    start, cpu = time.perf_counter(), time.process_time()
    app.build()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    changed = [p for p, m in after.items() if before.get(p) != m]
    figures = {"seconds": seconds, "cpu": cpu, "read": read, "written": written, "changed": changed}
    return {**figures, "out": out, "app": app}


def article_figures(out: Path) -> tuple[int, int, int]:
    """(bytes of the article page, bytes of its sidebar tree, links in its sidebar tree)."""
    page = out / f"{ARTICLE}.html"
    html = page.read_text("utf-8")
    tree = BeautifulSoup(html, "html.parser").select_one(".sidebar-tree")
    return len(html.encode("utf-8")), len(str(tree).encode("utf-8")), len(tree.find_all("a"))


def report(label: str, result: dict[str, Any]) -> None:
    read = result["read"]
    tags = sum(1 for d in read if d.startswith("tags/"))
    print(
        f"  {label}: {result['seconds']:.1f} s ({result['cpu']:.1f} s CPU), "
        f"{len(read)} documents read ({tags} tag pages), "
        f"{len(result['written'])} pages written (html-page-context), "
        f"{len(result['changed'])} HTML files changed (mtime)",
        flush=True,
    )


def main() -> None:
    root = Path(sys.argv[1])
    content = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO.parent / "shared" / "corpus"
    designs = sys.argv[3:] or ["ours", "toctree"]
    for design in designs:
        where = root / design
        if where.exists():
            shutil.rmtree(where)
        copy = where / "content"
        shutil.copytree(content, copy, symlinks=True)
        print(f"{design}:", flush=True)
        result = build(where, copy, design)
        report("clean build", result)
        page, sidebar, links = article_figures(result["out"])
        total = sum(p.stat().st_size for p in result["out"].rglob("*.html"))
        print(
            f"  article page {ARTICLE}.html: {page} bytes, sidebar tree {sidebar} bytes, "
            f"{links} <a> in .sidebar-tree; all HTML pages: {total} bytes",
            flush=True,
        )
        # (a second Sphinx app in one process registers every node class again: not the design's)
        lines = result["app"]._warning.getvalue().splitlines()
        warnings = [line for line in lines if "WARNING" in line and "while setting up extension" not in line]
        kinds = Counter(line.split("WARNING: ", 1)[-1][:80] for line in warnings)
        print(f"  {len(warnings)} warnings: {dict(kinds.most_common(3))}", flush=True)
        report("no-op rebuild", build(where, copy, design))
        article = copy / f"{ARTICLE}.md"
        if not article.is_file():
            article = copy / ARTICLE / "en.md"
        text = article.read_text("utf-8")
        assert SWAP[0] in text, SWAP
        time.sleep(0.01)
        article.write_text(text.replace(SWAP[0], SWAP[1], 1), encoding="utf-8")
        os.utime(article)
        result = build(where, copy, design)
        report(f"one tag swapped ({SWAP[0]} -> {SWAP[1]})", result)
        print(f"    read: {', '.join(sorted(result['read']))}", flush=True)


if __name__ == "__main__":
    main()
