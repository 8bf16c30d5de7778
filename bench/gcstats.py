"""Run one ``sphinx-build`` and say how long Python's garbage collector took, and when.

    .venv/bin/python bench/gcstats.py -b html -j 1 -c . -d <doctrees> <srcdir> <outdir>

(with ``NEWSDESK_LOCALE`` / ``NEWSDESK_CONTENT`` set as ``make html`` sets them). Prints the
wall time of ``sphinx.cmd.build.main``, the full (generation 2) collections it ran, their
total time and where the build was (before reading, reading, writing) when they ran. The
time the interpreter then takes to exit is the rest of the process's wall time: compare
with ``/usr/bin/time``. This is how :mod:`newsdesk.performance` measured the collector.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter

from sphinx import events
from sphinx.cmd.build import main as sphinx_build

_phase = "start-up"
_started = 0.0
_seconds: Counter[str] = Counter()
_count: Counter[str] = Counter()


def _on_collect(phase: str, info: dict[str, int]) -> None:
    global _started
    if info["generation"] != 2:
        return
    if phase == "start":
        _started = time.perf_counter()
    else:
        _seconds[_phase] += time.perf_counter() - _started
        _count[_phase] += 1


def _track_phases() -> None:
    """Name the build's phase after the last of these events emitted."""
    phases = {"env-before-read-docs": "read", "env-updated": "write", "build-finished": "finish"}
    emit = events.EventManager.emit

    def tracking_emit(self: events.EventManager, name: str, *args: object, **kwargs: object) -> list:
        global _phase
        _phase = phases.get(name, _phase)
        return emit(self, name, *args, **kwargs)

    events.EventManager.emit = tracking_emit  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    _track_phases()
    gc.callbacks.append(_on_collect)
    start = time.perf_counter()
    status = sphinx_build(argv)
    wall = time.perf_counter() - start
    print(f"sphinx-build main: {wall:.2f} s", file=sys.stderr)
    for phase in ("start-up", "read", "write", "finish"):
        if _count[phase]:
            print(f"  full collections while {phase}: {_count[phase]}, {_seconds[phase]:.2f} s", file=sys.stderr)
    total, count = sum(_seconds.values()), sum(_count.values())
    print(f"  all full collections: {count}, {total:.2f} s ({100 * total / wall:.0f} %)", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
