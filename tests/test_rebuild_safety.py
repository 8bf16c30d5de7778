"""Rebuilds that used to publish a site unlike a clean build (issue [10 correct rebuilds]).

One test per defect found on the old main: the sitemap after an edit, the pages of a
deleted article, the template check on the next build, the root page on a no-op,
a build killed with ``kill -9`` during its write phase, and two builds at once (by
``sphinx-build`` and by ``make``), each on content with timeline entries, and the kill during
a rebuild with a timeline change (an impact changed, an entry added). Parallel reads are covered by the differential
harness (tests/test_differential.py). Each compares with a clean build or parses the
output; none times anything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import FIXTURE_SITE, FIXTURE_VOCABULARY, REPO, make_site_dir, warnings_of
from sphinx.errors import ConfigError
from test_differential import (
    PNG,
    TIMELINE_VOCABULARY,
    added_article,
    assert_same_output,
    body_edit,
    timeline_entry_added,
    timeline_impact_changed,
)

from newsdesk.cli import main as cli

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    path = tmp_path / "tree" / "content"
    shutil.copytree(FIXTURE_SITE, path)
    return path


def sitemap_urls(outdir: Path) -> list[str]:
    root = ElementTree.parse(outdir / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


def pages(outdir: Path) -> set[str]:
    return {p.relative_to(outdir).as_posix() for p in outdir.rglob("*.html")}


def test_sitemap_lists_every_page_after_a_one_article_edit(build_site, content, tmp_path):
    build_site(content, "en", srcdir=tmp_path / "site", vocabulary=FIXTURE_VOCABULARY)
    body_edit(content.parent)
    app = build_site(content, "en", srcdir=tmp_path / "site", vocabulary=FIXTURE_VOCABULARY)
    urls = sitemap_urls(app.outdir)
    assert urls == sorted(urls)
    # every page but the 404 page, which is no address of its own (conf.py's sitemap_excludes)
    assert {u.removeprefix("https://newsdesk.example.org/en/") for u in urls} == pages(app.outdir) - {"404.html"}
    clean = build_site(content, "en", srcdir=tmp_path / "clean", vocabulary=FIXTURE_VOCABULARY)
    assert urls == sitemap_urls(clean.outdir)


def test_deleted_article_takes_its_page_and_its_only_tag_page_along(build_site, content, tmp_path):
    first = build_site(content, "en", srcdir=tmp_path / "site", vocabulary=FIXTURE_VOCABULARY)
    assert (first.outdir / "articles/20251105/cpp-agents.html").is_file()
    assert (first.outdir / "tags/c-plus-plus.html").is_file()  # only cpp-agents has C++
    shutil.rmtree(content / "articles/20251105/cpp-agents")
    app = build_site(content, "en", srcdir=tmp_path / "site", vocabulary=FIXTURE_VOCABULARY)
    assert not (app.outdir / "articles/20251105/cpp-agents.html").exists()
    assert not (app.outdir / "tags/c-plus-plus.html").exists()
    assert (app.outdir / "tags/c.html").is_file()  # C is still used by another article
    clean = build_site(content, "en", srcdir=tmp_path / "clean", vocabulary=FIXTURE_VOCABULARY)
    assert_same_output(app.outdir, clean.outdir, "after a deletion")


def test_template_placeholder_is_reported_on_every_build(build_site, content, tmp_path):
    article = content / "articles/20251020/robot-newsroom/en.md"
    text = article.read_text(encoding="utf-8") + "\nTODO: write the article here, in Markdown.\n"
    article.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    for _ in range(2):  # the second build reads nothing: the problem comes from the parse cache
        app = build_site(content, "en", srcdir=tmp_path / "site", vocabulary=FIXTURE_VOCABULARY)
        assert f"robot-newsroom/en.md:{line}: WARNING: body: still the template's TODO: placeholder" in warnings_of(app)


def test_refused_body_construct_is_reported_on_every_build(build_site, content, tmp_path):
    article = content / "articles/20251020/robot-newsroom/en.md"
    text = article.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n"
    article.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    for _ in range(2):
        app = build_site(content, "en", srcdir=tmp_path / "site", vocabulary=FIXTURE_VOCABULARY)
        assert f"robot-newsroom/en.md:{line}: WARNING: body: raw HTML" in warnings_of(app)


def test_root_page_is_written_only_when_it_changes(tmp_path):
    for locale in ("en", "ja"):
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "index.html").write_text("<html></html>", encoding="utf-8")
    assert cli(["landing", str(tmp_path)]) == 0
    root = tmp_path / "index.html"
    stamp = root.stat().st_mtime_ns
    os.utime(root, ns=(stamp - 10**9, stamp - 10**9))
    assert cli(["landing", str(tmp_path)]) == 0
    assert root.stat().st_mtime_ns == stamp - 10**9  # not rewritten
    assert cli(["landing", str(tmp_path), "--locales", "en"]) == 0
    assert 'hreflang="ja"' not in root.read_text(encoding="utf-8")  # rewritten when it changes


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("newsdesk_comparison_auto", "alll", "newsdesk_comparison_auto = 'alll' is not one of"),
        ("newsdesk_comparison_auto", "alll", "did you mean 'all'?"),
        ("newsdesk_feed_length", 0, "newsdesk_feed_length must be at least 1"),
    ],
)
def test_config_typo_is_an_error_not_a_fallback(build_site, tmp_path, option, value, message):
    with pytest.raises(ConfigError, match=message.replace("?", r"\?").replace("(", r"\(")):
        build_site(FIXTURE_SITE, "en", srcdir=tmp_path / "site", **{option: value})


# ------------------------------------------------------------------ real processes
KILLER = """\
import os, signal

