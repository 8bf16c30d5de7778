"""The AI timeline (issue [14 timeline]): entries checked like articles, and their pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

from newsdesk.catalog import Catalog
from newsdesk.cli import main
from newsdesk.vocabulary import Vocabulary

VOCABULARY = REPO / "source" / "_data" / "vocabulary.yaml"
MAKE = ["make", "--no-print-directory", "-o", ".venv/bin/.installed"]
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+\.md):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")

ENTRY = """\
---
title: "A model ships"
description: "A lab releases a model."
date: {date}
category: "Model Release"
impactLevel: "high"
relatedCompanies: ["OpenAI", "DeepMind"]
tags: ["OpenAI", "LLM"]
locale: "{locale}"
---

Body of the entry.
"""


def entry(root: Path, folder: str, locale: str = "en", date: str = "2024-05-13", **fields: str) -> Path:
    """Write ``timeline/<folder>/<locale>.md``; ``fields`` replace a key's value on its own line."""
    path = root / "timeline" / folder / f"{locale}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ENTRY.format(date=date, locale=locale)
    for key, value in fields.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "source" / "articles", root / "articles")
    for locale in ("en", "ja"):
        entry(root, "202405-model-ships", locale)
    return root


def check(capsys, root: Path) -> tuple[int, str, str]:
    status = main(["check", "--content", str(root), "--vocabulary", str(VOCABULARY)])
    out, err = capsys.readouterr()
    return status, out, err


# --------------------------------------------------------------------------- the model and `make check`
def test_a_good_entry_checks_clean_and_resolves_aliases(content, capsys):
    status, out, err = check(capsys, content)
    assert (status, err) == (0, "")
    assert out == f"checked 2 article files and 2 timeline entry files in {content}: 0 errors, 0 warnings, 0 notices\n"
    catalog = Catalog.load(content, Vocabulary.load(VOCABULARY))
    [en] = [e for e in catalog.entries if e.locale == "en"]
    assert en.docname == "timeline/202405-model-ships"
    assert [c.name for c in en.companies] == ["OpenAI", "Google DeepMind"]  # alias DeepMind
    assert en.category.name == "Model Release"
    assert en.category.label("ja") == "モデルリリース"
    assert en.impact == "high"
    assert en.twins == ("ja",)
    assert [t.name for t in en.tags] == ["OpenAI", "Large Language Models"]
    assert len(catalog.for_locale("en")) == 1  # entries are not articles


def test_bad_impact_unknown_category_and_company_at_file_and_line(content, capsys):
    path = entry(
        content,
        "202405-model-ships",
        impactLevel='"hihg"',
        category='"Model Releas"',
        relatedCompanies='["OpenAI", "Antropic"]',
    )
    status, _, err = check(capsys, content)
    assert status == 1
    assert err.splitlines() == [
        f"{path}:5: category: unknown timeline category 'Model Releas' (did you mean 'Model Release'?)",
        f"{path}:6: impactLevel: unknown impact level 'hihg' (did you mean 'high'?); use one of high, medium, low",
        f"{path}:7: relatedCompanies: unknown company 'Antropic' (did you mean 'Anthropic'?)",
    ]
    assert all(PROBLEM_LINE.match(line) for line in err.splitlines())
    catalog = Catalog.load(content, Vocabulary.load(VOCABULARY))
    assert [e.locale for e in catalog.entries] == ["ja"]  # the broken one is not built


def test_an_article_category_is_not_a_timeline_category(content, capsys):
    path = entry(content, "202405-model-ships", category='"Claude"')
    status, _, err = check(capsys, content)
    assert status == 1
    assert f"{path}:5: category: unknown timeline category 'Claude'" in err


def test_company_item_on_its_own_line_and_missing_impact(content, capsys):
    path = content / "timeline" / "202405-model-ships" / "en.md"
    text = path.read_text(encoding="utf-8").replace('impactLevel: "high"\n', "")
    text = text.replace('relatedCompanies: ["OpenAI", "DeepMind"]', 'relatedCompanies:\n  - "OpenAI"\n  - "Gooogle"')
    path.write_text(text, encoding="utf-8")
    status, _, err = check(capsys, content)
    assert status == 1
    lines = err.splitlines()
    missing = "required field is missing; add a line `impactLevel: ...` to the front matter"
    assert f"{path}:1: impactLevel: {missing}" in lines
    assert f"{path}:8: relatedCompanies: unknown company 'Gooogle' (did you mean 'Google'?)" in lines


