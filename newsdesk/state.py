"""The extension's state in one registered place: the ``newsdesk`` domain's ``data``.

Sphinx pickles the environment between builds and, in a parallel read, once per
chunk of documents read in another process; it merges the chunks back only for
what it knows about. A Domain's ``data`` is such a place, with ``clear_doc`` when
a document is read again and ``merge_domaindata`` when a chunk comes back, as
``sphinx.ext.todo`` keeps its todos. Everything here is either per document
(cleared and merged) or owned by the main process (set at ``builder-inited``):

``listings``
    docname -> {query: fingerprint} of the listings a page shows
    (:mod:`newsdesk.listing` re-reads a page when a fingerprint changes).
``headers``
    docname -> fingerprint of what an article's header and foot show (labels come from the
    vocabulary, related articles from other files, not only from the file): read again
    when it changes.
``page_tags``
    docname -> the (slug, label) of each tag badge a hand-written page's ``{tags}`` shows
    (:mod:`newsdesk.tagging` re-reads the page when its tags are relabelled).
``refused``
    docnames whose body used something the body policy refuses: read again on
    every build, so that their warnings are never lost to the cache.
``timeline``
    docname -> fingerprint of what a timeline page shows (an entry's page, the timeline,
    a company page, an article's "On the timeline"): read again when it changes
    (:mod:`newsdesk.timeline_pages`).
``page_states``
    docname -> what a page shows that is not in its source (neighbours, twins),
    from the last build (:mod:`newsdesk.navigation`).
``parse_cache``
    path -> parse of an article file, keyed by mtime and size (:mod:`newsdesk.catalog`).
``repair``
    whether this build repairs a killed one (:mod:`newsdesk.outputs`): every page is written.
``site``
    this build's :class:`~newsdesk.site.Site`, rebuilt at every ``builder-inited``
    and never pickled.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .site import Site

NAME = "newsdesk"


class NewsdeskDomain(Domain):
    """Per-document and per-build state of the newsdesk extension (no markup of its own)."""

    name = NAME
    label = "Newsdesk"
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        "listings": {},
        "headers": {},
        "page_tags": {},
        "refused": set(),
        "timeline": {},
        "page_states": {},
        "parse_cache": {},
        "repair": False,
        "site": None,
    }

    # ----------------------------------------------------------- accessors
    @property
    def listings(self) -> dict[str, dict[tuple[str, str], str]]:
        return self.data["listings"]

    @property
    def headers(self) -> dict[str, str]:
        return self.data["headers"]

    @property
    def page_tags(self) -> dict[str, tuple[tuple[str, str], ...]]:
        return self.data["page_tags"]

    @property
    def refused(self) -> set[str]:
        return self.data["refused"]

    @property
    def timeline(self) -> dict[str, str]:
        return self.data.setdefault("timeline", {})  # setdefault: an environment pickled before it

    @property
    def page_states(self) -> dict[str, str]:
        return self.data["page_states"]

    @page_states.setter
    def page_states(self, states: dict[str, str]) -> None:
        self.data["page_states"] = states

    @property
    def parse_cache(self) -> dict[str, Any]:
        return self.data["parse_cache"]

    @property
    def site(self) -> Site:
        site = self.data.get("site")
        if site is None:
            raise RuntimeError("the newsdesk site is loaded at builder-inited; it is not there yet")
        return site

    @site.setter
    def site(self, site: Site) -> None:
        self.data["site"] = site

    # ----------------------------------------------------------- Sphinx's protocol
    def clear_doc(self, docname: str) -> None:
        self.listings.pop(docname, None)
        self.headers.pop(docname, None)
        self.page_tags.pop(docname, None)
        self.refused.discard(docname)
        self.timeline.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        """A parallel chunk's documents come back: take their listings and refusals."""
        for docname in docnames:
            if docname in otherdata["listings"]:
                self.listings[docname] = otherdata["listings"][docname]
            if docname in otherdata["headers"]:
                self.headers[docname] = otherdata["headers"][docname]
            if docname in otherdata["page_tags"]:
                self.page_tags[docname] = otherdata["page_tags"][docname]
            if docname in otherdata["refused"]:
                self.refused.add(docname)
            if docname in otherdata.get("timeline", {}):
                self.timeline[docname] = otherdata["timeline"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        """No markup of its own: nothing for the ``any`` role (Domain raises NotImplementedError)."""
        return []


def domain(env: BuildEnvironment) -> NewsdeskDomain:
    return env.get_domain(NAME)  # type: ignore[return-value]


def find_site(env: BuildEnvironment) -> Site | None:
    """The site, or ``None`` where the newsdesk extension is not loaded or not yet set up."""
    try:
        return env.get_domain(NAME).data.get("site")
    except Exception:  # sphinx.errors.ExtensionError: no such domain
        return None


def get_site(env: BuildEnvironment) -> Site:
    """This build's view of the site (articles, indexes, staging plans)."""
    return domain(env).site


def setup_state(app: Sphinx) -> None:
    app.add_domain(NewsdeskDomain)
