"""`personakit new persona | interview | journey | decision | job`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import WorkspaceError
from ..model import BuyingInfluence, Consent, DecisionStatus, NoteKind, Priority
from .asking import Asker, split_values


def _root(root: Path | None) -> Path:
    from ..workspace import find_root

    return root.resolve() if root else find_root(Path.cwd())


def _known(root: Path, asker: Asker) -> dict[str, list[str]]:
    """What the workspace knows, to offer at the prompts (only loaded on a terminal)."""
    if not asker.interactive:
        return {}
    from ..session import Session

    try:
        ws = Session.load(root).workspace
    except WorkspaceError:
        return {}
    roles = {n.meta.role for n in ws.notes.values() if n.meta.role} | set(ws.personas)
    return {
        "personas": sorted(ws.personas),
        "roles": sorted(roles),
        "tags": sorted({t for n in ws.notes.values() for t in n.tags}),
        "steps": sorted(f"{j.id}/{s.id}" for j in ws.journeys.values() for s in j.model.steps),
        "claims": sorted(
            f"{p.id}#{c.claim.id}" for p in ws.personas.values() for c in p.claims if c.claim.id
        ),
    }


def _done(root: Path, path: Path, what: str, next_step: str) -> int:
    print(f"{what} {path.relative_to(root).as_posix()}")
    print(f"Next: {next_step}")
    return 0


def _date(value: str | None, flag: str = "--date") -> dt.date:
    from ..scaffold.values import parse_date

    return dt.date.today() if value is None else parse_date(value, flag)


def persona(
    root: Path | None,
    persona_id: str,
    name: str | None,
    role: str | None,
    priority: str | None,
    buying_influence: str | None,
    context: list[str] | None,
    owner: str | None,
    no_input: bool,
) -> int:
    from ..scaffold import new_persona
    from ..scaffold.ids import check_id

    base = _root(root)
    check_id(persona_id, "persona id")
    ask = Asker(no_input)
    name = ask.text(
        name, "--name", "What does the team call this persona? (e.g. 'Olivia, the ops admin')"
    )
    role = ask.text(role, "--role", "Their role, in a sentence")
    priority = ask.choice(
        priority, "--priority", "Priority", [p.value for p in Priority], "secondary"
    )
    if buying_influence is None and ask.interactive:
        choices = [b.value for b in BuyingInfluence]
        buying_influence = ask.choice(
            None, "--buying-influence", "Buying influence", choices, "none"
        )
    path = new_persona(
        base,
        persona_id,
        name or "",
        role or "",
        priority,
        buying_influence,
        split_values(context),
        owner,
    )
    return _done(
        base,
        path,
        "Wrote",
        f"add job stories with `personakit new job {persona_id}`, "
        "and give every claim a quote or a count.",
    )


def interview(
    root: Path | None,
    participant: str | None,
    role: str | None,
    kind: str | None,
    date: str | None,
    account: str | None,
    tags: list[str] | None,
    consent: str | None,
    note_id: str | None,
    title: str | None,
    no_input: bool,
) -> int:
    from ..scaffold import new_interview

    base = _root(root)
    ask = Asker(no_input)
    known = _known(base, ask)
    participant = ask.text(
        participant, "--participant", "Participant code or pseudonym (never a real name)"
    )
    role = ask.text(role, "--role", "Their role", known=known.get("roles", ()), required=False)
    kind = ask.choice(kind, "--kind", "Kind of note", [k.value for k in NoteKind], "interview")
    when = _date(ask.text(date, "--date", "Date (YYYY-MM-DD)", default=dt.date.today().isoformat()))
    tag_list = ask.values(tags, "--tag", "Note-level tags", known=known.get("tags", ()))
    path = new_interview(
        base,
        participant or "",
        when,
        kind,
        role,
        account,
        tag_list,
        consent or Consent.internal.value,
        note_id,
        title,
    )
    return _done(
        base,
        path,
        "Wrote",
        "write up the conversation, quote what was said verbatim as "
        f"`> ... ^q1`, and cite it as {path.stem}#q1.",
    )


def journey(
    root: Path | None, journey_id: str, title: str | None, steps: list[str] | None, no_input: bool
) -> int:
    from ..scaffold import new_journey
    from ..scaffold.ids import check_id

    base = _root(root)
    check_id(journey_id, "journey id")
    ask = Asker(no_input)
    title = ask.text(title, "--title", "Journey title (e.g. 'From sign-up to weekly use')")
    step_list = ask.values(steps, "--step", "Step titles, in order")
    if not step_list:
        raise WorkspaceError("missing --step (a journey needs at least one step)")
    path = new_journey(base, journey_id, title or "", step_list)
    return _done(
        base, path, "Wrote", f"map personas onto it under `journey:` as `{journey_id}/STEP`."
    )


def decision(
    root: Path | None,
    title: str,
    date: str | None,
    status: str | None,
    personas: list[str] | None,
    rests_on: list[str] | None,
    link: str | None,
    no_input: bool,
) -> int:
    from ..scaffold import new_decision

    base = _root(root)
    ask = Asker(no_input)
    known = _known(base, ask)
    status = ask.choice(status, "--status", "Status", [s.value for s in DecisionStatus], "proposed")
    persona_list = ask.values(
        personas, "--persona", "Personas it serves", known=known.get("personas", ())
    )
    rest_list = ask.values(
        rests_on, "--rests-on", "Claims or quotes it rests on", known=known.get("claims", ())
    )
    path = new_decision(base, title, _date(date), status, persona_list, rest_list, link)
    return _done(base, path, "Wrote", "explain the decision in prose and run `personakit lint`.")


def job(
    root: Path | None,
    persona_id: str,
    when: str | None,
    want: str | None,
    so: str | None,
    job_id: str | None,
    no_input: bool,
) -> int:
    import os

    from ..scaffold import add_job
    from ..scaffold.ids import check_id

    base = _root(root)
    check_id(persona_id, "persona id")
    if not os.path.lexists(base / "personas" / f"{persona_id}.yaml"):
        raise WorkspaceError(f"no persona {persona_id!r} (no file personas/{persona_id}.yaml)")
    ask = Asker(no_input)
    when = ask.text(when, "--when", "When ... (the situation)")
    want = ask.text(want, "--want", "I want ... (the motivation)")
    so = ask.text(so, "--so", "so I can ... (the outcome)")
    path = add_job(base, persona_id, when or "", want or "", so or "", job_id)
    return _done(
        base,
        path,
        "Added a job story to",
        "cite its evidence (`quotes: [NOTE#ANCHOR]` "
        "or a count); until then lint reports it as PK101 unsupported-claim.",
    )
