"""Shared fixtures: build a site from a content folder with ``sphinx.testing``.

A test site is a folder holding a ``conf.py`` that executes the project's own
``conf.py`` (so tests build with the real configuration), used as Sphinx's
source/staging folder; the content (``articles/``) is read from where it lies.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
FIXTURE_VOCABULARY = FIXTURE_SITE / "vocabulary.yaml"
SHARED = (REPO.parent / "shared").resolve()
CORPUS = SHARED / "corpus"

SHIM = """\
import os
__file__ = {conf!r}
exec(compile(open(__file__, encoding="utf-8").read(), __file__, "exec"))
"""


def make_site_dir(path: Path) -> Path:
    """A staging folder with a conf.py that runs the project's conf.py."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "conf.py").write_text(SHIM.format(conf=str(REPO / "conf.py")), encoding="utf-8")
    return path


@pytest.fixture
def build_site(make_app: Callable, tmp_path: Path) -> Callable:
    """``build_site(content, locale="en", buildername="html", **confoverrides)`` -> app.

    Builds once (unless ``build=False``) and returns the Sphinx app; ``app.outdir`` holds the output and
    ``app._warning.getvalue()`` the warnings.
    """

    previous: list = []

    def build(
        content: Path = FIXTURE_SITE,
        locale: str = "en",
        buildername: str = "html",
        *,
        vocabulary: Path | None = None,
        srcdir: Path | None = None,
        parallel: int = 0,
        build: bool = True,
        **overrides: object,
    ):
        if vocabulary is None:
            vocabulary = FIXTURE_VOCABULARY if content == FIXTURE_SITE else REPO / "source/_data/vocabulary.yaml"
        site_dir = make_site_dir(srcdir or tmp_path / f"site-{locale}-{buildername}")
        confoverrides = {
            "language": locale,
            "newsdesk_content_dir": str(content),
            "newsdesk_vocabulary": str(vocabulary),
            **overrides,
        }
        while previous:  # docutils' node registry is global: unregister the last app's nodes
            previous.pop().cleanup()
        app = make_app(buildername, srcdir=site_dir, confoverrides=confoverrides, parallel=parallel)
        previous.append(app)
        if build:
            app.build()
        return app

    return build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings_of(app) -> str:
    return app._warning.getvalue()


def require_corpus() -> Path:
    if not (CORPUS / "articles").is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); it lives beside the project checkout")
    return CORPUS


os.environ.setdefault("NEWSDESK_SITE_URL", "https://newsdesk.example.org/")
