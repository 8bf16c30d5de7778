"""Assemble the per-locale Sphinx source folder from the content tree.

Sphinx reads one folder; our content is spread over ``<content>/articles`` (both
locales, one folder per article), ``source/pages/<locale>`` and generated
taxonomy pages. The staging folder (under ``_build/``) brings them together as
links and small generated files, so that docnames are clean
(``articles/20251118/slug``), each locale sees only its own articles, and nothing
is written inside the content or ``source/``.

Files are touched only when their target or text changes, so Sphinx's mtime-based
incremental build keeps working. Imports no Sphinx.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Link:
    """A symbolic link to a file written by a person."""

    target: Path


@dataclass(frozen=True)
class Generated:
    """A page the extension writes."""

    text: str


Entry = Link | Generated


MANIFEST = ".newsdesk-staged"


def sync(root: Path, plan: Mapping[str, Entry]) -> int:
    """Make ``root`` hold exactly ``plan`` (relative POSIX path -> entry).

    Returns the number of files created or changed. Files staged by an earlier
    run but no longer planned are removed (a deleted article disappears from the
    next build); files this module did not create (``conf.py``, ``_build``) are
    never touched: the manifest in ``root`` lists what it owns.
    """
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / MANIFEST
    owned = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    for rel in sorted(owned - set(plan), reverse=True):
        path = root / rel
        if path.is_symlink() or path.is_file():
            path.unlink()
        parent = path.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    changed = 0
    for rel, entry in plan.items():
        path = root / rel
        if isinstance(entry, Link):
            target = os.fspath(entry.target)
            if path.is_symlink() and os.readlink(path) == target:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink() or path.is_file():
                path.unlink()
            path.symlink_to(target)
        else:
            data = entry.text.encode("utf-8")
            if not path.is_symlink() and path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                path.unlink()
            path.write_bytes(data)
        changed += 1
    listing = "\n".join(sorted(plan)) + "\n"
    if not manifest.is_file() or manifest.read_text(encoding="utf-8") != listing:
        manifest.write_text(listing, encoding="utf-8")
    return changed


def article_links(docname: str, path: Path, assets: tuple[Path, ...] = ()) -> dict[str, Entry]:
    """An article's file and the images of its folder: ``<docname>.md`` and
    ``<docname>/<image>``, where the article parser points its local images."""
    # The catalog's root is resolved already: resolving 2N paths again costs ~0.1 s a build.
    plan: dict[str, Entry] = {f"{docname}.md": Link(path if path.is_absolute() else path.resolve())}
    for asset in assets:
        plan[f"{docname}/{asset.name}"] = Link(asset if asset.is_absolute() else asset.resolve())
    return plan


def link_tree(source: Path, prefix: str = "") -> dict[str, Entry]:
    """Plan links to every file below ``source`` (hand-written pages, images)."""
    plan: dict[str, Entry] = {}
    if not source.is_dir():
        return plan
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(source).as_posix()
            plan[f"{prefix}{rel}"] = Link(path.resolve())
    return plan
