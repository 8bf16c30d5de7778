"""newsdesk: a Sphinx knowledge base for a bilingual AI-industry news site.

The package root imports no Sphinx: the article model, the checker and the
command line (``python -m newsdesk``) stay fast and reusable. Sphinx loads the
extension through :func:`setup`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point (``extensions = ["newsdesk"]``)."""
    from .extension import setup_extension

    return setup_extension(app)
