"""User-interface strings and date formats for each locale.

Sphinx translates its own UI through its message catalogs; these are the few
strings the extension adds. A missing locale falls back to English.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "read_in": "Read in English",
        "archive": "Archive",
        "tags": "Tags",
        "categories": "Categories",
        "tag_title": "Tag: {name}",
        "category_title": "Category: {name}",
        "articles_count": "{count} articles",
        "mascot_comment": "Comment from {name}",
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
        "related_articles": "Related articles",
        "on_the_timeline": "On the timeline",
        "company_entries": "On the timeline",
        "company_articles": "Articles",
        "notfound_title": "Page not found",
        "notfound_text": "There is no page at this address: it may have moved, or the address may be mistyped.",
        "notfound_home": "Go to the home page",
        "notfound_search": "Search the articles",
    },
    "ja": {
        "read_in": "日本語で読む",
        "archive": "アーカイブ",
        "tags": "タグ",
        "categories": "カテゴリー",
        "tag_title": "タグ: {name}",
        "category_title": "カテゴリー: {name}",
        "articles_count": "{count}件の記事",
        "mascot_comment": "{name}のコメント",
        "search_label": "記事を検索：日本語の言葉（複合語もそのまま）や英単語",
        "search_keys": "カテゴリー,タグ,年,日付,種類,影響度",
        "search_type_article": "記事",
        "search_type_timeline": "年表",
        "search_unavailable": "検索は使えません。このビルドには検索インデックスがありません"
        "（ビルドのログを見てください）。",
        "search_file": "検索はサイトを http で配信したときだけ動きます（ファイルとして開くと動きません）。"
        "`python3 -m http.server -d _build/html` を実行して http://127.0.0.1:8000/ を開いてください。",
        "search_noscript": "検索には JavaScript が必要です。記事は日付・タグ・カテゴリーからもたどれます。",
        "chooser_description": "AIのニュースと解説を日本語で",
        "choose_language": "言語を選んでください",
        "chooser_note": "選んだ言語はこのブラウザーに記憶されます。あとで選び直すときは {link} を開いてください。",
        "timeline": "AI年表",
        "company_title": "企業: {name}",
        "impact_high": "影響度：高",
        "impact_medium": "影響度：中",
        "impact_low": "影響度：低",
        "timeline_filters": "年表を絞り込む",
        "filter_company": "企業",
        "filter_category": "カテゴリー",
        "filter_impact": "影響度",
        "filter_all": "すべて",
        "filter_none": "条件に合う項目はありません。",
        "related_articles": "関連記事",
        "on_the_timeline": "年表では",
        "company_entries": "年表",
        "company_articles": "記事",
        "notfound_title": "ページが見つかりません",
        "notfound_text": "このアドレスにはページがありません。移動したか、アドレスが間違っている可能性があります。",
        "notfound_home": "ホームへ戻る",
        "notfound_search": "記事を検索する",
    },
}


def _(locale: str, key: str, **kwargs: object) -> str:
    """The UI string ``key`` in ``locale``, formatted with ``kwargs``."""
    table = STRINGS.get(locale, STRINGS["en"])
    return table.get(key, STRINGS["en"][key]).format(**kwargs)


def read_in(target_locale: str) -> str:
    """The label of a link to the ``target_locale`` edition, in that locale's words."""
    return _(target_locale, "read_in")


def locale_name(locale: str) -> str:
    """The locale's name in its own language (English, 日本語, français), from CLDR."""
    try:
        return Locale.parse(locale.replace("-", "_")).get_display_name(locale.replace("-", "_")) or locale
    except (ValueError, UnknownLocaleError):
        return locale


def long_date(date: dt.date, locale: str) -> str:
    """November 18, 2025 / 2025年11月18日."""
    return format_date(date, format="long", locale=locale)


def month_name(year: int, month: int, locale: str) -> str:
    """November 2025 / 2025年11月."""
    return format_date(dt.date(year, month, 1), format="yyyy年M月" if locale == "ja" else "MMMM y", locale=locale)


def year_name(year: int, locale: str) -> str:
    return f"{year}年" if locale == "ja" else str(year)
