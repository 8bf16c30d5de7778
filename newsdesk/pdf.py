"""The PDF archive: the knowledge base as a book per locale, whole or one month.

On the website articles are orphans, reached by date. A LaTeX book needs a
toctree, so when the builder is LaTeX the staging plan is a different one
(:func:`plan_book`, chosen by :func:`newsdesk.site.plan`): the article links, a
root page ``index.md`` whose hidden toctree lists one chapter page per month,
newest month first, and each chapter page's toctree lists its articles, newest
first too. One direction throughout, the site's own (its listings and archive
pages are newest first): the table of contents reads like the archive page, and
a reader who opens the book finds the latest news first. Hand-written pages,
listings and taxonomy pages are not in the book; links to them (the category and
tag badges) become plain text. Each article starts a new page (a month's first
shares the month's opening page), so that one article prints on its own.

The timeline is the last chapter (``book/timeline``): every entry of the locale in
date order, oldest first as on the timeline page, each with its header (date,
category and impact, companies as text, tags), body and mascot card; entries are
short and run on, a gap between them. A month's book (``newsdesk_book_month``)
has that month's entries only, and no timeline chapter when the month has none.

Engine: LuaLaTeX for both locales. Articles in English quote Japanese words and
both locales use emoji (🚀, ✅); pdfLaTeX cannot set Japanese, upLaTeX has no
font fallback for emoji. LuaLaTeX sets Japanese with LuaTeX-ja (Noto CJK) and
falls back to Noto Color Emoji for what the text fonts lack; every font is
embedded. Both books use Sphinx's ``report``-based manual class (LuaTeX-ja's own
``ltjsreport`` keeps Sphinx's framed boxes from breaking across pages). The
``make pdf`` staging folder is ``_build/src-latex/<locale>``, apart from the HTML
one, so the two builds never undo each other.

Planning, the TeX check (``python -m newsdesk.pdf check-tex``) and the LaTeX
snippets import no Sphinx; :func:`setup_pdf` wires the rest into Sphinx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import i18n
from .config import NewsdeskConfig
from .model import Article
from .staging import Entry, Generated, article_links
from .taxonomy import md_escape

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .timeline import TimelineEntry

BOOK_ROOT = "index"  # the root_doc: the book has no other index page
CHAPTERS_DIR = "book"
#: The timeline's chapter, after the months': every entry, oldest first.
TIMELINE_CHAPTER = f"{CHAPTERS_DIR}/timeline"
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# ------------------------------------------------------------------ planning
def chapters(articles: Sequence[Article], month: str = "") -> list[tuple[str, list[Article]]]:
    """(``YYYY-MM``, its articles) per month, newest month and article first;
    only ``month`` when given."""
    ordered = sorted(articles, key=lambda a: (a.date, a.docname), reverse=True)
    grouped: dict[str, list[Article]] = {}
    for article in ordered:
        if not month or article.month == month:
            grouped.setdefault(article.month, []).append(article)
    return list(grouped.items())


def chapter_docname(month: str) -> str:
    return f"{CHAPTERS_DIR}/{month}"


def timeline_chapter(entries: Sequence[TimelineEntry], month: str = "") -> list[TimelineEntry]:
    """The entries of the book's timeline chapter, oldest first, as on the timeline page;
    a month's book has that month's entries only (none: no chapter)."""
    chosen = [e for e in entries if not month or e.date.strftime("%Y-%m") == month]
    return sorted(chosen, key=lambda e: e.sort_key)


def _page(title: str, entries: Sequence[str]) -> Generated:
    lines = ["---", "orphan: false", "---", "", f"# {md_escape(title)}", ""]
    lines += ["```{toctree}", ":hidden:", "", *entries, "```", ""]
    return Generated("\n".join(lines))


def plan_book(
    articles: Sequence[Article], locale: str, month: str = "", entries: Sequence[TimelineEntry] = ()
) -> dict[str, Entry]:
    """The staging folder of one locale's book: article links, root and chapter pages, and
    the timeline chapter (its entries' links and page) last."""
    plan: dict[str, Entry] = {}
    months = chapters(articles, month)
    for key, chosen in months:
        year, mon = (int(part) for part in key.split("-"))
        for article in chosen:
            plan.update(article_links(article.docname, article.path, article.assets))
        title = i18n.month_name(year, mon, locale)
        plan[f"{chapter_docname(key)}.md"] = _page(title, [f"/{a.docname}" for a in chosen])
    parts = [f"/{chapter_docname(key)}" for key, _ in months]
    timeline = timeline_chapter(entries, month)
    if timeline:
        for entry in timeline:
            plan.update(article_links(entry.docname, entry.path, entry.assets))
        plan[f"{TIMELINE_CHAPTER}.md"] = _page(i18n._(locale, "timeline"), [f"/{e.docname}" for e in timeline])
        parts.append(f"/{TIMELINE_CHAPTER}")
    plan[f"{BOOK_ROOT}.md"] = _page(book_title(locale), parts)
    return plan


def book_title(locale: str, html_title: str = "") -> str:
    """The book's title: the site's name (``html_title``, set from ``newsdesk_site_name``)."""
    return html_title or NewsdeskConfig().name_in(locale)


def book_name(project: str, locale: str, month: str = "") -> str:
    """File name (no suffix): ``newsdesk-en``, ``newsdesk-ja-2025-11``."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-") or "book"
    return f"{slug}-{locale}" + (f"-{month}" if month else "")


def subtitle(articles: Sequence[Article], locale: str, month: str = "") -> str:
    """The month of a month's book; the first and last month of the whole one."""
    months = [key for key, _ in chapters(articles, month)]
    if not months:
        return ""
    names = [i18n.month_name(int(m[:4]), int(m[5:]), locale) for m in (months[-1], months[0])]
    if names[0] == names[1]:
        return names[0]
    return i18n._(locale, "book_range", first=names[0], last=names[1])


# ------------------------------------------------------------------ LaTeX
#: Fonts: GNU FreeFont (Sphinx's own choice for LuaLaTeX) for Latin text, Noto CJK
#: for Japanese, Noto Color Emoji as the fallback for emoji. LuaTeX-ja treats the
#: symbol and emoji blocks as Japanese by default; they are given back to the
#: Latin fonts (range 200) so that the emoji fallback applies to them. In the
#: English book punctuation (arrows: LuaTeX-ja's range 3; quotes, dashes: range 9) is Latin
#: too, or "Lewis’s" would get a full-width apostrophe.
FONTPKG = r"""
\usepackage[match]{luatexja-fontspec}% \sffamily, \ttfamily switch Japanese fonts too
\directlua{luaotfload.add_fallback("newsdeskfallback", {"NotoColorEmoji:mode=harf;"})}
\ltjdefcharrange{200}{"2600-"27BF, "2B00-"2BFF, "FE00-"FE0F, "1F000-"1FAFF}
\ltjsetparameter{jacharrange={-200}}
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic, BoldFont=*Bold,
  BoldItalicFont=*BoldItalic, RawFeature={fallback=newsdeskfallback}]
\setsansfont{FreeSans}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique, BoldFont=*Bold,
  BoldItalicFont=*BoldOblique, RawFeature={fallback=newsdeskfallback}]
\setmonofont{FreeMono}[Scale=0.9, Extension=.otf, UprightFont=*, ItalicFont=*Oblique, BoldFont=*Bold,
  BoldItalicFont=*BoldOblique, RawFeature={fallback=newsdeskfallback}]
\setmainjfont{Noto Serif CJK JP}[BoldFont={Noto Sans CJK JP Bold}]
\setsansjfont{Noto Sans CJK JP}[BoldFont={Noto Sans CJK JP Bold}]
\setmonojfont{Noto Sans Mono CJK JP}
"""
LATIN_PUNCTUATION = r"\ltjsetparameter{jacharrange={-3, -9}}"

#: Look of the article header, page breaks between articles, line breaking.
PREAMBLE = r"""
\setcounter{tocdepth}{1}% months and articles
\setcounter{secnumdepth}{-1}% no numbers: a month and a headline are their own names
\usepackage{xurl}% URLs break anywhere rather than run off the page
\DeclareRobustCommand{\_}{\textunderscore\allowbreak}% so do identifiers, after an underscore
\setlength{\emergencystretch}{3em}
\tolerance=2000
\definecolor{newsdeskaccent}{RGB}{0,94,140}
\newif\ifnewsdeskfirst
\newcommand{\newsdeskchapterstart}{\global\newsdeskfirsttrue}
\newcommand{\newsdeskarticlestart}{\ifnewsdeskfirst\global\newsdeskfirstfalse\else\clearpage\fi}
\newcommand{\newsdeskentrystart}{\ifnewsdeskfirst\global\newsdeskfirstfalse\else\par\bigskip\fi}
\makeatletter
\fancypagestyle{normal}{% the month at the foot: an article's title may be too long for it
  \fancyhf{}%
  \fancyhead[R]{{\py@HeaderFamily\@title}}%
  \fancyfoot[L]{{\py@HeaderFamily\nouppercase{\leftmark}}}%
  \fancyfoot[R]{{\py@HeaderFamily\thepage}}%
  \renewcommand{\headrulewidth}{0.4pt}%
  \renewcommand{\footrulewidth}{0.4pt}%
  \def\chaptermark##1{\markboth{##1}{}}%
  \def\sectionmark##1{}%
}
\makeatother
\newenvironment{sphinxclassnewsdesk-byline}{\par\small\raggedright\sffamily}{\par}
\newenvironment{sphinxclassnewsdesk-lead}{\par\medskip\large}{\par\medskip}
\expandafter\def\csname DUrolenewsdesk-category\endcsname#1{{\fboxsep=2pt
  \colorbox{newsdeskaccent}{\textcolor{white}{\strut\bfseries #1}}}\hskip0.3em plus 0.1em\relax}
\expandafter\def\csname DUrolenewsdesk-impact\endcsname#1{{\fboxsep=2pt
  \colorbox{black!12}{\strut\bfseries #1}}\hskip0.3em plus 0.1em\relax}
\expandafter\def\csname DUrolenewsdesk-tag\endcsname#1{{\fboxsep=2pt\fboxrule=0.4pt
  \fcolorbox{newsdeskaccent}{white}{\textcolor{newsdeskaccent}{\strut #1}}}\hskip0.3em plus 0.1em\relax}
"""

JA_PREAMBLE = r"""
\renewcommand{\contentsname}{目次}
\linespread{1.25}
"""

TITLEPAGE = r"""
\begin{titlepage}
\centering\sffamily
\vspace*{0.22\textheight}
{\Huge\bfseries %(title)s\par}
\vspace{1.5em}
{\LARGE %(subtitle)s\par}
\vspace{3em}
{\Large %(edition)s\par}
\vspace{0.8em}
{\large %(count)s\par}
\vfill
{\large %(author)s\par}
\vspace{0.5em}
{%(generated)s\par}
\end{titlepage}
"""


def latex_elements(locale: str) -> dict[str, str]:
    elements = {
        "papersize": "a4paper",
        "pointsize": "11pt",
        "extraclassoptions": "openany,oneside",  # a PDF to read on screen: no blank pages
        "fontpkg": FONTPKG if locale == "ja" else FONTPKG + LATIN_PUNCTUATION + "\n",
        "fncychap": r"\usepackage[Sonny]{fncychap}",
        "sphinxsetup": "verbatimforcewraps=true, TitleColor={RGB}{0,94,140}",
        "preamble": PREAMBLE,
        "makeindex": "",
        "printindex": "",
    }
    if locale == "ja":
        # The same report class as English (LuaTeX-ja's ltjsreport does not let Sphinx's
        # framed boxes break across pages); polyglossia has no Japanese; airier lines.
        elements.update({"polyglossia": "", "babel": "", "preamble": JA_PREAMBLE + PREAMBLE})
    return elements


# ------------------------------------------------------------------ TeX check
@dataclass(frozen=True)
class Requirement:
    kind: str  # "command", "tex" (a file TeX finds with kpsewhich) or "font" (fontconfig)
    name: str
    package: str  # the Debian package that provides it


REQUIREMENTS = [
    Requirement("command", "latexmk", "latexmk"),
    Requirement("command", "lualatex", "texlive-luatex"),
    Requirement("tex", "luaotfload.sty", "texlive-luatex"),
    Requirement("tex", "fontspec.sty", "texlive-latex-recommended"),
    Requirement("tex", "fancyvrb.sty", "texlive-latex-recommended"),
    Requirement("tex", "tabulary.sty", "texlive-latex-extra"),
    Requirement("tex", "fncychap.sty", "texlive-latex-extra"),
    Requirement("tex", "xurl.sty", "texlive-latex-extra"),
    Requirement("tex", "luatexja.sty", "texlive-lang-japanese"),
    Requirement("font", "FreeSerif", "fonts-freefont-otf"),
    Requirement("font", "Noto Serif CJK JP", "fonts-noto-cjk"),
    Requirement("font", "Noto Color Emoji", "fonts-noto-color-emoji"),
]


def missing_tex(path: str | None = None) -> list[Requirement]:
    """What the PDF build needs and this machine lacks (``path``: a PATH to search)."""
    missing = []
    kpsewhich = shutil.which("kpsewhich", path=path)
    fc_list = shutil.which("fc-list", path=path)
    for req in REQUIREMENTS:
        if req.kind == "command":
            found = shutil.which(req.name, path=path) is not None
        elif req.kind == "tex":
            found = kpsewhich is not None and _output([kpsewhich, req.name]) != ""
        else:
            found = fc_list is None or _output([fc_list, f"{req.name}:", "family"]) != ""
        if not found:
            missing.append(req)
    return missing


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False).stdout.strip()
    except OSError:
        return ""


