"""``make bench``: time our build against MkDocs Material, Hugo, ablog and plain Sphinx.

For each N (articles, each in en and ja) this generates a corpus under
``_build/bench/n<N>/`` (see :mod:`corpus`) and measures, in the same run:

- ours: ``make html CONTENT=... BUILD=... JOBS=<j>`` (both locales and the landing
  page; JOBS processes in all), clean with ``JOBS=1``, ``JOBS=2`` and the default
  ``auto`` (when that is neither); then a no-op
  rebuild, a rebuild after editing one article's body (both locale files) and one
  after changing one article's tags (checked: the tag pages list it or not);
- ablog: the same articles as posts, one ``sphinx-build -j <jobs>`` per locale;
- plain: Sphinx + myst-parser + furo, every article in one glob toctree, for
  N <= --plain-max, one run (it is quadratic);
- mkdocs: MkDocs Material with its blog, tags, search and rss plugins (``.venv-mkdocs``,
  ``requirements-bench-mkdocs.txt``), ``mkdocs build`` per locale;
- hugo: Debian's ``hugo`` with a minimal theme (tags, categories, RSS), per locale; skipped,
  with a note, where it is not installed.

Wall seconds are medians of --runs runs; CPU seconds (user + system of the build's
process tree) and peak RSS (the largest single process, from ``wait4``) are taken
from the same runs. The table is printed, the results go to ``results.json``,
``docs/benchmark.md`` (between its ``bench:begin``/``bench:end`` markers) and a plot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # the sibling module, when run as a script

REPO = corpus.REPO
MAIN_VENV = REPO / ".venv" / "bin"
BENCH_VENV = Path(sys.executable).parent
MKDOCS_VENV = REPO / ".venv-mkdocs" / "bin"
MARK_BEGIN, MARK_END = "<!-- bench:begin -->", "<!-- bench:end -->"


# ------------------------------------------------------------------ measuring
@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mib: float
    #: ours only: the slowest locale's Pagefind, from its start to the end of the wait for it, as the build
    #: logs it (the locales index side by side; on a clean build the social cards are drawn meanwhile)
    search: float = 0.0


@dataclass
class Result:
    n: int
    name: str
    samples: list[Sample] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mib for s in self.samples)

    @property
    def search(self) -> float:
        return statistics.median(s.search for s in self.samples)


def run(cmd: list[str], *, cwd: Path = REPO, env: dict[str, str] | None = None, log: Path | None = None) -> Sample:
    """Run ``cmd``; wall time, CPU time and peak RSS of its process tree."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()  # type: ignore[union-attr]
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}" + (f"\nsee {log}" if log else ""))
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def combine(samples: list[Sample]) -> Sample:
    """Builds run one after another (one per locale) as one measurement."""
    return Sample(sum(s.wall for s in samples), sum(s.cpu for s in samples), max(s.rss_mib for s in samples))


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the builds
_PAGEFIND = re.compile(r"search index \(Pagefind\): ([0-9.]+) s")


class Ours:
    def __init__(self, root: Path, content: Path) -> None:
        self.root, self.content = root, content
        self.build = root / "ours"
        self.log = root / "ours.log"

    def make(self, jobs: str) -> Sample:
        cmd = ["make", "-s", "--no-print-directory", "html", f"CONTENT={self.content}", f"BUILD={self.build}",
               f"JOBS={jobs}"]  # fmt: skip
        start = self.log.stat().st_size if self.log.is_file() else 0
        sample = run(cmd, log=self.log)
        with self.log.open("rb") as fh:
            fh.seek(start)
            logged = [float(x) for x in _PAGEFIND.findall(fh.read().decode("utf-8", "replace"))]
        sample.search = max(logged, default=0.0)
        return sample

    def clean(self, jobs: str) -> Sample:
        shutil.rmtree(self.build, ignore_errors=True)
        return self.make(jobs)

    def html(self, locale: str, docname: str) -> str:
        return (self.build / "html" / locale / f"{docname}.html").read_text(encoding="utf-8")


def sphinx(srcdir: Path, outdir: Path, jobs: str, log: Path) -> Sample:
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [str(BENCH_VENV / "sphinx-build"), "-q", "-b", "html", "-j", jobs, "-d", str(outdir / ".doctrees"),
           str(srcdir), str(outdir)]  # fmt: skip
    return run(cmd, log=log)


