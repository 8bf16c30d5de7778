"""The AI timeline (issue [14 timeline]): entries checked like articles, and their pages."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, soup, warnings_of

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


def test_a_skipped_file_or_link_in_an_entry_folder_names_the_timeline(content, capsys):
    folder = content / "timeline" / "202405-model-ships"
    (folder / "notes.txt").write_text("draft\n", encoding="utf-8")
    (content / "timeline" / "202406-linked").symlink_to(folder)
    status, out, _ = check(capsys, content)
    assert status == 0  # notices only, on stdout
    notices = [line for line in out.splitlines() if ": notice: " in line]
    assert len(notices) == 2, out
    skipped = next(line for line in notices if "notes.txt" in line)
    assert skipped.endswith("in a timeline entry's folder are built"), skipped
    linked = next(line for line in notices if "202406-linked" in line)
    assert linked.endswith("folder skipped: a symbolic link; put the timeline entry folder itself here"), linked
    assert "article" not in "".join(notices)


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


# --------------------------------------------------------------------------- pages (Sphinx builds)
def _timeline_cards(page) -> list[str]:
    return [a["href"] for a in page.select(".newsdesk-timeline-year .newsdesk-timeline-card a.sd-stretched-link")]


def test_timeline_page_lists_every_entry_by_year_in_date_order(build_site):
    app = build_site(REPO / "source", "en")
    assert not warnings_of(app).strip()
    entries = sorted(
        (e for e in Catalog.load(REPO / "source", Vocabulary.load(VOCABULARY)).entries if e.locale == "en"),
        key=lambda e: e.date,
    )
    page = soup(app.outdir / "timeline" / "index.html")
    assert [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h1")] == ["AI Timeline"]
    assert _timeline_cards(page) == [f"{e.docname.split('/')[1]}.html" for e in entries]
    years = [y.select_one(".newsdesk-timeline-year-title").get_text() for y in page.select(".newsdesk-timeline-year")]
    assert years == sorted({str(e.date.year) for e in entries})
    # the weight of each card is its impact; the filters match its classes
    mcp = page.select_one('a[href="202411-model-context-protocol.html"]').find_parent(class_="newsdesk-timeline-card")
    assert "newsdesk-impact-medium" in mcp["class"]
    assert "newsdesk-company--anthropic" in mcp["class"]
    assert "newsdesk-category--technical-breakthrough" in mcp["class"]
    # without JavaScript: the form is hidden and every card shows
    form = page.select_one("form.newsdesk-timeline-filters")
    assert form.has_attr("hidden")
    assert not page.select(".newsdesk-timeline-card[hidden]")
    options = {s["name"]: [o["value"] for o in s.find_all("option")] for s in form.find_all("select")}
    assert options["impact"] == ["", "high", "medium", "low"]
    assert "european-union" in options["company"]
    assert options["category"][:2] == ["", "model-release"]  # the vocabulary's order
    scripts = [s.get("src", "").split("?")[0] for s in page.find_all("script")]
    assert any(src.endswith("_static/newsdesk-timeline.js") for src in scripts)
    article = soup(app.outdir / "articles/20251118/microsoft-nvidia-anthropic-partnership.html")
    assert not any(s.get("src", "").split("?")[0].endswith("newsdesk-timeline.js") for s in article.find_all("script"))
    # reached from the landing page and the sidebar
    index = soup(app.outdir / "index.html")
    assert index.select_one('article a[href="timeline/index.html"]') is not None
    assert index.select_one('.sidebar-tree a[href="timeline/index.html"]') is not None


def test_entry_page_header_companies_related_articles_and_twin(build_site):
    app = build_site(REPO / "source", "en")
    page = soup(app.outdir / "timeline" / "202511-anthropic-microsoft-nvidia.html")
    assert [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h1")] == [
        "Microsoft and Nvidia invest in Anthropic"
    ]
    assert page.find("time")["datetime"] == "2025-11-18"
    badges = [b.get_text(strip=True) for b in page.select(".newsdesk-meta .sd-badge")]
    assert badges == ["Investment", "Medium impact"]
    companies = {a.get_text(strip=True): a["href"] for a in page.select(".newsdesk-timeline-companies a")}
    assert companies == {
        "Anthropic": "../companies/anthropic.html",
        "Microsoft": "../companies/microsoft.html",
        "Nvidia": "../companies/nvidia.html",
    }
    related = [a["href"] for a in page.select(".newsdesk-related a.sd-stretched-link")]
    assert related == ["../articles/20251118/microsoft-nvidia-anthropic-partnership.html"]
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Microsoft and Nvidia announced")
    twin = page.select_one("a.newsdesk-twin-link")
    assert twin["href"] == "../../ja/timeline/202511-anthropic-microsoft-nvidia.html"
    chatgpt = soup(app.outdir / "timeline" / "202211-chatgpt-launch.html")
    assert chatgpt.select_one(".newsdesk-mascot") is not None  # the mascot's card
    # the company page: its entries and its articles; the article: "On the timeline"
    company = soup(app.outdir / "companies" / "anthropic.html")
    links = [a["href"] for a in company.select("article a.sd-stretched-link")]
    assert links == [
        "../timeline/202411-model-context-protocol.html",
        "../timeline/202511-anthropic-microsoft-nvidia.html",
        "../articles/20251118/microsoft-nvidia-anthropic-partnership.html",
    ]
    article = soup(app.outdir / "articles/20251118/microsoft-nvidia-anthropic-partnership.html")
    on_timeline = [a["href"] for a in article.select(".newsdesk-on-the-timeline a")]
    assert on_timeline[0] == "../../timeline/202511-anthropic-microsoft-nvidia.html"


def test_japanese_timeline_labels(build_site):
    app = build_site(REPO / "source", "ja")
    assert not warnings_of(app).strip()
    page = soup(app.outdir / "timeline" / "index.html")
    assert page.find("h1").get_text(strip=True).rstrip("¶") == "AI年表"
    card = page.select_one('a[href="202408-eu-ai-act.html"]').find_parent(class_="newsdesk-timeline-card")
    assert "政策・規制" in card.get_text()
    assert "影響度：高" in card.get_text()
    assert card.select_one(".newsdesk-timeline-companies").get_text() == "欧州連合"
    entry_page = soup(app.outdir / "timeline" / "202408-eu-ai-act.html")
    assert entry_page.select_one("a.newsdesk-twin-link")["href"] == "../../en/timeline/202408-eu-ai-act.html"
    assert (app.outdir / "companies" / "european-union.html").is_file()


def test_a_refused_construct_in_an_entry_warns_at_its_line(build_site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "source" / "articles", content / "articles")
    path = entry(content, "202405-model-ships")
    path.write_text(path.read_text(encoding="utf-8") + "\n<b>raw</b>\n", encoding="utf-8")
    app = build_site(content, "en")
    assert f"{path}:14: WARNING: body: raw HTML" in warnings_of(app)
    page = (app.outdir / "timeline" / "202405-model-ships.html").read_text(encoding="utf-8")
    assert "<b>raw</b>" not in page


def test_an_impact_change_rebuilds_the_timeline_as_a_clean_build(build_site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "source", content, ignore=shutil.ignore_patterns("_data", "pages"))
    srcdir = tmp_path / "incremental"
    build_site(content, "en", srcdir=srcdir)
    for locale in ("en", "ja"):
        entry(content, "202405-model-ships", locale)  # an entry added, sharing OpenAI with others
    path = content / "timeline" / "202411-model-context-protocol" / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace('"medium"', '"low"'), encoding="utf-8")
    incremental = build_site(content, "en", srcdir=srcdir)
    clean = build_site(content, "en", srcdir=tmp_path / "clean")
    page = soup(incremental.outdir / "timeline" / "index.html")
    mcp = page.select_one('a[href="202411-model-context-protocol.html"]').find_parent(class_="newsdesk-timeline-card")
    assert "newsdesk-impact-low" in mcp["class"]
    assert "202405-model-ships.html" in _timeline_cards(page)
    for rel in ("timeline/index.html", "companies/openai.html", "timeline/202211-chatgpt-launch.html"):
        assert (incremental.outdir / rel).read_text(encoding="utf-8") == (clean.outdir / rel).read_text(
            encoding="utf-8"
        ), rel


@pytest.mark.corpus
def test_corpus_timeline_builds_in_both_locales_without_a_warning(build_site):
    if not (CORPUS / "timeline").is_dir():
        pytest.skip(f"the shared corpus's timeline is absent ({CORPUS / 'timeline'})")
    catalog = Catalog.load(CORPUS, Vocabulary.load(VOCABULARY))
    for locale in ("en", "ja"):
        app = build_site(CORPUS, locale)
        assert warnings_of(app).strip() == "", locale
        entries = sorted((e for e in catalog.entries if e.locale == locale), key=lambda e: e.sort_key)
        assert len(entries) == 14
        page = soup(app.outdir / "timeline" / "index.html")
        assert _timeline_cards(page) == [f"{e.docname.split('/')[1]}.html" for e in entries]
        for item in entries:
            entry_page = soup(app.outdir / f"{item.docname}.html")
            assert [h.get_text(strip=True).rstrip("¶") for h in entry_page.find_all("h1")] == [item.title]


def test_timeline_atom_feed_per_locale(build_site):
    import xml.etree.ElementTree as ET

    app = build_site(REPO / "source", "ja")
    feed = ET.parse(app.outdir / "timeline" / "atom.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    links = [e.find(f"{atom}link").get("href") for e in feed.findall(f"{atom}entry")]
    assert links[0] == "https://newsdesk.example.org/ja/timeline/202511-anthropic-microsoft-nvidia.html"  # newest
    assert links[-1] == "https://newsdesk.example.org/ja/timeline/202211-chatgpt-launch.html"
    assert feed.find(f"{atom}title").text.endswith(": AI年表")  # html_title follows NEWSDESK_LOCALE, not -D
    page = soup(app.outdir / "timeline" / "index.html")
    assert page.select_one('link[type="application/atom+xml"][href="atom.xml"]') is not None


def test_timeline_changes_rebuild_like_a_clean_build(build_site, tmp_path):
    """The differential harness of issue [10] on the timeline's changes, -j 1 and -j 2."""
    from test_differential import Harness, timeline_entry_added, timeline_impact_changed

    harness = Harness(build_site, tmp_path, locales=("en",))
    timeline_entry_added(harness.tree)
    harness.check("first build")
    for change in (timeline_entry_added, timeline_impact_changed):
        change(harness.tree)
        harness.check(change.__name__)


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_every_timeline_page_is_in_the_sitemap(build_site, tmp_path, locale):
    """Each entry page, the timeline page and each company page, at its locale's address, also
    after a rebuild that wrote none of them (newsdesk.outputs.complete_sitemap)."""
    from xml.etree import ElementTree

    def sitemap(outdir: Path) -> set[str | None]:
        tree = ElementTree.parse(outdir / "sitemap.xml").getroot()
        return {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}

    build_site(REPO / "source", locale, srcdir=tmp_path / "site")
    app = build_site(REPO / "source", locale, srcdir=tmp_path / "site")  # a no-op rebuild writes no entry page
    urls = sitemap(app.outdir)
    base = f"https://newsdesk.example.org/{locale}/"
    entries = [e for e in Catalog.load(REPO / "source", Vocabulary.load(VOCABULARY)).entries if e.locale == locale]
    companies = {c.slug for e in entries for c in e.companies}
    expected = {f"{base}{e.docname}.html" for e in entries} | {f"{base}timeline/index.html"}
    expected |= {f"{base}companies/{slug}.html" for slug in companies}
    assert len(entries) >= 4
    assert len(companies) >= 4
    assert expected <= urls, sorted(expected - urls)
    # and every one is a page the build wrote
    assert all((app.outdir / url.removeprefix(base)).is_file() for url in expected)


