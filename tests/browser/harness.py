"""Build a site like ``make html`` does, serve it on 127.0.0.1, drive Debian's Chromium.

Shared by the browser tests; no pytest here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
FIXTURE_VOCABULARY = FIXTURE_SITE / "vocabulary.yaml"
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, never a downloaded build; no network chatter of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCALES = ("en", "ja")


def build_html(content: Path, build: Path, locales: Sequence[str] = LOCALES, vocabulary: Path | None = None) -> Path:
    """``make html`` into ``build``: ``build/html/<locale>/`` per locale and ``build/html/index.html``."""
    env = {**os.environ, "NEWSDESK_CONTENT": str(content)}
    overrides = ["-D", f"newsdesk_vocabulary={vocabulary}"] if vocabulary else []
    html = build / "html"
    for locale in locales:
        (build / "src" / locale).mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "sphinx", "build", "-b", "html", "-q", "-c", str(REPO), *overrides,
            "-d", str(build / "doctrees" / locale), str(build / "src" / locale), str(html / locale),
        ]  # fmt: skip
        done = subprocess.run(
            command, cwd=REPO, env={**env, "NEWSDESK_LOCALE": locale}, capture_output=True, text=True, timeout=600
        )
        if done.returncode:
            raise RuntimeError(f"sphinx-build ({locale}) failed:\n{done.stdout}\n{done.stderr}")
    subprocess.run(
        [sys.executable, "-m", "newsdesk", "landing", str(html), "--locales", *locales],
        cwd=REPO, check=True, timeout=60,
    )  # fmt: skip
    return html


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class: type[SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yields the base URL (ending in /).
    ``handler_class`` (a quiet static handler by default) answers the requests."""
    handler = functools.partial(handler_class or _QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch(playwright):  # -> playwright.sync_api.Browser
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: install Debian's chromium (see .ci/apt-packages.txt)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -r requirements-dev.txt"
    return None


# Contrast (WCAG 2.x) of an element's text against the background it is painted on: the first
# opaque background colour up the tree, with semi-transparent ones blended on top of it.
CONTRAST_JS = """
(element) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const color = over(parse(getComputedStyle(element).color), background);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(color), lum(background)].sort((a, b) => b - a);
  return {
    ratio: (hi + 0.05) / (lo + 0.05),
    color: getComputedStyle(element).color,
    background: `rgb(${background.slice(0, 3).map(Math.round).join(", ")})`,
    text: element.innerText.trim().slice(0, 60),
  };
}
"""