def other(root: Path, kind: str, jobs: str) -> Sample:
    return combine([
        sphinx(root / "corpus" / kind / loc, root / kind / loc, jobs, root / f"{kind}.log") for loc in corpus.LOCALES
    ])  # fmt: skip


def mkdocs(root: Path) -> Sample:
    """``mkdocs build`` per locale (MkDocs has no parallel build)."""
    samples = []
    for loc in corpus.LOCALES:
        shutil.rmtree(root / "mkdocs" / loc, ignore_errors=True)
        cmd = [str(MKDOCS_VENV / "mkdocs"), "build", "-q", "-d", str(root / "mkdocs" / loc)]
        samples.append(run(cmd, cwd=root / "corpus" / "mkdocs" / loc, env={"NO_MKDOCS_2_WARNING": "1"},
                           log=root / "mkdocs.log"))  # fmt: skip
    return combine(samples)


def hugo(root: Path) -> Sample:
    """``hugo`` per locale (it uses every core by itself)."""
    samples = []
    for loc in corpus.LOCALES:
        shutil.rmtree(root / "hugo" / loc, ignore_errors=True)
        cmd = ["hugo", "--quiet", "-d", str(root / "hugo" / loc)]
        samples.append(run(cmd, cwd=root / "corpus" / "hugo" / loc, log=root / "hugo.log"))
    return combine(samples)


# ------------------------------------------------------------------ edits
def article_files(content: Path) -> list[Path]:
    return sorted((content / "articles").glob("*/*"))


def edit_body(folder: Path, serial: int) -> None:
    for locale in corpus.LOCALES:
        path = folder / f"{locale}.md"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\n\nBenchmark edit {serial}: one more paragraph.\n")


_TAGS = re.compile(r"^tags: \[(.*)\]$", re.M)


def tags_of(path: Path) -> list[str]:
    return json.loads("[" + _TAGS.search(path.read_text(encoding="utf-8")).group(1) + "]")


def set_tags(folder: Path, tags: list[str]) -> None:
    for locale in corpus.LOCALES:
        path = folder / f"{locale}.md"
        line = "tags: [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]"
        path.write_text(
            _TAGS.sub(lambda _m, line=line: line, path.read_text(encoding="utf-8"), count=1), encoding="utf-8"
        )


def tag_change(ours: Ours, folder: Path, counts: dict[str, int], slugs: dict[str, str]) -> tuple[str, str]:
    """Swap one tag of the article for one it lacks; both tags keep other articles."""
    tags = tags_of(folder / "en.md")
    old = max(tags, key=lambda t: counts.get(t, 0))  # surely listed elsewhere too
    new = next(t for t in sorted(counts, key=counts.get) if t not in tags and counts[t] >= 2)
    set_tags(folder, [new if t == old else t for t in tags])
    counts[old] -= 1
    counts[new] = counts.get(new, 0) + 1
    return slugs[old], slugs[new]


def check_tag_pages(ours: Ours, docname: str, old_slug: str, new_slug: str) -> None:
    """The article is listed on its new tag's page, not on the old one, in every locale."""
    link = docname.rsplit("/", 1)[1] + ".html"
    for locale in corpus.LOCALES:
        new_page = ours.html(locale, f"tags/{new_slug}")
        old_page = ours.html(locale, f"tags/{old_slug}")
        article = ours.html(locale, docname)
        if link not in new_page or link in old_page or f"tags/{new_slug}.html" not in article:
            raise SystemExit(f"tag change not applied in {locale}: {docname} {old_slug} -> {new_slug}")


