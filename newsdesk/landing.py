"""The root page of a site built for several locales: a language chooser.

Each locale is its own Sphinx build (``_build/html/<locale>/``), so the page above them
(``_build/html/index.html``) belongs to no Sphinx project: ``python -m newsdesk landing`` writes
it after the builds, from the locales that were built. It imports no Sphinx.

What the page does, and why:

- One large link per locale, named and described in that locale's words: a reader who cannot
  read one language still recognises their own.
- With JavaScript, it redirects a returning reader to the locale they last chose (stored in
  ``localStorage`` by a click here or on a language link inside the site,
  ``_static/newsdesk-language.js``), and a first-time reader to the first locale among the
  browser's languages. ``?choose`` shows the page anyway; a locale's pages never redirect, so
  there is no loop.
- Without JavaScript it is a page of plain links.
- Its CSS is inline (one file, written atomically), light and dark (the browser's preference,
  or furo's stored theme when the reader chose one in the site).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from . import config, i18n
from .files import write_if_changed

#: The ``localStorage`` key holding the reader's locale; _static/newsdesk-language.js writes it too.
STORAGE_KEY = "newsdesk-locale"
#: ``index.html?choose`` shows the chooser even when a choice is stored.
CHOOSE_PARAM = "choose"
#: The mascot's picture (``newsdesk_mascot_avatar``, a file in ``html_static_path``), from a locale's
#: ``_static`` (every locale build copies the static files there); an avatar given as a URL is used as is.
STATIC = "_static"

# Colours: furo's (so the chooser looks like the site it leads to), each text colour at least
# 4.5:1 on its background.
LIGHT = {"bg": "#f8f9fb", "card": "#ffffff", "fg": "#1b1d21", "muted": "#4b5260", "brand": "#2757dd", "line": "#cfd5de"}
DARK = {"bg": "#131416", "card": "#1d1f23", "fg": "#e8e9ea", "muted": "#b4bac4", "brand": "#6eaeff", "line": "#3b4049"}


def _palette(colours: dict[str, str], scheme: str) -> str:
    return f"color-scheme: {scheme}; " + " ".join(f"--{name}: {value};" for name, value in colours.items())


STYLE = f"""
:root {{ {_palette(LIGHT, "light")} }}
@media (prefers-color-scheme: dark) {{ :root:not([data-theme="light"]) {{ {_palette(DARK, "dark")} }} }}
:root[data-theme="dark"] {{ {_palette(DARK, "dark")} }}
*, *::before, *::after {{ box-sizing: border-box; }}
body {{
  margin: 0; min-height: 100vh; min-height: 100dvh; display: flex; align-items: center; justify-content: center;
  padding: 2rem 1rem; background: var(--bg); color: var(--fg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif;
}}
main {{ width: 100%; max-width: 44rem; text-align: center; }}
.mascot {{ display: block; width: 6rem; height: 6rem; margin: 0 auto 0.75rem; }}
h1 {{ margin: 0 0 0.5rem; font-size: clamp(1.4rem, 1rem + 2vw, 2.1rem); line-height: 1.3; }}
h1 > span {{ display: block; }}
h1 > span + span {{ font-size: 0.8em; color: var(--muted); }}
/* Japanese breaks between phrases (as in _static/newsdesk.css), never inside a word */
:lang(ja) {{ word-break: keep-all; overflow-wrap: break-word; }}
@supports (word-break: auto-phrase) {{ :lang(ja) {{ word-break: auto-phrase; }} }}
.prompt {{ margin: 0 0 1.5rem; color: var(--muted); }}
.choices {{ list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }}
@media (min-width: 36em) {{ .choices {{ grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); }} }}
.choices a {{
  display: block; height: 100%; padding: 1.25rem 1.25rem 1.1rem; border: 2px solid var(--line); border-radius: 1rem;
  background: var(--card); color: var(--fg); text-decoration: none;
  transition: border-color 0.15s, transform 0.15s;
}}
.choices a:hover {{ border-color: var(--brand); transform: translateY(-2px); }}
.choices a:focus-visible {{ outline: 3px solid var(--brand); outline-offset: 3px; border-color: var(--brand); }}
.name {{ display: block; font-size: 1.6rem; font-weight: 700; color: var(--brand); }}
.description {{ display: block; margin-top: 0.35rem; color: var(--muted); }}
footer {{ margin-top: 2rem; font-size: 0.875rem; color: var(--muted); }}
footer p {{ margin: 0.25rem 0; }}
footer a {{ color: var(--brand); }}
@media (prefers-reduced-motion: reduce) {{ .choices a {{ transition: none; }} .choices a:hover {{ transform: none; }} }}
"""

# Runs in <head>, before anything is drawn: furo's stored theme, the stored choice or the browser's
# languages, then (or on ?choose) the click that stores a choice. Storage may be refused (private
# modes, file://): the page then follows the browser's language, or stays.
SCRIPT = """
(function () {
  var key = %(key)s, locales = %(locales)s, store = null;
  try { store = window.localStorage; } catch (e) {}
  var read = function (name) { try { return store && store.getItem(name); } catch (e) { return null; } };
  var theme = read("theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-newsdesk-locale]");
    if (link && store) try { store.setItem(key, link.getAttribute("data-newsdesk-locale")); } catch (e) {}
  });
  if (new URLSearchParams(location.search).has(%(choose)s)) return;
  var wanted = [read(key)];
  (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]).forEach(
    function (tag) { tag = String(tag || "").toLowerCase(); wanted.push(tag, tag.split("-")[0]); });
  for (var i = 0; i < wanted.length; i++) {
    if (locales.indexOf(wanted[i]) >= 0) { location.replace(wanted[i] + "/index.html"); return; }
  }
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{alternates}
<style>{style}</style>
<script>{script}</script>
</head>
<body>
<main>
{mascot}<h1>{names}</h1>
<p class="prompt" id="choose-language">{prompts}</p>
<nav aria-labelledby="choose-language">
<ul class="choices">
{choices}
</ul>
</nav>
<footer>
{notes}
</footer>
</main>
</body>
</html>
"""


def _script_literal(value: object) -> str:
    """JSON for inside <script>: no "</script>" or "<!--" can be formed from the data."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _spans(locales: Sequence[str], key: str, sep: str = "") -> str:
    return sep.join(f'<span lang="{html.escape(loc)}">{html.escape(i18n._(loc, key))}</span>' for loc in locales)