def tex_advice(missing: Sequence[Requirement]) -> str:
    packages = list(dict.fromkeys(req.package for req in missing))
    lines = [
        "make pdf needs TeX Live with LuaLaTeX, LuaTeX-ja and a few fonts; missing here:",
        *(f"  {req.name} ({req.kind}, Debian package {req.package})" for req in missing),
        "Install them with:",
        f"  sudo apt-get install --no-install-recommends {' '.join(packages)}",
        "(.ci/apt-packages.txt lists every Debian package the tests need.)",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk.pdf", description="PDF archive helpers")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check-tex", help="exit 1, naming the Debian packages, when TeX is missing")
    check.add_argument("--path", help="search these folders (a PATH) instead of $PATH")
    args = parser.parse_args(argv)
    missing = missing_tex(args.path)
    if missing:
        print(tex_advice(missing), file=sys.stderr)
        return 1
    return 0


# ------------------------------------------------------------------ Sphinx
def is_latex(app: Sphinx) -> bool:
    return getattr(app.builder, "format", "") == "latex"


def book_month(app: Sphinx) -> str | None:
    """For :func:`newsdesk.site.plan`: ``None`` for the website; for a LaTeX
    build, the month of the book (``newsdesk_book_month``), "" for all."""
    if not is_latex(app):
        return None
    return app.config.newsdesk_book_month