# ------------------------------------------------------------------ one N
def bench_n(n: int, args: argparse.Namespace) -> list[Result]:
    root = args.out / f"n{n}"
    root.mkdir(parents=True, exist_ok=True)
    content = corpus.generate(n, root / "corpus")
    ours = Ours(root, content)
    results: list[Result] = []

    def measure(name: str, runs: int, fn, note: str = "") -> Result:
        result = Result(n, name, note=note)
        for i in range(runs):
            sample = fn(i)
            say(f"N={n} {name} run {i + 1}/{runs}: {sample.wall:.1f} s wall, {sample.cpu:.1f} s CPU, "
                f"{sample.rss_mib:.0f} MiB")  # fmt: skip
            result.samples.append(sample)
            if i == 0 and runs > 1 and sample.wall > args.max_seconds:
                result.note = ", ".join(filter(None, [note, f"one run: over {args.max_seconds:.0f} s"]))
                break
        results.append(result)
        return result

    if "ours" in args.only:
        if n <= args.j1_max:
            measure("ours JOBS=1", args.runs, lambda i: ours.clean("1"))
        measure("ours JOBS=2", args.runs, lambda i: ours.clean("2"))
        if args.jobs not in ("1", "2"):  # the headline build, when it is neither
            measure(f"ours JOBS={args.jobs}", args.runs, lambda i: ours.clean(args.jobs))
        ours.make(args.jobs)  # a settled tree (the first rebuild may re-write pages with new neighbours)
        measure("ours no-op", args.runs, lambda i: ours.make(args.jobs))
        folders = article_files(content)
        picks = [folders[(len(folders) * (k + 1)) // (args.runs + 2)] for k in range(args.runs)]

        def body(i: int) -> Sample:
            edit_body(picks[i], i)
            return ours.make(args.jobs)

        measure("ours body edit", args.runs, body, "one article, both locale files")
        terms = corpus.load_terms()
        slugs = {name: _slug(name) for name, _ in terms.tags}
        counts: dict[str, int] = {}
        for folder in folders:
            for tag in tags_of(folder / "en.md"):
                counts[tag] = counts.get(tag, 0) + 1

        def retag(i: int) -> Sample:
            folder = picks[i]
            old_slug, new_slug = tag_change(ours, folder, counts, slugs)
            sample = ours.make(args.jobs)
            check_tag_pages(ours, f"articles/{folder.parent.name}/{folder.name}", old_slug, new_slug)
            return sample

        measure("ours tag change", args.runs, retag, "tag pages checked")
    if "ablog" in args.only:
        measure("ablog", args.runs, lambda i: other(root, "ablog", args.jobs))
    if "plain" in args.only and n <= args.plain_max:
        measure("plain", 1, lambda i: other(root, "plain", args.jobs), "one run")
    if "mkdocs" in args.only:
        measure("mkdocs", args.runs, lambda i: mkdocs(root), "blog, tags, search, rss")
    if "hugo" in args.only:
        if shutil.which("hugo"):
            measure("hugo", args.runs, lambda i: hugo(root), "minimal theme, tags, categories, rss")
        else:
            say("hugo is not installed (Debian: apt-get install hugo): its row is skipped")
    return results


def _slug(name: str) -> str:
    sys.path.insert(0, str(REPO))
    from newsdesk.vocabulary import slugify

    return slugify(name)


# ------------------------------------------------------------------ reporting
def _peer_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        return "not installed"


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )

    def version(pkg: str) -> str:
        code = f"import importlib.metadata as m; print(m.version({pkg!r}))"
        out = subprocess.run([str(BENCH_VENV / "python"), "-c", code], capture_output=True, text=True)
        return out.stdout.strip() or "?"

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{int(mem) / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "sphinx": version("sphinx"),
        "myst-parser": version("myst-parser"),
        "furo": version("furo"),
        "ablog": version("ablog"),
        "mkdocs-material": _peer_version(
            [str(MKDOCS_VENV / "python"), "-c", "import importlib.metadata as m; print(m.version('mkdocs-material'))"]
        ),
        "hugo": _peer_version(["hugo", "version"]).split("+")[0].removeprefix("hugo "),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


CLEAN = ("ours JOBS=", "ablog", "plain", "mkdocs", "hugo")
PEERS = ("mkdocs", "hugo", "ablog", "plain")


def table(results: list[Result], jobs: str) -> str:
    """One row per build; a clean build's time as a multiple of each peer's, in the same run."""
    head = "| N | build | wall s | ms/article | " + " | ".join(f"× {p}" for p in PEERS)
    head += " | CPU s | peak MiB | Pagefind s | runs |"
    rows = [head, "|" + "---|" * (8 + len(PEERS))]
    for r in results:
        same_n = {x.name: x for x in results if x.n == r.n}
        clean = r.name.startswith(CLEAN)
        ratios = []
        for peer in PEERS:
            other = same_n.get(peer)
            ratios.append(f"{r.wall / other.wall:.2f}" if clean and other and r is not other else "")
        name = r.name + (f" ({r.note})" if r.note else "")
        rows.append(
            f"| {r.n} | {name} | {r.wall:.2f} | {1000 * r.wall / r.n:.1f} | {' | '.join(ratios)} | {r.cpu:.1f} "
            f"| {r.rss:.0f} | {f'{r.search:.1f}' if r.search else ''} | {len(r.samples)} |"
        )
    return "\n".join(rows)


def targets(results: list[Result], jobs: str) -> list[tuple[str, str, bool | None]]:
    get = {(r.n, r.name): r for r in results}
    main = f"ours JOBS={jobs}"
    out: list[tuple[str, str, bool | None]] = []

    def check(label: str, value: float | None, limit: float, fmt: str) -> None:
        if value is None:
            out.append((label, "not measured", None))
        else:
            out.append((label, fmt.format(value), value <= limit))

    def wall(n: int, name: str) -> float | None:
        r = get.get((n, name))
        return r.wall if r else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a and b else None

    ours1k = wall(1000, main)
    check("clean N=1000 ≤ 0.5× MkDocs Material", ratio(ours1k, wall(1000, "mkdocs")), 0.5, "{:.2f}×")
    check("clean N=1000 within 10× Hugo (stretch)", ratio(ours1k, wall(1000, "hugo")), 10.0, "{:.1f}×")
    check("clean N=1000 ≤ 0.6× ablog", ratio(ours1k, wall(1000, "ablog")), 0.6, "{:.2f}×")
    check("clean N=1000 ≤ 0.1× plain", ratio(ours1k, wall(1000, "plain")), 0.1, "{:.3f}×")
    check("t(3000) / t(1000) ≤ 3.1", ratio(wall(3000, main), ours1k), 3.1, "{:.2f}")
    edit = wall(1000, "ours body edit")
    check("body edit N=1000 ≤ 1.5 s", edit, 1.5, "{:.2f} s")
    check("body edit N=1000 ≤ 0.03× clean", ratio(edit, ours1k), 0.03, "{:.3f}×")
    check("tag change N=1000 < 5 s", wall(1000, "ours tag change"), 5.0, "{:.2f} s")
    check("no-op N=1000 ≤ 0.3 s", wall(1000, "ours no-op"), 0.3, "{:.2f} s")
    peak = max((r.rss for r in results if r.n == 3000 and r.name.startswith("ours")), default=None)
    check("peak RSS N=3000 < 1024 MiB", peak, 1024, "{:.0f} MiB")
    for n in sorted({r.n for r in results}):
        j1, j2 = wall(n, "ours JOBS=1"), wall(n, "ours JOBS=2")
        if n == 1000 or (j1 and j2 and n == max(r.n for r in results)):
            check(f"JOBS=2 ≤ 0.7× JOBS=1 (N={n})", j2 / j1 if j1 and j2 else None, 0.7, "{:.2f}×")
    return out


def plot(results: list[Result], path: Path, jobs: str) -> None:
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, style in ((f"ours JOBS={jobs}", "o-"), ("ours JOBS=1", "o--"), ("mkdocs", "D-"), ("hugo", "v-"),
                        ("ablog", "s-"), ("plain", "^-")):  # fmt: skip
        points = sorted((r.n, r.wall) for r in results if r.name == name)
        if points:
            left.plot(*zip(*points, strict=True), style, label=name)
    left.set(title="Clean build, both locales", xlabel="articles (N)", ylabel="wall seconds (log scale)")
    left.set_yscale("log")
    left.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _pos: f"{y:g}"))
    left.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    for name, style in (("ours no-op", "o-"), ("ours body edit", "s-"), ("ours tag change", "^-")):
        points = sorted((r.n, r.wall) for r in results if r.name == name)
        if points:
            right.plot(*zip(*points, strict=True), style, label=name.removeprefix("ours "))
    right.set(title="Rebuild after a change (ours)", xlabel="articles (N)", ylabel="wall seconds")
    right.set_ylim(bottom=0)
    for ax in (left, right):
        ax.grid(alpha=0.3, which="both")
        ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def report(results: list[Result], info: dict[str, str], args: argparse.Namespace) -> str:
    lines = [
        f"Measured {info['date']} by `{args.command}` on {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM; "
        f"Python {info['python']}, Sphinx {info['sphinx']}, myst-parser {info['myst-parser']}, furo {info['furo']}, "
        f"ablog {info['ablog']}, MkDocs Material {info.get('mkdocs-material', '?')}, Hugo {info.get('hugo', '?')}. "
        f"Load average when it started: {info['load']} (the machine is shared).",
        "",
        f"N articles, each in en and ja (2N pages plus the taxonomy pages). Ours is `make html JOBS=<j>` (JOBS "
        f"processes in all: the two locales side by side, then sphinx-build `-j`); `JOBS={args.jobs}` is what the "
        f"default `JOBS=auto` takes here. ablog and plain run `sphinx-build -j {args.jobs}` per locale; MkDocs "
        "Material (blog, tags, search, rss plugins) `mkdocs build` and Hugo (a minimal theme: pages, tags, "
        "categories, RSS) `hugo` per locale, on the same articles. "
        "Wall: median of the runs; CPU: user + system of the whole process tree; peak: the largest process. "
        f"JOBS=1 runs for N ≤ {args.j1_max}, "
        + (f"plain for N ≤ {args.plain_max} (once); " if args.plain_max else "plain not run; ")
        + f"a build whose first run "
        f"takes over {args.max_seconds:.0f} s runs once (noted). ms/article: wall ÷ N. Pagefind s: the slowest "
        "locale's search indexing as our build logs it, from Pagefind's start to the end of the wait for it (part "
        "of the wall time; the locales index side by side; on a clean build the cards are drawn meanwhile).",
        "",
        table(results, args.jobs),
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(
            f"| {label} | {value} | {'yes' if ok else 'no' if ok is False else '—'} |"
            for label, value, ok in targets(results, args.jobs)
        ),
        "",
        f"![Build time against N]({os.path.relpath(args.png, args.md.parent)})",
    ]
    return "\n".join(lines)