# --------------------------------------------------------------------------- hostile front matter
HOSTILE_TITLE = 'Title <script>alert(1)</script> &amp; "quotes" {raw}`html` <b>bold</b>'
HOSTILE_DESCRIPTION = 'Lead <script>alert(2)</script> &amp; "quoted" {eval-rst}`.. raw:: html` ```{raw} html <i>i</i>'
HOSTILE_COMMENT = 'Nya <script>alert(3)</script> &amp; "meow" {raw}`html` <u>u</u>'


def _json_yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def test_hostile_entry_front_matter_is_literal_text_on_every_timeline_page_and_feed(build_site, tmp_path):
    import xml.etree.ElementTree as ET

    content = tmp_path / "content"
    shutil.copytree(REPO / "source" / "articles", content / "articles")  # one tagged Anthropic
    for locale in ("en", "ja"):
        path = content / "timeline" / "202511-hostile" / f"{locale}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "---\n"
            f"title: {_json_yaml(HOSTILE_TITLE)}\n"
            f"description: {_json_yaml(HOSTILE_DESCRIPTION)}\n"
            "date: 2025-11-20\n"
            'category: "Investment"\n'
            'impactLevel: "high"\n'
            'relatedCompanies: ["Anthropic", "OpenAI"]\n'
            'tags: ["Anthropic"]\n'
            f'locale: "{locale}"\n'
            f"technyanComment: {_json_yaml(HOSTILE_COMMENT)}\n"
            "---\n\nThe body is plain.\n",
            encoding="utf-8",
        )
    app = build_site(content, "en")
    assert "Traceback" not in warnings_of(app)
    out = app.outdir
    pages = {rel: soup(out / rel) for rel in ("timeline/202511-hostile.html", "timeline/index.html")}
    pages["companies/anthropic.html"] = soup(out / "companies" / "anthropic.html")
    for rel, page in pages.items():
        assert not [s for s in page.find_all("script") if "alert(" in s.get_text()], rel
        assert not page.select("article b, article i, article u"), rel  # no element from the text
    page = pages["timeline/202511-hostile.html"]
    assert [h.get_text().rstrip("¶#") for h in page.find_all("h1")] == [HOSTILE_TITLE]
    assert page.select_one(".newsdesk-lead").get_text() == HOSTILE_DESCRIPTION
    assert HOSTILE_COMMENT in page.select_one(".newsdesk-mascot").get_text()
    assert page.find("meta", attrs={"name": "description"})["content"] == HOSTILE_DESCRIPTION
    assert page.find("meta", attrs={"property": "og:description"})["content"] == HOSTILE_DESCRIPTION
    tags = [b.get_text() for b in page.select(".newsdesk-tags .sd-badge")]
    assert tags == ["Anthropic"]
    assert [a.get_text() for a in page.select(".newsdesk-timeline-companies a")] == ["Anthropic", "OpenAI"]
    # the timeline card, its filter classes and the filter options
    timeline = pages["timeline/index.html"]
    link = timeline.select_one('a.sd-stretched-link[href="202511-hostile.html"]')
    assert link.get_text() == HOSTILE_TITLE
    card = link.find_parent(class_="newsdesk-timeline-card")
    assert card.select_one(".newsdesk-card-description").get_text() == HOSTILE_DESCRIPTION
    assert {"newsdesk-company--anthropic", "newsdesk-company--openai"} <= set(card["class"])
    options = {o["value"]: o.get_text() for o in timeline.select('select[name="company"] option')}
    assert options["anthropic"] == "Anthropic"
    assert options["openai"] == "OpenAI"
    # the company page lists it as a card too
    company = pages["companies/anthropic.html"]
    titles = [a.get_text() for a in company.select("article a.sd-stretched-link")]
    assert HOSTILE_TITLE in titles
    # the Atom feed holds the text, never elements
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(out / "timeline" / "atom.xml").getroot()
    [item] = [e for e in feed.findall(f"{atom}entry") if e.findtext(f"{atom}title") == HOSTILE_TITLE]
    assert item.findtext(f"{atom}summary") == HOSTILE_DESCRIPTION
    assert not [el for el in item.iter() if not str(el.tag).startswith(atom)]


