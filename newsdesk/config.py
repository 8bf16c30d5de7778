"""Typed configuration of the extension: every ``newsdesk_*`` value in ``conf.py``.

Each dataclass field is one config value, registered as ``newsdesk_<field>`` with
its default; the field's docstring is its documentation.
"""

from __future__ import annotations

import dataclasses
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

    @classmethod
    def from_sphinx(cls, config: Config) -> NewsdeskConfig:
        return cls(**{f.name: getattr(config, PREFIX + f.name) for f in dataclasses.fields(cls)})

    def path(self, confdir: str | Path, value: str) -> Path:
        """Resolve a path option against the folder of ``conf.py``."""
        return (Path(confdir) / value).resolve()


def setup_config(app: Sphinx) -> None:
    defaults = NewsdeskConfig()
    for f in dataclasses.fields(NewsdeskConfig):
        value: Any = getattr(defaults, f.name)
        app.add_config_value(PREFIX + f.name, value, "env", types=frozenset({type(value)}))
