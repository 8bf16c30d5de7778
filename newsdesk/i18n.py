"""User-interface strings and date formats for each locale.

The extension's own interface strings are gettext messages of the ``newsdesk``
domain: :data:`MESSAGES` holds each one's key and English text, and
``locale/<lang>/LC_MESSAGES/newsdesk.po`` its translation, one entry a key::

    msgctxt "category_title"
    msgid "Category: {name}"
    msgstr "カテゴリー: {name}"

The key is the entry's ``msgctxt`` and the English text its ``msgid``: callers name a
key (``_(locale, "category_title", name=...)``), translators see the English text they
translate (as in every gettext tool), two keys may share an English text and still be
translated apart, and a changed English text leaves the old translation unused (English
is shown) until the ``.po`` is updated, instead of showing a stale one. Adding a string
is mechanical: a key and its English text here, an entry in each ``.po``
(tests/test_i18n.py checks that every key has one, with the same placeholders).

furo's and Sphinx's strings are the ``sphinx`` domain's, in ``sphinx.po`` beside it;
:func:`compile_catalogs` compiles every ``.po`` for the build (newsdesk.interface). This
module imports no Sphinx (``make check`` uses it) and reads ``newsdesk.po`` itself,
in memory, so that it needs no build. A missing locale or entry falls back to English.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .files import write_if_changed

#: The message catalogs, in git: ``<lang>/LC_MESSAGES/<domain>.po``.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "newsdesk"

#: Each interface string of the extension: key (the ``msgctxt``) -> English text (the ``msgid``).
MESSAGES: dict[str, str] = {
    "read_in": "Read in English",
    "archive": "Archive",
    "tags": "Tags",
    "categories": "Categories",
    "tag_page_title": "Tag",
    "tags_index_head": "Every tag, with its number of articles and pages",
    "tags_intro": "Tags:",
    "pages": "Pages",
    "category_title": "Category: {name}",
    "articles_count": "{count} articles",
    "mascot_comment": "Comment from {name}",
    "reading_time": "{minutes} min read",
    "related": "Related articles",
    "search_label": "Search the articles: words in English, or a phrase",
    "search_keys": "category,tag,year,date,type,impact",
    "search_type_article": "Article",
    "search_type_timeline": "Timeline",
    "search_unavailable": "Search is unavailable: this build has no search index (see the build's log).",
    "search_file": "Search works only when the site is served over http, not opened as a file: "
    "run `python3 -m http.server -d _build/html` and open http://127.0.0.1:8000/.",
    "search_noscript": "Search needs JavaScript. Every article is also listed by date, tag and category.",
    "chooser_description": "AI news and analysis, in English",
    "choose_language": "Choose a language",
    "chooser_note": "This browser remembers your choice. To choose again later, open {link}.",
    "timeline": "AI Timeline",
    "company_title": "Company: {name}",
    "impact_high": "High impact",
    "impact_medium": "Medium impact",
    "impact_low": "Low impact",
    "timeline_filters": "Filter the timeline",
    "filter_company": "Company",
    "filter_category": "Category",
    "filter_impact": "Impact",
    "filter_all": "All",
    "filter_none": "No entry matches these filters.",
    "on_the_timeline": "On the timeline",
    "company_entries": "On the timeline",
    "company_articles": "Articles",
    "company_all_articles": "All articles tagged {name}",
    "notfound_title": "Page not found",
    "notfound_text": "There is no page at this address: it may have moved, or the address may be mistyped.",
    "notfound_home": "Go to the home page",
    "notfound_search": "Search the articles",
    "book_edition": "English edition",
    "book_generated": "Generated on {date}",
    "book_range": "{first} – {last}",
}


def po_path(locale: str, domain: str = DOMAIN, root: Path | None = None) -> Path:
    return (root or LOCALE_DIR) / locale / "LC_MESSAGES" / f"{domain}.po"


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` (fuzzy and empty translations left out)."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


@functools.lru_cache(maxsize=16)
def _load(po: Path, signature: tuple[int, int]) -> NullTranslations:
    """The catalog of one ``.po`` file version (``signature``: its mtime and size)."""
    return Translations(io.BytesIO(compile_po(po)), domain=po.stem)


def translations(locale: str, domain: str = DOMAIN, root: Path | None = None) -> NullTranslations:
    """The ``domain`` catalog of ``locale``; an empty one when it has no ``.po``.

    Re-read when the file changes, so that a long-lived process sees a translator's edit.
    """
    po = po_path(locale, domain, root)
    try:
        stat = po.stat()
    except FileNotFoundError:
        return NullTranslations()
    return _load(po, (stat.st_mtime_ns, stat.st_size))


def _(locale: str, key: str, **kwargs: object) -> str:
    """The UI string ``key`` in ``locale``, formatted with ``kwargs``."""
    english = MESSAGES[key]
    text = english if locale == "en" else translations(locale).pgettext(key, english)
    return text.format(**kwargs)


def catalog_files(root: Path | None = None) -> list[Path]:
    """Every ``.po`` of every locale, in a stable order."""
    return sorted((root or LOCALE_DIR).glob("*/LC_MESSAGES/*.po"))


def catalogs_digest(root: Path | None = None) -> str:
    """What the catalogs say, as one hash: a build compares it with its last one's."""
    root = root or LOCALE_DIR
    digest = hashlib.sha256()
    for po in catalog_files(root):
        digest.update(po.relative_to(root).as_posix().encode() + b"\0" + po.read_bytes() + b"\0")
    return digest.hexdigest()


def compile_catalogs(root: Path, dest: Path) -> list[Path]:
    """Compile every ``root/<lang>/LC_MESSAGES/*.po`` into the same place under ``dest``.

    A ``.mo`` is written (to a temporary name, then renamed: a build running at the same
    time reads the old file or the new one) only when its bytes change, and one whose
    ``.po`` is gone is removed, so ``dest`` always says what ``root`` says.
    Returns the files written or removed.
    """
    changed: list[Path] = []
    wanted: set[Path] = set()
    for po in catalog_files(root):
        mo = dest / po.relative_to(root).with_suffix(".mo")
        wanted.add(mo)
        if write_if_changed(mo, compile_po(po)):
            changed.append(mo)
    for mo in sorted(dest.glob("*/LC_MESSAGES/*.mo")):
        if mo not in wanted:
            mo.unlink()
            changed.append(mo)
    return changed


def read_in(target_locale: str) -> str:
    """The label of a link to the ``target_locale`` edition, in that locale's words."""
    return _(target_locale, "read_in")


@functools.lru_cache(maxsize=8192)
def long_date(date: dt.date, locale: str) -> str:
    """November 18, 2025 / 2025年11月18日. Cached: each date is shown on its article, its
    neighbours' and related lists, and every listing card (Babel's formatting is slow)."""
    return format_date(date, format="long", locale=locale)


def month_name(year: int, month: int, locale: str) -> str:
    """November 2025 / 2025年11月."""
    return format_date(dt.date(year, month, 1), format="yyyy年M月" if locale == "ja" else "MMMM y", locale=locale)


def year_name(year: int, locale: str) -> str:
    return f"{year}年" if locale == "ja" else str(year)


def locale_name(locale: str) -> str:
    """The locale's name in its own language (English, 日本語, français), from CLDR."""
    try:
        return Locale.parse(locale.replace("-", "_")).get_display_name(locale.replace("-", "_")) or locale
    except (ValueError, UnknownLocaleError):
        return locale
