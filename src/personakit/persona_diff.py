"""`personakit diff`: what changed between two versions of a workspace, claim by claim.

Each side is linted and reduced to a snapshot: personas, and every claim with its text,
citations, count and evidence strength. Claims are matched by `PERSONA#ID`, or by
their place (`PERSONA#stalls[2]`) when they have no id. Lint findings are matched by
their fingerprints, so a finding that only moved is neither introduced nor fixed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .model import Job
from .phrasing import job_sentence


@dataclass(frozen=True)
class ClaimState:
    """A claim as diff compares it: text, citations, count and evidence strength."""

    key: str
    persona: str
    section: str
    text: str
    citations: tuple[str, ...]
    count: tuple[int, int] | None
    voices: int
    kinds: tuple[str, ...]


@dataclass
class Snapshot:
    """One side of a diff: its personas, claims and lint findings."""

    personas: dict[str, str]  # id -> name
    claims: dict[str, ClaimState]
    findings: dict[str, str]  # fingerprint -> "path:line: CODE message"


def _claim_text(claim: Any) -> str:
    if isinstance(claim, Job):
        return job_sentence(claim.when, claim.want, claim.so)
    return claim.text


def snapshot(root: Path, today: dt.date | None = None) -> Snapshot:
    """Lint the workspace at `root` and reduce it to what diff compares."""
    from .linter import lint
    from .report.fingerprint import fingerprints

    result = lint(root, today=today)
    ws = result.workspace
    claims: dict[str, ClaimState] = {}
    for persona in ws.personas.values():
        for entry in persona.claims:
            claim = entry.claim
            key = entry.key
            ev = result.session.evidence.for_claim(entry)
            voices = set(ev.voices) | (set(ev.count.voices) if ev.count else set())
            claims[key] = ClaimState(
                key=key,
                persona=persona.id,
                section=entry.section,
                text=_claim_text(claim),
                citations=tuple(ref.ref for ref in claim.quotes),
                count=(claim.count.n, claim.count.of) if claim.count else None,
                voices=len(voices),
                kinds=tuple(sorted(ev.kinds)),
            )
    findings = {
        fp: f"{f.path}:{f.line}: {f.severity.value} {f.code} {f.name}: {f.message}"
        for fp, f in zip(fingerprints(result.findings), result.findings, strict=True)
    }
    return Snapshot({p.id: p.model.name for p in ws.personas.values()}, claims, findings)


def snapshot_at(root: Path, rev: str, today: dt.date | None = None) -> Snapshot:
    """The workspace as committed at `rev`, read through `git archive`."""
    from .errors import WorkspaceError
    from .vcs import export_revision

    with tempfile.TemporaryDirectory(prefix="personakit-diff-") as tmp:
        folder = export_revision(root, rev, Path(tmp))
        try:
            return snapshot(folder, today)
        except WorkspaceError as exc:
            raise WorkspaceError(f"at {rev}: {exc}") from None


@dataclass
class PersonaChanges:
    """What changed in one persona: claims added, removed, reworded or re-evidenced."""

    id: str
    name: str
    status: str  # added | removed | changed
    claims_added: list[dict[str, Any]] = field(default_factory=list)
    claims_removed: list[dict[str, Any]] = field(default_factory=list)
    reworded: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    counts: list[dict[str, Any]] = field(default_factory=list)
    strength: list[dict[str, Any]] = field(default_factory=list)

    def empty(self) -> bool:
        """True when a persona that is in both versions shows no change worth listing."""
        return self.status == "changed" and not any(
            (
                self.claims_added,
                self.claims_removed,
                self.reworded,
                self.evidence,
                self.counts,
                self.strength,
            )
        )


@dataclass
class Diff:
    """Everything that changed between two versions, and the findings introduced and fixed."""

    base: str
    head: str
    personas: list[PersonaChanges]
    introduced: list[str]
    fixed: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The diff as plain data, for `--format json`."""
        return asdict(self)


def _brief(c: ClaimState) -> dict[str, Any]:
    out: dict[str, Any] = {"claim": c.key, "section": c.section, "text": c.text}
    if c.count:
        out["count"] = f"{c.count[0]} of {c.count[1]}"
    return out


