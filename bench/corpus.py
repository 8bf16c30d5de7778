"""Generate a synthetic corpus of N articles in both locales, for ``make bench``.

The articles are clones of a template corpus (``../shared/corpus`` when present,
else the test fixtures), each with a new date (spread evenly over five years), a
new slug, a category and a mix of tags drawn from the site vocabulary (a few tags
are frequent, most are rare, as on a real news site). The output lives under
``_build/`` only: corpus text is never copied into the repository.

Three trees are written below ``<out>/``:

- ``articles/<YYYYMMDD>/<slug>/{en,ja}.md``: our content format (``make html CONTENT=<out>``);
- ``ablog/<locale>/``: one ablog project per locale, each article a post
  (``blogpost: true``, ``date``, ``category``, ``tags`` in the MyST front matter);
- ``plain/<locale>/``: Sphinx + myst-parser + furo, every article in one glob toctree;
- ``mkdocs/<locale>/``: MkDocs Material with its blog, tags, search and rss plugins
  (``docs/posts/*.md``, categories and tags in the front matter);
- ``hugo/<locale>/``: Hugo with a minimal theme of our own (``layouts/``): a page per post,
  the home page, tag and category pages, and Hugo's own RSS feeds.

Every comparison tree gets the same page content as ours: the title as ``# H1``,
the lead paragraph, the mascot comment as a quote, then the body.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "articles"
FIXTURES = REPO / "tests" / "fixtures" / "site" / "articles"
VOCABULARY = REPO / "source" / "_data" / "vocabulary.yaml"
LOCALES = ("en", "ja")
START = dt.date(2021, 1, 1)
SPAN_DAYS = 5 * 365

_FENCE = re.compile(r"^---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


@dataclass
class Template:
    slug: str
    #: locale -> (front matter mapping, body)
    files: dict[str, tuple[dict, str]]


@dataclass
class Terms:
    categories: list[tuple[str, dict[str, str]]]
    tags: list[tuple[str, dict[str, str]]]


def load_terms(path: Path = VOCABULARY) -> Terms:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def terms(items: list) -> list[tuple[str, dict[str, str]]]:
        out = []
        for item in items:
            if isinstance(item, str):
                out.append((item, {}))
            else:
                out.append((item["name"], dict(item.get("labels") or {})))
        return out

    return Terms(terms(data["categories"]), terms(data["tags"]))


def template_root() -> Path:
    return SHARED_CORPUS if SHARED_CORPUS.is_dir() else FIXTURES


def load_templates(root: Path) -> list[Template]:
    """Articles present in every locale, in a stable order."""
    templates = []
    for folder in sorted(p for p in root.glob("*/*") if p.is_dir()):
        files = {}
        for locale in LOCALES:
            path = folder / f"{locale}.md"
            if not path.is_file():
                break
            text = path.read_text(encoding="utf-8")
            match = _FENCE.match(text)
            if not match:
                break
            files[locale] = (yaml.safe_load(match.group(1)), text[match.end() :])
        if len(files) == len(LOCALES):
            templates.append(Template(folder.name, files))
    if not templates:
        raise SystemExit(f"no bilingual template article under {root}")
    return templates


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def pick_terms(rng: random.Random, terms: Terms) -> tuple[tuple[str, dict], list[tuple[str, dict]]]:
    """A category and 3 to 6 distinct tags, Zipf-like: the first tags are frequent."""
    weights = [1.0 / (rank + 1) for rank in range(len(terms.tags))]
    tags: list[tuple[str, dict]] = []
    while len(tags) < rng.randint(3, 6):
        tag = rng.choices(terms.tags, weights)[0]
        if tag not in tags:
            tags.append(tag)
    return rng.choice(terms.categories), tags


def article_text(meta: dict, body: str, locale: str, date: dt.date, category: str, tags: list[str]) -> str:
    lines = [
        "---",
        f"title: {_q(str(meta['title']))}",
        f"description: {_q(str(meta['description']))}",
        f"date: {date.isoformat()}",
        f"category: {_q(category)}",
        f"tags: [{', '.join(_q(t) for t in tags)}]",
        f"locale: {_q(locale)}",
    ]
    if meta.get("technyanComment"):
        lines.append(f"technyanComment: {_q(str(meta['technyanComment']))}")
    return "\n".join([*lines, "---", ""]) + body


def post_text(meta: dict, body: str, date: dt.date, category: str, tags: list[str]) -> str:
    """The same article as an ablog post (also read by the plain baseline)."""

    def plain(text: str) -> str:  # ablog splits tags on commas
        return " ".join(text.replace(",", " ").split())

    lines = [
        "---",
        "blogpost: true",
        f"date: {date.isoformat()}",
        f"category: {_q(plain(category))}",
        f"tags: {_q(', '.join(plain(t) for t in tags))}",
        "---",
        "",
    ]
    return "\n".join(lines) + _content(meta, body)


def mkdocs_post_text(meta: dict, body: str, date: dt.date, category: str, tags: list[str]) -> str:
    """The same article as a MkDocs Material blog post."""
    lines = [
        "---",
        f"date: {date.isoformat()}",
        f"categories: [{_q(category)}]",
        f"tags: [{', '.join(_q(t) for t in tags)}]",
        f"description: {_q(str(meta['description']))}",
        "---",
        "",
    ]
    return "\n".join(lines) + _content(meta, body)


def hugo_post_text(meta: dict, body: str, date: dt.date, category: str, tags: list[str]) -> str:
    """The same article as a Hugo page (YAML front matter; the title as ``# H1`` in the body)."""
    lines = [
        "---",
        f"title: {_q(str(meta['title']))}",
        f"date: {date.isoformat()}",
        f"categories: [{_q(category)}]",
        f"tags: [{', '.join(_q(t) for t in tags)}]",
        f"description: {_q(str(meta['description']))}",
        "---",
        "",
    ]
    return "\n".join(lines) + _content(meta, body)


def _content(meta: dict, body: str) -> str:
    """Title, lead, the mascot's comment as a quote, then the body (its repeated H1 dropped)."""
    lines = [f"# {meta['title']}", "", str(meta["description"]), ""]
    if meta.get("technyanComment"):
        lines += [f"> {' '.join(str(meta['technyanComment']).split())}", ""]
    return "\n".join(lines) + re.sub(r"\A\s*# [^\n]*\n", "", body)  # a repeated H1 (ours merges it)


MKDOCS_YML = """\
site_name: AI News ({locale})
site_url: https://newsdesk.example.org/{locale}/
theme:
  name: material
  language: {locale}
plugins:
  - search:
      lang: {locale}
  - blog:
      blog_dir: .
      post_url_format: "{{date}}/{{file}}"
  - tags
  - rss:
      match_path: "posts/.*"
      use_git: false
      date_from_meta:
        as_creation: date
      categories:
        - categories
        - tags
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - tables
"""

MKDOCS_INDEX = "# AI News\n"
MKDOCS_TAGS = "# Tags\n\n<!-- material/tags -->\n"

HUGO_CONFIG = """\
baseURL: https://newsdesk.example.org/{locale}/
languageCode: {locale}
defaultContentLanguage: {locale}
hasCJKLanguage: {cjk}
title: AI News ({locale})
disableKinds: [sitemap, robotsTXT]
taxonomies:
  tag: tags
  category: categories
markup:
  goldmark:
    renderer:
      unsafe: false
"""

# A minimal theme: Hugo renders nothing without layouts. Each page gets a head, the content,
# its date and taxonomy links; list pages (home, sections, tag and category pages) list their pages.
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html><html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8">'
        "<title>{{ .Title }} | {{ site.Title }}</title>"
        '{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" '
        'href="{{ .RelPermalink }}">{{ end }}</head>'
        '<body><nav><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></nav>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}'
        '<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}'
        "</ul></article>{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .LinkTitle }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>{{ end }}\n'
    ),
}


