"""Typed configuration of the extension: every ``newsdesk_*`` value in ``conf.py``.

Each dataclass field is one config value, registered as ``newsdesk_<field>`` with
its default; the field's docstring is its documentation. The values are checked
once, at ``config-inited`` (:func:`validate_config`), as myst-parser checks its own:
a wrong type or an unknown choice is a configuration error naming the option and
the nearest valid value, never a silent fallback.
"""

from __future__ import annotations

import dataclasses
import difflib
import runpy
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "newsdesk_"


@dataclass(frozen=True)
class NewsdeskConfig:
    """All options of the newsdesk extension."""

    content_dir: str = "source"
    """Folder holding ``articles/<YYYYMMDD>/<slug>/<locale>.md``; relative to ``conf.py``.
    ``make html CONTENT=<dir>`` swaps it. Nothing is ever written inside it."""

    pages_dir: str = "source/pages"
    """Folder of hand-written pages, one sub-folder per locale (``en/index.md``)."""

    vocabulary: str = "source/_data/vocabulary.yaml"
    """The curated list of categories and tags, with labels per locale and aliases."""

    site_name: dict[str, str] = field(
        default_factory=lambda: {"en": "AI News Knowledge Base", "ja": "AIニュース ナレッジベース"}
    )
    """The site's name per locale, the one definition: ``html_title``, ``og:site_name``, the feeds'
    titles, the web manifest's ``name``, the social cards and the root landing page all use it."""

    site_short_name: dict[str, str] = field(default_factory=lambda: {"en": "AI News", "ja": "AIニュース"})
    """A short name per locale (at most about 12 characters): the web manifest's ``short_name``,
    shown under an installed site's icon."""

    latest_count: int = 12
    """How many articles the landing page's "latest" cards show."""

    mascot_name: dict[str, str] = field(default_factory=lambda: {"en": "Technyan", "ja": "テクにゃん"})
    """The mascot's name per locale, shown on its comment cards."""

    mascot_avatar: str = "technyan.svg"
    """Avatar image of the mascot, a file in ``html_static_path``."""

    comparison_auto: Literal["off", "captions", "all"] = "captions"
    """Turn plain ``**Caption:**`` + ``- **Label**: value`` lists into comparison cards:
    ``captions`` when the caption matches :attr:`comparison_pattern`, ``all`` for every
    such key-value list, ``off`` never."""

    comparison_pattern: str = r"(?i)comparison|比較|\svs\.?\s"
    """Regular expression a caption must match for ``comparison_auto = "captions"``."""

    comparison_columns: int = 2
    """Default number of card columns in a comparison grid (on wide screens)."""

    twin_url: str = "../{locale}/{path}"
    """Where the other-language edition of a page lives, relative to this locale's
    root. ``{locale}`` is the other locale, ``{path}`` the page's path in its build.
    On Read the Docs it is ``../../{locale}/{version}/{path}``."""

    site_url: str = "https://newsdesk.example.org/"
    """Public URL of the site root (where ``en/`` and ``ja/`` live); feeds, sitemap
    and OpenGraph need absolute URLs. ``html_baseurl`` is derived from it per locale."""

    feed_length: int = 50
    """Entries in each Atom feed."""

    book_month: str = ""
    """``YYYY-MM`` to make the LaTeX book a single month's archive; empty for all."""

    max_file_kib: int = 1024
    """Article files larger than this are refused with a message, not parsed."""

    body_policy: Literal["strict", "trusted"] = "strict"
    """What an article body may use (:mod:`newsdesk.policy`). ``strict``: Markdown, code,
    math, admonitions, our cards, sphinx-design's cards and grids, and images from the
    article's own folder or ``https:``; raw HTML, file-reading directives and paths out of
    the folder are refused with a warning and dropped. ``trusted``: MyST unrestricted,
    for sites whose writers are all maintainers."""

    @classmethod
    def from_sphinx(cls, config: Config) -> NewsdeskConfig:
        return cls(**{f.name: getattr(config, PREFIX + f.name) for f in dataclasses.fields(cls)})

    def name_in(self, locale: str) -> str:
        """The site's name in ``locale`` (English, else the first one, when it has none)."""
        return self.site_name.get(locale) or self.site_name.get("en") or next(iter(self.site_name.values()), "")

    def short_name_in(self, locale: str) -> str:
        """The short name in ``locale``, else the full name."""
        return self.site_short_name.get(locale) or self.name_in(locale)

    def path(self, confdir: str | Path, value: str) -> Path:
        """Resolve a path option against the folder of ``conf.py``."""
        return (Path(confdir) / value).resolve()


def read_conf(conf: Path) -> dict[str, object]:
    """The build's ``newsdesk_*`` settings from conf.py (run as plain Python, no Sphinx), for the
    commands that run outside a build (``make check``, the landing page, ``make serve``).

    No conf.py: no settings. A conf.py that fails: a warning on stderr, and no settings."""
    if not conf.is_file():
        return {}
    try:
        values = runpy.run_path(str(conf), run_name="newsdesk_conf")
    except Exception as exc:  # a broken conf.py fails the build too; say so, go on with the defaults
        print(f"warning: cannot read {conf} ({exc}); using the default settings", file=sys.stderr)
        return {}
    return {key: value for key, value in values.items() if key.startswith(PREFIX)}


def from_settings(settings: Mapping[str, object]) -> NewsdeskConfig:
    """The options of :func:`read_conf`'s settings, without Sphinx. A value of the wrong type is
    replaced by its default (the build refuses it: :func:`problems` says why)."""
    defaults = NewsdeskConfig()
    values = {}
    for f in dataclasses.fields(NewsdeskConfig):
        value = settings.get(PREFIX + f.name)
        if value is not None and not problems({f.name: value}):
            values[f.name] = value
    return dataclasses.replace(defaults, **values)


def _choices(name: str) -> tuple[Any, ...]:
    hint = typing.get_type_hints(NewsdeskConfig)[name]
    return typing.get_args(hint) if typing.get_origin(hint) is Literal else ()


def problems(values: dict[str, Any]) -> list[str]:
    """What is wrong with these option values (field name -> value), one message each."""
    found = []
    defaults = NewsdeskConfig()
    for f in dataclasses.fields(NewsdeskConfig):
        value, default = values.get(f.name, getattr(defaults, f.name)), getattr(defaults, f.name)
        option = PREFIX + f.name
        choices = _choices(f.name)
        if choices and value not in choices:
            near = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            found.append(f"{option} = {value!r} is not one of {', '.join(map(repr, choices))}{hint}")
        elif not isinstance(value, type(default)) or (isinstance(value, bool) and not isinstance(default, bool)):
            found.append(f"{option} must be {type(default).__name__}, not {type(value).__name__} ({value!r})")
        elif isinstance(default, int) and value < 1:
            found.append(f"{option} must be at least 1, not {value!r}")
    return found


def validate_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: every option checked once, before anything is built."""
    from sphinx.errors import ConfigError

    found = problems({f.name: getattr(config, PREFIX + f.name) for f in dataclasses.fields(NewsdeskConfig)})
    if found:
        raise ConfigError("; ".join(found))


def setup_config(app: Sphinx) -> None:
    defaults = NewsdeskConfig()
    for f in dataclasses.fields(NewsdeskConfig):
        value: Any = getattr(defaults, f.name)
        app.add_config_value(PREFIX + f.name, value, "env", types=frozenset({type(value)}))
    app.connect("config-inited", validate_config, priority=100)
