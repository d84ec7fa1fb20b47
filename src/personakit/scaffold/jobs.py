"""`personakit new job PERSONA`: add a job story to a persona file, changing nothing else.

ruamel.yaml's round-trip parse tells where the `jobs` list is and how it is indented;
the new item is rendered from the `new/job.yaml.j2` template at that indentation and
spliced into the original text. Every other byte (comments, quoting, key order, blank
lines, odd indentation elsewhere) stays as it was, which a full re-dump cannot promise.
The result is parsed again and must equal the old data plus the new job, or nothing is
written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import WorkspaceError
from ..fs import is_inside, replace_file
from ..model import CLAIM_SECTIONS
from ..suggest import hint
from ..workspace.loader import YamlError, parse_yaml
from .files import read_source
from .ids import YAML_SUFFIXES, check_id, slugify
from .templates import render
from .values import check_text

# Where a new `jobs:` key goes when the persona has none: before the first of these.
_AFTER_JOBS = ("motivations", "success", "anxieties", "stalls", "journey", "segment")


def no_persona(root: Path, persona_id: str) -> WorkspaceError:
    """The error for a persona without a file, naming the persona files that are close."""
    try:
        names = os.listdir(root / "personas")
    except OSError:
        names = []
    ids = [name.rsplit(".", 1)[0] for name in names if name.endswith((".yaml", ".yml"))]
    more = hint(persona_id, ids)
    return WorkspaceError(f"no persona {persona_id!r} (no file personas/{persona_id}.yaml){more}")


def persona_file(root: Path, persona_id: str) -> Path:
    """The file of persona `persona_id`: `personas/ID.yaml` or `personas/ID.yml`, as the
    loader reads either; refused when there is none, or both (which is the persona?)."""
    check_id(persona_id, "persona id")
    found = [
        root / "personas" / f"{persona_id}{suffix}"
        for suffix in YAML_SUFFIXES
        if os.path.lexists(root / "personas" / f"{persona_id}{suffix}")
    ]
    if not found:
        raise no_persona(root, persona_id)
    if len(found) > 1:
        raise WorkspaceError(
            f"the persona {persona_id!r} has two files, personas/{persona_id}.yaml and "
            f"personas/{persona_id}.yml; keep one",
            f"personas/{persona_id}.yml",
        )
    return found[0]


def add_job(
    root: Path, persona_id: str, when: str, want: str, so: str, job_id: str | None = None
) -> Path:
    """Append a job story to `personas/PERSONA.yaml` (or `.yml`); return the file's path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    path = persona_file(root, persona_id)
    rel = path.relative_to(root).as_posix()
    if not is_inside(root, path.parent):
        raise WorkspaceError("points outside the workspace", rel)
    source = read_source(path, root, rel)
    text = source.text
    when, want, so = (_one_line(value, flag) for value, flag in _stories(when, want, so))
    job_id = check_id(job_id or slugify(want, max_length=40), "job id")

    # The safe loader first: it names the line of an invalid document, a duplicate key
    # or a tag, none of which can be written back exactly.
    try:
        parse_yaml(text)
    except YamlError as exc:
        raise WorkspaceError(f"cannot add a job: {exc.message}", rel, exc.line) from None
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise WorkspaceError(f"cannot add a job: {exc.problem}", rel, line) from None
    except YAMLError as exc:
        raise WorkspaceError(f"cannot add a job: {str(exc).splitlines()[0]}", rel) from None
    if not isinstance(data, CommentedMap):
        raise WorkspaceError("cannot add a job: the persona is not a mapping of fields", rel)
    taken = {
        claim.get("id")
        for section in CLAIM_SECTIONS
        for claim in (data.get(section) or [])
        if isinstance(claim, dict)
    }
    if job_id in taken:
        raise WorkspaceError(f"the persona already has a claim with id {job_id!r} (pass --id)", rel)

    item = render("new/job.yaml.j2", root, id=job_id, when=when, want=want, so=so)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    jobs = data.get("jobs")
    if isinstance(jobs, CommentedSeq) and len(jobs) and not jobs.fa.flow_style():
        item_line, key_col = jobs.lc.item(0)
        dash_col = lines[item_line].rfind("-", 0, key_col)
        at = _end_of_value(data, "jobs", lines)
        lines[at:at] = _indent(item, dash_col, key_col)
    elif "jobs" in data:
        key_line, key_col = data.lc.key("jobs")
        if jobs not in (None, []) or not _is_empty_jobs_line(lines[key_line]):
            raise WorkspaceError(
                "cannot add a job: `jobs` is not a block list; run `personakit fmt` first",
                rel,
                key_line + 1,
            )
        comment = lines[key_line].partition("#")[2]
        head = " " * key_col + "jobs:" + (f"  #{comment}" if comment else "\n")
        lines[key_line : key_line + 1] = [head, *_indent(item, key_col + 2, key_col + 4)]
    else:
        at = _before_key(data, lines)
        block = ["jobs:\n", *_indent(item, 2, 4)]
        if at == len(lines):
            block = (["\n"] if lines and lines[-1].strip() else []) + block
        else:
            block.append("\n")
        lines[at:at] = block
    new_text = "".join(lines)
    _verify(text, new_text, {"id": job_id, "when": when, "want": want, "so": so}, rel)
    replace_file(path, source.encode(new_text), root=root, shown_as=rel)
    return path


def _stories(when: str, want: str, so: str) -> list[tuple[str, str]]:
    return [(when, "--when"), (want, "--want"), (so, "--so")]


def _one_line(value: str, flag: str) -> str:
    """Whitespace folded (a pasted line break becomes a space); other controls refused."""
    folded = " ".join(value.split())
    check_text(folded, flag)
    return folded


def _indent(item: str, dash_col: int, key_col: int) -> list[str]:
    out = []
    for line in item.splitlines(keepends=True):
        if line.startswith("- "):
            # The gap after the dash matches the file's (`-   id:` is valid YAML too).
            out.append(" " * dash_col + "-" + " " * (key_col - dash_col - 1) + line[2:])
        else:
            out.append(" " * key_col + line[2:])
    return out


def _is_empty_jobs_line(line: str) -> bool:
    value = line.partition(":")[2].partition("#")[0].strip()
    return value in ("", "[]", "null", "~")


def _end_of_value(data: Any, key: str, lines: list[str]) -> int:
    """Index of the line after the last content line of a top-level key's value."""
    keys = list(data)
    index = keys.index(key)
    end = data.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _before_key(data: Any, lines: list[str]) -> int:
    """Where a new `jobs:` block goes: before the comments that lead the next section."""
    for key in _AFTER_JOBS:
        if key in data:
            at = data.lc.key(key)[0]
            while at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1
            return at
    return len(lines)


def _verify(old: str, new: str, job: dict[str, str], rel: str) -> None:
    try:
        before, after = parse_yaml(old).data, parse_yaml(new).data
    except YamlError:
        before, after = None, None
    expected = dict(before or {})
    expected["jobs"] = [*(expected.get("jobs") or []), job]
    if after != expected:
        raise WorkspaceError(
            "cannot add the job without changing the rest of the file; it is untouched", rel
        )