# --------------------------------------------------------------------------- bounded look-ups
def _site(content: Path, locale: str = "en"):
    from newsdesk.site import Site
    from newsdesk.tagging import Tagger, TagTitles

    catalog = Catalog.load(content, Vocabulary.load(VOCABULARY))
    tagger = Tagger(catalog.vocabulary, TagTitles("Tag", "Tags", "Tags", "Pages"), "tags")
    return Site.build(catalog, locale, content / "pages", tagger=tagger)


def _tagged_articles(root: Path, count: int, tags: str = '["Anthropic"]') -> list[str]:
    """``count`` English articles tagged ``tags``, one a day from 2025-01-01 (newest last)."""
    docnames = []
    for day in range(count):
        date = dt.date(2025, 1, 1) + dt.timedelta(days=day)
        folder = date.strftime("%Y%m%d")
        path = root / "articles" / folder / f"news-{day:03d}" / "en.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'---\ntitle: "News {day}"\ndescription: "Story {day}."\ndate: {date.isoformat()}\n'
            f'category: "Claude"\ntags: {tags}\nlocale: "en"\n---\n\nBody.\n',
            encoding="utf-8",
        )
        docnames.append(f"articles/{folder}/news-{day:03d}")
    return docnames


def test_related_look_ups_equal_a_full_scan_below_the_cap(tmp_path):
    """Entries' related articles and articles' entries, from the capped indexes, equal the
    exhaustive ranking (every article of every slug) while no slug has more than CAP items."""
    from newsdesk.timeline import RELATED_ARTICLES, RELATED_ENTRIES, _tag_slugs

    rng = random.Random(7)
    root = tmp_path / "content"
    spellings = ["Anthropic", "OpenAI", "LLM", "Claude", "Microsoft", "Nvidia"]
    for day in range(40):  # several a day: the docname breaks date ties
        date = dt.date(2025, 3, 1 + day % 4)
        path = root / "articles" / date.strftime("%Y%m%d") / f"story-{day:02d}" / "en.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        tags = json.dumps(rng.sample(spellings, rng.randint(1, 3)))
        path.write_text(
            f'---\ntitle: "S{day}"\ndescription: "D."\ndate: {date.isoformat()}\ncategory: "Claude"\n'
            f'tags: {tags}\nlocale: "en"\n---\n\nBody.\n',
            encoding="utf-8",
        )
    for index in range(12):
        companies = json.dumps(rng.sample(["OpenAI", "Anthropic", "Microsoft", "Nvidia"], rng.randint(0, 2)))
        tags = json.dumps(rng.sample(spellings, rng.randint(0, 2)))
        date = f"2024-03-0{1 + index % 3}"
        entry(root, f"202403-event-{index:02d}", date=date, relatedCompanies=companies, tags=tags)
    site = _site(root)
    line = site.timeline
    vocabulary = site.catalog.vocabulary
    shared: dict[tuple[str, str], int] = {}
    for item in line.entries:
        for slug in _tag_slugs(item, vocabulary):
            for article in site.articles:
                if slug in {t.slug for t in article.tags}:
                    key = (item.docname, article.docname)
                    shared[key] = shared.get(key, 0) + 1
    expected_articles = {}
    for item in line.entries:
        found = [(n, site.by_docname[a]) for (e, a), n in shared.items() if e == item.docname]
        found.sort(key=lambda f: (-f[0], -f[1].date.toordinal(), f[1].docname))
        if found:
            expected_articles[item.docname] = [a for _, a in found[:RELATED_ARTICLES]]
    expected_entries = {}
    for article in site.articles:
        found = [(n, line.by_docname[e]) for (e, a), n in shared.items() if a == article.docname]
        found.sort(key=lambda f: (-f[0], f[1].sort_key))
        if found:
            expected_entries[article.docname] = [e for _, e in found[:RELATED_ENTRIES]]
    assert expected_articles
    assert expected_entries
    assert line.related_articles == expected_articles
    assert line.related_entries == expected_entries


