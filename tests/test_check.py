"""`make check` and `make new` (issue [4 contributors]): format, exit status, consistency rules."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_VOCABULARY, REPO, require_corpus

from newsdesk.cli import main

PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+\.md):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")
#: `make` without re-checking the virtual environment (another test session may be editing requirements).
MAKE = ["make", "--no-print-directory", "-o", ".venv/bin/.installed"]

ARTICLE = """\
---
title: "Cloud Deal"
description: "Two model makers sign cloud commitments."
date: {date}
category: "Claude"
tags: ["Anthropic", "Azure"]
locale: "{locale}"
---

Body.
"""


def article(root: Path, relpath: str, text: str | None = None, **fields: str) -> Path:
    path = root / "articles" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = path.parent.parent.name
    if text is None:
        text = ARTICLE.format(date=f"{folder[:4]}-{folder[4:6]}-{folder[6:]}", locale=path.stem)
        for key, value in fields.items():  # replace a field's value, keeping its line
            text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return path


def run_check(capsys, root: Path, *extra: str) -> tuple[int, str, str]:
    status = main(["check", "--content", str(root), "--vocabulary", str(FIXTURE_VOCABULARY), *extra])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    article(root, "20251118/cloud-deal/en.md")
    article(root, "20251118/cloud-deal/ja.md")
    return root


# --------------------------------------------------------------------------- fast, no Sphinx
def test_checker_imports_no_sphinx():
    code = (
        "import sys, newsdesk.cli, newsdesk.landing, newsdesk.catalog, newsdesk.model, newsdesk.frontmatter\n"
        "import newsdesk.vocabulary\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sphinx', 'docutils', 'myst_parser'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_corpus_checks_clean():
    require_corpus()
    result = subprocess.run([*MAKE, "check", "CONTENT=../shared/corpus"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 errors, 0 warnings" in result.stdout
    assert not result.stderr


def test_make_check_with_a_relative_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "source" / "articles", content / "articles")
    broken = content / "articles" / "20251118" / "microsoft-nvidia-anthropic-partnership" / "en.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace('category: "Claude"', 'category: "Claud"'), "utf-8")
    relative = os.path.relpath(content, REPO)
    result = subprocess.run([*MAKE, "check", f"CONTENT={relative}"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2  # make's status when the recipe fails; the checker exits 1
    shown = os.path.relpath(broken, REPO)
    assert f"{shown}:5: category: unknown category 'Claud' (did you mean 'Claude'?)" in result.stderr


# --------------------------------------------------------------------------- output format and status
def test_clean_tree_exits_0(content, capsys):
    status, out, err = run_check(capsys, content)
    assert status == 0
    assert err == ""
    assert out == f"checked 2 article files in {content}: 0 errors, 0 warnings, 0 notices\n"


def test_one_line_per_problem_with_the_line_of_the_field(content, capsys):
    path = article(content, "20251118/cloud-deal/en.md", category='"Claud"', date="2025-11-31")
    status, out, err = run_check(capsys, content)
    assert status == 1
    lines = err.splitlines()
    assert lines == [
        f"{path}:4: date: '2025-11-31' is not a real calendar date (day is out of range for month)",
        f"{path}:5: category: unknown category 'Claud' (did you mean 'Claude'?)",
    ]
    for line in lines:
        assert PROBLEM_LINE.match(line)
    assert out.endswith(": 2 errors, 0 warnings, 0 notices\n")


def test_missing_content_folder_is_a_usage_error(tmp_path, capsys):
    status, _, err = run_check(capsys, tmp_path / "nowhere")
    assert status == 2
    assert "nowhere/articles does not exist; CONTENT must be a folder holding articles/" in err


def test_missing_translation_is_a_notice_not_an_error(content, capsys):
    (content / "articles/20251118/cloud-deal/ja.md").unlink()
    status, out, err = run_check(capsys, content)
    assert status == 0
    path = content / "articles/20251118/cloud-deal/en.md"
    assert f"{path}:1: translation: notice: no ja translation yet (ja.md beside this file)\n" in out
    assert err == ""


def test_broken_translation_reports_its_own_errors_not_a_missing_one(content, capsys):
    article(content, "20251118/cloud-deal/ja.md", "no front matter\n")
    status, out, err = run_check(capsys, content)
    assert status == 1
    assert ": translation: " not in out + err
    assert "ja.md:1: front matter: no front matter" in err


def test_unknown_key_is_a_warning_with_the_nearest_key(content, capsys):
    path = content / "articles/20251118/cloud-deal/en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace('locale: "en"\n', 'locale: "en"\ntechnyan_comment: "Nya"\n'), "utf-8"
    )
    status, _, err = run_check(capsys, content)
    assert status == 0
    assert err == f"{path}:8: technyan_comment: warning: unknown key, ignored (did you mean 'technyanComment'?)\n"
    assert main(["check", "--content", str(content), "--vocabulary", str(FIXTURE_VOCABULARY), "--strict"]) == 1


def test_duplicate_key(content, capsys):
    path = content / "articles/20251118/cloud-deal/en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n\n", 'title: "Again"\n---\n\n'), "utf-8")
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == f"{path}:8: title: duplicate key: 'title' is already set on line 2; keep only one\n"


def test_empty_value(content, capsys):
    path = article(content, "20251118/cloud-deal/en.md", category="")
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == f"{path}:5: category: is empty; write a value after `category:`; use one of Claude, ChatGPT, Other\n"


def test_tag_item_of_the_wrong_type(content, capsys):
    path = article(content, "20251118/cloud-deal/en.md", tags="\n  - Anthropic\n  - [x]")
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == (f'{path}:8: tags: must be a text string (item 2), not a list; put text in quotes, e.g. "..."\n')


# --------------------------------------------------------------------------- where the file lies
def test_folder_must_match_the_date(content, capsys):
    path = article(content, "20251118/cloud-deal/en.md", date="2025-11-19")
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == (
        f"{path}:4: date: 2025-11-19: the folder '20251118' does not match the date; "
        "move the article to articles/20251119/cloud-deal/ or fix the date\n"
    )


def test_slug_must_be_kebab_case(content, capsys):
    path = article(content, "20251118/Cloud_Deal/en.md")
    article(content, "20251118/Cloud_Deal/ja.md")
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert f"{path}:1: slug: folder name 'Cloud_Deal' is not lowercase kebab-case (did you mean 'cloud-deal'?)" in err


def test_file_name_must_be_a_locale(content, capsys):
    path = article(content, "20251118/cloud-deal/fr.md", locale='"en"')
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == f"{path}:1: path: 'fr.md' is not a locale file name; name it one of en.md, ja.md\n"


def test_misplaced_article(content, capsys):
    path = content / "articles" / "cloud-deal.md"
    path.write_text(ARTICLE.format(date="2025-11-18", locale="en"), encoding="utf-8")
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == f"{path}:1: path: misplaced article: expected articles/<YYYYMMDD>/<slug>/<locale>.md\n"


# --------------------------------------------------------------------------- make new
def new(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", "new", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def fill_in(path: Path) -> None:
    """What a writer does: replace every TODO, choose a category and tags, add a comment."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"TODO: [^"]*"', '"Filled in"', text)
    text = text.replace('category: ""', 'category: "Claude"').replace("tags: []", 'tags: ["Anthropic"]')
    text = re.sub(r"# technyanComment: .*", 'technyanComment: "Nya!"', text)
    text = re.sub(r"^TODO: .*$", "The article.", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def test_new_template_passes_the_check_once_filled_in(tmp_path, capsys):
    (tmp_path / "articles").mkdir()
    result = new("my-news", "--date", "2026-01-05", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "articles" / "20260105" / "my-news"
    assert sorted(p.name for p in folder.iterdir()) == ["en.md", "ja.md"]
    assert "date: 2026-01-05\n" in (folder / "ja.md").read_text(encoding="utf-8")
    assert 'locale: "ja"\n' in (folder / "ja.md").read_text(encoding="utf-8")

    # as created, the check names every field still to write
    status, _, err = run_check(capsys, tmp_path)
    assert status == 1
    fields = [PROBLEM_LINE.match(line)["field"] for line in err.splitlines()]
    assert fields == ["title", "description", "category", "body"] * 2
    assert "en.md:2: title: still the template's TODO: placeholder; write the title" in err

    for path in folder.iterdir():
        fill_in(path)
    status, out, err = run_check(capsys, tmp_path)
    assert (status, err) == (0, "")
    assert out.endswith("checked 2 article files in " + str(tmp_path) + ": 0 errors, 0 warnings, 0 notices\n")


def test_new_refuses_to_overwrite(tmp_path):
    (tmp_path / "articles").mkdir()
    assert new("my-news", "--date", "2026-01-05", "--content", str(tmp_path)).returncode == 0
    en = tmp_path / "articles/20260105/my-news/en.md"
    en.write_text("my work", encoding="utf-8")
    (tmp_path / "articles/20260105/my-news/ja.md").unlink()
    result = new("my-news", "--date", "2026-01-05", "--content", str(tmp_path))
    assert result.returncode == 1
    assert "already holds en.md; not overwriting" in result.stderr
    assert en.read_text(encoding="utf-8") == "my work"
    assert not (tmp_path / "articles/20260105/my-news/ja.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["My News"], "error: SLUG 'My News' must be lowercase kebab-case ASCII, e.g. 'my-news'"),
        (["ニュース"], "error: SLUG 'ニュース' must be lowercase kebab-case ASCII"),
        (["my-news", "--date", "2026-02-30"], "error: DATE '2026-02-30' is not a real date in the form YYYY-MM-DD"),
    ],
)
def test_new_rejects_a_bad_slug_or_date(tmp_path, args, message):
    result = new(*args, "--content", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert not (tmp_path / "articles").exists()


def test_make_new_with_a_relative_content(tmp_path):
    (tmp_path / "articles").mkdir()
    relative = os.path.relpath(tmp_path, REPO)
    result = subprocess.run(
        [*MAKE, "new", "SLUG=my-news", "DATE=2026-01-05", f"CONTENT={relative}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "articles/20260105/my-news/en.md").is_file()
    assert (tmp_path / "articles/20260105/my-news/ja.md").is_file()
    usage = subprocess.run([*MAKE, "new"], cwd=REPO, capture_output=True, text=True)
    assert usage.returncode == 2
    assert "usage: make new SLUG=my-news [DATE=YYYY-MM-DD]" in usage.stdout


def test_tags_given_as_text(content, capsys):
    path = article(content, "20251118/cloud-deal/en.md", tags='"Anthropic, Azure"')
    status, _, err = run_check(capsys, content)
    assert status == 1
    assert err == f'{path}:6: tags: must be a list, e.g. tags: ["Anthropic", "Claude"], not text\n'


# --------------------------------------------------------------------------- repository workflow
def test_pre_commit_pins_the_ruff_of_requirements_dev():
    import yaml

    pin = re.search(r"^ruff==(\S+)$", (REPO / "requirements-dev.txt").read_text(encoding="utf-8"), re.MULTILINE)
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ruff = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff["rev"] == f"v{pin[1]}"
    local = next(r for r in config["repos"] if r["repo"] == "local")
    assert local["hooks"][0]["entry"] == "python -m newsdesk check"


def test_ci_runs_check_strict_html_and_tests():
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    for command in ("make check", "make html STRICT=1", "make test", ".ci/apt-packages.txt"):
        assert command in commands
    assert any(step.get("with", {}).get("python-version") == "3.11" for step in job["steps"])