def setup(app):
    count = {"pages": 0}
    at = int(os.environ.get("KILL_AT_PAGE", "0"))

    def page(app, pagename, *args):
        count["pages"] += 1
        if count["pages"] == at:
            os.kill(os.getpid(), signal.SIGKILL)

    app.connect("html-page-context", page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


class Tree:
    """A content tree and the command lines that build it as ``make html-<locale>`` does: the
    fixture site's articles and a timeline entry (with the differential harness's timeline
    vocabulary), so that the timeline's pages, company page and fingerprints are at stake too."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "tree" / "content"
        shutil.copytree(FIXTURE_SITE, self.content)
        self.vocabulary = root / "tree" / "vocabulary.yaml"
        self.vocabulary.write_text(
            FIXTURE_VOCABULARY.read_text(encoding="utf-8") + TIMELINE_VOCABULARY, encoding="utf-8"
        )
        timeline_entry_added(self.content.parent)
        (root / "ext").mkdir()
        (root / "ext" / "killer.py").write_text(KILLER, encoding="utf-8")

    def command(self, name: str, *, kill_at: int = 0) -> tuple[list[str], dict[str, str]]:
        """The same configuration for every build (the killer is loaded always and acts only
        when asked), so that nothing but the repair makes the next build write every page."""
        site = make_site_dir(self.root / name)
        conf = site / "conf.py"
        if "killer" not in conf.read_text(encoding="utf-8"):
            with conf.open("a", encoding="utf-8") as stream:
                stream.write("extensions.append('killer')\n")
        env = {
            **os.environ,
            "NEWSDESK_CONTENT": str(self.content),
            "NEWSDESK_LOCALE": "en",
            "PYTHONPATH": os.pathsep.join([str(self.root / "ext"), str(REPO)]),
            "KILL_AT_PAGE": str(kill_at),
        }
        vocabulary = f"newsdesk_vocabulary={self.vocabulary}"
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", "1", "-q", "-D", vocabulary]
        command += ["-d", str(site / "_build" / "doctrees"), str(site), str(site / "_build" / "html")]
        return command, env

    def run(self, name: str, *, kill_at: int = 0, verbose: bool = False) -> subprocess.CompletedProcess[str]:
        """Run one build to its end. Output goes to files, not pipes: a killed build leaves
        sphinx-sitemap's manager process behind, which would hold a pipe open; the whole
        process group is ended afterwards."""
        command, env = self.command(name, kill_at=kill_at)
        if verbose:
            command.remove("-q")
        log = self.root / f"{name}.log"
        with log.open("w+", encoding="utf-8") as stream:
            process = subprocess.Popen(command, env=env, stdout=stream, stderr=stream, start_new_session=True)
            try:
                code = process.wait(timeout=300)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
            stream.seek(0)
            output = stream.read()
        return subprocess.CompletedProcess(command, code, output, output)

    def outdir(self, name: str) -> Path:
        return self.root / name / "_build" / "html"


@pytest.mark.slow
def test_a_build_killed_while_writing_is_repaired_by_the_next(tmp_path):
    tree = Tree(tmp_path)
    assert tree.run("site").returncode == 0
    assert (tree.outdir("site") / "timeline/202501-event-1.html").is_file()
    added_article(tree.content.parent)
    body_edit(tree.content.parent)
    timeline_impact_changed(tree.content.parent)  # the timeline page and the company page change
    timeline_entry_added(tree.content.parent)  # and a new entry page
    killed = tree.run("site", kill_at=4)
    assert killed.returncode == -signal.SIGKILL
    repaired = tree.run("site", verbose=True)
    assert repaired.returncode == 0, repaired.stderr
    assert "did not finish" in repaired.stdout
    assert "Traceback" not in repaired.stderr
    assert tree.run("clean").returncode == 0
    assert_same_output(tree.outdir("site"), tree.outdir("clean"), "after kill -9")
    again = tree.run("site", verbose=True)  # and the repair is not repeated
    assert "did not finish" not in again.stdout


@pytest.mark.slow
def test_two_builds_at_once_end_like_a_clean_build(tmp_path):
    tree = Tree(tmp_path)
    assert tree.run("site").returncode == 0
    added_article(tree.content.parent)
    timeline_entry_added(tree.content.parent)
    (tree.content / "articles/20251020/robot-newsroom/chart.png").write_bytes(PNG)
    command, env = tree.command("site")
    started = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    results = [process.communicate(timeout=300) for process in started]
    for process, (_out, err) in zip(started, results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert tree.run("clean").returncode == 0
    assert_same_output(tree.outdir("site"), tree.outdir("clean"), "two builds at once")


@pytest.mark.slow
def test_two_make_html_at_once_give_no_error_and_one_site(tmp_path):
    if not (REPO / ".venv" / "bin" / "sphinx-build").exists():
        pytest.skip("make html needs the project's .venv (make venv)")
    build = tmp_path / "build"
    content = tmp_path / "content"
    shutil.copytree(REPO / "source" / "articles", content / "articles")
    shutil.copytree(REPO / "source" / "timeline", content / "timeline")
    command = ["make", "-s", "-C", str(REPO), "html", f"BUILD={build}", f"CONTENT={content}", "JOBS=1"]
    env = dict(os.environ)
    started = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=600)[0] for process in started]
    for process, output in zip(started, outputs, strict=True):
        assert process.returncode == 0, output
        assert "cannot stat" not in output
        assert "Traceback" not in output
        assert "social cards will not be generated" not in output  # sphinxext-opengraph's, without matplotlib
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=True)
    assert again.stdout.count("up to date") == 2, textwrap.shorten(again.stdout, 400)
