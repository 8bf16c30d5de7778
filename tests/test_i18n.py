"""Japanese everywhere (issue [12 reader]): the ja edition's interface has no English.

furo ships no translations and writes part of its interface outside gettext; the project's
catalogs (locale/ja/LC_MESSAGES/*.po) translate both (newsdesk.interface). Two nets catch a
string left in English: every page's interface text is compared with the English phrases
harvested from furo's own templates, and must hold no English word at all (a Latin word with
a lower-case letter), once the page titles and a few proper nouns are set aside.
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import furo
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, NavigableString
from conftest import REPO, require_corpus, soup, warnings_of
from jinja2.ext import babel_extract
from sphinx.errors import ConfigError

from newsdesk import i18n, interface

FURO = Path(furo.__file__).parent
TEMPLATES = FURO / "theme" / "furo"
PO_DIR = REPO / "locale" / "ja" / "LC_MESSAGES"
COMPILED = REPO / "_build" / "locale"

#: Names a Japanese interface keeps in Latin letters.
PROPER_NOUNS = ("Read the Docs", "@pradyunsg", "JavaScript", "GitHub", "Pagefind", "Newsdesk", "Sphinx", "Furo", "http")
#: Attributes a reader meets (screen readers, tooltips, placeholders, messages the search script shows).
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-unavailable", "data-file")
#: Pages whose content is interface, not an article or a listing of articles.
INTERFACE_PAGES = ("search.html", "genindex.html")


def catalog(name: str) -> Catalog:
    with (PO_DIR / f"{name}.po").open("rb") as handle:
        return read_po(handle, locale="ja")


def translated(entries: Catalog, msgid: str, context: str | None = None) -> str:
    message = entries.get(msgid, context=context)
    return message.string if message is not None and not message.fuzzy else ""


# ------------------------------------------------------------------ what furo says in English
def furo_msgids() -> dict[str, str]:
    """Every message furo's templates pass through gettext -> the template it is in."""
    found: dict[str, str] = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        with template.open("rb") as handle:
            for _line, _function, message, _comments in babel_extract(
                handle, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n"}
            ):
                for msgid in message if isinstance(message, tuple) else (message,):
                    if msgid:
                        found.setdefault(msgid, template.relative_to(TEMPLATES).as_posix())
    return found


def furo_hardcoded() -> set[str]:
    """English furo writes as is: literal attribute values and SVG titles of its templates,
    and the label its navigation tree gives each entry."""
    found = set()
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        found.update(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"{}]*[A-Za-z][^"{}]*)"', text))
        found.update(re.findall(r"<title>([^<{]*[A-Za-z][^<{]*)</title>", text))
    label = re.search(r'f"([A-Z][a-z][^"{]*?) *\{', (FURO / "navigation.py").read_text(encoding="utf-8"))
    assert label, "furo/navigation.py no longer labels its entries with an f-string: update furo_hardcoded()"
    found.add(label.group(1))
    return found


def only_proper_nouns(phrase: str) -> bool:
    for noun in PROPER_NOUNS:
        phrase = phrase.replace(noun, " ")
    return not re.search(r"[A-Za-z]{2}", phrase)


def english_phrases() -> set[str]:
    """furo's English interface, as the phrases a page would show: markup and placeholders
    removed, each piece between them a phrase."""
    phrases = set()
    for text in [*furo_msgids(), *furo_hardcoded()]:
        text = re.sub(r"<[^>]+>|&#?\w+;", " ", text)
        for piece in re.split(r"%\(\w+\)s|%s|\{\w*\}|[©,:()]", text):
            piece = " ".join(piece.split()).strip(" '")
            if re.search(r"[A-Za-z]{2}", piece) and not only_proper_nouns(piece):
                phrases.add(piece)
    return phrases