def configure_latex(app: Sphinx, config: Config) -> None:
    """``config-inited``: the book's LaTeX settings for this locale and month."""
    from sphinx.errors import ConfigError
    from sphinx.util.texescape import escape

    month = config.newsdesk_book_month
    if month and not MONTH_RE.match(month):
        raise ConfigError(f"newsdesk_book_month must be YYYY-MM (e.g. 2025-11), not {month!r}")
    locale = config.language or "en"
    title = book_title(locale, config.html_title if isinstance(config.html_title, str) else "")
    if month:
        title = f"{title} — {i18n.month_name(int(month[:4]), int(month[5:]), locale)}"
    name = book_name(config.project, locale, month)
    config.latex_engine = "lualatex"
    config.latex_documents = [
        (BOOK_ROOT, f"{name}.tex", escape(title, "lualatex"), escape(config.author), "manual", True)
    ]
    config.latex_elements = {**latex_elements(locale), **config.latex_elements}
    if locale == "ja":
        config.latex_docclass = {"manual": "report", "howto": "article"}  # not Sphinx's jsbook (pLaTeX)
    config.latex_use_xindy = False
    config.latex_domain_indices = False
    config.latex_show_urls = "footnote"


def title_page(app: Sphinx) -> None:
    """``builder-inited`` (after the catalog is loaded): check the month, write the title page."""
    if not is_latex(app):
        return
    from sphinx.errors import ConfigError
    from sphinx.util.texescape import escape

    from .state import get_site

    site = get_site(app.env)
    locale = site.locale
    month = app.config.newsdesk_book_month
    chosen = [a for key, group in chapters(site.articles, month) for a in group]
    if not chosen:
        where = f"in {month}" if month else "at all"
        raise ConfigError(f"no {locale} articles {where}: there is nothing to put in the {locale} book")
    author = app.config.latex_documents[0][3]
    values = {
        "title": escape(book_title(locale, app.config.html_title if isinstance(app.config.html_title, str) else "")),
        "subtitle": escape(subtitle(site.articles, locale, month)),
        "edition": escape(i18n._(locale, "book_edition")),
        "count": escape(i18n._(locale, "articles_count", count=len(chosen))),
        "author": author,
        "generated": escape(i18n._(locale, "book_generated", date=i18n.long_date(dt.date.today(), locale))),
    }
    if "maketitle" not in app.config.latex_elements:  # conf.py may give its own
        app.builder.context["maketitle"] = TITLEPAGE % values  # type: ignore[attr-defined]


