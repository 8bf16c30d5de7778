"""``make bench`` (and alone): the cost of social cards (newsdesk.cardimage).

Times, in this process, the first card (fonts and mascot loaded), one card once warm
(median of 20), 1,000 cards with distinct titles in both locales (wall and CPU seconds:
on a shared machine the wall time is not the work), and a no-op build's check of 1,000
cards (their digests only). Prints one line per figure.

    .venv/bin/python bench/social.py [--n 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsdesk import cardimage, typesetting  # noqa: E402 - after the path is set

TITLES = {
    "en": "Microsoft and Nvidia Invest in Anthropic with a ${n}B Azure Commitment, Part {n}",
    "ja": "マイクロソフトとエヌビディアがアンソロピックに出資、アジュールへの{n}億ドルの約束も（第{n}報）",
}


def cards(n: int) -> list[cardimage.Card]:
    locales = list(TITLES)
    return [
        cardimage.Card(TITLES[loc].format(n=i), f"2025-11-{i % 28 + 1:02d}", "Claude", "AI News", loc)
        for i in range(n)
        for loc in [locales[i % 2]]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    renderer = cardimage.Renderer(typesetting.find_fonts(), (REPO / "_static" / "technyan.svg").read_bytes())
    batch = cards(args.n)
    renderer.render(batch[0])
    first = time.perf_counter() - started
    warm = []
    for card in batch[:20]:
        t = time.perf_counter()
        renderer.render(card)
        warm.append(time.perf_counter() - t)
    t, cpu = time.perf_counter(), time.process_time()
    size = sum(len(renderer.render(card)) for card in batch)
    total, total_cpu = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()
    for card in batch:
        card.digest(renderer.identity)
    check = time.perf_counter() - t
    fonts = "Noto Sans CJK" if renderer.fonts.cjk else "Pillow's default (no CJK font)"
    print(f"social cards ({fonts}):")
    print(f"  first card (fonts, mascot loaded): {first * 1000:.0f} ms")
    print(f"  one card, warm (median of 20):      {statistics.median(warm) * 1000:.1f} ms")
    print(f"  {args.n} cards: {total:.2f} s wall, {total_cpu:.2f} s CPU ({size / args.n / 1024:.0f} KiB a card)")
    print(f"  {args.n} digests (a no-op build):    {check * 1000:.1f} ms")


if __name__ == "__main__":
    main()
