"""The reader's web (issue [12 reader]): 404 page, social cards, web manifest, one site name.

Each built page is parsed (bs4) and each image decoded (Pillow). One clean build of the
fixture site per locale is shared by the tests that only read it; the tests that change
content build their own.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, FIXTURE_VOCABULARY, REPO, make_site_dir, soup
from PIL import Image, ImageChops, ImageStat
from test_differential import Harness

from newsdesk import cardimage, i18n, social, typesetting, webmanifest
from newsdesk.cli import main as cli
from newsdesk.colours import FURO_BACKGROUND, FURO_BRAND
from newsdesk.config import NewsdeskConfig

BASE = "https://newsdesk.example.org/{locale}/"
LOCALES = ("en", "ja")


@dataclass
class Built:
    outdir: Path
    status: str
    warnings: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """``site(locale)``: the fixture site built clean once per locale for this module."""
    from sphinx.testing.util import SphinxTestApp

    built: dict[str, Built] = {}

    def get(locale: str) -> Built:
        if locale not in built:
            srcdir = make_site_dir(tmp_path_factory.mktemp(f"web-{locale}"))
            status, warning = io.StringIO(), io.StringIO()
            overrides = {
                "language": locale,
                "newsdesk_content_dir": str(FIXTURE_SITE),
                "newsdesk_vocabulary": str(FIXTURE_VOCABULARY),
            }
            app = SphinxTestApp("html", srcdir=srcdir, confoverrides=overrides, status=status, warning=warning)
            try:
                app.build()
            finally:
                app.cleanup()  # docutils' node registry is global: free it for the other tests' apps
            built[locale] = Built(Path(app.outdir), status.getvalue(), warning.getvalue())
        return built[locale]

    return get


def article_pages(outdir: Path) -> list[Path]:
    return sorted((outdir / "articles").rglob("*.html"))


def meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


# ------------------------------------------------------------------ the 404 page
@pytest.mark.parametrize("locale", LOCALES)
def test_404_page_is_localized_and_absolute(site, locale):
    outdir = site(locale).outdir
    page = soup(outdir / "404.html")
    prefix = f"/{locale}/"
    name = NewsdeskConfig().name_in(locale)
    assert page.html["lang"] == locale
    assert page.title.get_text() == f"{i18n._(locale, 'notfound_title')} - {name}"
    box = page.select_one(".newsdesk-404")
    assert box.h1.get_text() == i18n._(locale, "notfound_title")
    assert box.p.get_text() == i18n._(locale, "notfound_text")
    home, search = box.select_one("a.newsdesk-404-home"), box.select_one("a.newsdesk-404-search")
    assert (home["href"], home.get_text()) == (f"{prefix}index.html", i18n._(locale, "notfound_home"))
    assert (search["href"], search.get_text()) == (f"{prefix}search.html", i18n._(locale, "notfound_search"))
    assert (outdir / "search.html").is_file()
    assert (outdir / "index.html").is_file()
    # served for any missing address, at any depth: every local URL is absolute
    urls = [t["href"] for t in page.find_all(["link", "a"], href=True)] + [t["src"] for t in page.find_all(src=True)]
    local = [u for u in urls if not u.startswith(("https://", "#"))]
    assert len(local) > 10, local
    assert [u for u in local if not u.startswith(prefix)] == []
    assert page.html["data-content_root"] == prefix
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    sitemap = (outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in sitemap
    assert "index.html" in sitemap


def test_404_prefix_follows_the_read_the_docs_base_url(build_site):
    app = build_site(REPO / "source", "ja", html_baseurl="https://newsdesk.readthedocs.io/ja/latest/")
    page = soup(app.outdir / "404.html")
    assert page.select_one("a.newsdesk-404-home")["href"] == "/ja/latest/index.html"
    css = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert css
    assert all(href.startswith("/ja/latest/_static/") for href in css)


# ------------------------------------------------------------------ social cards
@pytest.mark.parametrize("locale", LOCALES)
def test_every_article_page_has_its_card(site, locale):
    outdir = site(locale).outdir
    pages = article_pages(outdir)
    assert len(pages) >= 3
    for path in pages:
        page = soup(path)
        docname = path.relative_to(outdir).with_suffix("").as_posix()
        assert meta(page, "og:image") == BASE.format(locale=locale) + f"_social/{docname}.png"
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert meta(page, "og:image:alt") == page.find("h1").get_text(strip=True).rstrip("#¶")
        assert meta(page, "twitter:card") == "summary_large_image"
        assert len(page.find_all("meta", attrs={"property": "og:image"})) == 1
        card = Image.open(outdir / "_social" / f"{docname}.png")
        assert (card.format, card.size) == ("PNG", (1200, 630))
        card.load()  # decodes
    index = soup(outdir / "index.html")  # not an article: no card
    assert meta(index, "og:image") is None
    assert meta(index, "twitter:card") is None
    assert sorted((outdir / "_social").rglob("*.png")) == sorted(
        outdir / "_social" / p.relative_to(outdir).with_suffix(".png") for p in pages
    )


def test_the_card_image_imports_no_sphinx():
    """Fonts, text and drawing are the card's image alone: Sphinx is :mod:`newsdesk.social`'s, and
    Pillow and resvg-py are imported when a card is drawn."""
    code = (
        "import sys, newsdesk.cardimage, newsdesk.typesetting, newsdesk.colours\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sphinx', 'docutils', 'PIL', 'resvg_py'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _title_area(png: bytes) -> Image.Image:
    box = (cardimage.MARGIN, cardimage.TITLE_TOP, cardimage.MARGIN + cardimage.TITLE_WIDTH, cardimage.TITLE_BOTTOM)
    return Image.open(io.BytesIO(png)).convert("L").crop(box)


def test_japanese_title_is_drawn_with_real_glyphs(site):
    fonts = typesetting.find_fonts()
    if not fonts.cjk:
        pytest.skip("no Noto Sans CJK font (Debian: fonts-noto-cjk, in .ci/apt-packages.txt)")
    renderer = cardimage.Renderer(fonts, (REPO / "_static" / "technyan.svg").read_bytes())
    card = cardimage.Card("ロボットが編集部に加わる", "2025年10月20日", "その他", "AIニュース ナレッジベース", "ja")
    drawn = renderer.render(card)
    assert renderer.render(card) == drawn  # the same card, the same bytes
    blank = _title_area(renderer.render(cardimage.Card("", card.date, card.category, card.site, "ja")))
    area = _title_area(drawn)
    changed = sum(ImageChops.difference(area, blank).histogram()[65:])  # pixels that differ by more than 64
    assert changed > 5000, "the title's glyphs cover the title area"
    assert ImageStat.Stat(area).stddev[0] > 40
    # missing glyphs are all the same box: two different titles of one length would look alike
    other = _title_area(renderer.render(cardimage.Card("クラウドが編集部に加わる", card.date, "", card.site, "ja")))
    assert ImageChops.difference(area, other).getbbox() is not None
    # the built card is this one
    built = site("ja").outdir / "_social/articles/20251020/robot-newsroom.png"
    assert Image.open(built).size == (1200, 630)
    assert ImageStat.Stat(_title_area(built.read_bytes())).stddev[0] > 40


def test_titles_wrap_by_width_and_are_ellipsized():
    fonts = typesetting.find_fonts()
    font = fonts.get(True, 60)
    japanese = "マイクロソフトとエヌビディアがアンソロピックに出資、アジュールへの三百億ドルの約束も。"
    lines = typesetting.wrap(japanese, font, 500)
    assert len(lines) >= 3
    assert "".join(lines) == japanese
    assert all(font.getlength(line) <= 500 for line in lines)
    assert not [line for line in lines if line[0] in typesetting.CLOSING]  # 、。 never start a line
    english = "Microsoft and Nvidia Invest in Anthropic with a Thirty Billion Azure Commitment"
    lines = typesetting.wrap(english, font, 500)
    assert " ".join(lines) == english  # broken at spaces, words whole
    long_title = japanese * 6
    font, _size, lines = cardimage.fit_title(long_title, fonts)
    assert lines[-1].endswith(typesetting.ELLIPSIS)
    assert all(font.getlength(line) <= cardimage.TITLE_WIDTH for line in lines)
    assert len(lines) * _size * cardimage.LINE_HEIGHT <= cardimage.TITLE_BOTTOM - cardimage.TITLE_TOP


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
#: The card's fonts: Noto Sans CJK, Pillow's own, and DejaVu Sans (its ``kern`` table moves glyphs).
FONT_SETS = {
    "noto-cjk": typesetting.find_fonts,
    "pillow": lambda: typesetting.Fonts(None, None),
    "dejavu-kerned": lambda: typesetting.Fonts(
        typesetting.Face(str(DEJAVU / "DejaVuSans-Bold.ttf")), typesetting.Face(str(DEJAVU / "DejaVuSans.ttf"))
    ),
}


def _fonts(name: str) -> typesetting.Fonts:
    fonts = FONT_SETS[name]()
    if name == "noto-cjk" and not fonts.cjk:
        pytest.skip("no Noto Sans CJK font (Debian: fonts-noto-cjk, in .ci/apt-packages.txt)")
    if name == "dejavu-kerned" and not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip("no DejaVu Sans (Debian: fonts-dejavu-core)")
    return fonts


JAPANESE = "マイクロソフトとエヌビディアがアンソロピックに出資、アジュールへの三百億ドルの約束も。"
ENGLISH = "Microsoft and Nvidia Invest in Anthropic with a Thirty Billion AVAWA Azure Commitment"


@pytest.mark.parametrize("fonts", FONT_SETS)
def test_text_metrics_are_pillows(fonts):
    """Widths from per-character advances and pair kerning are getlength's; boxes hold getbbox's."""
    fonts = _fonts(fonts)
    texts = [JAPANESE, ENGLISH, "AV Wa To. T, y. «Ågström» e\u0301 ﬁ 🙂", "", " "]
    texts += [text[start : start + 9] for text in texts for start in range(0, len(text), 7)]
    for font in (fonts.get(True, 60), fonts.get(False, 32), fonts.get(True, 28)):
        metrics = typesetting.metrics(font)
        for text in texts:
            assert metrics.length(text) == font.getlength(text), text
            for anchor in ("la", "lm"):
                left, top, right, bottom = metrics.box(text, anchor)
                pillow = font.getbbox(text, anchor=anchor)
                assert (top, bottom) == (pillow[1], pillow[3]), text
                assert left <= pillow[0], text
                assert right >= pillow[2], text


def _indices(png: bytes) -> bytes:
    """A PNG's palette indices, once its chunks' CRCs and its zlib stream's checksum are checked."""
    chunks, offset = {}, 8
    while offset < len(png):
        (size,) = struct.unpack(">I", png[offset : offset + 4])
        kind, data = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + size]
        assert struct.unpack(">I", png[offset + 8 + size : offset + 12 + size])[0] == zlib.crc32(kind + data)
        chunks[kind] = data
        offset += 12 + size
    assert list(chunks) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert len(zlib.decompress(chunks[b"IDAT"])) == cardimage.HEIGHT * (cardimage.WIDTH + 1)  # checks its Adler-32
    image = Image.open(io.BytesIO(png))
    assert (image.mode, image.size) == ("P", (cardimage.WIDTH, cardimage.HEIGHT))
    return image.tobytes()


