"""A body section headed by the mascot's name becomes the mascot's card (issue [12 reader])."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import FIXTURE_VOCABULARY, REPO, soup, warnings_of
from test_cards import build_cards, build_latex, compile_latex

from newsdesk.mascot_sections import is_mascot_heading, same_text

CARDS = REPO / "tests" / "fixtures" / "cards"
SECTIONS = "articles/20251212/mascot-sections"  # front-matter comment + a long section with markup
ECHO = "articles/20251213/mascot-echo"  # en: the section repeats the comment; ja: a section only
NAMES = ("Technyan", "テクにゃん")
HEADINGS = "h1, h2, h3, h4, h5, h6"


def mascot_headings(page) -> list[str]:
    return [h.get_text() for h in page.select(f"article {HEADINGS}") if any(n in h.get_text() for n in NAMES)]


@pytest.mark.parametrize(
    "title",
    [
        "Technyan's Comment",
        "Technyan’s comments:",
        "TECHNYAN SAYS",
        "Comment from Technyan",
        "🐱 Technyan's Take",
        "Technyan",
        "テクにゃんのコメント",
        "テクにゃん.のコメント",
        "テクにゃんの一言",
        "テクにゃんからのひとこと",
        "ﾃｸにゃんのｺﾒﾝﾄ",  # half-width katakana
    ],
)
def test_mascot_headings(title):
    assert is_mascot_heading(title, NAMES)


@pytest.mark.parametrize(
    "title",
    ["Technyan's new laptop", "Comments", "Why Technyan loves MCP", "テクにゃんと学ぶMCP", "Conclusion", ""],
)
def test_other_headings(title):
    assert not is_mascot_heading(title, NAMES)


def test_same_text_folds_whitespace_and_quotes():
    assert same_text('"Echoes are shown once,\neven   across lines!" ') == same_text(
        "Echoes are shown once, even across lines!"
    )
    assert same_text("「同じだにゃ」") == same_text("同じだにゃ")
    assert same_text("one") != same_text("two")


def test_section_becomes_a_card_en(build_site):
    app = build_cards(build_site, "en")
    page = soup(app.outdir / f"{SECTIONS}.html")
    article = page.select_one("article")
    short, long = article.select(".newsdesk-mascot")
    # the short front-matter comment right after the lead, the long one where the writer put it
    assert page.select_one("p.newsdesk-lead").find_next_sibling() is short
    assert short.select_one("p.newsdesk-mascot-text").get_text() == "Short and sweet: sections become cards!"
    assert "newsdesk-mascot-section" in long["class"]
    assert long["aria-label"] == "Comment from Technyan"
    assert long.select_one(".newsdesk-mascot-name").get_text() == "Technyan"
    body = long.select_one(".newsdesk-mascot-bubble .sd-card-body")
    first = body.select_one("p.newsdesk-mascot-text")
    # parsed Markdown, not plain text; the enclosing quotation marks are the bubble's
    assert first.get_text().startswith("Spreadsheet haiku is exactly")
    assert first.select_one("strong").get_text() == "exactly"
    assert first.select_one("a.reference.external")["href"] == "https://example.org/haiku"
    assert [li.get_text(" ", strip=True) for li in body.select("ul > li")] == [
        "The small size runs on a toaster .",
        "The large one rhymes in three languages.",
    ]
    assert body.select_one("p.rubric").get_text() == "The fine print"  # a subheading, not a section
    assert body.select("p.newsdesk-mascot-text")[-1].get_text() == "Only on Tuesdays, for now!"
    # the heading, its anchor and its toc entry are gone; the section after it stays
    assert mascot_headings(page) == []
    assert [h.get_text().rstrip("¶") for h in article.select("h2")] == ["What shipped", "Conclusion"]
    assert not page.select('[id*="technyan"], a[href*="technyan"]')
    assert "Technyan" not in " ".join(a.get_text() for a in page.select(".toc-tree a"))
    conclusion = page.select_one("section#conclusion")
    assert long.find_next("section") is conclusion
    assert not warnings_of(app).strip()


def test_section_repeating_the_comment_is_shown_once(build_site):
    page = soup(build_cards(build_site, "en").outdir / f"{ECHO}.html")
    (card,) = page.select(".newsdesk-mascot")
    assert card.select_one("p.newsdesk-mascot-text").get_text() == "Echoes are shown once, even across   lines!"
    assert mascot_headings(page) == []


def test_section_becomes_a_card_ja(build_site):
    app = build_cards(build_site, "ja")
    page = soup(app.outdir / f"{SECTIONS}.html")
    short, long = page.select(".newsdesk-mascot")
    assert short.select_one("p.newsdesk-mascot-text").get_text() == "短く言うと、節がカードになるにゃ！"
    assert long["aria-label"] == "テクにゃんのコメント"
    assert long.select_one(".newsdesk-mascot-name").get_text() == "テクにゃん"
    assert long.select_one("strong").get_text() == "世界が待っていた"  # "## テクにゃん.のコメント"
    assert mascot_headings(page) == []
    # a section only (#### テクにゃんの一言, no front-matter comment): one card, 「」 dropped
    echo = soup(app.outdir / f"{ECHO}.html")
    (card,) = echo.select(".newsdesk-mascot")
    assert card.select_one("p.newsdesk-mascot-text").get_text() == "本文の節だけでもカードになるにゃ！"
    assert mascot_headings(echo) == []
    assert not warnings_of(app).strip()


def test_section_card_in_latex(build_site):
    app, tex = build_latex(build_site, CARDS, "en", SECTIONS, vocabulary=FIXTURE_VOCABULARY)
    article = tex[
        tex.index(r"\section{Mascot Sections}") : tex.index(r"\section{", tex.index(r"\section{Mascot Sections}") + 1)
    ]
    boxes = re.findall(r"\\begin\{newsdeskmascot\}\{Technyan\}(.*?)\\end\{newsdeskmascot\}", article, re.S)
    assert len(boxes) == 2
    assert "Short and sweet: sections become cards!" in boxes[0]
    assert r"Spreadsheet haiku is \sphinxstylestrong{exactly} what the world needed!" in boxes[1]
    assert r"\begin{itemize}" in boxes[1]
    assert "Only on Tuesdays, for now!" in boxes[1]
    assert "Technyan" not in "".join(re.findall(r"\\(?:sub)*section\*?\{[^}]*\}", article))
    assert not warnings_of(app).strip()


def test_section_card_in_latex_ja(build_site):
    _, tex = build_latex(build_site, CARDS, "ja", SECTIONS, vocabulary=FIXTURE_VOCABULARY)
    start = tex.index(r"\section{マスコットの節}")
    article = tex[start : tex.index(r"\section{", start + 1)]
    boxes = re.findall(r"\\begin\{newsdeskmascot\}\{テクにゃん\}(.*?)\\end\{newsdeskmascot\}", article, re.S)
    assert len(boxes) == 2
    assert r"表計算の俳句こそ、\sphinxstylestrong{世界が待っていた}ものだにゃ！" in boxes[1]
    assert "テクにゃん" not in "".join(re.findall(r"\\(?:sub)*section\*?\{[^}]*\}", article))


def test_section_card_in_text(build_site):
    text = (build_cards(build_site, "en", "text").outdir / f"{SECTIONS}.txt").read_text(encoding="utf-8")
    assert "Technyan:\n\n   Spreadsheet haiku is **exactly** what the world needed!" in text
    assert '   * The small size runs on a "toaster".' in text
    assert "Technyan's Comment" not in text


@pytest.mark.slow
@pytest.mark.pdf
def test_section_card_in_pdf_text(build_site):
    """The PDF's text, compiled with LuaLaTeX (skipped without TeX)."""
    from newsdesk import pdf

    missing = pdf.missing_tex()
    if missing or shutil.which("pdftotext") is None:
        pytest.skip("TeX for `make pdf` or pdftotext is missing")
    app, _ = build_latex(build_site, CARDS, "en", SECTIONS, vocabulary=FIXTURE_VOCABULARY)
    book = compile_latex(app.outdir)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(book), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Spreadsheet haiku is exactly what the world needed!" in flat
    assert "Technyan’s Comment" not in flat
    assert "Technyan's Comment" not in flat
