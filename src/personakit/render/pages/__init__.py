"""The site model: one builder per page kind, each a function of a `Site`.

`build_site` gathers what every page shares (the session, the lint findings as
`Marks`, the data figures); `site_pages` builds every page from it, masked for a
public edition. No page builder reads a file or asks the data engine (a test checks).
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING

from ..marks import marks_for
from ..page import Page
from .base import Site, masked
from .decision import decision_page
from .evidence import evidence_page
from .index import index_page
from .journey import journey_page
from .note import backlinks, note_page
from .persona import persona_page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ...findings import Finding
    from ...session import Session
    from ..figures import Figures

__all__ = [
    "Page",
    "Site",
    "build_site",
    "iter_site_pages",
    "page_count",
    "persona_page",
    "site_pages",
]


def build_site(
    session: Session,
    findings: Iterable[Finding],
    figures: Figures,
    *,
    ext: str,
    public: bool = False,
    draft: bool = False,
) -> Site:
    """The shared site model of a render: the workspace's own settings for masking,
    and which rules ran and what they found (in place suppressions as lint has them)."""
    # lint's own suppression check, so that a count is not called right where lint
    # was told to keep quiet about it
    from ...linter import _suppressed
    from ...rule_selection import enabled_rules
    from ...rules import RULES

    ws = session.workspace
    settings = session.settings
    selected = enabled_rules(ws)
    enabled = [
        code
        for code, setting in settings.items()
        if setting.severity is not None and code in selected
    ]

    def silenced(code: str, path: str, line: int) -> bool:
        return _suppressed(ws, RULES[code], path, line, False)

    return Site(
        session,
        marks_for(findings, enabled, silenced),
        figures,
        ext=ext,
        public=public,
        draft=draft,
        names=[str(n) for n in settings["PK301"].options["names"]],
    )


def site_pages(site: Site) -> list[Page]:
    """Every page of the site, in a fixed order."""
    return list(iter_site_pages(site))


def iter_site_pages(site: Site) -> Iterator[Page]:
    """Every page of the site, in the order of `site_pages`, each built (and masked,
    in a public edition) only when asked for: a renderer can start on the first pages
    while the later ones are built."""
    for build in site_builders(site):
        yield build()


def site_builders(site: Site) -> list[Callable[[], Page]]:
    """What builds each page of the site (masked, in a public edition), in the order of
    `site_pages`: each page is built by calling its builder, in any order and in any
    process that holds the site (render/forked.py)."""
    links = backlinks(site)
    builders: Iterable[Callable[[], Page]] = itertools.chain(
        (lambda: index_page(site), lambda: evidence_page(site)),
        (functools.partial(persona_page, site, p) for p in site.personas),
        (functools.partial(journey_page, site, j) for j in site.journeys()),
        (functools.partial(note_page, site, n, links.get(n.id, {})) for n in site.visible_notes()),
        (functools.partial(decision_page, site, d) for d in site.decisions()),
    )
    if not site.public:
        return list(builders)
    return [functools.partial(_masked, site, build) for build in builders]


def _masked(site: Site, build: Callable[[], Page]) -> Page:
    page = build()
    page.context = masked(page.context, site.text)
    return page