@pytest.mark.parametrize("fonts", FONT_SETS)
def test_a_card_drawn_in_windows_is_the_card_drawn_whole(fonts):
    """A card draws, maps and compresses only the windows its own texts reach, on the site's base:
    its pixels are those of the whole card drawn and mapped to the palette."""
    renderer = cardimage.Renderer(_fonts(fonts), (REPO / "_static" / "technyan.svg").read_bytes())
    site = "AIニュース ナレッジベース"
    cards = [
        cardimage.Card(JAPANESE, "2025年11月18日", "その他", site, "ja"),
        cardimage.Card(ENGLISH, "November 18, 2025", "Claude", "AI News", "en"),
        cardimage.Card(JAPANESE * 6, "2025年11月18日", "Gemini", site, "ja"),  # ellipsized, lines at half rows
        cardimage.Card(ENGLISH * 3, "November 18, 2025", "", "AI News", "en"),  # no category
        cardimage.Card("", "November 18, 2025", "I", "AI News", "en"),  # no title; a badge drawn as a circle
        cardimage.Card("Ågström gypsy e\u0301 🙂 ﬁ", "", "x" * 40, site, "ja"),  # tall, deep and missing glyphs
        cardimage.Card(ENGLISH, "two\nlines", "Claude", "AI News", "en"),  # Pillow's multiline text
    ]
    assert renderer.layout(cards[2]).lines[1].y % 1 == 0.5
    drawn = {}
    for card in cards:
        drawn[card] = renderer.render(card)
        assert _indices(drawn[card]) == renderer.quantized(renderer.draw(card)).tobytes(), card
    # what the renderer kept from other cards (the base's rows, text metrics) changes no byte
    fresh = cardimage.Renderer(renderer.fonts, renderer.mascot_svg)
    assert [fresh.render(card) for card in reversed(cards)] == [drawn[card] for card in reversed(cards)]