def test_a_crowded_tag_scans_only_its_newest_articles(tmp_path):
    from newsdesk.related import CAP

    root = tmp_path / "content"
    docnames = _tagged_articles(root, CAP + 30)
    entry(root, "202405-model-ships", relatedCompanies='["Anthropic"]', tags="[]")
    line = _site(root).timeline
    related = [a.docname for a in line.related_articles["timeline/202405-model-ships"]]
    assert related == docnames[::-1][:8]  # the newest, as before
    # each article the entry's tag reaches lists the entry; the oldest ones too (their own tags' entries)
    assert [e.docname for e in line.related_entries[docnames[0]]] == ["timeline/202405-model-ships"]


def test_a_company_page_shows_its_newest_articles_and_links_the_tag_page(build_site, tmp_path):
    from newsdesk.timeline import COMPANY_ARTICLES
    from newsdesk.timeline_pages import company_digest

    root = tmp_path / "content"
    docnames = _tagged_articles(root, COMPANY_ARTICLES + 2)
    for locale in ("en", "ja"):
        entry(root, "202405-model-ships", locale, relatedCompanies='["Anthropic", "OpenAI"]', tags="[]")
    app = build_site(root, "en")
    page = soup(app.outdir / "companies" / "anthropic.html")
    cards = [a["href"] for a in page.select("article .newsdesk-article-card a.sd-stretched-link")]
    assert cards == [f"../{d}.html" for d in docnames[::-1][:COMPANY_ARTICLES]]
    more = page.select_one("article .newsdesk-more a")
    assert more["href"] == "../tags/anthropic.html"
    assert more.get_text() == "All articles tagged Anthropic"
    openai = soup(app.outdir / "companies" / "openai.html")  # no article: no link
    assert openai.select_one(".newsdesk-more") is None
    # the page's fingerprint is what it shows: the oldest article is not on it
    before = company_digest(_site(root), "anthropic")
    oldest = root / f"{docnames[0]}/en.md"
    oldest.write_text(oldest.read_text(encoding="utf-8").replace('"News 0"', '"Renamed"'), encoding="utf-8")
    assert company_digest(_site(root), "anthropic") == before
    newest = root / f"{docnames[-1]}/en.md"
    newest.write_text(newest.read_text(encoding="utf-8").replace(f'"News {len(docnames) - 1}"', '"Renamed"'))
    assert company_digest(_site(root), "anthropic") != before


# --------------------------------------------------------------------------- mascot sections
@pytest.mark.parametrize(("locale", "heading"), [("en", "Technyan's Comment"), ("ja", "テクにゃんのコメント")])
def test_a_mascot_section_in_an_entry_becomes_the_mascot_card(build_site, tmp_path, locale, heading):
    content = tmp_path / "content"
    shutil.copytree(REPO / "source" / "articles", content / "articles")
    for loc in ("en", "ja"):
        path = entry(content, "202405-model-ships", loc)
        body = f"\n## Background\n\nWhat led to it.\n\n## {heading}\n\nA *big* day for models!\n"
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    app = build_site(content, locale)
    page = soup(app.outdir / "timeline" / "202405-model-ships.html")
    [card] = page.select("article .newsdesk-mascot-section")
    assert "A big day for models!" in card.get_text()
    assert card.find("em").get_text() == "big"  # the body's markup, not the front matter's text
    headings = [h.get_text().rstrip("¶#") for h in page.select("article h2")]
    assert headings == ["Background"]
