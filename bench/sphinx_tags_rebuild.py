"""What sphinx-tags' own generator would cost a rebuild (docs/architecture.md, "Tags").

``.venv/bin/python bench/sphinx_tags_rebuild.py <empty folder> [content]`` builds ``content``
(the shared corpus by default) in English: a first build, two no-op rebuilds, then two rebuilds
with sphinx-tags' ``update_tags`` left connected at ``builder-inited``, as sphinx-tags connects it
(before newsdesk stages its pages; it deletes and rewrites every tag file). Prints each build's
time and the documents Sphinx read.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from conftest import make_site_dir  # noqa: E402 - after the path is set
from sphinx.application import Sphinx  # noqa: E402

from newsdesk import tagging  # noqa: E402

DISCONNECT = tagging.replace_update_tags


def english_app(src: Path, out: Path, doctrees: Path, content: Path) -> Sphinx:
    """A quiet English HTML build of ``content`` with the project's configuration (shared by the
    sphinx-tags benches)."""
    return Sphinx(
        str(src),
        str(src),
        str(out),
        str(doctrees),
        "html",
        confoverrides={
            "language": "en",
            "newsdesk_content_dir": str(content),
            "newsdesk_vocabulary": str(REPO / "source/_data/vocabulary.yaml"),
        },
        status=io.StringIO(),
        warning=io.StringIO(),
    )


def build(root: Path, content: Path, theirs: bool = False) -> tuple[float, list[str]]:
    read: list[str] = []
    src = make_site_dir(root / "src")
    tagging.replace_update_tags = (lambda app: None) if theirs else DISCONNECT  # read at setup
    app = english_app(src, root / "out", root / "doctrees", content)
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    start = time.perf_counter()
    app.build()
    return time.perf_counter() - start, read


def main() -> None:
    root = Path(sys.argv[1])
    content = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO.parent / "shared" / "corpus"
    runs = [
        ("first build", False),
        ("no-op rebuild", False),
        ("no-op rebuild", False),
        ("no-op rebuild, sphinx-tags' update_tags connected", True),
        ("no-op rebuild, sphinx-tags' update_tags connected", True),
    ]
    for label, theirs in runs:
        seconds, read = build(root, content, theirs)
        tags = sum(1 for docname in read if docname.startswith("tags/"))
        print(f"{label}: {seconds:.1f} s, {len(read)} documents read ({tags} tag pages)", flush=True)


if __name__ == "__main__":
    main()
