"""Writing an output file: atomically, and only when its bytes change. Imports no Sphinx.

A build that changes nothing leaves every file (and its time) alone, so what watches the output
(``make serve``'s reload, rsync, a CDN) sees no change; and a reader or a second build running at
the same time sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Make ``path`` hold ``data``; True when it was written (it held something else, or was missing).

    Written to a temporary name beside it, then renamed over it (atomic); its folder is made."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would keep a served file from the web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
