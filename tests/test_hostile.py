"""Hostile input (issue [4 contributors]): one test per case, on the message and the exit status.

Each case is checked with ``python -m newsdesk check`` (through :func:`newsdesk.cli.main`) in
a content tree that also holds a valid article, which must stay valid: one bad file costs
nothing but its own message. The build-side cases (markup escaped on every page, listing
and feed) are at the end.
"""

from __future__ import annotations

import re
import shutil
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, FIXTURE_VOCABULARY, soup, warnings_of
from lxml import etree

from newsdesk import frontmatter
from newsdesk.cli import main

GOOD = {
    "title": '"Cloud Deal"',
    "description": '"Two model makers sign cloud commitments."',
    "date": "2025-11-18",
    "category": '"Claude"',
    "tags": '["Anthropic", "Azure"]',
    "locale": '"en"',
    "technyanComment": '"Compute!"',
}
BAD = "articles/20251118/bad-news/en.md"


def front_matter(**fields: str | None) -> str:
    """A valid article's text, with ``fields`` replaced (``None`` drops a field)."""
    values = {**GOOD, **fields}
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody text.\n"


def write(root: Path, relpath: str, content: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content tree holding one valid bilingual article."""
    root = tmp_path / "content"
    write(root, "articles/20251020/good-news/en.md", front_matter(date="2025-10-20"))
    write(root, "articles/20251020/good-news/ja.md", front_matter(date="2025-10-20", locale='"ja"'))
    return root


def check(capsys: pytest.CaptureFixture[str], root: Path, *extra: str) -> tuple[int, list[str], str]:
    """Run the checker; return its status, its problem lines about ``BAD``, and all output."""
    status = main(["check", "--content", str(root), "--vocabulary", str(FIXTURE_VOCABULARY), *extra])
    out, err = capsys.readouterr()
    problems = [line for line in (out + err).splitlines() if ": " in line and not line.startswith("checked ")]
    assert not [line for line in problems if "good-news" in line], "the valid article must stay valid"
    assert "Traceback" not in out + err
    # the one-language test article gets a notice about its missing translation: not the point here
    mine = [line for line in problems if "bad-news" in line and ": translation: notice: " not in line]
    return status, mine, out + err


def only(problems: list[str], line: int, field: str) -> str:
    """The one problem reported, which must be at ``BAD:line`` for ``field``; returns its message."""
    assert len(problems) == 1, problems
    prefix = f"{BAD}:{line}: {field}: "
    assert problems[0].split("/content/", 1)[1].startswith(prefix), problems[0]
    return problems[0].split(prefix, 1)[1]


# --------------------------------------------------------------------------- malformed YAML
def test_unclosed_quote(content, capsys):
    write(content, BAD, front_matter(title='"Breaking news'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    message = only(problems, 2, "yaml")
    assert message.startswith('invalid YAML: a quote is not closed in `title: "Breaking news`')


def test_unquoted_colon_in_title(content, capsys):
    write(content, BAD, front_matter(title="Breaking: OpenAI ships GPT-6"))
    status, problems, _ = check(capsys, content)
    assert status == 1
    message = only(problems, 2, "yaml")
    assert "`title: Breaking: OpenAI ships GPT-6`" in message  # the YAML line itself
    assert 'must be quoted (did you mean title: "Breaking: OpenAI ships GPT-6"?)' in message


def test_missing_front_matter(content, capsys):
    write(content, BAD, "# Just a heading\n\nNo front matter here.\n")
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 1, "front matter").startswith("no front matter: the file must start with a line '---'")


def test_empty_file(content, capsys):
    write(content, BAD, b"")
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 1, "front matter") == "the file is empty; start it with a '---' front matter block"


def test_missing_required_field(content, capsys):
    write(content, BAD, front_matter(description=None))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 1, "description") == (
        "required field is missing; add a line `description: ...` to the front matter"
    )


# --------------------------------------------------------------------------- dates
def test_impossible_date(content, capsys):
    write(content, BAD, front_matter(date="2025-13-45"))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 4, "date") == "'2025-13-45' is not a real calendar date (month must be in 1..12)"


def test_prose_date(content, capsys):
    write(content, BAD, front_matter(date="November 18, 2025"))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 4, "date") == "'November 18, 2025' is not a date in the form YYYY-MM-DD, e.g. 2025-11-18"


# --------------------------------------------------------------------------- vocabulary and locale
def test_misspelt_category(content, capsys):
    write(content, BAD, front_matter(category='"Claud"'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 5, "category") == "unknown category 'Claud' (did you mean 'Claude'?)"


def test_misspelt_tag(content, capsys):
    write(content, BAD, front_matter(tags="\n  - Azure\n  - Antrophic"))
    status, problems, _ = check(capsys, content)
    assert status == 1
    # the line of the item itself, not of `tags:`
    assert only(problems, 8, "tags") == "unknown tag 'Antrophic' (did you mean 'Anthropic'?)"


def test_unsupported_locale(content, capsys):
    write(content, BAD, front_matter(locale='"fr"'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 7, "locale") == "'fr' is not a site locale; use one of en, ja"


def test_locale_not_matching_file_name(content, capsys):
    write(content, BAD, front_matter(locale='"ja"'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 7, "locale") == "'ja' does not match the file name 'en.md' (did you mean 'en'?)"


# --------------------------------------------------------------------------- the mascot's comment
def test_comment_as_list(content, capsys):
    write(content, BAD, front_matter(technyanComment='["Nya", "nya"]'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 8, "technyanComment") == 'must be a text string, not a list; put text in quotes, e.g. "..."'


def test_comment_as_number(content, capsys):
    write(content, BAD, front_matter(technyanComment="42"))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 8, "technyanComment") == (
        'must be a text string, not a number; put text in quotes, e.g. "..."'
    )


# --------------------------------------------------------------------------- attacks on the YAML loader
def test_python_object_tag_is_refused_never_run(content, capsys, tmp_path):
    marker = tmp_path / "pwned"
    write(content, BAD, front_matter(title=f'!!python/object/apply:os.system ["touch {marker}"]'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 2, "yaml") == (
        "YAML tags such as '!!python/object/apply:os.system' are not allowed in front matter "
        "(refused, not run); write a plain value, quoted if it is text"
    )
    assert not marker.exists()


BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)  # `i` would expand to 9**9 = 387 million strings


def test_billion_laughs_is_refused_quickly_with_bounded_memory(content, capsys):
    write(content, BAD, "---\n" + BILLION_LAUGHS + front_matter()[4:])
    tracemalloc.start()
    started = time.perf_counter()
    status, problems, _ = check(capsys, content)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 1
    assert only(problems, 2, "yaml") == (
        "YAML anchors and aliases (&a, *a) are not allowed in front matter; write each value out"
    )
    # Refused at the first anchor, before any value is built. Measured over 100 reads:
    # ~0.25 ms and a tracemalloc peak of ~10 KiB per frontmatter.read; this whole check of three files
    # ~35 ms and ~0.1 MiB. Expanded, the document would be 387 million strings (>3 GiB).
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes"
    print(f"billion laughs: {elapsed * 1000:.1f} ms, peak {peak / 1024:.0f} KiB")  # benchmark, not an assertion


def test_front_matter_over_64_kib(content, capsys):
    write(content, BAD, front_matter(description='"' + "x" * (65 * 1024) + '"'))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert (
        only(problems, 2, "front matter")
        == "front matter is 65 KiB, over the 64 KiB limit; move long text into the body"
    )


def test_five_megabyte_body(content, capsys):
    """Refused with a clear message (the limit is ``newsdesk_max_file_kib``, 1 MiB by default);
    a huge article is almost always a pasted data dump, and it would slow every build."""
    write(content, BAD, front_matter() + ("A paragraph of filler text. " * 40 + "\n\n") * 4500)
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 1, "file") == (
        "the file is 4.8 MiB, over the 1.0 MiB limit for one article; shorten it, split it into "
        "several articles, or link to large data instead of pasting it"
    )
    # the limit is a setting, shared with the build's newsdesk_max_file_kib
    status, problems, _ = check(capsys, content, "--max-file-kib", "8192")
    assert status == 0
    assert problems == []


# --------------------------------------------------------------------------- encodings and line endings
def test_invalid_utf8(content, capsys):
    write(content, BAD, front_matter(title='"Caf\udce9"').encode("utf-8", "surrogateescape"))  # Latin-1 é
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 2, "encoding") == (
        "invalid UTF-8: byte 0xe9 at column 12 is not UTF-8; save the file as UTF-8 (not Shift_JIS or Latin-1)"
    )


def test_utf8_bom_simply_works(content, capsys):
    write(content, BAD, b"\xef\xbb\xbf" + front_matter().encode())
    status, problems, _ = check(capsys, content)
    assert status == 0
    assert problems == []


def test_crlf_simply_works(content, capsys):
    write(content, BAD, front_matter().replace("\n", "\r\n"))
    write(
        content,
        BAD.replace("bad-news", "bad-news-too"),
        b"\xef\xbb\xbf" + front_matter().replace("\n", "\r\n").encode(),
    )
    status, problems, _ = check(capsys, content)
    assert status == 0
    assert problems == []


def test_crlf_keeps_line_numbers(content, capsys):
    write(content, BAD, front_matter(category='"Claud"').replace("\n", "\r\n"))
    status, problems, _ = check(capsys, content)
    assert status == 1
    assert only(problems, 5, "category") == "unknown category 'Claud' (did you mean 'Claude'?)"


# --------------------------------------------------------------------------- markup in front matter, built
TITLE = "Markup <xss-title>T</xss-title> <script>alert('title')</script> & {sub}`role`"
DESCRIPTION = "<xss-desc onmouseover=\"alert('desc')\">D</xss-desc> <img src=x onerror=alert('img')> **not bold**"
COMMENT = "<xss-comment>C</xss-comment><script>alert('comment')</script> {ref}`nope`"
TAG = "<xss-tag>Evil</xss-tag>"
CATEGORY = "<xss-cat>Evil</xss-cat>"
#: Not in the vocabulary: a warning, but it still gets a generated tag page (MyST written by us).
ADHOC_TAG = "<xss-adhoc>x</xss-adhoc>\n```{raw} html\n<xss-raw>raw</xss-raw>\n```"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hostile_tree(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture site plus an article whose every text field is markup, a broken article,
    a misspelt category, and a BOM + CRLF article; and a vocabulary with markup terms."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    vocabulary = content / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    text = text.replace("categories:\n", f"categories:\n  - name: {_yaml(CATEGORY)}\n")
    text = text.replace("tags:\n", f"tags:\n  - name: {_yaml(TAG)}\n")
    vocabulary.write_text(text, encoding="utf-8")
    for locale in ("en", "ja"):
        write(
            content,
            f"articles/20251210/markup-news/{locale}.md",
            "---\n"
            f"title: {_yaml(TITLE)}\n"
            f"description: {_yaml(DESCRIPTION)}\n"
            "date: 2025-12-10\n"
            f"category: {_yaml(CATEGORY)}\n"
            f"tags: [{_yaml(TAG)}, {_yaml(ADHOC_TAG)}]\n"
            f"locale: {locale}\n"
            f"technyanComment: {_yaml(COMMENT)}\n"
            "---\n\nThe body is plain.\n",
        )
    write(content, "articles/20251211/broken-yaml/en.md", front_matter(title='"Broken', date="2025-12-11"))
    write(content, "articles/20251212/typo-category/en.md", front_matter(category='"Claud"', date="2025-12-12"))
    write(
        content,
        "articles/20251213/windows-file/en.md",
        b"\xef\xbb\xbf"
        + front_matter(title='"Saved on Windows"', date="2025-12-13").replace("\n", "\r\n").encode()
        + b"Second paragraph.\r\n",
    )
    return content, vocabulary


def _hostile_elements(page) -> list[str]:
    found = [el.name for el in page.find_all(re.compile(r"^xss"))]
    found += [str(el)[:80] for el in page.find_all("script") if "alert(" in el.get_text()]
    found += [
        f"{el.name}[{name}]"
        for el in page.find_all(True)
        for name, value in el.attrs.items()
        if name.startswith("on") and "alert(" in str(value)
    ]
    return found


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_markup_in_front_matter_is_text_on_every_page_listing_and_feed(build_site, tmp_path, locale):
    content, vocabulary = hostile_tree(tmp_path)
    app = build_site(content, locale, vocabulary=vocabulary)
    out = Path(app.outdir)
    pages = {str(p.relative_to(out)): soup(p) for p in out.rglob("*.html")}
    offenders = {name: found for name, page in pages.items() if (found := _hostile_elements(page))}
    assert not offenders, offenders

    def showing(text: str) -> set[str]:
        return {name for name, page in pages.items() if text in page.get_text()}

    article = "articles/20251210/markup-news.html"
    category = "categories/xss-cat-evil-xss-cat.html"
    tag = "tags/xss-tag-evil-xss-tag.html"
    assert {article, "index.html", category, tag, "archive/2025/12.html"} <= showing(TITLE)
    assert {article, "index.html", category, tag} <= showing(DESCRIPTION)
    assert article in showing(COMMENT)
    assert {article, tag, "tags/index.html"} <= showing(TAG)
    assert {article, category, "categories/index.html"} <= showing(CATEGORY)
    adhoc = showing("<xss-adhoc>x</xss-adhoc>")
    assert article in adhoc
    assert any(name.startswith("tags/") and name != "tags/index.html" for name in adhoc)
    assert "<xss-raw>" not in (out / article).read_text(encoding="utf-8")  # escaped as &lt;xss-raw&gt;

    feed = out / "atom.xml"
    if feed.exists():  # Atom feeds (newsdesk.feeds): text constructs hold the text, never elements
        atom = "{http://www.w3.org/2005/Atom}"
        entries = etree.parse(str(feed)).getroot().findall(f"{atom}entry")
        entry = next(e for e in entries if e.findtext(f"{atom}title") == TITLE)
        assert entry.findtext(f"{atom}summary") == DESCRIPTION
        assert not [el for el in entry.iter() if not str(el.tag).startswith(atom)]
        assert TAG in {c.get("label") for c in entry.findall(f"{atom}category")}


def test_build_skips_broken_articles_and_warns_at_file_line(build_site, tmp_path):
    content, vocabulary = hostile_tree(tmp_path)
    app = build_site(content, "en", vocabulary=vocabulary)
    out = Path(app.outdir)
    warnings = warnings_of(app)
    assert "Traceback" not in warnings
    assert "Exception" not in warnings
    broken = content / "articles/20251211/broken-yaml/en.md"
    assert f'{broken}:2: WARNING: yaml: invalid YAML: a quote is not closed in `title: "Broken`' in warnings
    assert not (out / "articles/20251211/broken-yaml.html").exists()  # skipped
    typo = content / "articles/20251212/typo-category/en.md"
    assert f"{typo}:5: WARNING: category: unknown category 'Claud' (did you mean 'Claude'?)" in warnings
    assert (out / "articles/20251212/typo-category.html").is_file()  # non-strict: still built
    # every other article is built
    for path in (content / "articles").glob("*/*/en.md"):
        if path != broken:
            assert (out / "articles" / path.parent.parent.name / f"{path.parent.name}.html").is_file(), path
    # the BOM + CRLF article simply works
    page = soup(out / "articles/20251213/windows-file.html")
    assert page.find("h1").get_text(strip=True).rstrip("#¶") == "Saved on Windows"
    body = page.select_one("article").get_text()
    assert "Body text." in body
    assert "Second paragraph." in body
    assert "title:" not in body
    assert "---" not in body


def test_strict_build_fails_on_the_same_problems(make_app, tmp_path):
    from conftest import make_site_dir

    content, vocabulary = hostile_tree(tmp_path)
    confoverrides = {"language": "en", "newsdesk_content_dir": str(content), "newsdesk_vocabulary": str(vocabulary)}
    app = make_app("html", srcdir=make_site_dir(tmp_path / "strict"), confoverrides=confoverrides, warningiserror=True)
    app.build()
    assert app.statuscode == 1  # what `make html STRICT=1` (sphinx-build -W) exits with
    assert "category: unknown category 'Claud' (did you mean 'Claude'?)" in warnings_of(app)


def test_hostile_frontmatter_read_never_raises_anything_else(tmp_path):
    """Smoke test of the module contract (the property test does this at scale)."""
    path = write(tmp_path, "en.md", textwrap.dedent("---\n? [a]\n: b\n---\n"))
    with pytest.raises(frontmatter.FrontMatterError) as info:
        frontmatter.read(path)
    assert info.value.field == "front matter"
