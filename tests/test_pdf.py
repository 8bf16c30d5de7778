"""PDF archives (issue [5 pdf]): a book per locale, whole or one month, by ``make pdf``.

The books are built through the Makefile (as a person or Read the Docs would),
into a private BUILD folder, once per module: the fixture site (both locales,
whole and November 2025) and ../shared/corpus (both locales). They need TeX
(LuaLaTeX, LuaTeX-ja, latexmk) and the fonts of .ci/apt-packages.txt, and are
skipped, naming what is missing, without them. ``pytest -m pdf`` runs only these.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_SITE, FIXTURE_VOCABULARY, REPO, SHARED, require_corpus

from newsdesk import pdf
from newsdesk.catalog import Catalog
from newsdesk.model import Article
from newsdesk.vocabulary import Vocabulary

pytestmark = pytest.mark.pdf

LOCALES = ("en", "ja")
SITE_VOCABULARY = REPO / "source/_data/vocabulary.yaml"


# ------------------------------------------------------------------ helpers
def catalog_of(content: Path) -> Catalog:
    return Catalog.load(content, Vocabulary.load(FIXTURE_VOCABULARY if content == FIXTURE_SITE else SITE_VOCABULARY))


@pytest.fixture(scope="module")
def tex() -> None:
    missing = pdf.missing_tex()
    if missing:
        pytest.skip("TeX for `make pdf` is missing: " + ", ".join(f"{r.name} ({r.package})" for r in missing))
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdffonts, pdftotext) is missing")


def make(build: Path, content: Path, *targets: str, **variables: str) -> str:
    """Run ``make <targets>`` on ``content`` into ``build``; warnings fail (STRICT=1)."""
    options = f"-D newsdesk_vocabulary={FIXTURE_VOCABULARY}" if content == FIXTURE_SITE else ""
    command = [
        shutil.which("make") or "make",
        "--no-print-directory",
        *targets,
        f"BUILD={build}",
        f"CONTENT={content}",
        "STRICT=1",
        f"SPHINXOPTS={options}",
        *(f"{k}={v}" for k, v in variables.items()),
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    """Text as laid out may break lines (and hyphenate) anywhere: compare without them."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"[\s\-‐]+", "", text)


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def fonts_of(path: Path) -> list[tuple[str, str]]:
    """(name, emb) of every font, from pdffonts' table."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        rows.append((parts[0], parts[-5]))  # ... emb sub uni object ID
    return rows


def check_log(log: Path) -> None:
    """No missing glyph, no undefined reference ("??"), no line running visibly off the page."""
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in text, re.findall(r"Missing character.*", text)[:5]
    assert "undefined references" not in text
    assert "Reference `" not in text
    overfull = [float(points) for points in re.findall(r"Overfull \\hbox \((\d+\.?\d*)pt too wide\)", text)]
    assert not [pt for pt in overfull if pt > 5], overfull


def check_book(path: Path, articles: list[Article], *, absent: list[Article] = (), entries: int = 0) -> str:
    assert path.is_file(), path
    text = text_of(path)
    flat = squeeze(text)
    for article in articles:
        assert squeeze(article.title) in flat, (path.name, article.title)
        assert squeeze(article.description)[:40] in flat, (path.name, article.description)
    for article in absent:
        assert squeeze(article.title) not in flat, (path.name, article.title)
    assert "\ufffd" not in text
    assert "??" not in text
    pages = page_count(path)
    # a title page, the contents, then every article on its own page(s), then the timeline's entries
    assert len(articles) + 2 <= pages <= 6 * len(articles) + 4 + 2 * entries, pages
    fonts = fonts_of(path)
    assert fonts
    assert all(emb == "yes" for _, emb in fonts), fonts
    check_log(path.parent.parent / "latex" / path.stem.removeprefix("newsdesk-") / f"{path.stem}.log")
    return text


# ------------------------------------------------------------------ planning (no TeX)
def test_book_plan_has_months_newest_first_and_only_articles():
    catalog = catalog_of(FIXTURE_SITE)
    entries = pdf.plan_book(catalog.for_locale("en"), "en")
    assert sorted(entries) == [
        "articles/20251020/robot-newsroom.md",
        "articles/20251105/cpp-agents.md",
        "articles/20251118/cloud-deal-brief.md",
        "articles/20251201/winter-roundup.md",
        "book/2025-10.md",
        "book/2025-11.md",
        "book/2025-12.md",
        "index.md",
    ]  # no landing page, listing, tag, category or archive page
    root = entries["index.md"].text
    assert root.index("/book/2025-12") < root.index("/book/2025-11") < root.index("/book/2025-10")
    november = entries["book/2025-11.md"].text
    assert "# November 2025" in november
    assert november.index("/articles/20251118/cloud-deal-brief") < november.index("/articles/20251105/cpp-agents")
    ja = pdf.plan_book(catalog.for_locale("ja"), "ja", "2025-11")
    assert sorted(ja) == [
        "articles/20251105/cpp-agents.md",
        "articles/20251118/cloud-deal-brief.md",
        "book/2025-11.md",
        "index.md",
    ]
    assert "# 2025年11月" in ja["book/2025-11.md"].text


def test_book_names_and_subtitles():
    articles = catalog_of(FIXTURE_SITE).for_locale("en")
    assert pdf.book_name("Newsdesk", "en") == "newsdesk-en"
    assert pdf.book_name("Newsdesk", "ja", "2025-11") == "newsdesk-ja-2025-11"
    assert pdf.subtitle(articles, "en") == "October 2025 – December 2025"
    assert pdf.subtitle(articles, "en", "2025-11") == "November 2025"


def test_tex_check_names_the_debian_packages(tmp_path, capsys):
    assert pdf.main(["check-tex", "--path", str(tmp_path)]) == 1
    advice = capsys.readouterr().err
    for package in ("latexmk", "texlive-luatex", "texlive-latex-extra", "texlive-lang-japanese"):
        assert package in advice
    assert "apt-get install" in advice


def test_make_pdf_without_tex_says_what_to_install(tmp_path):
    make_bin = shutil.which("make")
    if make_bin is None or not (REPO / ".venv/bin/.installed").is_file():
        pytest.skip("needs make and the project's .venv")
    env = {**os.environ, "PATH": str(tmp_path)}  # no TeX (nor anything else) on the PATH
    command = [make_bin, "-o", ".venv/bin/.installed", "tex-check"]  # the venv as it is
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "sudo apt-get install --no-install-recommends latexmk texlive-luatex" in result.stderr


def test_ci_and_read_the_docs_install_what_the_book_needs():
    listed = {line.strip() for line in (REPO / ".ci/apt-packages.txt").read_text().splitlines()}
    rtd = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    for requirement in pdf.REQUIREMENTS:
        assert requirement.package in listed, requirement
        assert requirement.package in rtd["build"]["apt_packages"], requirement
    assert rtd["build"]["jobs"]["build"] == {"html": ["make rtd-html"], "pdf": ["make rtd-pdf"]}
    assert "pdf" in rtd["formats"]


def test_readthedocs_yaml_is_valid():
    schema_path = SHARED / "rtd" / "config-schema-v2.json"
    if not schema_path.is_file():
        pytest.skip(f"Read the Docs' schema is absent ({schema_path}); it lives in ../shared beside the checkout")
    jsonschema = pytest.importorskip("jsonschema")
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    jsonschema.validate(config, json.loads(schema_path.read_text()))


# ------------------------------------------------------------------ the fixture site's books
@pytest.fixture(scope="module")
def fixture_build(tex, tmp_path_factory) -> Path:
    build = tmp_path_factory.mktemp("pdf-fixture")
    make(build, FIXTURE_SITE, "pdf")
    return build


def test_fixture_books(fixture_build):
    catalog = catalog_of(FIXTURE_SITE)
    texts = {}
    for locale in LOCALES:
        texts[locale] = check_book(fixture_build / "pdf" / f"newsdesk-{locale}.pdf", catalog.for_locale(locale))
    en, ja = (squeeze(texts[locale]) for locale in LOCALES)
    # title page, months as chapters (newest first), the article header
    assert squeeze("AI News Knowledge Base October 2025 – December 2025 English edition 4 articles") in en
    contents = en[en.index("Contents") :]
    assert contents.index("December2025") < contents.index("November2025") < contents.index("October2025")
    assert squeeze("November 18, 2025 Claude 1 min read Anthropic Microsoft Azure Nvidia Infrastructure") in en
    assert squeeze("Technyan Compute is the new oil") in en
    assert squeeze("AIニュース ナレッジベース 2025年10月〜2025年11月 日本語版 3件の記事") in ja
    assert squeeze("2025年11月18日 Claude 約1分で読めます Anthropic Microsoft Azure Nvidia インフラ") in ja
    assert "テクにゃん" in ja
    assert "コーディングエージェントがC++を習得" in ja


def test_fixture_book_links_work(fixture_build):
    from pypdf import PdfReader

    reader = PdfReader(fixture_build / "pdf" / "newsdesk-en.pdf")
    named = set(reader.named_destinations)
    internal = []
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A", {})
            if action.get("/S") == "/GoTo":
                internal.append(str(action["/D"]))
    assert internal, "no internal link (contents, #summary)"
    assert all(dest in named for dest in internal), set(internal) - named
    months = [entry["/Title"] for entry in reader.outline if not isinstance(entry, list)]
    assert months == ["December 2025", "November 2025", "October 2025"]  # bookmarks, articles below


def test_month_book_has_only_that_month(fixture_build):
    catalog = catalog_of(FIXTURE_SITE)
    make(fixture_build, FIXTURE_SITE, "pdf", MONTH="2025-11")
    for locale in LOCALES:
        articles = catalog.for_locale(locale)
        inside = [a for a in articles if a.month == "2025-11"]
        path = fixture_build / "pdf" / f"newsdesk-{locale}-2025-11.pdf"
        text = check_book(path, inside, absent=[a for a in articles if a.month != "2025-11"])
        assert len(inside) == 2
        assert squeeze("November 2025" if locale == "en" else "2025年11月") in squeeze(text)


def test_month_without_articles_or_malformed_fails_clearly(fixture_build):
    for month, message in (("2025-12", "no ja articles in 2025-12"), ("2025-13", "must be YYYY-MM")):
        command = ["make", "--no-print-directory", "pdf-ja", f"BUILD={fixture_build}", f"CONTENT={FIXTURE_SITE}"]
        command += [f"SPHINXOPTS=-D newsdesk_vocabulary={FIXTURE_VOCABULARY}", f"MONTH={month}"]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode != 0
        assert message in result.stdout + result.stderr


def test_read_the_docs_targets(fixture_build, tmp_path):
    """rtd-html and rtd-pdf put their output where Read the Docs collects it: one PDF in pdf/."""
    python = REPO / ".venv/bin/python"
    variables = {"READTHEDOCS_OUTPUT": str(tmp_path), "READTHEDOCS_LANGUAGE": "ja", "RTD_SPHINX": f"{python} -m sphinx"}
    make(fixture_build, FIXTURE_SITE, "rtd-html", "rtd-pdf", **variables)
    assert (tmp_path / "html" / "index.html").is_file()
    assert 'lang="ja"' in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["newsdesk-ja.pdf"]


# ------------------------------------------------------------------ the corpus
@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_books(tex, tmp_path_factory):
    corpus = require_corpus()
    build = tmp_path_factory.mktemp("pdf-corpus")
    make(build, corpus, "pdf")
    catalog = catalog_of(corpus)
    for locale in LOCALES:
        articles = catalog.for_locale(locale)
        assert len(articles) == 55
        text = check_book(build / "pdf" / f"newsdesk-{locale}.pdf", articles)
        if locale == "ja":
            kana = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff")
            assert kana > 10000, kana  # Japanese text comes out as characters, not boxes


# ------------------------------------------------------------------ an image beside an article
def png(width: int, height: int) -> bytes:
    """A valid RGB PNG of the given size (no Pillow needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x20\x80\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c33"/></svg>'


def test_image_beside_its_article_is_in_both_books(tex, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    folder = content / "articles/20251020/robot-newsroom"
    (folder / "chart.png").write_bytes(png(37, 23))
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")  # LaTeX takes no SVG: converted
    for locale in LOCALES:
        path = folder / f"{locale}.md"
        # and an https: image: shown on the site, a link in the book, never fetched at build time
        # (STRICT=1: Sphinx's "Could not fetch remote image" would fail the build)
        images = "\n![chart](chart.png)\n\n![logo](logo.svg)\n\n![remote chart](https://example.org/remote.png)\n"
        path.write_text(path.read_text(encoding="utf-8") + images, encoding="utf-8")
    vocabulary = f"-D newsdesk_vocabulary={FIXTURE_VOCABULARY}"
    make(tmp_path / "build", content, "pdf", MONTH="2025-10", SPHINXOPTS=vocabulary)
    for locale in LOCALES:
        book = tmp_path / "build" / "pdf" / f"newsdesk-{locale}-2025-10.pdf"
        listing = subprocess.run(["pdfimages", "-list", str(book)], capture_output=True, text=True, check=True)
        sizes = [line.split()[3:5] for line in listing.stdout.splitlines()[2:]]
        assert ["37", "23"] in sizes, listing.stdout
        assert len(sizes) == 2, listing.stdout  # and the converted SVG; the remote one is not embedded
        assert "example.org/remote.png" in squeeze(text_of(book)), "the remote image is a link"


# ------------------------------------------------------------------ the timeline chapter (issue [14 timeline])
SOURCE = REPO / "source"


def source_entries(locale: str, month: str = "") -> list:
    """Our own entries of ``locale`` (of ``month``), oldest first: the order of the chapter."""
    entries = [e for e in catalog_of(SOURCE).entries if e.locale == locale]
    return sorted((e for e in entries if not month or e.date.strftime("%Y-%m") == month), key=lambda e: e.sort_key)


def test_book_plan_ends_with_the_timeline_chapter_oldest_first():
    catalog = catalog_of(SOURCE)
    entries = [e for e in catalog.entries if e.locale == "en"]
    plan = pdf.plan_book(catalog.for_locale("en"), "en", "", entries)
    root = plan["index.md"].text
    assert root.index("/book/2025-11") < root.index("/book/timeline")  # after the months
    chapter = plan["book/timeline.md"].text
    assert "# AI Timeline" in chapter
    listed = [line for line in chapter.splitlines() if line.startswith("/timeline/")]
    assert listed == [f"/{e.docname}" for e in source_entries("en")]
    assert len(listed) >= 4
    assert all(f"{e.docname}.md" in plan for e in entries)
    assert "timeline/index.md" not in plan  # the timeline page and company pages are the website's
    assert not [name for name in plan if name.startswith("companies/")]
    # a month's book: that month's entries only; a month without any: no chapter
    ja_entries = [e for e in catalog.entries if e.locale == "ja"]
    november = pdf.plan_book(catalog.for_locale("ja"), "ja", "2025-11", ja_entries)
    assert [n for n in november if n.startswith("timeline/")] == ["timeline/202511-anthropic-microsoft-nvidia.md"]
    assert "# AI年表" in november["book/timeline.md"].text
    assert "book/timeline.md" not in pdf.plan_book(catalog.for_locale("en"), "en", "2025-10", entries)


def latex_of(build_site, tmp_path: Path, locale: str, month: str = "") -> str:
    app = build_site(SOURCE, locale, "latex", srcdir=tmp_path / f"latex-{locale}{month}", newsdesk_book_month=month)
    assert "WARNING" not in app._warning.getvalue(), app._warning.getvalue()
    [tex] = Path(app.outdir).glob("*.tex")
    return tex.read_text(encoding="utf-8")


def latex_text(text: str) -> str:
    """Front-matter text as Sphinx escapes it for LuaLaTeX (enough for our titles)."""
    from sphinx.util.texescape import escape

    return escape(text, "lualatex")


@pytest.mark.parametrize("locale", LOCALES)
def test_latex_has_the_timeline_chapter_with_every_entry_in_date_order(build_site, tmp_path, locale):
    from newsdesk import i18n

    tex = latex_of(build_site, tmp_path, locale)
    chapter = tex.index(rf"\chapter{{{i18n._(locale, 'timeline')}}}")
    assert tex.rindex(r"\chapter{") == chapter  # the last chapter, after the months
    timeline = tex[chapter:]
    entries = source_entries(locale)
    starts = [timeline.index(rf"\section{{{latex_text(e.title)}}}") for e in entries]
    assert starts == sorted(starts), [e.title for e in entries]  # oldest first
    assert timeline.count(r"\newsdeskentrystart") == len(entries)
    for entry, start, end in zip(entries, starts, [*starts[1:], len(timeline)], strict=True):
        part = timeline[start:end]
        assert i18n.long_date(entry.date, locale) in part
        assert r"\DUrole{newsdesk-category}" in part
        assert latex_text(entry.category.label(locale)) in part
        assert rf"\DUrole{{newsdesk-impact}}{{{i18n._(locale, f'impact_{entry.impact}')}}}" in part
        assert latex_text(", ".join(c.label(locale) for c in entry.companies)) in part
        assert (r"\begin{newsdeskmascot}" in part) == bool(entry.comment), entry.docname
        body = entry.path.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip().splitlines()[0]
        assert latex_text(body.split(",")[0]) in part  # the body's first words
    # a month's book: that month's entries only
    month = latex_of(build_site, tmp_path, locale, "2025-11")
    inside = source_entries(locale, "2025-11")
    assert [e.docname for e in inside] == ["timeline/202511-anthropic-microsoft-nvidia"]
    assert month[month.index(r"\begin{document}") :].count(r"\newsdeskentrystart") == 1
    assert rf"\section{{{latex_text(inside[0].title)}}}" in month
    for other in entries:
        if other not in inside:
            assert rf"\section{{{latex_text(other.title)}}}" not in month


@pytest.fixture(scope="module")
def source_build(tex, tmp_path_factory) -> Path:
    build = tmp_path_factory.mktemp("pdf-source")
    make(build, SOURCE, "pdf")
    return build


def test_source_books_have_the_timeline_in_date_order(source_build):
    from newsdesk import i18n

    for locale in LOCALES:
        path = source_build / "pdf" / f"newsdesk-{locale}.pdf"
        entries = source_entries(locale)
        flat = squeeze(check_book(path, catalog_of(SOURCE).for_locale(locale), entries=len(entries)))
        # the chapter's heading, then its first entry's (the contents list them too, with dots)
        chapter = flat.rindex(squeeze(i18n._(locale, "timeline")) + squeeze(entries[0].title))
        # an entry's heading is its title, then its byline's date (nowhere else are they so)
        places = [flat.find(squeeze(e.title + i18n.long_date(e.date, locale))) for e in entries]
        assert -1 not in places, [e.title for e, at in zip(entries, places, strict=True) if at < 0]
        assert chapter < places[0]
        assert places == sorted(places)
        first = flat[places[0] : places[1]]
        header = [i18n.long_date(entries[0].date, locale), entries[0].category.label(locale)]
        header.append(i18n._(locale, f"impact_{entries[0].impact}"))
        assert squeeze(" ".join(header)) in first  # its date, category and impact
        assert squeeze(", ".join(c.label(locale) for c in entries[0].companies)) in first
        assert squeeze("Technyan" if locale == "en" else "テクにゃん") in first  # its mascot card