def test_folder_must_match_the_month_and_be_yyyymm_slug(content, capsys):
    wrong_month = entry(content, "202406-model-ships", date="2024-05-13")
    no_month = entry(content, "model-ships")
    status, _, err = check(capsys, content)
    assert status == 1
    assert (
        f"{wrong_month}:4: date: 2024-05-13: the folder '202406-model-ships' does not match the month; "
        "move the entry to timeline/202405-model-ships/ or fix the date"
    ) in err
    not_yyyymm = "folder name 'model-ships' is not <YYYYMM>-<slug> (did you mean '202405-model-ships'?)"
    assert f"{no_month}:1: path: {not_yyyymm}" in err


def test_misplaced_entry_file(content, capsys):
    stray = content / "timeline" / "en.md"
    stray.write_text("---\n---\n", encoding="utf-8")
    status, _, err = check(capsys, content)
    assert status == 1
    assert f"{stray}:1: path: misplaced timeline entry: expected timeline/<YYYYMM>-<slug>/<locale>.md" in err


def test_body_policy_applies_to_entries(content, capsys):
    path = content / "timeline" / "202405-model-ships" / "en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n```{include} /etc/passwd\n```\n", encoding="utf-8")
    status, _, err = check(capsys, content)
    assert status == 1
    assert f"{path}:14: body: the directive {{include}} is not allowed" in err


def test_our_source_entries_check_clean():
    catalog = Catalog.load(REPO / "source", Vocabulary.load(VOCABULARY), scan_bodies=True)
    assert catalog.problems == []
    assert len(catalog.entries) >= 6
    assert {e.locale for e in catalog.entries} == {"en", "ja"}


def test_corpus_entries_check_clean():
    if not (CORPUS / "timeline").is_dir():
        pytest.skip(f"the shared corpus's timeline is absent ({CORPUS / 'timeline'})")
    catalog = Catalog.load(CORPUS, Vocabulary.load(VOCABULARY), scan_bodies=True)
    assert [p for p in catalog.problems if p.path.is_relative_to(CORPUS / "timeline")] == []
    assert len(catalog.entries) == 28
    nobel = next(e for e in catalog.entries if e.docname.endswith("nobel-prize") and e.locale == "ja")
    assert [c.name for c in nobel.companies] == ["Google DeepMind", "University of Toronto"]
    summit = next(e for e in catalog.entries if e.docname.endswith("safety-summit") and e.locale == "ja")
    assert summit.companies[0].name == "UK Government"  # 英国政府, its Japanese label


# --------------------------------------------------------------------------- make new KIND=timeline
def test_new_timeline_entry_template_checks_once_filled_in(tmp_path, capsys):
    (tmp_path / "articles").mkdir()
    result = subprocess.run(
        [*MAKE, "new", "KIND=timeline", "SLUG=big-day", "DATE=2026-01-05", f"CONTENT={tmp_path}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "timeline" / "202601-big-day"
    assert sorted(p.name for p in folder.iterdir()) == ["en.md", "ja.md"]
    status, _, err = check(capsys, tmp_path)
    assert status == 1
    fields = [PROBLEM_LINE.match(line)["field"] for line in err.splitlines()]
    assert fields == ["title", "description", "category", "body"] * 2
    for path in folder.iterdir():
        text = re.sub(r'"TODO: [^"]*"', '"Filled in"', path.read_text(encoding="utf-8"))
        text = text.replace('category: ""', 'category: "Investment"')
        text = text.replace("relatedCompanies: []", 'relatedCompanies: ["Anthropic"]')
        text = re.sub(r"^TODO: .*$", "The entry.", text, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")
    status, out, err = check(capsys, tmp_path)
    assert (status, err) == (0, ""), err
    assert "2 timeline entry files" in out


def test_timeline_model_imports_no_sphinx():
    code = (
        "import sys, newsdesk.timeline\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sphinx', 'docutils', 'myst_parser'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
