"""The root page's language chooser (newsdesk/landing.py), as HTML: escaped, complete, stable."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from newsdesk import landing
from newsdesk.cli import main as cli

HOSTILE = '"><script>alert(1)</script>'
NAMES = {"en": "AI News Knowledge Base", "ja": "AIニュース ナレッジベース"}


def built(root: Path, *locales: str, mascot: bool = True) -> Path:
    for locale in locales:
        (root / locale / "_static").mkdir(parents=True)
        (root / locale / "index.html").write_text("<html></html>", encoding="utf-8")
        if mascot:
            (root / locale / "_static" / "technyan.svg").write_text("<svg/>", encoding="utf-8")
    return root


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_chooser_links_each_built_locale_in_its_language(tmp_path):
    assert cli(["landing", str(built(tmp_path, "en", "ja")), "--locales", "en", "ja", "fr"]) == 0
    page = soup(tmp_path / "index.html")
    links = page.select("nav a")
    assert [a["href"] for a in links] == ["en/index.html", "ja/index.html"]  # fr was not built
    assert [a.select_one(".name").get_text() for a in links] == ["English", "日本語"]
    assert [a["lang"] for a in links] == ["en", "ja"]
    assert links[1].select_one(".description").get_text() == "AIのニュースと解説を日本語で"
    assert page.title.get_text() == "AI News Knowledge Base / AIニュース ナレッジベース"
    assert page.select_one("img.mascot")["src"] == "en/_static/technyan.svg"
    assert page.select_one('meta[name="viewport"]')
    assert "prefers-color-scheme: dark" in page.select_one("style").get_text()
    assert [a["href"] for a in page.select("footer a")] == ["?choose", "?choose"]


def test_everything_is_escaped():
    text = landing.render([HOSTILE], {HOSTILE: HOSTILE}, title=HOSTILE, mascot=HOSTILE)
    page = BeautifulSoup(text, "html.parser")
    assert len(page.select("script")) == 1  # ours only
    assert "</script>" not in page.script.get_text()  # the locale is in the script as \\u003c-escaped JSON
    assert "alert(1)</script>" not in text
    assert page.title.get_text() == HOSTILE
    assert page.select_one("nav a")["hreflang"] == HOSTILE
    assert page.select_one("nav a")["href"] == f"{HOSTILE}/index.html"
    assert page.select_one("img")["src"] == HOSTILE
    assert page.select_one("html")["lang"] == HOSTILE


def test_title_option(tmp_path):
    assert cli(["landing", str(built(tmp_path, "en")), "--locales", "en", "--title", HOSTILE]) == 0
    assert soup(tmp_path / "index.html").title.get_text() == HOSTILE


def test_no_locale_built_no_link(tmp_path):
    assert landing.write(tmp_path, ["en", "ja"], NAMES) is True
    page = soup(tmp_path / "index.html")
    assert not page.select("nav a")
    assert not page.select('link[rel="alternate"]')
    assert not page.select("img")
    assert landing.write(tmp_path, ["en", "ja"], NAMES) is False  # unchanged: not rewritten


def test_no_mascot_no_picture(tmp_path):
    landing.write(built(tmp_path, "en", mascot=False), ["en"], NAMES)
    assert not soup(tmp_path / "index.html").select("img")


def test_preview_rebuild_writes_the_chooser(tmp_path, monkeypatch):
    """``make serve``'s rebuild step (newsdesk/preview.py): every locale's build (stubbed here),
    then the chooser, named from conf.py's ``newsdesk_site_name``."""
    from newsdesk import preview

    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (conf_dir / "conf.py").write_text('newsdesk_site_name = {"en": "Byte News", "ja": "バイト"}\n', encoding="utf-8")
    commands = []

    def fake_build(command, env, check):
        commands.append((env["NEWSDESK_LOCALE"], command))
        out = Path(command[-1])  # the locale's output folder, last on the command line
        (out / "_static").mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text("<html></html>", encoding="utf-8")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(preview.subprocess, "run", fake_build)
    rebuild = preview.Rebuild(tmp_path / "_build", ("en", "ja"), first="ja", conf_dir=conf_dir)
    rebuild()
    assert [locale for locale, _ in commands] == ["ja", "en"]
    page = soup(tmp_path / "_build" / "serve" / "index.html")
    assert [a["href"] for a in page.select("nav a")] == ["en/index.html", "ja/index.html"]
    assert page.title.get_text() == "Byte News / バイト"


def test_chooser_shows_the_configured_avatar(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text('newsdesk_mascot_avatar = "byte.png"\n', encoding="utf-8")
    root = built(tmp_path / "html", "en", "ja")  # technyan.svg there, and byte.png in ja only
    (root / "ja" / "_static" / "byte.png").write_bytes(b"\x89PNG")
    assert cli(["landing", str(root), "--conf", str(conf)]) == 0
    assert soup(root / "index.html").select_one("img.mascot")["src"] == "ja/_static/byte.png"
    conf.write_text('newsdesk_mascot_avatar = "https://x.test/b.png"\n', encoding="utf-8")
    assert cli(["landing", str(root), "--conf", str(conf)]) == 0
    assert soup(root / "index.html").select_one("img.mascot")["src"] == "https://x.test/b.png"
    conf.write_text('newsdesk_mascot_avatar = "gone.svg"\n', encoding="utf-8")
    assert cli(["landing", str(root), "--conf", str(conf)]) == 0
    assert soup(root / "index.html").select_one("img.mascot") is None
