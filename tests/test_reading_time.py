"""Reading time in the byline (issue [12 reader]): words at 220 a minute, Japanese at 500 characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_VOCABULARY, soup, warnings_of

from newsdesk import reading

ARTICLE = "articles/20251120/long-read"
FRONT = """---
title: "{title}"
description: "{description}"
date: 2025-11-20
category: "Other"
tags: ["OpenAI"]
locale: "{locale}"
technyanComment: "{comment}"
---

"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one two three", (3, 0)),
        ("Don't stop: GPT-5 costs $4.50 (50%)!", (6, 0)),  # Don't, stop, GPT-5, costs, 4.50, 50
        ("東京で生成AIを使う", (1, 8)),  # AI is a word, the rest eight characters
        ("ＯｐｅｎＡＩ　ｶﾀｶﾅ", (1, 4)),  # NFKC: full-width letters are a word, half-width kana kana
        ("🚀 ✅ — …", (0, 0)),
    ],
)
def test_counts(text, expected):
    assert reading.counts(text) == expected


def test_minutes():
    assert reading.minutes("") == 1
    assert reading.minutes("word " * 220) == 1
    assert reading.minutes("word " * 221) == 2  # rounded up
    assert reading.minutes("字" * 1500) == 3
    assert reading.minutes("字" * 1000 + " word" * 220) == 3  # 2 + 1: the two scripts add up


def write(content: Path, locale: str, body: str, **front: str) -> None:
    path = content / ARTICLE / f"{locale}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(locale=locale, **front) + body, encoding="utf-8")


def test_byline_shows_the_body_reading_time(build_site, tmp_path):
    content = tmp_path / "content"
    long_words = " ".join(["word"] * 500)  # 500 words of front matter: not counted
    # 700 words of prose (4 minutes at 220) and a long code block that is not counted
    body = "## Part one\n\n" + "prose " * 350 + "\n\n```text\n" + "code " * 2000 + "\n```\n\n" + "prose " * 348 + "\n"
    write(content, "en", body, title="Long Read", description=long_words, comment=long_words)
    # 1,300 Japanese characters (2.6 minutes at 500) and 110 English words (0.5 minutes): 4 minutes
    write(
        content,
        "ja",
        "## 前半\n\n" + "あ" * 1298 + "\n\n" + "word " * 110 + "\n",
        title="長い記事",
        description="字" * 2000,
        comment="字" * 2000,
    )
    en = build_site(content, "en", vocabulary=FIXTURE_VOCABULARY)
    page = soup(en.outdir / f"{ARTICLE}.html")
    meta = page.select_one(".newsdesk-byline .newsdesk-meta")
    assert meta.select_one(".newsdesk-reading-time").get_text() == "4 min read"
    assert meta.get_text(" ", strip=True) == "November 20, 2025 Other 4 min read"
    assert not warnings_of(en).strip()
    ja = build_site(content, "ja", vocabulary=FIXTURE_VOCABULARY)
    page = soup(ja.outdir / f"{ARTICLE}.html")
    assert page.select_one(".newsdesk-reading-time").get_text() == "約4分で読めます"


def test_reading_time_in_latex(build_site):
    from test_cards import CARDS, build_latex

    _, tex = build_latex(build_site, CARDS, "en", "articles/20251212/mascot-sections", vocabulary=FIXTURE_VOCABULARY)
    assert r"\DUrole{newsdesk-reading-time}{1 min read}" in tex