def _choice(locale: str) -> str:
    """One locale's button: a plain link, named and described in that locale."""
    loc = html.escape(locale)
    return (
        f'<li><a href="{loc}/index.html" hreflang="{loc}" lang="{loc}" data-newsdesk-locale="{loc}">'
        f'<span class="name">{html.escape(i18n.locale_name(locale))}</span>'
        f'<span class="description">{html.escape(i18n._(locale, "chooser_description"))}</span></a></li>'
    )


def render(
    locales: Sequence[str], names: Mapping[str, str], title: str | None = None, mascot: str | None = None
) -> str:
    """The chooser for ``locales`` (in that order), as HTML; ``names`` is the site's name per locale
    (``newsdesk_site_name``), ``mascot`` the picture's URL."""
    if not locales:  # nothing built: a page that says so rather than one without a link
        locales_shown: Sequence[str] = ["en"]
    else:
        locales_shown = locales
    esc = html.escape
    title = title or " / ".join(dict.fromkeys(names.get(loc, "") for loc in locales_shown))
    alternates = [f'<link rel="alternate" hreflang="{esc(loc)}" href="{esc(loc)}/index.html">' for loc in locales]
    if locales:
        alternates.append('<link rel="alternate" hreflang="x-default" href="./">')
    choices = "\n".join(_choice(loc) for loc in locales)
    link = f'<a href="?{CHOOSE_PARAM}">index.html?{CHOOSE_PARAM}</a>'
    notes = "\n".join(
        f'<p lang="{esc(loc)}">{esc(before)}{link}{esc(after)}</p>'
        for loc in locales
        for before, _, after in [i18n._(loc, "chooser_note", link="\x00").partition("\x00")]
    )
    script = SCRIPT % {
        "key": _script_literal(STORAGE_KEY),
        "locales": _script_literal(list(locales)),
        "choose": _script_literal(CHOOSE_PARAM),
    }
    return PAGE.format(
        lang=esc(locales_shown[0]),
        title=esc(title),
        alternates="\n".join(alternates),
        style=STYLE,
        script=script,
        mascot=f'<img class="mascot" src="{esc(mascot)}" alt="" width="96" height="96">\n' if mascot else "",
        names=" ".join(f'<span lang="{esc(loc)}">{esc(names.get(loc, ""))}</span>' for loc in locales_shown),
        prompts=_spans(locales_shown, "choose_language", " · "),
        choices=choices,
        notes=notes,
    )


def mascot_url(outdir: Path, built: Sequence[str], avatar: str) -> str | None:
    """Where the chooser takes the mascot's picture: a URL avatar as is, else the first built
    locale's copy of the file; None when there is none."""
    if avatar.startswith(("https://", "http://")):
        return avatar
    if not avatar:
        return None
    return next((f"{loc}/{STATIC}/{avatar}" for loc in built if (outdir / loc / STATIC / avatar).is_file()), None)


def write(
    outdir: Path,
    locales: Sequence[str],
    names: Mapping[str, str],
    title: str | None = None,
    avatar: str = config.NewsdeskConfig.mascot_avatar,
) -> bool:
    """Write ``outdir/index.html`` for the locales built under ``outdir``; True when it changed.
    ``avatar`` is ``newsdesk_mascot_avatar``.

    Atomic, and only when its bytes change: a no-op build leaves the file (and its time) alone.
    """
    built = [loc for loc in locales if (outdir / loc / "index.html").is_file()]
    mascot = mascot_url(outdir, built, avatar)
    return write_if_changed(outdir / "index.html", render(built, names, title, mascot).encode("utf-8"))


def write_for_conf(outdir: Path, locales: Sequence[str], conf: Path, title: str | None = None) -> bool:
    """:func:`write`, with the site's name in each locale and the mascot's avatar from ``conf`` (the
    build's conf.py, ``newsdesk_site_name`` and ``newsdesk_mascot_avatar``): what
    ``python -m newsdesk landing`` and ``make serve`` write."""
    cfg = config.from_settings(config.read_conf(conf))
    names = {locale: cfg.name_in(locale) for locale in locales}
    return write(outdir, locales, names, title, cfg.mascot_avatar)