def compare(old: Snapshot, new: Snapshot, base: str, head: str) -> Diff:
    """What changed from `old` to `new`: claims matched by id or place, findings by fingerprint."""
    changes: list[PersonaChanges] = []
    for pid in sorted(set(old.personas) | set(new.personas)):
        status = (
            "added"
            if pid not in old.personas
            else "removed"
            if pid not in new.personas
            else "changed"
        )
        pc = PersonaChanges(pid, new.personas.get(pid) or old.personas[pid], status)
        before = {k: c for k, c in old.claims.items() if c.persona == pid}
        after = {k: c for k, c in new.claims.items() if c.persona == pid}
        pc.claims_added = [_brief(after[k]) for k in sorted(set(after) - set(before))]
        pc.claims_removed = [_brief(before[k]) for k in sorted(set(before) - set(after))]
        for key in sorted(set(before) & set(after)):
            a, b = before[key], after[key]
            if a.text != b.text:
                pc.reworded.append({"claim": key, "before": a.text, "after": b.text})
            added = [r for r in b.citations if r not in a.citations]
            removed = [r for r in a.citations if r not in b.citations]
            if added or removed:
                pc.evidence.append({"claim": key, "added": added, "removed": removed})
            if a.count != b.count:
                fmt = lambda c: f"{c[0]} of {c[1]}" if c else "no count"  # noqa: E731
                pc.counts.append({"claim": key, "before": fmt(a.count), "after": fmt(b.count)})
            if (a.voices, a.kinds) != (b.voices, b.kinds):
                pc.strength.append(
                    {
                        "claim": key,
                        "voices": [a.voices, b.voices],
                        "kinds_added": sorted(set(b.kinds) - set(a.kinds)),
                        "kinds_removed": sorted(set(a.kinds) - set(b.kinds)),
                    }
                )
        if not pc.empty():
            changes.append(pc)
    introduced = [new.findings[f] for f in new.findings if f not in old.findings]
    fixed = [old.findings[f] for f in old.findings if f not in new.findings]
    return Diff(base, head, changes, sorted(introduced), sorted(fixed))


def markdown(diff: Diff) -> str:
    """The diff as a Markdown comment for a pull request."""
    lines = [f"## Persona changes: `{diff.base}` → `{diff.head}`", ""]
    if not diff.personas and not diff.introduced and not diff.fixed:
        return "\n".join([*lines, "No changes to personas, claims, evidence or findings.", ""])
    for pc in diff.personas:
        title = {"added": "New persona", "removed": "Removed persona", "changed": "Persona"}[
            pc.status
        ]
        lines += [f"### {title}: {pc.name} (`{pc.id}`)", ""]
        for c in pc.claims_added:
            count = f" ({c['count']})" if "count" in c else ""
            lines.append(f"- **Added** {c['section']} `{c['claim']}`: {c['text']}{count}")
        for c in pc.claims_removed:
            lines.append(f"- **Removed** {c['section']} `{c['claim']}`: {c['text']}")
        for r in pc.reworded:
            lines.append(f"- **Reworded** `{r['claim']}`: “{r['before']}” → “{r['after']}”")
        for e in pc.evidence:
            parts = []
            if e["added"]:
                parts.append("added " + ", ".join(f"`{x}`" for x in e["added"]))
            if e["removed"]:
                parts.append("removed " + ", ".join(f"`{x}`" for x in e["removed"]))
            lines.append(f"- **Evidence** of `{e['claim']}`: {'; '.join(parts)}")
        for c in pc.counts:
            lines.append(f"- **Count** of `{c['claim']}`: {c['before']} → {c['after']}")
        for s in pc.strength:
            kinds = "".join(
                [
                    f", + {', '.join(s['kinds_added'])}" if s["kinds_added"] else "",
                    f", − {', '.join(s['kinds_removed'])}" if s["kinds_removed"] else "",
                ]
            )
            voices = f"{s['voices'][0]} → {s['voices'][1]} voices"
            lines.append(f"- **Evidence strength** of `{s['claim']}`: {voices}{kinds}")
        lines.append("")
    if diff.introduced or diff.fixed:
        lines += ["### Lint findings", ""]
        lines += [f"- ❌ introduced: `{f}`" for f in diff.introduced]
        lines += [f"- ✅ fixed: `{f}`" for f in diff.fixed]
        lines.append("")
    return "\n".join(lines)
