"""`personakit new persona | interview | journey | decision`: scaffold one file.

Every function takes all its values (the command asks for missing ones), validates
them, renders the template (the workspace's own first) and writes the file
atomically, never over an existing one, never outside the workspace.

Values reach YAML only through the YAML writer (the templates' `yaml` filters) and are
single lines (`values.check_text`). Before anything is written the rendered file is
parsed back: every field must hold exactly the value given and the file must have no
field and no quote that the template does not write for harmless values; otherwise
(a workspace template that formats values by hand, say) nothing is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import WorkspaceError
from ..fs import write_new
from ..model import BuyingInfluence, Consent, DecisionStatus, NoteKind, Priority
from ..model.links import unsafe_reason
from ..workspace.config import CONFIG_NAME, load_config
from ..workspace.frontmatter import split_front_matter
from ..workspace.loader import YamlError, parse_yaml
from ..workspace.notes import parse_body
from .files import read_source
from .ids import YAML_SUFFIXES, check_file_id, check_id, slugify
from .templates import render
from .values import check_heading, check_text, check_texts


def _choice(value: str, enum: type[Enum], flag: str) -> str:
    allowed = [member.value for member in enum]
    if value not in allowed:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise WorkspaceError(f"{flag} must be one of {', '.join(allowed)} (got {shown!r})")
    return value


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _refuse_taken(root: Path, path: Path, kind: str, suffixes: tuple[str, ...]) -> None:
    """Refuse a new file whose id another file of the workspace already has under
    another name: `ID.yml` beside a new `ID.yaml`, or (notes are found in subfolders
    too) `interviews/2026/ID.md` beside a new `interviews/ID.md`. The loader would take
    one of the two and the new one would be duplicated or silently left out. The new
    file's own name is `write_new`'s to refuse."""
    stem = path.stem
    names = {stem + suffix for suffix in suffixes}
    top = path.parent
    if kind != "note":
        others = [top / name for name in sorted(names) if name != path.name]
        taken = next((other for other in others if os.path.lexists(other)), None)
    else:
        taken = None
        for folder, subfolders, files in os.walk(top):  # links not followed
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            here = Path(folder)
            found = [name for name in sorted(names & set(files)) if here / name != path]
            if found:
                taken = here / found[0]
                break
    if taken is not None:
        raise WorkspaceError(
            f"already holds the {kind} {stem!r}; personakit never writes a second file "
            "with the same id",
            _rel(root, taken),
        )


def _placeholder(value: Any) -> Any:
    if isinstance(value, str):
        return "x"
    if isinstance(value, list):
        return []
    return value


def _parse(text: str, markdown: bool) -> tuple[dict[str, Any], list[str]]:
    """The fields and the quote anchors of a rendered file."""
    if markdown:
        front = split_front_matter(text)
        anchors = [q.anchor for q in parse_body(front.body, front.body_line).quotes]
        data = front.doc.data
    else:
        data, anchors = parse_yaml(text).data, []
    if not isinstance(data, dict):
        raise YamlError("not a mapping of fields", 1, 1)
    return data, anchors


def _render_checked(
    root: Path, template: str, rel: str, fields: dict[str, Any], context: dict[str, Any]
) -> str:
    """Render `template`; refuse unless its fields hold `fields` and nothing else crept in."""
    markdown = template.endswith(".md.j2")
    shown = f"templates/{template}" if (root / "templates" / template).is_file() else template
    text = render(template, root, **context)
    plain = render(template, root, **{k: _placeholder(v) for k, v in context.items()})
    try:
        data, anchors = _parse(text, markdown)
        plain_data, plain_anchors = _parse(plain, markdown)
    except YamlError as exc:
        raise WorkspaceError(
            f"the template {shown} does not make a valid file from these values "
            f"({exc.message}); nothing written",
            rel,
        ) from None
    wrong = [key for key, value in fields.items() if data.get(key) != value]
    wrong += sorted(set(data) - set(plain_data) - set(fields))
    if wrong or anchors != plain_anchors:
        what = f"the field {wrong[0]!r}" if wrong else "a quote"
        raise WorkspaceError(
            f"the template {shown} would write {what} other than as given; nothing written",
            rel,
        )
    return text


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
    """Write `personas/ID.yaml` from the template, checked and read back; returns its path."""
    check_file_id(persona_id, "persona id")
    check_text(name, "--name")
    check_text(role, "--role")
    _choice(priority, Priority, "--priority")
    if buying_influence:
        _choice(buying_influence, BuyingInfluence, "--buying-influence")
    context = check_texts(context, "--context")
    if owner:
        check_text(owner, "--owner")
    path = root / "personas" / f"{persona_id}.yaml"
    _refuse_taken(root, path, "persona", YAML_SUFFIXES)
    fields: dict[str, Any] = {"name": name, "role": role, "priority": priority}
    if buying_influence:
        fields["buying_influence"] = buying_influence
    if context:
        fields["context"] = context
    if owner:
        fields["owner"] = owner
    text = _render_checked(
        root,
        "new/persona.yaml.j2",
        _rel(root, path),
        fields,
        {
            "id": persona_id,
            "name": name,
            "role": role,
            "priority": priority,
            "buying_influence": buying_influence,
            "context": context,
            "owner": owner,
        },
    )
    write_new(path, text, _rel(root, path), root=root)
    return path


def participant_warning(root: Path, participant: str) -> str | None:
    """Why `participant` looks like a real name rather than a code, or None: PK301's test
    (an e-mail address, a phone number, a name listed in its `names` option), or two
    capitalised words in a row."""
    from .. import personal_data
    from ..rules.pii import pii_in

    names: list[str] = []
    region = personal_data.DEFAULT_REGION
    try:
        text = read_source(root / CONFIG_NAME, root, CONFIG_NAME).text
        config = load_config(root, text)[0]
    except WorkspaceError:
        config = None  # `new` still writes the note; lint reports the config
    if config is not None:
        region = config.region
        options = config.rules.get("PK301") or config.rules.get("pii")
        if isinstance(options, dict) and isinstance(options.get("names"), list):
            names = [str(n) for n in options["names"]]
    what = pii_in(participant, names, region)
    if what is not None:
        what = f"holds {what}"
    elif personal_data.looks_like_full_name(participant):
        what = "looks like a real name (two capitalised words)"
    else:
        return None
    return (
        f"--participant {participant!r} {what}: name participants by a code or pseudonym "
        "such as P07 (PK301 flags real names in quotes)"
    )


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
    check_heading(participant, "--participant")  # the default title names them
    if not participant.strip():
        raise WorkspaceError("--participant must not be empty")
    for value, flag in ((role, "--role"), (account, "--account")):
        if value is not None:
            check_text(value, flag)
    if title is not None:
        check_heading(title, "--title")
    stem = note_id if note_id is not None else f"{date.isoformat()}-{slugify(participant)}"
    check_file_id(stem, "note id")
    for tag in tags or []:
        check_id(tag, "tag")
    path = root / "interviews" / f"{stem}.md"
    _refuse_taken(root, path, "note", (".md",))
    label = kind.replace("-", " ")
    fields: dict[str, Any] = {
        "date": date,
        "kind": kind,
        "participant": participant,
        "tags": tags or [],
        "consent": consent,
    }
    if role:
        fields["role"] = role
    if account:
        fields["account"] = account
    text = _render_checked(
        root,
        "new/interview.md.j2",
        _rel(root, path),
        fields,
        {
            "stem": stem,
            "date": date.isoformat(),
            "kind": kind,
            "participant": participant,
            "role": role,
            "account": account,
            "tags": tags or [],
            "consent": consent,
            "title": title or f"{label.capitalize()} with {participant}",
        },
    )
    write_new(path, text, _rel(root, path), root=root)
    return path


@dataclass(frozen=True)
class StepSpec:
    """One step of a new journey: its id and title."""

    id: str
    title: str


def parse_steps(raw: list[str]) -> list[StepSpec]:
    """Step titles (or `id: title` pairs) → steps with ids slugified from titles."""
    steps: list[StepSpec] = []
    for item in raw:
        check_text(item, "--step")
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
    """Write `journeys/ID.yaml` with the given steps, checked and read back; returns its path."""
    check_file_id(journey_id, "journey id")
    check_text(title, "--title")
    specs = parse_steps(steps)
    if not specs:
        raise WorkspaceError("a journey needs at least one step (--step)")
    path = root / "journeys" / f"{journey_id}.yaml"
    _refuse_taken(root, path, "journey", YAML_SUFFIXES)
    fields = {"title": title, "steps": [{"id": s.id, "title": s.title} for s in specs]}
    text = _render_checked(
        root, "new/journey.yaml.j2", _rel(root, path), fields, {"title": title, "steps": specs}
    )
    write_new(path, text, _rel(root, path), root=root)
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
    check_heading(title, "title")
    personas = [check_id(p, "--persona") for p in check_texts(personas, "--persona")]
    rests_on = check_texts(rests_on, "--rests-on")
    if link:
        check_text(link, "--link")
        # the decision's schema refuses it (PK002): a file lint fails is never written
        unsafe = unsafe_reason(link)
        if unsafe is not None:
            raise WorkspaceError(f"--link {unsafe}")
    slug = slugify(title)
    if not slug:
        shown = title if len(title) <= 40 else title[:40] + "…"
        raise WorkspaceError(f"cannot make a file name from the title {shown!r}")
    path = root / "decisions" / f"{date.isoformat()}-{slug}.md"
    fields: dict[str, Any] = {
        "date": date,
        "status": status,
        "personas": personas,
        "rests_on": rests_on,
    }
    if link:
        fields["link"] = link
    text = _render_checked(
        root,
        "new/decision.md.j2",
        _rel(root, path),
        fields,
        {
            "title": title,
            "date": date.isoformat(),
            "status": status,
            "personas": personas,
            "rests_on": rests_on,
            "link": link,
        },
    )
    write_new(path, text, _rel(root, path), root=root)
    return path
