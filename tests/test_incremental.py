"""The fast paths give the same site as the slow ones (issue [6 performance]).

Correctness only, never timing (``make bench`` measures): a parallel build writes
the same HTML as a serial one, an incremental rebuild the same as a clean build,
and each cache of :mod:`newsdesk.performance` returns what it replaces.
Every HTML file is compared whole; nothing is masked.
"""

from __future__ import annotations

import difflib
import gc
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE
from sphinx.errors import ConfigError

from newsdesk.performance import NavigationCache

LOCALES = ("en", "ja")
ARTICLE = "articles/20251020/robot-newsroom"


def html_files(outdir: Path) -> dict[str, str]:
    return {p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*.html"))}


def assert_same_site(actual: Path, expected: Path) -> None:
    mine, theirs = html_files(actual), html_files(expected)
    assert sorted(mine) == sorted(theirs)
    for name, text in mine.items():
        if text != theirs[name]:
            diff = "\n".join(
                list(
                    difflib.unified_diff(
                        theirs[name].splitlines(), text.splitlines(), "clean", "incremental", lineterm=""
                    )
                )[:40]
            )
            pytest.fail(f"{name} differs:\n{diff}")


@pytest.fixture
def content(tmp_path):
    path = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, path)
    return path


@pytest.mark.parametrize("locale", LOCALES)
def test_parallel_build_equals_serial(build_site, tmp_path, locale):
    serial = build_site(FIXTURE_SITE, locale, srcdir=tmp_path / "serial")
    parallel = build_site(FIXTURE_SITE, locale, srcdir=tmp_path / "parallel", parallel=2)
    assert "parallel" not in parallel._warning.getvalue()  # no extension forced a serial build
    assert_same_site(parallel.outdir, serial.outdir)


def _edit_body(content: Path) -> None:
    for locale in LOCALES:
        path = content / ARTICLE / f"{locale}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA closing line added later.\n", encoding="utf-8")


def _change_tags(content: Path) -> None:
    for locale in LOCALES:
        path = content / ARTICLE / f"{locale}.md"
        text = path.read_text(encoding="utf-8")
        assert '"AI/ML"]' in text
        path.write_text(text.replace('"AI/ML"]', '"OpenAI"]'), encoding="utf-8")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("change", [_edit_body, _change_tags], ids=["body-edit", "tag-change"])
def test_incremental_rebuild_equals_clean_build(build_site, content, tmp_path, locale, change):
    srcdir = tmp_path / "incremental"
    build_site(content, locale, srcdir=srcdir)
    change(content)
    incremental = build_site(content, locale, srcdir=srcdir)
    clean = build_site(content, locale, srcdir=tmp_path / "clean")
    assert_same_site(incremental.outdir, clean.outdir)


def test_cached_navigation_equals_furo_navigation(build_site, tmp_path, monkeypatch):
    cached = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "cached")
    monkeypatch.setattr(NavigationCache, "key", lambda self, app, pagename: None)
    uncached = build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "uncached")
    assert_same_site(cached.outdir, uncached.outdir)


def test_garbage_collector_is_restored_after_good_and_failed_builds(build_site, tmp_path):
    """Builds pause and freeze the process-wide collector; the process goes on collecting after them."""
    assert gc.isenabled()
    build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "good")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    with pytest.raises(ConfigError, match="not one of the vocabulary's locales"):
        build_site(FIXTURE_SITE, "fr", srcdir=tmp_path / "failed")  # fails in builder-inited
    assert gc.isenabled()
    build_site(FIXTURE_SITE, "ja", srcdir=tmp_path / "after")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_reused_markdown_parser_equals_myst_per_page_parser(build_site, tmp_path, monkeypatch):
    """One parser for every article, and no throwaway document per page, give MyST's own site."""
    import contextlib

    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser

    from newsdesk import bodies

    reused = build_site(FIXTURE_SITE, "ja", srcdir=tmp_path / "reused")

    @contextlib.contextmanager
    def fresh(config, renderer):
        yield create_md_parser(config, renderer)

    monkeypatch.setattr(bodies, "markdown_parser", fresh)
    monkeypatch.setattr(bodies.ArticleRenderer, "setup_render", SphinxRenderer.setup_render)
    per_page = build_site(FIXTURE_SITE, "ja", srcdir=tmp_path / "per-page")
    assert_same_site(reused.outdir, per_page.outdir)


def test_article_renderer_sets_up_a_render_as_myst_does():
    """The attributes our ``setup_render`` sets are MyST's, with the same values."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    from newsdesk.bodies import ArticleRenderer

    document = new_document("page.md", get_default_settings(Parser))
    options = {"myst_config": MdParserConfig(), "document": document}
    env: dict[str, object] = {}
    ours, theirs = ArticleRenderer(None), SphinxRenderer(None)
    built = set(vars(theirs))  # the rules, bound at construction
    ours.setup_render(options, env)
    theirs.setup_render(options, env)
    set_up = {name: value for name, value in vars(theirs).items() if name not in built}
    assert set_up.keys() == {name for name in vars(ours) if name not in built}
    assert set_up["document"] is document
    for name, value in set_up.items():
        assert vars(ours)[name] is value or vars(ours)[name] == value, name


def _settings(values) -> dict[str, object]:
    """A docutils ``Values``' settings, its dependency list by what it holds."""
    found = dict(vars(values))
    found["record_dependencies"] = list(found["record_dependencies"].list)
    return found


