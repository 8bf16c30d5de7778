"""``make serve``: a live preview of every locale as one site, laid out as ``make html`` lays it out.

``_build/serve/`` holds the language chooser (``index.html``) and one folder per locale, so the
language links (``../ja/...``), the chooser and search work as they do when the site is published.
sphinx-autobuild's command serves one Sphinx output folder as the root, which cannot hold the
other locales' folders beside it; so this module composes sphinx-autobuild's own parts (its file
watcher and ignore filter, its live-reload script) around one server of ``_build/serve/`` and one
rebuild of every locale per change, then the chooser, then one refresh of the open pages. Each
locale is built by ``sphinx build`` in a process of its own (as ``make html`` does): incremental,
so a locale that the change does not concern is done in a moment.

    python -m newsdesk.preview --build _build --locales ja en --port 8000 --watch source ...
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_command, show_message
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

from . import landing

REPO = Path(__file__).resolve().parent.parent
#: Folders never watched (sphinx-autobuild's own defaults), besides the build folder.
DEFAULT_IGNORES = (".git", ".hg", ".venv", "venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", "node_modules")


@dataclass(frozen=True)
class Rebuild:
    """Build every locale into ``<build>/serve/<locale>/`` (``first`` first), then the chooser above them.

    A plain dataclass: sphinx-autobuild's watcher runs it in a worker process (it is pickled).
    """

    build: Path
    locales: tuple[str, ...]
    sphinx_options: tuple[str, ...] = ()
    first: str = ""
    conf_dir: Path = REPO
    url: str = ""

    @property
    def order(self) -> list[str]:
        """The locale the author previews first (its pages are ready soonest), then the others."""
        return sorted(self.locales, key=lambda locale: locale != self.first)

    @property
    def serve_dir(self) -> Path:
        return self.build / "serve"

    def command(self, locale: str) -> list[str]:
        """The ``sphinx build`` of one locale, with the staging and doctree folders ``make html`` uses."""
        return [
            sys.executable, "-m", "sphinx", "build", "-b", "html", "-c", str(self.conf_dir),
            "-d", str(self.build / "doctrees" / locale), *self.sphinx_options,
            str(self.build / "src" / locale), str(self.serve_dir / locale),
        ]  # fmt: skip

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        if changed_paths:
            shown = []
            for path in changed_paths[:5]:
                with contextlib.suppress(ValueError):
                    path = path.relative_to(Path.cwd())
                shown.append(path.as_posix())
            show_message(f"Detected changes ({', '.join(shown)})")
            show_message("Rebuilding...")
        failed = []
        for locale in self.order:
            (self.build / "src" / locale).mkdir(parents=True, exist_ok=True)
            command = self.command(locale)
            show_command(command)
            # each build in its own process, as `make html` runs them: one locale per Sphinx application
            done = subprocess.run(command, env={**os.environ, "NEWSDESK_LOCALE": locale}, check=False)
            if done.returncode:
                failed.append(locale)
        landing.write_for_conf(self.serve_dir, self.locales, self.conf_dir / "conf.py")
        if failed:
            print(
                f"Sphinx failed for {', '.join(failed)} (see above); the server goes on serving the last "
                "good pages of that locale. Fix the cause, save, and it builds again."
            )
        show_message(f"Serving on {self.url}")


def app(rebuild: Rebuild, watch: Sequence[Path], ignore: IgnoreFilter, ws_host: str) -> Starlette:
    """sphinx-autobuild's application (its ``_create_app``), serving the folder of every locale."""
    watcher = RebuildServer(list(watch), ignore, change_callback=rebuild)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=rebuild.serve_dir, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=ws_host)],
        lifespan=watcher.lifespan,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk.preview", description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("_build"), help="the build folder (default: _build)")
    parser.add_argument("--locales", nargs="+", default=["en", "ja"], help="in the chooser's order (default: en ja)")
    parser.add_argument("--first", default="", help="the locale built first and shown (default: the first one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", action="append", type=Path, default=[], help="a folder to watch (repeatable)")
    parser.add_argument("--ignore", action="append", default=[], help="a folder or glob not to watch (repeatable)")
    parser.add_argument("--re-ignore", action="append", default=[], help="a regular expression of paths not to watch")
    parser.add_argument("--sphinx-options", default="", help="options for every sphinx build, one string")
    args = parser.parse_args(argv)

    build = args.build.resolve()
    url = f"http://{args.host}:{args.port}/"
    locales = tuple(dict.fromkeys(args.locales))
    first = args.first if args.first in locales else locales[0]
    rebuild = Rebuild(build, locales, tuple(shlex.split(args.sphinx_options)), first=first, url=url)
    rebuild.serve_dir.mkdir(parents=True, exist_ok=True)
    ignore = IgnoreFilter([*DEFAULT_IGNORES, *args.ignore, build], args.re_ignore)
    application = app(rebuild, args.watch, ignore, f"{args.host}:{args.port}")

    show_message("Starting initial build")
    rebuild()
    show_message(f"Every locale under one server: {url} (the chooser), {url}{first}/index.html")
    show_message("Waiting to detect changes...")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: uvicorn has stopped the watcher already
        uvicorn.run(application, host=args.host, port=args.port, log_level="warning")
    show_message("Server stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
