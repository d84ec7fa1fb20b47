"""The site model: one builder per page kind, each a function of a `Site`.

`build_site` gathers what every page shares (the session, the lint findings as
`Marks`, the data figures); `site_pages` builds every page from it, masked for a
public edition. No page builder reads a file or asks the data engine (a test checks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..marks import marks_for
from .base import Page, Site, masked
from .decision import decision_page
from .evidence import evidence_page
from .index import index_page
from .journey import journey_page
from .note import backlinks, note_page
from .persona import persona_page

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ...findings import Finding
    from ...session import Session
    from ..figures import Figures

__all__ = ["Page", "Site", "build_site", "persona_page", "site_pages"]


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
    links = backlinks(site)
    pages = [index_page(site), evidence_page(site)]
    pages += [persona_page(site, p) for p in site.personas]
    pages += [journey_page(site, j) for j in site.journeys()]
    pages += [note_page(site, n, links.get(n.id, {})) for n in site.visible_notes()]
    pages += [decision_page(site, d) for d in site.decisions()]
    if site.public:
        for page in pages:
            page.context = masked(page.context, site.text)
    return pages