def write_markdown(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Benchmark\n\n{MARK_BEGIN}\n{MARK_END}\n"
    if MARK_BEGIN not in text:
        text += f"\n{MARK_BEGIN}\n{MARK_END}\n"
    before, rest = text.split(MARK_BEGIN, 1)
    after = rest.split(MARK_END, 1)[1]
    path.write_text(f"{before}{MARK_BEGIN}\n{body}\n{MARK_END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ns", type=int, nargs="+", default=[250, 1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="auto", help="sphinx-build -j of the headline builds")
    parser.add_argument("--plain-max", type=int, default=1000, help="largest N for the plain baseline")
    parser.add_argument("--j1-max", type=int, default=1000, help="largest N for the JOBS=1 clean build")
    parser.add_argument(
        "--max-seconds", type=float, default=300.0, help="a build whose first run takes longer runs once"
    )
    parser.add_argument(
        "--only", default="ours,mkdocs,hugo,ablog,plain", help="comma-separated subset of ours,mkdocs,hugo,ablog,plain"
    )
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench")
    parser.add_argument("--md", type=Path, default=REPO / "docs" / "benchmark.md")
    parser.add_argument("--png", type=Path, default=REPO / "docs" / "images" / "bench.png")
    parser.add_argument("--no-report", action="store_true", help="print the table only")
    parser.add_argument("--from-json", type=Path, help="write the report from an earlier run's results.json")
    args = parser.parse_args()
    args.only = set(args.only.split(","))
    if args.jobs == "auto":  # what sphinx-build -j auto takes
        args.jobs = str(os.cpu_count() or 1)
    args.out = args.out.resolve()
    args.command = "make bench" + (f' NS="{" ".join(map(str, args.ns))}"' if args.ns != [250, 1000, 3000] else "")
    if args.from_json:
        data = json.loads(args.from_json.read_text(encoding="utf-8"))
        results = [Result(r["n"], r["name"], [Sample(**x) for x in r["samples"]], r["note"]) for r in data["results"]]
        args.ns = sorted({r.n for r in results})
        args.command = data.get("command", args.command)
        print(table(results, args.jobs))
        plot(results, args.png, args.jobs)
        write_markdown(args.md, report(results, data["machine"], args))
        return
    info = machine()
    say(f"{info['cpu']} x{info['nproc']}, load {info['load']}; corpora and builds in {args.out}")
    results: list[Result] = []
    for n in args.ns:
        results += bench_n(n, args)
        (args.out / "results.json").write_text(
            json.dumps({"machine": info, "command": args.command, "results": [asdict(r) for r in results]}, indent=1),
            encoding="utf-8",
        )
        print(table(results, args.jobs), flush=True)
        if not args.no_report:  # after each N: a partial run still leaves its figures
            plot(results, args.png, args.jobs)
            write_markdown(args.md, report(results, info, args))
            say(f"wrote {args.md} and {args.png}")


if __name__ == "__main__":
    main()
