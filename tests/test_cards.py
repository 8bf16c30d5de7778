"""Mascot comment and comparison cards, in HTML, LaTeX and text (issue [2 cards])."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, FIXTURE_VOCABULARY, REPO, require_corpus, soup, warnings_of

CARDS = REPO / "tests" / "fixtures" / "cards"  # pages using the directives + one article of list shapes
SEED = "articles/20251118/microsoft-nvidia-anthropic-partnership"
SHAPES = "articles/20251210/list-shapes"
BOXES = "articles/20251211/boxes-on-paper"  # both directives, LaTeX specials
HOSTILE = "<img src=x onerror=alert(1)> {ref}`nope` **not bold**"  # winter-roundup's technyanComment


def build_cards(build_site, locale: str = "en", buildername: str = "html", **overrides: object):
    """The cards fixture: its own pages (``cards.md`` uses both directives) and articles."""
    return build_site(
        CARDS, locale, buildername, vocabulary=FIXTURE_VOCABULARY, newsdesk_pages_dir=str(CARDS / "pages"), **overrides
    )


def labels(grid) -> list[str]:
    return [t.get_text(strip=True) for t in grid.select(".newsdesk-comparison-card .sd-card-title")]


def values(grid) -> list[str]:
    return [p.get_text(" ", strip=True) for p in grid.select(".newsdesk-comparison-card .sd-card-body > p")]


def caption(grid) -> str:
    return " ".join(grid.select_one("p.rubric.newsdesk-comparison-caption").get_text().split())


# -- mascot -----------------------------------------------------------------------------------


def test_mascot_directive_html(build_site):
    app = build_cards(build_site)
    page = soup(app.outdir / "cards.html")
    (mascot,) = page.select("article .newsdesk-mascot")
    assert mascot["role"] == "note"
    assert mascot["aria-label"] == "Comment from Technyan"
    avatar = mascot.select_one(":scope > span.newsdesk-mascot-avatar")
    assert avatar["style"] == 'background-image: url("_static/technyan.svg")'
    assert avatar["aria-hidden"] == "true"  # decorative: the name is written next to it
    assert not mascot.find("img")
    assert (app.outdir / "_static" / "technyan.svg").is_file()
    bubble = mascot.select_one(":scope > .sd-card.newsdesk-mascot-bubble")
    assert bubble.select_one(".sd-card-body > .sd-card-title .newsdesk-mascot-name").get_text() == "Technyan"
    texts = [p.get_text() for p in bubble.select("p.newsdesk-mascot-text")]
    # plain text: markup is shown literally, blank lines still separate paragraphs
    assert texts == [
        'Cloud deals are getting *huge* <script>alert("x")</script>!\n{ref}`not-a-role` and <b>not bold</b>',
        "A second paragraph, still plain text.",
    ]
    assert not bubble.find(["script", "b", "em"])
    assert not warnings_of(app).strip()


def test_mascot_name_and_avatar_follow_locale_and_config(build_site):
    ja = soup(build_cards(build_site, "ja").outdir / "cards.html")
    assert ja.select_one(".newsdesk-mascot-name").get_text() == "テクにゃん"
    assert ja.select_one(".newsdesk-mascot")["aria-label"] == "テクにゃんのコメント"
    app = build_cards(
        build_site, "en", newsdesk_mascot_name={"en": "Byte"}, newsdesk_mascot_avatar="https://x.test/b.png"
    )
    page = soup(app.outdir / f"{SHAPES}.html")
    assert [n.get_text() for n in page.select(".newsdesk-mascot-name")] == ["Byte", "Byte"]
    assert {a["style"] for a in page.select(".newsdesk-mascot-avatar")} == {
        'background-image: url("https://x.test/b.png")'
    }


def test_front_matter_comment_once_right_after_the_lead(build_site):
    app = build_site(REPO / "source", "en")
    page = soup(app.outdir / f"{SEED}.html")
    # the front-matter comment after the lead; the body's "Technyan's Comment" section is the second card
    mascot, section = page.select(".newsdesk-mascot")
    assert "newsdesk-mascot-section" in section["class"]
    lead = page.select_one("p.newsdesk-lead")
    assert lead.find_next_sibling() is mascot
    assert mascot.select_one(".newsdesk-mascot-name").get_text() == "Technyan"
    assert (
        mascot.select_one(".newsdesk-mascot-avatar")["style"] == 'background-image: url("../../_static/technyan.svg")'
    )
    text = mascot.select_one("p.newsdesk-mascot-text").get_text()
    assert text.startswith("This is truly industry-shaking news! Microsoft is deeply invested in OpenAI")
    assert text.endswith("It's a true win-win relationship!")  # as written: no smart quotes


def test_hostile_comment_text_is_shown_not_run(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "articles/20251201/winter-roundup.html")
    (mascot,) = page.select(".newsdesk-mascot")
    assert mascot.select_one("p.newsdesk-mascot-text").get_text() == HOSTILE
    assert not page.select("article img")
    assert not page.find(attrs={"onerror": True})
    assert mascot.find("strong") is None
    raw = (app.outdir / "articles/20251201/winter-roundup.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw


# -- comparison ---------------------------------------------------------------------------------


def test_comparison_directive_html(build_site):
    app = build_cards(build_site)
    page = soup(app.outdir / "cards.html")
    first, second = page.select("article .newsdesk-comparison")
    assert first["role"] == "group"
    assert first["aria-label"] == caption(first) == "Model makers vs clouds"
    row = first.select_one(".newsdesk-comparison-grid.sd-container-fluid > .sd-row")
    assert {"sd-row-cols-1", "sd-row-cols-lg-3"} <= set(row["class"])  # :columns: 3, one column on phones
    cards = row.select(":scope > .sd-col > .sd-card.newsdesk-comparison-card")
    assert len(cards) == 3
    # the three label forms: **Label**: value, **Label:** value, **Label**：value
    assert labels(first) == ["Maker A - Cloud X", "Maker B - Cloud Y", "Maker C - Cloud Z"]
    assert values(first) == ["$30 billion, see the summary", "$38 billion, announced in November", "undisclosed"]
    assert cards[0].select_one("a.reference.internal")["href"] == "#summary"
    assert cards[1].select_one("em").get_text() == "announced"
    # :caption: option, with inline Markdown; default columns from newsdesk_comparison_columns
    assert caption(second) == "Plans compared"
    assert second.select_one(".newsdesk-comparison-caption strong").get_text() == "compared"
    assert "sd-row-cols-lg-2" in second.select_one(".sd-row")["class"]
    assert labels(second) == ["Free", "Pro"]
    assert not page.select("article ul")  # every list became cards
    assert not warnings_of(app).strip()


def test_comparison_directive_with_other_content_warns_and_keeps_it(build_site, tmp_path):
    pages = tmp_path / "pages" / "en"
    pages.mkdir(parents=True)
    shutil.copy(CARDS / "pages" / "en" / "index.md", pages / "index.md")
    (pages / "cards.md").write_text("# Bad\n\n```{comparison} Not quite\n- **A**: one\n- two\n```\n", encoding="utf-8")
    app = build_site(CARDS, "en", vocabulary=FIXTURE_VOCABULARY, newsdesk_pages_dir=str(tmp_path / "pages"))
    assert "comparison: the content must be one bullet list" in warnings_of(app)
    page = soup(app.outdir / "cards.html")
    assert not page.select(".newsdesk-comparison")
    assert [li.get_text(" ", strip=True) for li in page.select("article ul > li")] == ["A : one", "two"]


def test_seed_article_comparison_en(build_site):
    app = build_site(REPO / "source", "en")
    page = soup(app.outdir / f"{SEED}.html")
    (grid,) = page.select(".newsdesk-comparison")
    assert caption(grid) == "Comparison of Major Contracts"
    assert labels(grid) == ["Anthropic - Azure", "OpenAI - AWS"]
    assert values(grid) == ["$30 billion commitment", "$38 billion contract (announced in 2025)"]
    assert grid.find_parent("section")["id"] == "comparison-with-openai"
    bold = [s.get_text() for s in page.select("article p > strong")]
    assert "Comparison of Major Contracts:" not in bold  # the caption paragraph moved into the grid
    # a key-value list whose caption doesn't match newsdesk_comparison_pattern stays a list
    landscape = next(s for s in page.select("article p > strong") if s.get_text() == "Current Partnership Landscape:")
    assert landscape.parent.find_next_sibling().name == "ul"
    assert not warnings_of(app).strip()


def test_seed_article_comparison_ja(build_site):
    app = build_site(REPO / "source", "ja")
    page = soup(app.outdir / f"{SEED}.html")
    (grid,) = page.select(".newsdesk-comparison")
    assert caption(grid) == "主要な契約の比較"  # full-width colon removed
    assert labels(grid) == ["Anthropic - Azure", "OpenAI - AWS"]
    assert values(grid) == ["300億ドルのコミットメント", "380億ドルの契約（2025年に発表）"]
    assert page.select_one(".newsdesk-mascot-name").get_text() == "テクにゃん"
    assert not warnings_of(app).strip()


@pytest.mark.corpus
def test_corpus_ja_sibling_comparison(build_site, tmp_path):
    corpus = require_corpus()
    article = corpus / SEED
    if not (article / "ja.md").is_file():
        pytest.skip(f"{article}/ja.md is not in the shared corpus")
    content = tmp_path / "content"
    shutil.copytree(article, content / SEED)  # a one-article content tree, outside the project
    app = build_site(content, "ja")  # with the project's vocabulary
    page = soup(app.outdir / f"{SEED}.html")
    (grid,) = page.select(".newsdesk-comparison")
    assert caption(grid) == "主要な契約の比較"
    assert labels(grid) == ["Anthropic - Azure", "OpenAI - AWS"]
    assert len(page.select(".newsdesk-mascot")) == 2  # the front matter's and the body section's


def test_near_miss_lists_stay_lists(build_site):
    app = build_site(FIXTURE_SITE, "en")
    page = soup(app.outdir / "articles/20251118/cloud-deal-brief.html")
    (grid,) = page.select(".newsdesk-comparison")
    assert caption(grid) == "Comparison of Cloud Commitments"
    assert labels(grid) == ["Maker A - Cloud X", "Maker B - Cloud Y"]
    assert grid.select_one("a")["href"] == "#summary"
    key_points = next(s for s in page.select("article p > strong") if s.get_text() == "Key Points:")
    items = key_points.parent.find_next_sibling("ul").select("li")
    assert [li.get_text(" ", strip=True) for li in items] == [
        "Scale : larger than any earlier deal",
        "Timing : both in November",
    ]


def _section_shapes(page) -> list[str]:
    """What follows the intro of list-shapes: 'grid:<caption>' or 'list:<first item>'."""
    shapes = []
    for node in page.select("article .newsdesk-comparison, article ul"):
        if "newsdesk-comparison" in (node.get("class") or []):
            rubric = node.select_one(".newsdesk-comparison-caption")
            shapes.append("grid:" + (rubric.get_text(strip=True) if rubric else ""))
        elif not node.find_parent(class_=["newsdesk-comparison", "newsdesk-related"]):
            shapes.append("list:" + node.select_one("li").get_text(" ", strip=True).split(" ")[0])
    return shapes


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            "captions",
            [
                "grid:Model A vs Model B",
                "list:Complete",
                "list:Label",
                "list:Free",
                "list:One",
                "list:Founded",
                "list:Loose",
            ],
        ),
        (
            "all",
            ["grid:Model A vs Model B", "list:Complete", "list:Label", "grid:", "grid:", "grid:Plain Facts", "grid:"],
        ),
        ("off", ["list:Model", "list:Complete", "list:Label", "list:Free", "list:One", "list:Founded", "list:Loose"]),
    ],
)
def test_comparison_auto_modes(build_site, mode, expected):
    app = build_cards(build_site, newsdesk_comparison_auto=mode)
    page = soup(app.outdir / f"{SHAPES}.html")
    assert _section_shapes(page) == expected
    if mode != "off":
        first = page.select_one(".newsdesk-comparison")
        assert values(first) == ["fast, cheap", "slow, see the notes"]  # **Label:** form, inline Markdown kept
        assert first.select_one("em").get_text() == "cheap"
    # a mascot directive in an article body renders the same card as the front matter's
    assert len(page.select(".newsdesk-mascot .newsdesk-mascot-bubble")) == 2
    assert not warnings_of(app).strip()


# -- other builders -------------------------------------------------------------------------------


def build_latex(build_site, content, locale: str, start: str, **overrides: object):
    """A LaTeX build whose document starts at ``start`` (an article: articles are in the
    PDF book too, when newsdesk builds one), and the text of every ``.tex`` file written."""
    latex_documents = [(start, "cards.tex", "Cards", "newsdesk", "howto")]
    app = build_site(content, locale, "latex", latex_documents=latex_documents, **overrides)
    tex = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(app.outdir).glob("*.tex")))
    return app, tex


def compile_latex(outdir: Path) -> Path:
    """Run the LaTeX builder's Makefile in ``outdir``; the one PDF it makes."""
    run = subprocess.run(
        ["make", "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        cwd=outdir,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    (pdf,) = Path(outdir).glob("*.pdf")
    return pdf


def test_latex_boxes(build_site):
    app, tex = build_latex(build_site, CARDS, "en", BOXES, vocabulary=FIXTURE_VOCABULARY)
    assert r"\usepackage{newsdeskcards}" in tex
    sty = (app.outdir / "newsdeskcards.sty").read_text(encoding="utf-8")
    assert r"\newenvironment{newsdeskmascot}[1]{\begin{sphinxadmonition}{tip}{#1}}" in sty
    # the front-matter comment: LaTeX specials and markup are text
    first = tex.index(
        r"\begin{newsdeskmascot}{Technyan}", tex.index(r"\section{Boxes on Paper}")
    )  # the book: every article
    comment = tex[first : tex.index(r"\end{newsdeskmascot}", first)]
    assert r"\& 100\% of \{ref\}" in comment  # (< and > are escaped for pdflatex only: harmless in TeX)
    assert (
        r"\#1, \textasciitilde{}, \textasciicircum{}, C:\textbackslash{}temp and \_underscores\_ stay text!" in comment
    )
    # the directive's comment
    second = tex.index(r"\begin{newsdeskmascot}{Technyan}", first + 1)
    assert 'alert("x")' in tex[second : tex.index(r"\end{newsdeskmascot}", second)]
    # the directive's grid and the automatic one
    start = tex.index(r"\newsdeskcomparisoncaption{Model makers vs clouds}")
    grid = tex[start : tex.index(r"\end{newsdeskcomparison}", start)]
    assert grid.count(r"\begin{newsdeskcompareitem}") == 3
    assert r"\begin{newsdeskcompareitem}{Maker A \sphinxhyphen{} Cloud X}" in grid
    assert r"\sphinxstyleemphasis{announced}" in grid
    start = tex.index(r"\newsdeskcomparisoncaption{Comparison of Plans}")
    assert tex[start : tex.index(r"\end{newsdeskcomparison}", start)].count(r"\begin{newsdeskcompareitem}") == 2
    assert "sd-card" not in tex  # no bare sphinx-design containers
    assert not warnings_of(app).strip()


def test_latex_boxes_seed_article_ja(build_site):
    app, tex = build_latex(build_site, REPO / "source", "ja", SEED)
    # the book ends with the timeline chapter (its entries have mascot cards too): the article's part
    article, _, timeline = tex.partition(r"\chapter{AI年表}")
    assert timeline
    assert article.count(r"\begin{newsdeskmascot}{テクにゃん}") == 2  # the front matter's and the body section's
    assert r"\newsdeskcomparisoncaption{主要な契約の比較}" in tex
    assert r"\begin{newsdeskcompareitem}{OpenAI \sphinxhyphen{} AWS}" in tex
    assert not warnings_of(app).strip()


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en", "ja"])
def test_latex_compiles(build_site, locale):
    app, tex = build_latex(build_site, CARDS, locale, BOXES, vocabulary=FIXTURE_VOCABULARY)
    assert r"\begin{newsdeskcompareitem}" in tex
    engine = app.config.latex_engine  # pdflatex / uplatex for ja, unless the PDF book chooses another
    if not shutil.which("latexmk") or not shutil.which(engine):
        pytest.skip(f"TeX Live (latexmk, {engine}) is not installed")
    pdf = compile_latex(app.outdir)
    assert pdf.stat().st_size > 1000
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "newsdeskcards.sty" in log


def test_text_builder_fallback(build_site):
    app = build_cards(build_site, "en", "text")
    text = (app.outdir / "cards.txt").read_text(encoding="utf-8")
    assert "Technyan:\n\n   Cloud deals are getting *huge* <script>" in text
    assert "Model makers vs clouds\n\nMaker A - Cloud X:\n\n   $30 billion, see the summary" in text
    assert "Maker C - Cloud Z:\n\n   undisclosed" in text
    assert not warnings_of(app).strip()


@pytest.mark.parametrize("buildername", ["singlehtml", "man", "texinfo"])
def test_other_builders_know_the_nodes(build_site, buildername):
    app = build_cards(build_site, "en", buildername)
    assert not warnings_of(app).strip()
    out = "\n".join(
        p.read_text(encoding="utf-8") for p in Path(app.outdir).iterdir() if p.suffix in {".html", ".1", ".texi"}
    )
    assert "Maker A" in out
    assert "Technyan" in out
