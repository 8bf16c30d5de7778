"""Command line: ``python -m newsdesk check | new | landing``.

Shares the catalog with the build and imports no Sphinx, so ``make check``
validates every article in a fraction of a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
from pathlib import Path

from .catalog import ARTICLES_DIR, Catalog
from .vocabulary import Vocabulary, VocabularyError, slugify

DEFAULT_VOCABULARY = Path("source/_data/vocabulary.yaml")


def _vocabulary(path: Path) -> Vocabulary:
    try:
        return Vocabulary.load(path)
    except VocabularyError as exc:
        raise SystemExit(f"error: {exc}") from None


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every article; one line per problem; exit 1 on any error."""
    content = Path(args.content)
    if not (content / ARTICLES_DIR).is_dir():
        print(f"error: {content / ARTICLES_DIR} does not exist; CONTENT must hold an articles/ folder", file=sys.stderr)
        return 2
    catalog = Catalog.load(content, _vocabulary(Path(args.vocabulary)))
    root = Path.cwd()
    for problem in catalog.problems:
        print(problem.format(root), file=sys.stdout if problem.severity == "notice" else sys.stderr)
    errors = len(catalog.errors())
    warnings = sum(p.severity == "warning" for p in catalog.problems)
    files = len(catalog.articles) + len({p.path for p in catalog.problems if p.severity == "error"} - {a.path for a in catalog.articles})
    print(f"checked {files} article files: {errors} errors, {warnings} warnings")
    return 1 if errors or (args.strict and warnings) else 0


PLACEHOLDERS = {
    "en": ("Headline of the article", "One or two sentences that sum up the news.", "Write the article here."),
    "ja": ("記事の見出し", "ニュースを一、二文で要約します。", "ここに本文を書きます。"),
}


def cmd_new(args: argparse.Namespace) -> int:
    """Create en.md and ja.md for a new article from a template; never overwrite."""
    slug = args.slug
    if slug != slugify(slug) or not slug.isascii():
        print(f"error: SLUG {slug!r} must be lowercase kebab-case ASCII, e.g. {slugify(slug)!r}", file=sys.stderr)
        return 2
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"error: DATE {args.date!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    vocabulary = _vocabulary(Path(args.vocabulary))
    folder = Path(args.content) / ARTICLES_DIR / date.strftime("%Y%m%d") / slug
    existing = [p for p in folder.glob("*.md")] if folder.exists() else []
    if existing:
        print(f"error: {folder} already holds {', '.join(p.name for p in existing)}; not overwriting", file=sys.stderr)
        return 1
    category = next(iter(vocabulary.categories))
    folder.mkdir(parents=True)
    for locale in vocabulary.locales:
        title, description, body = PLACEHOLDERS.get(locale, PLACEHOLDERS["en"])
        text = (
            "---\n"
            f'title: "{title}"\n'
            f'description: "{description}"\n'
            f"date: {date.isoformat()}\n"
            f'category: "{category}"\n'
            "tags: []\n"
            f'locale: "{locale}"\n'
            'technyanComment: ""\n'
            "---\n\n"
            f"{body}\n"
        )
        (folder / f"{locale}.md").write_text(text, encoding="utf-8")
        print(f"created {folder / f'{locale}.md'}")
    print("next: fill in title, description, category and tags, then run `make check`")
    return 0


LANDING = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; display: grid; place-items: center; min-height: 90vh; }}
a {{ display: block; font-size: 1.4rem; margin: 1rem; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{links}
</main>
</body>
</html>
"""

LOCALE_NAMES = {"en": "English", "ja": "日本語"}


def cmd_landing(args: argparse.Namespace) -> int:
    """Write the root index.html that leads to each locale's build."""
    out = Path(args.outdir)
    links = "\n".join(
        f'<a href="{loc}/index.html" hreflang="{loc}" lang="{loc}">{html.escape(LOCALE_NAMES.get(loc, loc))}</a>'
        for loc in args.locales
        if (out / loc / "index.html").exists()
    )
    (out / "index.html").write_text(LANDING.format(title=html.escape(args.title), links=links), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate every article's front matter")
    check.add_argument("--content", default="source", help="folder holding articles/ (default: source)")
    check.add_argument("--vocabulary", default=str(DEFAULT_VOCABULARY))
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="create en.md and ja.md for a new article")
    new.add_argument("slug")
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument("--content", default="source")
    new.add_argument("--vocabulary", default=str(DEFAULT_VOCABULARY))
    new.set_defaults(func=cmd_new)

    landing = sub.add_parser("landing", help="write the root index.html leading to each locale")
    landing.add_argument("outdir")
    landing.add_argument("--locales", nargs="+", default=["en", "ja"])
    landing.add_argument("--title", default="AI News Knowledge Base / AIニュース")
    landing.set_defaults(func=cmd_landing)

    args = parser.parse_args(argv)
    return args.func(args)
