"""Sphinx configuration of the newsdesk knowledge base.

One configuration for every locale: the Makefile (or Read the Docs, through
READTHEDOCS_LANGUAGE) chooses the language; the staging source folder for that
locale is assembled by the newsdesk extension under _build/.
"""

import contextlib
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from newsdesk.policy import MYST_EXTENSIONS  # noqa: E402 - after the path is set

# The package's name (the PDF books' file names). The site's name, per locale, is
# newsdesk_site_name (default in newsdesk/config.py): html_title, og:site_name, the feeds,
# the web manifest, the social cards and the root landing page all follow it.
project = "Newsdesk"
author = "The newsdesk team"

language = os.environ.get("NEWSDESK_LOCALE") or os.environ.get("READTHEDOCS_LANGUAGE") or "en"
copyright = {"ja": "2025-2026 Newsdesk 編集部"}.get(language, "2025-2026, The newsdesk team")

# The interface (furo's, Sphinx's and newsdesk's strings) in the page's language:
# locale/<lang>/LC_MESSAGES/{sphinx,newsdesk}.po, in git. The newsdesk extension compiles them
# at each build into the first of locale_dirs, a generated folder: never beside the .po, where
# Sphinx would write its .mo files (into the repository). See newsdesk/interface.py.
locale_dirs = [os.path.join(HERE, "_build", "locale")]

extensions = [
    # LaTeX takes only PNG, JPEG and PDF images: an SVG, GIF or WebP beside an article is
    # converted for the PDF book with ImageMagick (Debian: imagemagick, librsvg2-bin).
    "sphinx.ext.imgconverter",
    "myst_parser",
    "sphinx_design",
    "sphinx_tags",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    # 404.html per locale; newsdesk sets its URL prefix from html_baseurl (newsdesk/notfoundpage.py)
    "notfound.extension",
    "newsdesk",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = []
# Absolute paths: the source folder is a staging folder under _build/.
templates_path = [os.path.join(HERE, "_templates")]
html_static_path = [os.path.join(HERE, "_static")]
html_css_files = ["newsdesk.css"]
# Remembers the language a reader follows a language link to, for the root page's chooser.
html_js_files = [("newsdesk-language.js", {"defer": "defer"})]

# -- newsdesk -----------------------------------------------------------------
newsdesk_content_dir = os.environ.get("NEWSDESK_CONTENT") or os.path.join(HERE, "source")
newsdesk_pages_dir = os.path.join(HERE, "source", "pages")
newsdesk_vocabulary = os.path.join(HERE, "source", "_data", "vocabulary.yaml")
newsdesk_site_url = os.environ.get("NEWSDESK_SITE_URL", "https://newsdesk.example.org/")
if os.environ.get("READTHEDOCS"):
    newsdesk_twin_url = "../../{locale}/{version}/{path}"
    html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# What an article body may use: "strict" (the default: articles come by pull request) or
# "trusted" (MyST unrestricted). `make check` reads this value too. See newsdesk/policy.py.
newsdesk_body_policy = "strict"

# -- MyST ---------------------------------------------------------------------
# The same syntax extensions for the build and for `make check`'s body scan.
myst_enable_extensions = list(MYST_EXTENSIONS)
myst_heading_anchors = 3
# Pygments falls back to relaxed lexing by itself; for news articles that is not worth a warning.
suppress_warnings = ["myst.header", "misc.highlighting_failure"]
# A code block without a language is shown as plain text, not guessed as Python.
highlight_language = "text"

# -- sphinx-tags: the tag pages and the overview ------------------------------
# Its model (Entry, Tag, assign_to_tags) fed from front matter and from the {tags} directive
# of hand-written pages (newsdesk/tagging.py), staged under _build/src/<locale>/tags/.
# Titles: a {locale: text} dict each, or left out for newsdesk's own (newsdesk/i18n.py):
# tags_page_title ("Tag: OpenAI"), tags_overview_title, tags_index_head, tags_intro_text.
tags_create_tags = True
tags_output_dir = "tags"
tags_create_badges = True
tags_extension = ["md"]
# Badge colours by glob pattern over tag names (canonical names, as in the vocabulary).
tags_badge_colors: dict[str, str] = {}

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_favicon = os.path.join(HERE, "_static", "technyan.svg")
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/newsdesk-language.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}

# -- discovery ----------------------------------------------------------------
sitemap_url_scheme = "{link}"
# No hreflang alternates guessed from locale_dirs (it holds the interface catalogs, and the
# sitemap lists only this locale's pages).
sitemap_locales = [None]
sitemap_excludes = ["404.html", "404/"]
# Social cards are ours (newsdesk/social.py: Pillow, drawn only when an article's card changes).
ogp_social_cards = {"enable": False}
# Imported here, its print to stdout dropped: without matplotlib (its own cards' renderer, which we
# do not use) sphinxext-opengraph prints on import that "social cards will not be generated".
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401
ogp_description_length = 300
