"""The command line: options → library call → exit code. No logic lives here.

Imports of the library happen inside each command so that `personakit --version` and
`--help` stay fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

app = typer.Typer(
    name="personakit",
    help="Keep personas honest: no claim without a verbatim quote or a count.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Workspace folder (default: found by walking up from here)."),
]


def _run(call: Callable[[], int]) -> None:
    """Run a command; a user's mistake becomes one line on stderr and exit code 2."""
    from .errors import WorkspaceError

    try:
        code = call()
    except WorkspaceError as exc:
        typer.echo(f"personakit: error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"personakit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    ctx: typer.Context,
    root: RootOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = {"root": root}


def _root(ctx: typer.Context, root: Path | None) -> Path | None:
    return root or (ctx.obj or {}).get("root")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@app.command()
def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to report on.")
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github, sarif or junit (github by default in GitHub Actions).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge ages as of this date (YYYY-MM-DD).")
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            help="Report only what changed since the merge base with this git ref.",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Check every claim against its evidence. Read-only."""
    from .commands import lint as command
    from .report import FORMATS

    if output_format is not None and output_format not in FORMATS:
        raise typer.BadParameter(
            f"{output_format!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    when = _date(as_of)
    _run(
        lambda: command.run(
            _root(ctx, root), paths or [], output_format, strict, when, changed_since
        )
    )


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code or name, e.g. PK104.")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the rule reference page (docs/rules.md).")
    ] = False,
) -> None:
    """List the lint rules, or explain one."""
    from .commands import rules as command

    _run(lambda: command.run(code, markdown))


NoInput = Annotated[
    bool, typer.Option("--no-input", help="Never prompt; a missing required value is an error.")
]

new_app = typer.Typer(
    help="Scaffold a persona, note, journey, decision or job story. Never overwrites.",
    no_args_is_help=True,
)
app.add_typer(new_app, name="new")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path(),
    title: Annotated[str | None, typer.Option("--title", help="The workspace's title.")] = None,
) -> None:
    """Create a workspace: config, folders and one small example of each file."""
    from .commands import init as command

    _run(lambda: command.run(directory, title))


@new_app.command("persona")
def new_persona(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. ops-admin")],
    name: Annotated[str | None, typer.Option(help="What the team calls the persona.")] = None,
    role: Annotated[str | None, typer.Option(help="Their role, in a sentence.")] = None,
    priority: Annotated[
        str | None, typer.Option(help="primary, secondary or not-targeted.")
    ] = None,
    buying_influence: Annotated[
        str | None, typer.Option(help="decision-maker, champion, ...")
    ] = None,
    context: Annotated[
        list[str] | None, typer.Option(help="How they arrive; repeat or comma-separate.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Who keeps the card current.")] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A persona card: personas/ID.yaml."""
    from .commands import new as command

    _run(
        lambda: command.persona(
            _root(ctx, root),
            persona_id,
            name,
            role,
            priority,
            buying_influence,
            context,
            owner,
            no_input,
        )
    )


@new_app.command("interview")
def new_interview(
    ctx: typer.Context,
    participant: Annotated[
        str | None, typer.Option(help="A code or pseudonym, never a real name.")
    ] = None,
    role: Annotated[str | None, typer.Option(help="Usually a persona id.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="interview, support-ticket, churn-note, ...")
    ] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    account: Annotated[str | None, typer.Option(help="The participant's account.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="Note-level tag; repeat or comma-separate.")
    ] = None,
    consent: Annotated[str | None, typer.Option(help="internal (default) or public.")] = None,
    note_id: Annotated[
        str | None, typer.Option("--id", help="File stem and note id (default: DATE-PARTICIPANT).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The note's heading.")] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A note: interviews/DATE-PARTICIPANT.md with its front matter."""
    from .commands import new as command

    _run(
        lambda: command.interview(
            _root(ctx, root),
            participant,
            role,
            kind,
            date,
            account,
            tag,
            consent,
            note_id,
            title,
            no_input,
        )
    )


@new_app.command("journey")
def new_journey(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. onboarding")],
    title: Annotated[str | None, typer.Option(help="The journey's title.")] = None,
    step: Annotated[
        list[str] | None, typer.Option(help="A step title, or ID:TITLE; repeat in order.")
    ] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A journey: journeys/ID.yaml with its ordered steps."""
    from .commands import new as command

    _run(lambda: command.journey(_root(ctx, root), journey_id, title, step, no_input))


@new_app.command("decision")
def new_decision(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What was decided, as a title.")],
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    status: Annotated[str | None, typer.Option(help="proposed (default), accepted, ...")] = None,
    persona: Annotated[list[str] | None, typer.Option(help="A persona it serves; repeat.")] = None,
    rests_on: Annotated[
        list[str] | None, typer.Option(help="PERSONA#CLAIM or NOTE#ANCHOR; repeat.")
    ] = None,
    link: Annotated[str | None, typer.Option(help="Link to the ticket or document.")] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A decision: decisions/DATE-TITLE.md."""
    from .commands import new as command

    _run(
        lambda: command.decision(
            _root(ctx, root), title, date, status, persona, rests_on, link, no_input
        )
    )


@new_app.command("job")
def new_job(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="PERSONA", help="The persona's id.")],
    when: Annotated[str | None, typer.Option(help="When [situation] ...")] = None,
    want: Annotated[str | None, typer.Option(help="I want [motivation] ...")] = None,
    so: Annotated[str | None, typer.Option(help="so I can [outcome].")] = None,
    job_id: Annotated[
        str | None, typer.Option("--id", help="The job's id (default: from --want).")
    ] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """Add a job story to a persona, keeping the rest of its file byte for byte."""
    from .commands import new as command

    _run(lambda: command.job(_root(ctx, root), persona_id, when, want, so, job_id, no_input))


@app.command()
def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders (default: all).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Normalise the layout of persona, journey and config YAML, keeping comments."""
    from .commands import fmt as command

    _run(lambda: command.run(_root(ctx, root), paths or [], check))


@app.command()
def render(
    ctx: typer.Context,
    output_format: Annotated[str, typer.Option("--format", "-f", help="html or md.")] = "html",
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: ROOT/site).")
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Leave out internal notes and quotes; mask personal data."),
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Render despite lint errors, marking each finding.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Write persona cards, journey maps, notes, decisions and an evidence index."""
    from .commands import render as command

    if output_format not in ("html", "md"):
        raise typer.BadParameter(f"{output_format!r} is not html or md", param_hint="--format")
    _run(lambda: command.run(_root(ctx, root), out, output_format, public, draft))


@app.command()
def show(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="PERSONA", help="The persona's id.")],
    root: RootOption = None,
) -> None:
    """Show a persona card in the terminal."""
    from .commands import show as command

    _run(lambda: command.run(_root(ctx, root), persona_id))


@app.command()
def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(help="Base revision (default: merge base with the default branch)."),
    ] = None,
    head: Annotated[
        str | None, typer.Argument(help="Head revision (default: the working tree).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="md or json.")] = "md",
    root: RootOption = None,
) -> None:
    """What changed between two revisions, claim by claim, as Markdown for a pull request."""
    from .commands import diff as command

    if output_format not in ("md", "json"):
        raise typer.BadParameter(f"{output_format!r} is not md or json", param_hint="--format")
    _run(lambda: command.run(_root(ctx, root), base, head, output_format))


@app.command()
def review(
    ctx: typer.Context,
    persona: Annotated[str | None, typer.Argument(help="One persona (default: all).")] = None,
    root: RootOption = None,
) -> None:
    """Record, after re-reading claims against their evidence, what that evidence was."""
    from .commands import review as command

    _run(lambda: command.run(_root(ctx, root), persona))


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write one file per format into DIR.")
    ] = None,
) -> None:
    """JSON Schemas of the file formats, for editor completion."""
    from .commands import schema as command

    _run(lambda: command.run(out))


@app.command()
def tags(
    ctx: typer.Context,
    by: Annotated[
        str, typer.Option("--by", help="Front-matter field to split by (role, kind, ...).")
    ] = "role",
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    root: RootOption = None,
) -> None:
    """How many distinct participants carry each tag: the raw material of counts."""
    from .commands import tags as command

    if output_format not in ("table", "json"):
        raise typer.BadParameter(f"{output_format!r} is not table or json", param_hint="--format")
    _run(lambda: command.run(_root(ctx, root), by, output_format))


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate relative dates as of this day (default: today)."),
]


@app.command()
def segment(
    ctx: typer.Context,
    persona: Annotated[str, typer.Argument(metavar="PERSONA")],
    as_of: AsOf = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json.")
    ] = "table",
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL instead of running it.")
    ] = False,
    dialect: Annotated[
        str,
        typer.Option("--dialect", help="duckdb, postgres, spark, trino, bigquery or snowflake."),
    ] = "duckdb",
    moves: Annotated[
        bool, typer.Option("--moves", help="Who entered and left between snapshots.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="With --moves: from the snapshot at or before this date."),
    ] = None,
    root: RootOption = None,
) -> None:
    """A persona's segment over user data: its members now, and how many."""
    from .commands import data as command

    if output_format not in ("table", "csv", "json"):
        raise typer.BadParameter(
            f"{output_format!r} is not table, csv or json", param_hint="--format"
        )
    when = _date(as_of) or dt.date.today()
    _run(
        lambda: command.segment(
            _root(ctx, root), persona, when, output_format, sql, dialect, moves, _date(since)
        )
    )


@app.command()
def top(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TABLE.COLUMN", help="e.g. requests.feature")],
    among: Annotated[
        str | None, typer.Option("--among", help="Only the members of this persona's segment.")
    ] = None,
    where: Annotated[
        list[str] | None, typer.Option("--where", help="e.g. accounts.tier=enterprise; repeat.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many values.")] = 10,
    as_of: AsOf = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json.")
    ] = "table",
    root: RootOption = None,
) -> None:
    """Values of a column ranked by how many distinct people have them."""
    from .commands import data as command

    if output_format not in ("table", "csv", "json"):
        raise typer.BadParameter(
            f"{output_format!r} is not table, csv or json", param_hint="--format"
        )
    when = _date(as_of) or dt.date.today()
    _run(
        lambda: command.top(
            _root(ctx, root), target, among, where or [], limit, when, output_format
        )
    )


@app.command()
def snapshot(ctx: typer.Context, as_of: AsOf = None, root: RootOption = None) -> None:
    """Record each segment's members (keys only) and metrics under segments/."""
    from .commands import data as command

    when = _date(as_of) or dt.date.today()
    _run(lambda: command.snapshot(_root(ctx, root), when))


def main() -> None:
    """Entry point: usage errors become one line and exit code 2, never a traceback."""
    try:
        from typer._click.exceptions import ClickException  # Typer that vendors click
    except ImportError:  # pragma: no cover - Typer on top of click
        from click.exceptions import ClickException

    try:
        result = app(standalone_mode=False)
    except ClickException as exc:
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        typer.echo(f"personakit: error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("personakit: aborted", err=True)
        sys.exit(130)
    code = result if isinstance(result, int) else 0
    # Exit without tearing the interpreter down: freeing a large workspace object by
    # object takes longer than linting it, and the process is ending anyway.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
