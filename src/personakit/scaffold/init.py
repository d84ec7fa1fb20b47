"""`personakit init`: a new workspace with one small, lint-clean example of each file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..errors import WorkspaceError
from ..fs import check_name, write_new
from ..schemas import schema_texts
from ..workspace.config import CONFIG_NAME
from ..workspace.loader import parse_yaml
from .templates import render
from .values import check_text

FOLDERS = ("personas", "interviews", "journeys", "decisions", "sources", "schemas")
PERSONA = "admin"
NOTES = ("p01", "c-101")


def default_title(name: str) -> str:
    """`ops-team` → `Ops team research`: the folder's name as one line of text (line
    breaks, escapes and invisible characters a folder name may hold become spaces), or
    a one-line error asking for `--title` when even that is no title `--title` takes."""
    words = "".join(c if c.isprintable() else " " for c in name.replace("-", " ")).split()
    title = " ".join(words).capitalize() + " research"
    try:
        return check_text(title.lstrip(), "--title")
    except WorkspaceError as exc:
        raise WorkspaceError(
            f"cannot make a title from the folder's name ({exc.message}); pass --title"
        ) from None


def init_workspace(
    directory: Path, title: str | None = None, today: dt.date | None = None
) -> list[Path]:
    """Create a workspace in `directory` (created if needed); return the files written.

    Refuses a folder that already holds a workspace, and any file that already exists:
    nothing is written unless everything can be. A `directory` that is a symbolic link,
    or a file (or link) where one of the workspace's folders goes, is refused too, so
    that nothing is ever written outside the folder named.
    """
    check_name(directory)
    if os.path.islink(directory):
        raise WorkspaceError(
            "is a symbolic link; give the folder it points at instead", str(directory)
        )
    if os.path.lexists(directory) and not directory.is_dir():
        raise WorkspaceError("is a file, not a folder", str(directory))
    directory = directory.resolve()
    if os.path.lexists(directory / CONFIG_NAME):
        raise WorkspaceError("already holds a workspace", str(directory / CONFIG_NAME))
    for folder in FOLDERS:
        where = directory / folder
        if os.path.islink(where) or (os.path.lexists(where) and not where.is_dir()):
            what = "a symbolic link" if os.path.islink(where) else "a file"
            raise WorkspaceError(f"is {what} where the folder {folder}/ goes", str(where))
    if title is not None:
        check_text(title, "--title")
    else:
        default_title(directory.name)  # refused before any folder is made
    today = today or dt.date.today()
    date = today.isoformat()
    first, second = (f"interviews/{date}-{n}.md" for n in NOTES)
    context = {
        "title": title or default_title(directory.name),
        "today": date,
        "persona": PERSONA,
        "first_note": f"{date}-{NOTES[0]}",
        "second_note": f"{date}-{NOTES[1]}",
    }
    plan = {
        CONFIG_NAME: "init/personakit.yaml.j2",
        ".gitignore": "init/gitignore.j2",
        f"personas/{PERSONA}.yaml": "init/persona.yaml.j2",
        first: "init/interview-1.md.j2",
        second: "init/interview-2.md.j2",
        "journeys/onboarding.yaml": "init/journey.yaml.j2",
        f"decisions/{date}-sample-data-first.md": "init/decision.md.j2",
    }
    texts = {rel: render(template, None, **context) for rel, template in plan.items()}
    if parse_yaml(texts[CONFIG_NAME]).data.get("title") != context["title"]:  # pragma: no cover
        raise WorkspaceError("cannot write this title; nothing written", CONFIG_NAME)
    # JSON Schemas for editors: the YAML files above point at them.
    texts.update({f"schemas/{name}": text for name, text in schema_texts().items()})
    clashes = [rel for rel in texts if os.path.lexists(directory / rel)]
    if clashes:
        raise WorkspaceError(
            "already exists; personakit never overwrites a file", str(directory / clashes[0])
        )
    for folder in FOLDERS:
        (directory / folder).mkdir(parents=True, exist_ok=True)
    written = []
    for rel, text in texts.items():
        write_new(directory / rel, text, shown_as=rel, root=directory)
        written.append(directory / rel)
    return written