ABLOG_CONF = """\
extensions = ["myst_parser", "ablog"]
project = "Newsdesk bench ({locale})"
language = "{locale}"
html_theme = "furo"
source_suffix = {{".md": "markdown"}}
myst_enable_extensions = ["colon_fence", "deflist"]
blog_path = "blog"
blog_title = "AI News"
blog_baseurl = "https://newsdesk.example.org/{locale}/"
blog_post_pattern = "posts/*"
post_auto_image = 0
post_auto_excerpt = 1
suppress_warnings = ["myst.header", "misc.highlighting_failure"]
"""

ABLOG_INDEX = """\
# AI News

```{postlist} 12
:date: "%Y-%m-%d"
:excerpts:
```
"""

PLAIN_CONF = """\
extensions = ["myst_parser"]
project = "Newsdesk bench ({locale})"
language = "{locale}"
html_theme = "furo"
source_suffix = {{".md": "markdown"}}
myst_enable_extensions = ["colon_fence", "deflist"]
suppress_warnings = ["myst.header", "misc.highlighting_failure"]
"""

PLAIN_INDEX = """\
# AI News

```{toctree}
:glob:
:reversed:

posts/*
```
"""


def generate(n: int, out: Path, *, seed: int = 7, root: Path | None = None) -> Path:
    """Write the corpus of ``n`` articles (each in every locale) under ``out``; return ``out``."""
    templates = load_templates(root or template_root())
    terms = load_terms()
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    for locale in LOCALES:
        for kind, conf, index in (("ablog", ABLOG_CONF, ABLOG_INDEX), ("plain", PLAIN_CONF, PLAIN_INDEX)):
            project = out / kind / locale
            (project / "posts").mkdir(parents=True)
            (project / "conf.py").write_text(conf.format(locale=locale), encoding="utf-8")
            (project / "index.md").write_text(index, encoding="utf-8")
        project = out / "mkdocs" / locale
        (project / "docs" / "posts").mkdir(parents=True)
        (project / "mkdocs.yml").write_text(MKDOCS_YML.format(locale=locale), encoding="utf-8")
        (project / "docs" / "index.md").write_text(MKDOCS_INDEX, encoding="utf-8")
        (project / "docs" / "tags.md").write_text(MKDOCS_TAGS, encoding="utf-8")
        project = out / "hugo" / locale
        (project / "content" / "posts").mkdir(parents=True)
        cjk = "true" if locale == "ja" else "false"
        (project / "hugo.yaml").write_text(HUGO_CONFIG.format(locale=locale, cjk=cjk), encoding="utf-8")
        for name, text in HUGO_LAYOUTS.items():
            (project / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
            (project / "layouts" / name).write_text(text, encoding="utf-8")
    for i in range(n):
        template = templates[i % len(templates)]
        date = START + dt.timedelta(days=(i * SPAN_DAYS) // n)
        slug = f"{template.slug}-{i:05d}"
        (category, category_labels), tags = pick_terms(rng, terms)
        folder = out / "articles" / date.strftime("%Y%m%d") / slug
        folder.mkdir(parents=True)
        for locale in LOCALES:
            meta, body = template.files[locale]
            tag_names = [name for name, _ in tags]
            (folder / f"{locale}.md").write_text(
                article_text(meta, body, locale, date, category, tag_names), encoding="utf-8"
            )
            post = post_text(
                meta,
                body,
                date,
                category_labels.get(locale, category),
                [labels.get(locale, name) for name, labels in tags],
            )
            for kind in ("ablog", "plain"):
                (out / kind / locale / "posts" / f"{date:%Y%m%d}-{slug}.md").write_text(post, encoding="utf-8")
            labels = (category_labels.get(locale, category), [labels.get(locale, name) for name, labels in tags])
            name = f"{date:%Y%m%d}-{slug}.md"
            (out / "mkdocs" / locale / "docs" / "posts" / name).write_text(
                mkdocs_post_text(meta, body, date, *labels), encoding="utf-8"
            )
            (out / "hugo" / locale / "content" / "posts" / name).write_text(
                hugo_post_text(meta, body, date, *labels), encoding="utf-8"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles (each in en and ja)")
    parser.add_argument("out", type=Path, help="output folder (under _build/)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.out, seed=args.seed)
    print(f"{args.n} articles in {args.out} (templates from {template_root()})")


if __name__ == "__main__":
    main()
