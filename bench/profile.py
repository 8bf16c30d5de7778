"""Profile our clean build of one locale with cProfile, and say where the time goes.

    .venv-bench/bin/python bench/profile.py [--n 1000] [--locale ja]

Generates (or reuses) the corpus of ``make bench`` under ``_build/bench/profile-n<N>/``,
runs ``sphinx-build -j 1`` under cProfile (a serial build: the profile sees every
page), and prints the build's phases, self time grouped by package, and the top
functions by cumulative time. The ``.prof`` file stays beside the build
(``python -m pstats`` or snakeviz read it).
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # the sibling module, when run as a script

REPO = corpus.REPO
SPHINX = REPO / ".venv" / "bin" / "sphinx-build"

#: (label, substrings of the function's file or name), first match wins.
AREAS = [
    ("pickle (doctrees, environment)", ("_pickle", "pickle.py")),
    ("search index: Japanese splitter", ("search/ja.py", "newsdesk/performance.py:1", "performance.py(split")),
    ("search index: other", ("sphinx/search", "snowballstemmer")),
    ("MyST / markdown-it parsing", ("myst_parser", "markdown_it", "mdurl")),
    ("HTML writers", ("docutils/writers", "sphinx/writers")),
    ("docutils nodes and transforms", ("docutils/",)),
    ("furo + BeautifulSoup (navigation)", ("furo/", "bs4/", "soupsieve")),
    ("Jinja templates", ("jinja2", "markupsafe", "_templates/", "/theme/")),
    ("pygments", ("pygments",)),
    ("sphinx-design / -tags / -sitemap / opengraph", ("sphinx_design", "sphinx_tags", "sphinx_sitemap", "opengraph")),
    ("newsdesk (ours)", ("/newsdesk/",)),
    ("babel / pydantic / yaml", ("babel", "pydantic", "yaml")),
    ("Sphinx core", ("sphinx/",)),
    ("Python stdlib and builtins", ("",)),
]

PHASES = [
    ("startup: imports, config, extensions", "application.py", "__init__"),
    ("read: parse every page", "builders/__init__.py", "read"),
    ("write: resolve, index and render every page", "builders/__init__.py", "write"),
    ("  get_and_resolve_doctree (post-transforms)", "environment/__init__.py", "get_and_resolve_doctree"),
    ("  search index (feed)", "sphinx/search/__init__.py", "feed"),
    ("  html-page-context (furo navigation ...)", "sphinx/events.py", "emit_firstresult"),
    ("finish: indices, search index, static files", "builders/html/__init__.py", "finish"),
]


def area_of(key: tuple[str, int, str]) -> str:
    filename, _line, name = key
    where = f"{filename}({name}"
    for label, needles in AREAS:
        if any(n in where for n in needles):
            return label
    return AREAS[-1][0]


def report(prof: Path, top: int) -> str:
    stats = pstats.Stats(str(prof))
    total = stats.total_tt  # type: ignore[attr-defined]
    raw = stats.stats  # type: ignore[attr-defined]
    lines = [f"total {total:.1f} s (under cProfile, about 1.5-2x slower than without)", "", "phases (cumulative):"]
    for label, file_part, func in PHASES:
        cum = max((v[3] for k, v in raw.items() if file_part in k[0] and k[2] == func), default=0.0)
        lines.append(f"  {label:<48} {cum:7.1f} s  {100 * cum / total:5.1f} %")
    areas: dict[str, float] = {}
    for key, value in raw.items():
        areas[area_of(key)] = areas.get(area_of(key), 0.0) + value[2]
    lines += ["", "self time by package:"]
    for label, seconds in sorted(areas.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {label:<48} {seconds:7.1f} s  {100 * seconds / total:5.1f} %")
    lines += ["", f"top {top} functions by self time:"]
    for key, value in sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]:
        filename = key[0].split("site-packages/")[-1].replace(str(REPO) + "/", "")
        lines.append(f"  {value[2]:7.2f} s  {value[1]:>9} calls  {filename}:{key[1]}({key[2]})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--locale", choices=corpus.LOCALES, default="ja")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench")
    parser.add_argument("--report-only", action="store_true", help="report an existing profile")
    args = parser.parse_args()
    root = (args.out / f"profile-n{args.n}").resolve()
    prof = root / f"{args.locale}.prof"
    if not args.report_only:
        content = root / "corpus"
        if not (content / "articles").is_dir():
            corpus.generate(args.n, content)
        build = root / "build" / args.locale
        shutil.rmtree(build, ignore_errors=True)
        (build / "src").mkdir(parents=True)
        env = {**os.environ, "NEWSDESK_CONTENT": str(content), "NEWSDESK_LOCALE": args.locale}
        cmd = [str(REPO / ".venv" / "bin" / "python"), "-m", "cProfile", "-o", str(prof),
               str(SPHINX), "-q", "-b", "html", "-j", "1", "-c", str(REPO), "-d", str(build / "doctrees"),
               str(build / "src"), str(build / "html")]  # fmt: skip
        subprocess.run(cmd, env=env, cwd=REPO, check=True)
    print(f"{args.locale}, N={args.n}: {prof}")
    print(report(prof, args.top))


if __name__ == "__main__":
    main()
