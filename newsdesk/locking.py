"""One build at a time in a build folder: an advisory lock (``fcntl``).

Two builds of one locale at once (two ``make html``, an editor's build beside
``make serve``) would write the same staging folder, environment pickle and output
files. The lock is taken at ``config-inited``, before Sphinx loads its environment,
on a file in the doctree folder, and released when the process ends (also when it
is killed: the kernel drops the lock). A second build says that it waits, and for
whom, then goes on when the first is done: it finds an up-to-date environment.

POSIX record locks (``fcntl.lockf``), not ``flock``: a flock belongs to the open file
and is shared by forked children, so sphinx-sitemap's manager process (forked after
the lock is taken) would keep it after the build itself is killed; a record lock
belongs to the process that took it.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.config import Config

LOCK_FILE = ".newsdesk-build.lock"

#: Locks this process holds, by path: a process may build the same folder twice (the
#: tests do, through sphinx.testing); each lock file is opened once.
_HELD: dict[str, IO[str]] = {}


def acquire(folder: Path) -> IO[str]:
    """Hold the build lock of ``folder``; wait (saying so) while another process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = str((folder / LOCK_FILE).resolve())
    if path in _HELD:
        return _HELD[path]
    stream = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until the process ends
    try:
        fcntl.lockf(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # EAGAIN or EACCES: another process holds it
        stream.seek(0)
        holder = stream.read().strip() or "another process"
        print(
            f"another build is running in {folder} ({holder}); waiting for it to finish ...",
            file=sys.stderr,
            flush=True,
        )
        fcntl.lockf(stream.fileno(), fcntl.LOCK_EX)
    stream.seek(0)
    stream.truncate()
    stream.write(f"pid {os.getpid()}\n")
    stream.flush()
    _HELD[path] = stream
    return stream


def lock_build(app: Sphinx, config: Config) -> None:
    """``config-inited``, first: the environment is loaded right after this."""
    acquire(Path(app.doctreedir))


def release(folder: Path) -> None:
    """Let the next build of ``folder`` in."""
    stream = _HELD.pop(str((folder / LOCK_FILE).resolve()), None)
    if stream is not None:
        fcntl.lockf(stream.fileno(), fcntl.LOCK_UN)
        stream.close()


def unlock_build(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, last: every output of this build is written."""
    release(Path(app.doctreedir))


def setup_locking(app: Sphinx) -> None:
    app.connect("config-inited", lock_build, priority=1)
    app.connect("build-finished", unlock_build, priority=1000)