def test_without_a_cjk_font_the_build_says_so_once_and_works(build_site, monkeypatch):
    monkeypatch.setattr(social, "find_fonts", lambda: typesetting.Fonts(None, None))
    content = REPO / "source"
    app = build_site(content, "ja")
    status = app._status.getvalue()
    assert status.count("no CJK font found") == 1
    card = next((app.outdir / "_social").rglob("*.png"))
    assert Image.open(card).size == (1200, 630)


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def test_cards_are_drawn_only_when_their_inputs_change(build_site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "articles", content / "articles")
    srcdir = tmp_path / "site"

    def build():
        return build_site(content, "ja", srcdir=srcdir, vocabulary=FIXTURE_VOCABULARY)

    outdir = build().outdir
    robot = outdir / "_social/articles/20251020/robot-newsroom.png"
    cloud = outdir / "_social/articles/20251118/cloud-deal-brief.png"
    steady = [outdir / name for name in ("404.html", "manifest.webmanifest", *webmanifest.ICONS.values())]
    before = {path: _stat(path) for path in [robot, cloud, *steady]}
    old_robot = robot.read_bytes()
    app = build()  # nothing changed
    assert {path: _stat(path) for path in before} == before
    assert "social cards:" not in app._status.getvalue()

    source = content / "articles/20251020/robot-newsroom/ja.md"
    source.write_text(source.read_text(encoding="utf-8").replace("ロボットが編集部に加わる", "ロボットが編集長に"))
    build()
    assert robot.read_bytes() != old_robot
    assert _stat(robot) != before[robot]
    assert _stat(cloud) == before[cloud]
    page = soup(outdir / "articles/20251020/robot-newsroom.html")
    assert meta(page, "og:image:alt") == "ロボットが編集長に"

    shutil.rmtree(content / "articles/20251118/cloud-deal-brief")
    build()
    assert not cloud.exists()  # the output manifest takes a removed article's card along
    assert robot.is_file()


