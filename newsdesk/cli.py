"""Command line: ``python -m newsdesk check | new | landing``.

Shares the catalog with the build and imports no Sphinx, so ``make check``
validates every article in a fraction of a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import config, frontmatter, landing, policy, timeline
from .catalog import ARTICLES_DIR, Catalog
from .model import article_template
from .vocabulary import Vocabulary, VocabularyError, slugify

REPO = Path(__file__).resolve().parent.parent
#: The build's vocabulary (conf.py's ``newsdesk_vocabulary``), wherever the command is run from.
DEFAULT_VOCABULARY = REPO / "source" / "_data" / "vocabulary.yaml"
DEFAULT_CONTENT = "source"
DEFAULT_CONF = REPO / "conf.py"

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _vocabulary(path: Path) -> Vocabulary:
    try:
        return Vocabulary.load(path)
    except VocabularyError as exc:
        raise SystemExit(f"error: {exc}") from None


def _display_root(content: Path) -> Path | None:
    """Paths are shown relative to the working directory when the content lies under it."""
    return Path.cwd() if content.is_absolute() else None


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every article; one line per problem; exit 1 on any error."""
    content = Path(args.content)
    if not (content / ARTICLES_DIR).is_dir():
        print(
            f"error: {content / ARTICLES_DIR} does not exist; CONTENT must be a folder holding articles/",
            file=sys.stderr,
        )
        return EXIT_USAGE
    conf = config.read_conf(Path(args.conf))
    max_kib = args.max_file_kib or conf.get("newsdesk_max_file_kib") or frontmatter.MAX_FILE_BYTES // 1024
    body_policy = args.body_policy or conf.get("newsdesk_body_policy") or "strict"
    wrong = config.problems({"body_policy": body_policy, "max_file_kib": max_kib})
    if wrong:  # the build would refuse these settings: so does the check
        print(f"error: {'; '.join(wrong)}", file=sys.stderr)
        return EXIT_USAGE
    catalog = Catalog.load(
        content,
        _vocabulary(Path(args.vocabulary)),
        max_file_bytes=int(max_kib) * 1024,
        scan_bodies=body_policy == "strict",
    )
    root = _display_root(content)
    for problem in catalog.problems:
        # errors and warnings on stderr, notices on stdout; flushed so that they stay in order in a log
        print(problem.format(root), file=sys.stdout if problem.severity == "notice" else sys.stderr, flush=True)
    errors = len(catalog.errors())
    warnings = sum(p.severity == "warning" for p in catalog.problems)
    notices = sum(p.severity == "notice" for p in catalog.problems)
    entries = f" and {len(catalog.entry_files)} timeline entry files" if catalog.entry_files else ""
    print(
        f"checked {len(catalog.files)} article files{entries} in {content}: "
        f"{errors} errors, {warnings} warnings, {notices} notices"
    )
    return EXIT_ERRORS if errors or (args.strict and warnings) else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Create one file per locale for a new article (or timeline entry) from the template; never overwrite."""
    slug = args.slug
    if not slug or slug != slugify(slug) or not slug.isascii():
        print(f"error: SLUG {slug!r} must be lowercase kebab-case ASCII, e.g. {slugify(slug)!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"error: DATE {args.date!r} is not a real date in the form YYYY-MM-DD", file=sys.stderr)
        return EXIT_USAGE
    vocabulary = _vocabulary(Path(args.vocabulary))
    content = Path(args.content)
    if not content.is_dir():
        print(f"error: {content} does not exist; CONTENT must be a folder holding articles/", file=sys.stderr)
        return EXIT_USAGE
    if args.kind == "timeline":
        folder = content / timeline.entry_folder(date, slug)
    else:
        folder = content / ARTICLES_DIR / date.strftime("%Y%m%d") / slug
    existing = sorted(folder.glob("*.md")) if folder.exists() else []
    if existing:
        print(
            f"error: {folder} already holds {', '.join(p.name for p in existing)}; not overwriting "
            "(pick another SLUG or DATE, or edit the existing files)",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    folder.mkdir(parents=True, exist_ok=True)
    for locale in vocabulary.locales:
        path = folder / f"{locale}.md"
        with path.open("x", encoding="utf-8") as stream:  # "x": fails rather than overwrite
            if args.kind == "timeline":
                stream.write(timeline.entry_template(locale, date, vocabulary))
            else:
                stream.write(article_template(locale, date, list(vocabulary.categories)))
        print(f"created {path}")
    what = "the category, impact, companies and tags" if args.kind == "timeline" else "the category and tags"
    print(f"next: replace every TODO, choose {what}, then run `make check`")
    return EXIT_OK


def cmd_landing(args: argparse.Namespace) -> int:
    """Write the root index.html: the language chooser leading to each locale's build."""
    landing.write_for_conf(Path(args.outdir), args.locales, Path(args.conf), args.title or None)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate every article's front matter")
    check.add_argument("--content", default=DEFAULT_CONTENT, help="folder holding articles/ (default: source)")
    check.add_argument("--vocabulary", default=str(DEFAULT_VOCABULARY), help="vocabulary file (default: the build's)")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument(
        "--max-file-kib",
        type=int,
        default=None,
        help="refuse larger article files (default: conf.py's newsdesk_max_file_kib, else 1024)",
    )
    check.add_argument(
        "--body-policy",
        choices=policy.POLICIES,
        default=None,
        help="what a body may use (default: conf.py's newsdesk_body_policy, else strict)",
    )
    check.add_argument("--conf", default=str(DEFAULT_CONF), help="the build's conf.py, read for its settings")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="create en.md and ja.md for a new article (or timeline entry) from the template")
    new.add_argument("slug", help="lowercase kebab-case folder name, e.g. my-news")
    new.add_argument(
        "--kind",
        choices=("article", "timeline"),
        default="article",
        help="article (articles/<YYYYMMDD>/<slug>/) or timeline (timeline/<YYYYMM>-<slug>/)",
    )
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument("--content", default=DEFAULT_CONTENT, help="folder holding articles/ (default: source)")
    new.add_argument("--vocabulary", default=str(DEFAULT_VOCABULARY))
    new.set_defaults(func=cmd_new)

    chooser = sub.add_parser("landing", help="write the root index.html: a language chooser leading to each locale")
    chooser.add_argument("outdir")
    chooser.add_argument("--locales", nargs="+", default=["en", "ja"], help="in the order shown (default: en ja)")
    chooser.add_argument("--title", default=None, help="the page's <title> (default: the site's name in each locale)")
    chooser.add_argument("--conf", default=str(DEFAULT_CONF), help="the build's conf.py, read for the site's name")
    chooser.set_defaults(func=cmd_landing)

    args = parser.parse_args(argv)
    return args.func(args)
