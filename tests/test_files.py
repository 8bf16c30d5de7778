"""newsdesk/files.py: one atomic write, only when the bytes change."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from newsdesk.files import write_if_changed


def test_written_once_then_left_alone(tmp_path):
    path = tmp_path / "deep" / "page.html"
    assert write_if_changed(path, b"one") is True  # its folder is made
    assert path.read_bytes() == b"one"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(path, b"one") is False
    assert path.stat().st_mtime_ns == 1_000_000_000  # same bytes: not touched
    assert write_if_changed(path, b"two") is True
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in path.parent.iterdir()) == ["page.html"]  # no temporary file left


def test_imports_no_sphinx():
    code = "import sys, newsdesk.files, newsdesk.landing, newsdesk.i18n; print('sphinx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