def test_a_title_change_rebuilds_like_a_clean_build_with_two_jobs(build_site, tmp_path):
    """The differential harness on the change that redraws a card (-j 1 and -j 2 against clean)."""
    harness = Harness(build_site, tmp_path, locales=("ja",))
    harness.check("first build")
    source = harness.tree / "content/articles/20251020/robot-newsroom/ja.md"
    source.write_text(source.read_text(encoding="utf-8").replace("ロボットが", "ロボット記者が"), encoding="utf-8")
    harness.check("title change")


def test_og_values_are_the_front_matter_text(build_site, tmp_path):
    """A title and a description with markup, entities and quotes reach the og: attributes as text."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    path = content / "articles/20251105/cpp-agents/en.md"
    title = 'Tom &amp; "Jerry" <b>bold</b> & co'
    description = 'Fish &lt;chips&gt; & "peas" <b>now</b>'
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: "Coding Agents Learn C++"', f"title: {json.dumps(title)}")
    text = text.replace('"Agents now compile, test and fix C++ code in a sandbox."', json.dumps(description))
    path.write_text(text.replace("# Coding Agents Learn C++\n", ""), encoding="utf-8")
    app = build_site(content, "en")
    page = soup(Path(app.outdir) / "articles/20251105/cpp-agents.html")
    assert meta(page, "og:image:alt") == title
    assert meta(page, "og:description") == description
    assert not page.select("head b")


# ------------------------------------------------------------------ the web manifest, one site name
@pytest.mark.parametrize("locale", LOCALES)
def test_web_manifest_and_icons(site, locale):
    outdir = site(locale).outdir
    data = json.loads((outdir / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert data["name"] == NewsdeskConfig().name_in(locale)
    assert data["short_name"]
    assert len(data["short_name"]) <= 12
    assert (data["lang"], data["start_url"], data["scope"], data["display"]) == (locale, "./", "./", "standalone")
    sizes = {}
    for icon in data["icons"]:
        image = Image.open(outdir / icon["src"])
        image.load()
        assert icon["sizes"] == f"{image.width}x{image.height}"
        assert icon["type"] == "image/png"
        sizes[image.width] = image
    assert set(sizes) == {192, 512}
    assert sizes[512].getextrema()[3][0] == 0, "transparent around the mascot"
    page = soup(outdir / "articles/20251105/cpp-agents.html")
    assert page.find("link", rel="manifest")["href"] == "../../manifest.webmanifest"
    touch = page.find("link", rel="apple-touch-icon")
    icon = Image.open((outdir / "articles/20251105" / touch["href"]).resolve())
    assert icon.size == (180, 180)
    assert icon.convert("RGBA").getextrema()[3] == (255, 255)
    colours = [tag["content"] for tag in page.find_all("meta", attrs={"name": "theme-color"})]
    assert colours == [data["theme_color"], FURO_BACKGROUND["dark"]]
    assert data["background_color"] == data["theme_color"]


def test_no_icons_named_when_none_is_drawn(build_site):
    """Icons are drawn from an SVG avatar only: with a PNG (or URL) avatar, nothing names them."""
    app = build_site(FIXTURE_SITE, "en", newsdesk_mascot_avatar="https://x.test/b.png")
    outdir = Path(app.outdir)
    assert not (outdir / webmanifest.ICONS_DIR).exists()
    assert json.loads((outdir / "manifest.webmanifest").read_text(encoding="utf-8"))["icons"] == []
    page = soup(outdir / "articles/20251105/cpp-agents.html")
    assert page.find("link", rel="manifest") is not None
    assert page.find("link", rel="apple-touch-icon") is None
    assert not [link for link in page.find_all("link") if webmanifest.ICONS_DIR in link.get("href", "")]


def test_colours_are_furos():
    import furo

    scss = Path(furo.__file__).parent / "assets/styles/variables/_colors.scss"
    if not scss.is_file():
        pytest.skip(f"furo's sources are not installed with it ({scss})")
    text = scss.read_text(encoding="utf-8")
    backgrounds = re.findall(r"--color-background-primary:\s*([^;]+);", text)
    assert backgrounds[:2] == ["white", FURO_BACKGROUND["dark"]]
    assert re.search(r"--color-brand-primary:\s*([^;]+);", text).group(1) == FURO_BRAND


def test_one_site_name_everywhere(site, tmp_path):
    names = []
    for locale in LOCALES:
        outdir = site(locale).outdir
        name = json.loads((outdir / "manifest.webmanifest").read_text(encoding="utf-8"))["name"]
        article = soup(outdir / "articles/20251105/cpp-agents.html")
        assert meta(article, "og:site_name") == name
        assert article.title.get_text().endswith(f" - {name}")
        assert soup(outdir / "index.html").title.get_text() == name
        feed = ElementTree.parse(outdir / "atom.xml").getroot()
        assert feed.findtext("{http://www.w3.org/2005/Atom}title") == name
        assert soup(outdir / "search.html").title.get_text().endswith(f" - {name}")
        names.append(name)
        (tmp_path / locale).mkdir()
        shutil.copy(outdir / "index.html", tmp_path / locale / "index.html")
    assert names[0] != names[1]  # each locale in its own language
    assert cli(["landing", str(tmp_path)]) == 0
    assert soup(tmp_path / "index.html").title.get_text() == " / ".join(names)
