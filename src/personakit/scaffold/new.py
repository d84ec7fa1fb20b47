"""`personakit new persona | interview | journey | decision`: scaffold one file.

Every function takes all its values (the command asks for missing ones), validates
them, renders the template (the workspace's own first) and writes the file
atomically, never over an existing one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError
from ..model import BuyingInfluence, Consent, DecisionStatus, NoteKind, Priority
from .files import write_new
from .ids import check_id, slugify
from .templates import render


def _choice(value: str, enum: type, flag: str) -> str:
    allowed = [member.value for member in enum]
    if value not in allowed:
        raise WorkspaceError(f"{flag} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def new_persona(
    root: Path,
    persona_id: str,
    name: str,
    role: str,
    priority: str = "secondary",
    buying_influence: str | None = None,
    context: list[str] | None = None,
    owner: str | None = None,
) -> Path:
    check_id(persona_id, "persona id")
    _choice(priority, Priority, "--priority")
    if buying_influence:
        _choice(buying_influence, BuyingInfluence, "--buying-influence")
    path = root / "personas" / f"{persona_id}.yaml"
    text = render(
        "new/persona.yaml.j2",
        root,
        id=persona_id,
        name=name,
        role=role,
        priority=priority,
        buying_influence=buying_influence,
        context=context or [],
        owner=owner,
    )
    write_new(path, text, _rel(root, path))
    return path


def new_interview(
    root: Path,
    participant: str,
    date: dt.date,
    kind: str = "interview",
    role: str | None = None,
    account: str | None = None,
    tags: list[str] | None = None,
    consent: str = "internal",
    note_id: str | None = None,
    title: str | None = None,
) -> Path:
    """A note named `interviews/DATE-PARTICIPANT.md` (or `--id`), with its front matter."""
    _choice(kind, NoteKind, "--kind")
    _choice(consent, Consent, "--consent")
    if not participant.strip():
        raise WorkspaceError("--participant must not be empty")
    stem = note_id or f"{date.isoformat()}-{slugify(participant)}"
    check_id(stem, "note id")
    for tag in tags or []:
        check_id(tag, "tag")
    path = root / "interviews" / f"{stem}.md"
    label = kind.replace("-", " ")
    text = render(
        "new/interview.md.j2",
        root,
        stem=stem,
        date=date.isoformat(),
        kind=kind,
        participant=participant,
        role=role,
        account=account,
        tags=tags or [],
        consent=consent,
        title=title or f"{label.capitalize()} with {participant}",
    )
    write_new(path, text, _rel(root, path))
    return path


@dataclass(frozen=True)
class StepSpec:
    id: str
    title: str


def parse_steps(raw: list[str]) -> list[StepSpec]:
    """Step titles (or `id: title` pairs) → steps with ids slugified from titles."""
    steps: list[StepSpec] = []
    for item in raw:
        step_id, sep, title = item.partition(":")
        if not sep:
            step_id, title = slugify(item), item
        step_id, title = step_id.strip(), title.strip()
        check_id(step_id, "step id")
        if any(s.id == step_id for s in steps):
            raise WorkspaceError(f"two steps would share the id {step_id!r}")
        steps.append(StepSpec(step_id, title))
    return steps


def new_journey(root: Path, journey_id: str, title: str, steps: list[str]) -> Path:
    check_id(journey_id, "journey id")
    specs = parse_steps(steps)
    if not specs:
        raise WorkspaceError("a journey needs at least one step (--step)")
    path = root / "journeys" / f"{journey_id}.yaml"
    text = render("new/journey.yaml.j2", root, title=title, steps=specs)
    write_new(path, text, _rel(root, path))
    return path


def new_decision(
    root: Path,
    title: str,
    date: dt.date,
    status: str = "proposed",
    personas: list[str] | None = None,
    rests_on: list[str] | None = None,
    link: str | None = None,
) -> Path:
    """A decision named `decisions/DATE-SLUG-OF-TITLE.md`."""
    _choice(status, DecisionStatus, "--status")
    slug = slugify(title)
    if not slug:
        raise WorkspaceError(f"cannot make a file name from the title {title!r}")
    path = root / "decisions" / f"{date.isoformat()}-{slug}.md"
    text = render(
        "new/decision.md.j2",
        root,
        title=title,
        date=date.isoformat(),
        status=status,
        personas=personas or [],
        rests_on=rests_on or [],
        link=link,
    )
    write_new(path, text, _rel(root, path))
    return path
