"""A web manifest per locale: the site can be installed, with the mascot as its icon.

Each locale's output gets ``manifest.webmanifest`` (its name and short name in that
language, ``start_url`` and ``scope`` the locale's root, furo's colours) and PNG icons
made from the mascot's avatar (``newsdesk_mascot_avatar``) with resvg-py: 192 and 512 px for
the manifest, 180 px on white for ``apple-touch-icon``. Icons are drawn from an SVG avatar
in ``html_static_path`` only; with another avatar (a PNG, a URL) there are none, and neither
the manifest nor the pages name any. ``_templates/base.html`` links them, with
``<meta name="theme-color">`` (furo's header is its page background, light and dark),
in every page's head. The files are generated into the output at build-finished,
rewritten only when their bytes change, and listed in the output manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .cardimage import rasterise
from .colours import FURO_BACKGROUND
from .config import NewsdeskConfig
from .files import write_if_changed
from .outputs import PAGE_BUILDERS
from .social import mascot_svg

MANIFEST = "manifest.webmanifest"
ICONS_DIR = "_icons"
#: size -> output path; 180 is the apple-touch-icon (opaque: iOS shows transparency as black)
ICONS = {192: f"{ICONS_DIR}/technyan-192.png", 512: f"{ICONS_DIR}/technyan-512.png"}
TOUCH_ICON = (180, f"{ICONS_DIR}/apple-touch-icon.png")


def manifest(cfg: NewsdeskConfig, locale: str, icons: bool = True) -> dict[str, Any]:
    """The manifest of a locale's site; its URLs are relative to the manifest's own. ``icons``:
    whether the build draws them (:func:`has_icons`)."""
    return {
        "name": cfg.name_in(locale),
        "short_name": cfg.short_name_in(locale),
        "lang": locale,
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": FURO_BACKGROUND["light"],
        "background_color": FURO_BACKGROUND["light"],
        "icons": [
            {"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size, path in ICONS.items()
            if icons
        ],
    }


def has_icons(app: Sphinx) -> bool:
    """Whether the icons are drawn: the mascot's avatar is an SVG in ``html_static_path``."""
    return mascot_svg(app) is not None


def files(app: Sphinx) -> list[str]:
    """Output paths of the manifest and its icons (for :mod:`newsdesk.outputs`)."""
    if app.builder.name not in PAGE_BUILDERS:
        return []
    return [MANIFEST, *ICONS.values(), TOUCH_ICON[1]] if has_icons(app) else [MANIFEST]


def head_context(app: Sphinx, config: Config) -> None:
    """``config-inited``: what ``_templates/base.html`` links in every page's head (the touch
    icon only when it is drawn)."""
    web = {"manifest": MANIFEST, "touch_icon": TOUCH_ICON[1] if has_icons(app) else "", **FURO_BACKGROUND}
    config.html_context = {**config.html_context, "newsdesk_web": web}


def write_manifest(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the manifest and the icons, into the locale's output."""
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    cfg = NewsdeskConfig.from_sphinx(app.config)
    outdir = Path(app.outdir)
    svg = mascot_svg(app)
    data = json.dumps(manifest(cfg, app.config.language or "en", svg is not None), ensure_ascii=False, indent=2)
    write_if_changed(outdir / MANIFEST, (data + "\n").encode("utf-8"))
    if svg is None:
        return
    for size, path in ICONS.items():
        write_if_changed(outdir / path, rasterise(svg, size))
    size, path = TOUCH_ICON
    write_if_changed(outdir / path, rasterise(svg, size, background=FURO_BACKGROUND["light"]))


def setup_webmanifest(app: Sphinx) -> None:
    app.connect("config-inited", head_context)
    app.connect("build-finished", write_manifest, priority=600)