# ------------------------------------------------------------------ what a page shows
def interface_texts(page: BeautifulSoup, name: str) -> Iterator[tuple[str, str]]:
    """(where, text) of every interface string of a page: text and reader-facing attributes
    outside the article, the table of contents and other-language links; in the article, the
    heading links' titles (the whole content on the search and index pages)."""
    for tag in page(["script", "style"]):
        tag.decompose()
    for tag in page.select("[lang]"):
        if tag is not page.html and not tag["lang"].startswith("ja"):
            tag.decompose()  # "Read in English", the link to the other edition
    article = page.find("article")
    if article is not None and name not in INTERFACE_PAGES:
        for link in article.select("a.headerlink[title]"):
            yield "a.headerlink[title]", link["title"]
        article.decompose()
    for toc in page.select(".toc-tree"):
        toc.decompose()  # the article's own headings
    for node in page.find_all(string=True):
        if type(node) is NavigableString and node.strip():  # no comment, doctype, CDATA
            yield f"<{node.parent.name}> text", str(node)
    for tag in page.find_all(True):
        if tag.name == "meta":
            continue
        for attribute in ATTRIBUTES:
            if tag.get(attribute):
                yield f"<{tag.name} {attribute}>", tag[attribute]


def english_problems(outdir: Path) -> list[str]:
    """Every English phrase or word in the interface of every HTML page under ``outdir``."""
    htmls = [p for p in sorted(outdir.rglob("*.html")) if p.relative_to(outdir).parts[0] != "pagefind"]
    pages = {path: soup(path) for path in htmls}
    assert len(pages) > 5, f"no site under {outdir}"
    names = {h1.get_text(" ", strip=True).rstrip("¶#").strip() for page in pages.values() for h1 in page.find_all("h1")}
    names.update(PROPER_NOUNS)
    ordered = sorted((n for n in names if n), key=len, reverse=True)
    phrases = english_phrases()
    problems = []
    for path, page in pages.items():
        where_page = path.relative_to(outdir).as_posix()
        for where, text in interface_texts(page, path.name):
            rest = " ".join(text.split())
            rest = re.sub(r"https?://\S+|`[^`]*`", " ", rest)
            for name in ordered:
                rest = rest.replace(name, " ")
            furo_said = sorted(p for p in phrases if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", rest))
            words = re.findall(r"[A-Za-z]*[a-z][A-Za-z]*", rest)
            if furo_said or any(len(word) > 1 for word in words):
                said = f"furo's {furo_said}" if furo_said else f"words {words}"
                problems.append(f"{where_page}: {where} {text.strip()!r}: {said}")
    return problems


def assert_japanese(outdir: Path) -> None:
    problems = english_problems(outdir)
    shown = "\n".join(problems[:40]) + (f"\n... and {len(problems) - 40} more" if len(problems) > 40 else "")
    assert not problems, f"{len(problems)} English interface strings on the ja site:\n{shown}"


# ------------------------------------------------------------------ catalogs, no build
def test_every_newsdesk_message_has_a_japanese_translation():
    entries = catalog("newsdesk")
    formatter = string.Formatter()
    for key, english in i18n.MESSAGES.items():
        message = entries.get(english, context=key)
        assert message is not None, f"newsdesk.po: no entry msgctxt {key!r} msgid {english!r} (or its msgid differs)"
        assert message.string, f"newsdesk.po: {key!r} is not translated"
        assert not message.fuzzy, f"newsdesk.po: {key!r} is fuzzy (not used)"
        fields = [{f for _, f, _, _ in formatter.parse(text) if f} for text in (english, message.string)]
        assert fields[0] == fields[1], f"newsdesk.po: {key!r} has placeholders {fields[1]}, English {fields[0]}"
        values = {field: f"<{field}>" for field in fields[0]}
        assert i18n._("ja", key, **values) == message.string.format(**values)
    stale = {m.context for m in entries if m.id and m.context not in i18n.MESSAGES}
    assert not stale, f"newsdesk.po: entries for keys newsdesk/i18n.py no longer has: {sorted(stale)}"


def test_every_key_the_code_names_is_a_message():
    """A key named in a call (``i18n._(locale, "tags")``, ``say(locale, "tags")``) is in MESSAGES."""
    used = set()
    for module in (REPO / "newsdesk").glob("*.py"):
        used.update(re.findall(r"\b(?:_|say)\(\s*[\w.]+,\s*[\"']([a-z_]+)[\"']", module.read_text(encoding="utf-8")))
    assert used, "no call found: the pattern is out of date"
    assert used <= set(i18n.MESSAGES), sorted(used - set(i18n.MESSAGES))


def test_english_and_unknown_locales_read_messages():
    assert i18n._("en", "category_title", name="Claude") == "Category: Claude"
    assert i18n._("ja", "category_title", name="Claude") == "カテゴリー: Claude"
    assert i18n._("fr", "category_title", name="Claude") == "Category: Claude"  # no catalog: English
    assert i18n.read_in("ja") == "日本語で読む"
    assert i18n.read_in("en") == "Read in English"
    with pytest.raises(KeyError):
        i18n._("ja", "no_such_key")


def test_every_furo_message_is_translated():
    """A furo upgrade that adds or rewords a gettext string fails here, with its template."""
    entries = catalog("sphinx")
    for msgid, template in furo_msgids().items():
        text = translated(entries, msgid)
        assert text, f"sphinx.po: furo's {template} says {msgid!r}: no Japanese for it"
        placeholders = [sorted(re.findall(r"%\(\w+\)s", s)) for s in (msgid, text)]
        assert placeholders[0] == placeholders[1], f"sphinx.po: {msgid!r} keeps {placeholders[0]}"


def test_every_hardcoded_furo_string_is_replaced_and_translated():
    """What furo writes outside gettext: interface.HARDCODED replaces each one where furo writes
    it, and sphinx.po translates it. A reworded one fails here (and shows on the pages)."""
    entries = catalog("sphinx")
    sources = "".join(p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.html"))
    for markup, msgid in interface.HARDCODED:
        assert markup.format(msgid) in sources, f"furo no longer writes {markup.format(msgid)!r}"
        assert translated(entries, msgid), f"sphinx.po: no Japanese for {msgid!r}"
    assert "Toggle navigation of" in (FURO / "navigation.py").read_text(encoding="utf-8")
    assert "%(name)s" in translated(entries, interface.NAV_MSGID)
    replaced = {msgid for _, msgid in interface.HARDCODED} | {"Toggle navigation of"}
    logos = {"Logo", "Light Logo", "Dark Logo"}  # furo's logo, which this site does not set
    assert furo_hardcoded() - replaced == logos


def test_compile_catalogs_writes_only_what_changed(tmp_path):
    root, dest = tmp_path / "locale", tmp_path / "compiled"
    shutil.copytree(REPO / "locale", root)
    written = i18n.compile_catalogs(root, dest)
    mo = dest / "ja/LC_MESSAGES/sphinx.mo"
    assert sorted(p.name for p in written) == ["newsdesk.mo", "sphinx.mo"]
    assert mo.read_bytes() == i18n.compile_po(root / "ja/LC_MESSAGES/sphinx.po")
    before = mo.stat()
    assert i18n.compile_catalogs(root, dest) == []
    assert (mo.stat().st_ino, mo.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    (root / "ja/LC_MESSAGES/newsdesk.po").unlink()
    assert i18n.compile_catalogs(root, dest) == [dest / "ja/LC_MESSAGES/newsdesk.mo"]
    assert sorted(p.name for p in dest.rglob("*")) == ["LC_MESSAGES", "ja", "sphinx.mo"]  # no temporary left


def test_i18n_imports_no_sphinx():
    code = "import sys, newsdesk.i18n\nprint(sorted(m for m in sys.modules if m.split('.')[0] in {'sphinx'}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------------ builds
@pytest.fixture(autouse=True)
def japanese_conf(monkeypatch):
    """conf.py reads the locale from the environment (the title and copyright follow it), as
    ``make html-ja`` and Read the Docs give it."""
    monkeypatch.setenv("NEWSDESK_LOCALE", "ja")


def test_japanese_site_has_no_english_interface(build_site):
    app = build_site(REPO / "source", "ja")
    assert not warnings_of(app).strip()
    assert_japanese(app.outdir)
    page = soup(app.outdir / "articles/20251118/microsoft-nvidia-anthropic-partnership.html")
    assert page.select_one(".back-to-top").get_text(strip=True) == "ページの先頭へ戻る"
    assert page.select_one(".toc-title").get_text(strip=True) == "このページの内容"
    assert page.select_one("#__navigation")["aria-label"] == "サイトナビゲーションの表示切り替え"
    assert page.select_one("a.headerlink")["title"] == "この見出しへのリンク"
    footer = " ".join(page.select_one(".bottom-of-page").get_text().split())
    assert footer == "著作権 © 2025-2026 Newsdesk 編集部 このサイトは Sphinx と @pradyunsg の Furo で作られています"


@pytest.mark.corpus
def test_japanese_corpus_has_no_english_interface(build_site):
    app = build_site(require_corpus(), "ja")
    assert_japanese(app.outdir)


def test_english_site_keeps_furos_english(build_site, monkeypatch):
    """The English edition is furo's own words; the check sees them, so it is able to fail."""
    monkeypatch.setenv("NEWSDESK_LOCALE", "en")
    app = build_site(REPO / "source", "en")
    page = soup(app.outdir / "articles/20251118/microsoft-nvidia-anthropic-partnership.html")
    assert page.select_one(".back-to-top").get_text(strip=True) == "Back to top"
    assert page.select_one("#__navigation")["aria-label"] == "Toggle site navigation sidebar"
    problems = "\n".join(english_problems(app.outdir))
    for english in ("Back to top", "On this page", "Toggle site navigation sidebar", "Made with", "heading"):
        assert english in problems


def test_compiled_catalogs_go_under_build_never_into_locale(build_site):
    build_site(REPO / "source", "ja")
    for po in sorted(PO_DIR.glob("*.po")):
        assert (COMPILED / "ja/LC_MESSAGES" / f"{po.stem}.mo").read_bytes() == i18n.compile_po(po)
    in_repo = [p for p in (REPO / "locale").rglob("*") if p.is_file() and p.suffix != ".po"]
    assert in_repo == [], "a build wrote into locale/"


def test_locale_dirs_inside_locale_is_refused(build_site, tmp_path, monkeypatch):
    """locale_dirs naming the .po folder is an error (on a copy: Sphinx itself compiles a
    sphinx.po it finds there, beside it, before any extension can object)."""
    locale = tmp_path / "locale"
    shutil.copytree(REPO / "locale", locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    with pytest.raises(ConfigError, match="into the repository"):
        build_site(REPO / "source", "ja", build=False, locale_dirs=[str(locale)])


def test_a_catalog_edit_rewrites_every_page_as_a_clean_build(build_site, tmp_path, monkeypatch):
    """A translator's edit shows on every page at the next build, as in a clean build; and the
    check finds both kinds of furo string once their translation is gone."""
    from test_differential import assert_same_output

    locale = tmp_path / "locale"
    shutil.copytree(REPO / "locale", locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    po = locale / "ja/LC_MESSAGES/sphinx.po"
    full = po.read_text(encoding="utf-8")
    cut = full
    for msgid in ("Back to top", "Toggle site navigation sidebar"):
        cut, found = re.subn(rf'\n#[^\n]*\nmsgid "{msgid}"\nmsgstr "[^"]*"\n', "\n", cut)
        assert found == 1, msgid
    po.write_text(cut, encoding="utf-8")
    options = {"locale_dirs": [str(tmp_path / "compiled")]}
    srcdir = tmp_path / "site"
    first = build_site(REPO / "source", "ja", srcdir=srcdir, **options)
    problems = "\n".join(english_problems(first.outdir))
    assert "'Back to top'" in problems
    assert "'Toggle site navigation sidebar'" in problems

    po.write_text(full.replace('msgstr "ページの先頭へ戻る"', 'msgstr "先頭へ"'), encoding="utf-8")
    newsdesk_po = locale / "ja/LC_MESSAGES/newsdesk.po"
    edited = newsdesk_po.read_text(encoding="utf-8").replace("のコメント", "のひとこと")
    newsdesk_po.write_text(edited, encoding="utf-8")
    again = build_site(REPO / "source", "ja", srcdir=srcdir, **options)
    assert_japanese(again.outdir)
    article = soup(again.outdir / "articles/20251118/microsoft-nvidia-anthropic-partnership.html")
    assert article.select_one(".back-to-top").get_text(strip=True) == "先頭へ"
    assert article.select_one(".newsdesk-mascot")["aria-label"] == "テクにゃんのひとこと"
    clean = build_site(REPO / "source", "ja", srcdir=tmp_path / "clean", **options)
    assert_same_output(again.outdir, clean.outdir, "after a catalog edit")
