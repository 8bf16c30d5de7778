"""Run one ``sphinx-build``: the wall time of each phase, and the garbage collections in it.

    .venv/bin/python bench/gcstats.py -b html -j 1 -c . -d <doctrees> <srcdir> <outdir>

(with ``NEWSDESK_LOCALE`` / ``NEWSDESK_CONTENT`` set as ``make html`` sets them). No profiler:
the phases are cut at Sphinx's events, timed with the clock, and Python's full (generation 2)
collections are timed with ``gc.callbacks``. The time the interpreter then takes to exit is
the rest of the process's wall time: compare with ``/usr/bin/time``. This is how
:mod:`newsdesk.performance` measured the collector and the one-article rebuild.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter

from sphinx import events
from sphinx.cmd.build import main as sphinx_build

#: (event, phase that starts when it is emitted, phase that starts when its handlers return)
_CUTS = {
    "config-inited": ("load the environment, start the builder", None),
    "builder-inited": ("builder-inited handlers (catalog, staging)", "find outdated documents"),
    "env-before-read-docs": ("read", None),
    "env-updated": ("pickle the environment", None),
    "env-check-consistency": ("write the pages, copy static files", None),
    "html-collect-pages": ("index, search page, search index, inventory", None),
    "build-finished": ("build-finished handlers (feeds, sitemap)", "end"),
}
_PHASES = ["imports, extensions, conf.py"] + [p for cut in _CUTS.values() for p in cut if p and p != "end"]

_phase = _PHASES[0]
_phase_started = 0.0
_collect_started = 0.0
_wall: Counter[str] = Counter()
_gc_seconds: Counter[str] = Counter()
_gc_count: Counter[str] = Counter()


def _enter(phase: str) -> None:
    global _phase, _phase_started
    now = time.perf_counter()
    _wall[_phase] += now - _phase_started
    _phase, _phase_started = phase, now


def _on_collect(stage: str, info: dict[str, int]) -> None:
    global _collect_started
    if info["generation"] != 2:
        return
    if stage == "start":
        _collect_started = time.perf_counter()
    else:
        _gc_seconds[_phase] += time.perf_counter() - _collect_started
        _gc_count[_phase] += 1


def _track_phases() -> None:
    emit = events.EventManager.emit

    def tracking_emit(self: events.EventManager, name: str, *args: object, **kwargs: object) -> list:
        before, after = _CUTS.get(name, (None, None))
        if before:
            _enter(before)
        try:
            return emit(self, name, *args, **kwargs)
        finally:
            if after:
                _enter(after)

    events.EventManager.emit = tracking_emit  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    global _phase_started
    _track_phases()
    gc.callbacks.append(_on_collect)
    start = _phase_started = time.perf_counter()
    status = sphinx_build(argv)
    _enter("end")
    wall = time.perf_counter() - start
    print(f"sphinx-build main: {wall:.2f} s", file=sys.stderr)
    for phase in _PHASES:
        if _wall[phase] or _gc_count[phase]:
            count, seconds = _gc_count[phase], _gc_seconds[phase]
            collections = f"; {count} full collections, {seconds:.2f} s" if count else ""
            print(f"  {phase:45s} {_wall[phase]:6.2f} s{collections}", file=sys.stderr)
    total, count = sum(_gc_seconds.values()), sum(_gc_count.values())
    print(f"  all full collections: {count}, {total:.2f} s ({100 * total / wall:.0f} %)", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
