"""Screenshots of the built site for the README: ``make screenshots``.

    python scripts/screenshots.py [HTML_DIR] [OUT_DIR] [--article articles/YYYYMMDD/slug]

Serves HTML_DIR (``make html``'s output, default ``_build/html``) on 127.0.0.1 and, with
Debian's Chromium driven by Playwright, writes into OUT_DIR (default ``docs/images``):
``{landing,article}-{en,ja}-{light,dark}.png`` (1280 px), the root page's language chooser
``chooser-{light,dark}.png`` (1280 px) and, on a 375 px phone, ``mobile-chooser-light.png`` and
``mobile-article-ja-{light,dark}.png``; the timeline ``timeline-{en,ja}-light.png``, the 404
page ``notfound-ja-light.png``, and the article's social card (its ``og:image``) as
``social-card-{en,ja}.png``. The article is the newest one built in every locale,
unless ``--article`` names one. Needs the dev requirements (playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

# One server and one browser launch for the screenshots and the browser tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from harness import CHROMIUM, launch, serve

LOCALES = ("en", "ja")
THEMES = ("light", "dark")
VIEWPORT = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
CHOOSER = "index.html?choose"  # the chooser itself, not the redirect to the browser's language


def newest_article(html: Path) -> str:
    """The newest article page (``articles/<date>/<slug>``) built in every locale."""
    per_locale = [
        {p.relative_to(html / loc).with_suffix("").as_posix() for p in (html / loc / "articles").glob("*/*.html")}
        for loc in LOCALES
    ]
    common = sorted(set.intersection(*per_locale))
    if not common:
        raise SystemExit(f"error: no article is built in every locale under {html}; run `make html` first")
    return common[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default="_build/html", type=Path)
    parser.add_argument("out", nargs="?", default="docs/images", type=Path)
    parser.add_argument("--article", help="docname of the article, e.g. articles/20251118/slug")
    args = parser.parse_args(argv)
    if not all((args.html / loc / "index.html").is_file() for loc in LOCALES):
        print(f"error: {args.html} holds no en/ and ja/ build; run `make html` first", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).is_file():
        print(f"error: {CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    article = args.article or newest_article(args.html)
    pages = {"landing": "index.html", "article": f"{article}.html"}
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.html) as url, sync_playwright() as playwright:
        browser = launch(playwright)

        def shoot(name: str, path: str, theme: str, viewport: dict[str, int]) -> None:
            context = browser.new_context(viewport=viewport, color_scheme=theme, device_scale_factor=1)
            context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
            page = context.new_page()
            page.goto(f"{url}{path}", wait_until="networkidle")
            page.evaluate("document.fonts.ready")
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"wrote {target}")
            context.close()

        try:
            for theme in THEMES:
                for locale in LOCALES:
                    for kind, path in pages.items():
                        shoot(f"{kind}-{locale}-{theme}", f"{locale}/{path}", theme, VIEWPORT)
                shoot(f"chooser-{theme}", CHOOSER, theme, VIEWPORT)
                shoot(f"mobile-article-ja-{theme}", f"ja/{pages['article']}", theme, PHONE)
            shoot("mobile-chooser-light", CHOOSER, "light", PHONE)
            for locale in LOCALES:
                shoot(f"timeline-{locale}-light", f"{locale}/timeline/index.html", "light", VIEWPORT)
            shoot("notfound-ja-light", "ja/404.html", "light", VIEWPORT)
        finally:
            browser.close()
    for locale in LOCALES:  # the card as the build drew it (newsdesk.social)
        card = args.html / locale / "_social" / f"{article}.png"
        if card.is_file():
            shutil.copyfile(card, args.out / f"social-card-{locale}.png")
            print(f"wrote {args.out / f'social-card-{locale}.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
