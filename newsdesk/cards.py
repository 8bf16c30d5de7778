"""Mascot comment cards and comparison cards (placeholder, see issue [2 cards])."""

from __future__ import annotations

from docutils import nodes
from sphinx.config import Config


def mascot_card(text: str, locale: str, config: Config) -> nodes.Node:
    box = nodes.container(classes=["newsdesk-mascot"])
    box += nodes.paragraph("", text)
    return box