def unlinked_reference(app: Sphinx, env: BuildEnvironment, node: Any, contnode: nodes.Element) -> Any:
    """``missing-reference``: in the book, a link to a page that is not in it
    (a tag or category badge, an article of another month) becomes its text;
    badges keep their look through a class (``\\DUrole`` in the preamble)."""
    if not is_latex(app) or node.get("refdomain") != "std" or node.get("reftype") != "doc":
        return None
    from docutils import nodes

    from .timeline import TIMELINE_PAGE

    classes = node.get("classes", [])
    target = str(node.get("reftarget", "")).lstrip("/")
    role = []
    if "sd-badge" in classes:  # an entry's category badge links the timeline page
        category = target.startswith("categories/") or target == TIMELINE_PAGE
        role = ["newsdesk-category" if category else "newsdesk-tag"]
    elif "newsdesk-related-link" in classes:
        role = [RELATED_ELSEWHERE]  # removed by mark_book: a related article of another month's book
    return nodes.inline("", contnode.astext(), classes=role)


RELATED_ELSEWHERE = "newsdesk-related-elsewhere"


def mark_book(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` on the assembled book: a new page per article (not for
    a chapter's first), a gap between timeline entries (short: they run on), the lead in its
    own block, and related articles only those in this book (a month's book has no page to send
    the reader to for the others)."""
    if not is_latex(app):
        return
    from docutils import nodes
    from sphinx import addnodes

    from .state import get_site

    site = get_site(app.env)
    for part in doctree.findall(addnodes.start_of_file):
        name = part.get("docname", "")
        if name in site.by_docname:
            part.insert(0, nodes.raw("", "\\newsdeskarticlestart\n", format="latex"))
        elif name in site.timeline.by_docname:
            part.insert(0, nodes.raw("", "\\newsdeskentrystart\n", format="latex"))
        elif name.startswith(f"{CHAPTERS_DIR}/"):
            part.insert(0, nodes.raw("", "\\newsdeskchapterstart\n", format="latex"))
    for box in list(doctree.findall(nodes.container)):
        if "newsdesk-related" not in box["classes"]:
            continue
        for item in list(box.findall(nodes.list_item)):
            if any(RELATED_ELSEWHERE in n["classes"] for n in item.findall(nodes.inline)):
                item.parent.remove(item)
        if not any(True for _ in box.findall(nodes.list_item)):
            box.parent.remove(box)
    for para in list(doctree.findall(nodes.paragraph)):
        if "newsdesk-lead" in para["classes"] and not isinstance(para.parent, nodes.container):
            box = nodes.container(classes=["newsdesk-lead"])
            para.parent.replace(para, box)
            box += para


def _remote_images_as_links() -> type:
    """A post-transform (built on first use: this module imports no Sphinx at its top)."""
    from docutils import nodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class RemoteImagesAsLinks(SphinxPostTransform):
        """The book never fetches an image: an ``https:`` image of an article (allowed on the
        site, where the reader's browser loads it) becomes a link before Sphinx's
        ``ImageDownloader`` (priority 100) would download it at build time."""

        default_priority = 90
        formats = ("latex",)

        def run(self, **kwargs: Any) -> None:
            for image in list(self.document.findall(nodes.image)):
                uri = str(image.get("uri", ""))
                if "://" in uri:
                    link = nodes.reference("", image.get("alt") or uri, refuri=uri)
                    inline = isinstance(image.parent, nodes.TextElement)
                    image.replace_self(link if inline else nodes.paragraph("", "", link))

    return RemoteImagesAsLinks


def setup_pdf(app: Sphinx) -> None:
    app.add_post_transform(_remote_images_as_links())
    app.connect("config-inited", configure_latex)
    app.connect("builder-inited", title_page, priority=600)  # after the catalog is loaded (500)
    app.connect("missing-reference", unlinked_reference)
    app.connect("doctree-resolved", mark_book)


if __name__ == "__main__":
    sys.exit(main())