@pytest.mark.parametrize("read_config_files", [True, False])
def test_cached_document_settings_equal_a_new_option_parsers(tmp_path, monkeypatch, read_config_files):
    """Each page's docutils settings, put together from what is computed once, equal Sphinx's
    (a new option parser per page), with a docutils.conf in the working folder and after it
    changes; each page has its own dependency list and its own copy of the files' settings."""
    import os
    import time

    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser
    from sphinx.util import docutils as sphinx_docutils

    from newsdesk.performance import DocumentSettings

    original = sphinx_docutils._get_settings
    original = getattr(original, "original", original)  # the build installs the cache process-wide
    cached = DocumentSettings(original)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCUTILSCONFIG", raising=False)
    config = tmp_path / "docutils.conf"
    defaults = {"traceback": True, "env": object(), "smartquotes_locales": [], "language_code": "ja"}
    for text in ("", "[general]\nstrip_classes: one, two\ntab_width: 4\n", "[general]\ntab_width: 2\n"):
        if text:
            config.write_text(text, encoding="utf-8")
            stamp = time.time_ns() + len(text) * 1_000_000_000  # a new modification time each time
            os.utime(config, ns=(stamp, stamp))
        for _ in range(2):  # the second call is served from the cache
            ours = cached(standalone.Reader, MystParser(), defaults=defaults, read_config_files=read_config_files)
            theirs = original(standalone.Reader, MystParser(), defaults=defaults, read_config_files=read_config_files)
            assert _settings(ours) == _settings(theirs)
    again = cached(standalone.Reader, MystParser(), defaults=defaults, read_config_files=read_config_files)
    assert again.record_dependencies is not ours.record_dependencies
    if read_config_files:
        assert ours.tab_width == 2
        assert ours._config_files == ["./docutils.conf"]
    ours.record_dependencies.add("changed.md")
    assert "changed.md" not in again.record_dependencies.list


def test_cached_document_settings_give_sphinxs_site(build_site, tmp_path, monkeypatch):
    from sphinx.util import docutils as sphinx_docutils

    from newsdesk import performance

    cached = build_site(FIXTURE_SITE, "ja", srcdir=tmp_path / "cached")
    assert isinstance(sphinx_docutils._get_settings, performance.DocumentSettings)
    monkeypatch.setattr(sphinx_docutils, "_get_settings", sphinx_docutils._get_settings.original)
    monkeypatch.setattr(performance, "cache_document_settings", lambda: None)
    uncached = build_site(FIXTURE_SITE, "ja", srcdir=tmp_path / "uncached")
    assert not isinstance(sphinx_docutils._get_settings, performance.DocumentSettings)
    assert_same_site(cached.outdir, uncached.outdir)


def test_cached_document_settings_follow_disabled_and_refused_files_and_changed_specs(tmp_path, monkeypatch):
    """``_disable_config`` skips the files (a bad one included) as the parser does; a file docutils
    refuses fails as it fails without the cache; a component whose defaults change is not served
    the old ones."""
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser
    from sphinx.util import docutils as sphinx_docutils

    from newsdesk.performance import DocumentSettings

    original = sphinx_docutils._get_settings
    original = getattr(original, "original", original)
    cached = DocumentSettings(original)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCUTILSCONFIG", raising=False)
    (tmp_path / "docutils.conf").write_text("[general]\nreport_level: bogus\n", encoding="utf-8")
    disabled = {"_disable_config": True, "traceback": True}
    for _ in range(2):
        ours = cached(standalone.Reader, MystParser(), defaults=disabled, read_config_files=True)
        theirs = original(standalone.Reader, MystParser(), defaults=disabled, read_config_files=True)
        assert _settings(ours) == _settings(theirs)
    with pytest.raises(SystemExit) as refused:
        original(standalone.Reader, MystParser(), defaults={}, read_config_files=True)
    with pytest.raises(SystemExit) as ours_refused:
        cached(standalone.Reader, MystParser(), defaults={}, read_config_files=True)
    assert ours_refused.value.code == refused.value.code

    class Changing(MystParser):
        settings_defaults = {"tab_width": 3}  # noqa: RUF012 - changed in place below, on purpose

    assert cached(standalone.Reader, Changing(), defaults={}).tab_width == 3
    Changing.settings_defaults["tab_width"] = 5  # changed in place: the same dict
    assert cached(standalone.Reader, Changing(), defaults={}).tab_width == 5
    parser = Changing()
    parser.settings_defaults = {"tab_width": 7}  # an instance of its own
    assert cached(standalone.Reader, parser, defaults={}).tab_width == 7
    assert _settings(cached(standalone.Reader, Changing(), defaults={})) == _settings(
        original(standalone.Reader, Changing(), defaults={})
    )
