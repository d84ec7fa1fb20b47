"""What a playbook asks of user data: whether it can be asked (PK401), the step counts,
the members at risk, and the SQL, over the data service's engine.

A problem is found before any query runs and says where it stands under `playbook:`
(("starts",), ("steps", 1, "done_when", "events.name")), like a segment's.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..model.playbook import Playbook
from ..suggest import hint
from .columns import DIALECTS, HOLDS, about, kind_of, table_ref_for
from .errors import DataError, EngineUnavailable
from .playbook_sql import PlaybookQuery
from .playbook_states import (
    AtRisk,
    MemberState,
    Summary,
    at_risk_members,
    summarise,
    summary_of,
)
from .playbook_states import member_states as states_of_rows
from .problems import DataProblem
from .sql import Query, split_column

if TYPE_CHECKING:
    from ..model.data import Segment
    from ..workspace import PersonaDoc
    from .service import DataService


# What a start or a row's time may be: a type this module cannot name is left to the
# engine, but a time of day has no day to count from.
_DATES = ("date", "timestamp", "other")


def playbook_problem(
    service: DataService, segment: Segment, playbook: Playbook, as_of: dt.date | None = None
) -> DataProblem | None:
    """Why `playbook` cannot be asked of the data (the first reason), or None; a problem
    of the segment itself is the segment's (reported there), so None here."""
    problems = playbook_problems(service, segment, playbook, as_of)
    return problems[0] if problems else None


def playbook_problems(
    service: DataService, segment: Segment, playbook: Playbook, as_of: dt.date | None = None
) -> list[DataProblem]:
    """Every reason `playbook` cannot be asked of the data, one per mistake, in file
    order (lint reports each at its line); none when the segment itself has a problem."""
    as_of = as_of or service.ws.today
    if service.segment_problem(segment, as_of) is not None:
        return []
    found: list[DataProblem] = []
    try:
        found.extend(_problems(service, segment, playbook, as_of))
    except EngineUnavailable:
        raise
    except WorkspaceError as exc:
        found.append(DataProblem(str(exc), error=exc))
    return found


def _problems(
    service: DataService, segment: Segment, playbook: Playbook, as_of: dt.date
) -> Iterator[DataProblem]:
    data = service.data
    query = Query(data, table_ref_for(data), segment.of, as_of)
    starts = _starts_problem(service, query, playbook.starts)
    if starts:
        yield DataProblem(f"starts: {starts}", ("starts",))
    unusable: set[str] = set()  # tables whose problem was reported at their first use
    for i, step in enumerate(playbook.steps):
        for field in ("done_when", "scheduled_when"):
            conditions = getattr(step, field)
            if not conditions:
                continue
            where = ("steps", i, field)
            table = next(iter(conditions)).split(".", 1)[0]
            if table in unusable:
                continue  # one mistake (a table's config), one finding
            found = _rows_problem(service, query, table)
            if found:
                unusable.add(table)
                yield DataProblem(f"{field}: {found}", where)
                continue  # its conditions are about a table that cannot be asked
            for name, cond in conditions.items():
                found = service.condition_problem(query, name, cond, as_of)
                if found:
                    yield DataProblem(f"{field}: {about(name, found)}", (*where, name))


def _starts_problem(service: DataService, query: Query, starts: str) -> str | None:
    """Why `starts` cannot date the members of `query`, or None."""
    problem = service.column_problem(starts)
    if problem:
        return problem
    table, column = split_column(starts)
    if table not in query.paths.joined:
        joined = ", ".join(sorted(query.paths.joined))
        return f"{starts} is not one date per member: name a date column of {joined}"
    if kind_of(service.columns(table)[column]) not in _DATES:
        return f"{starts} does not hold dates ({service.file_of(table)})"
    return None


def _rows_problem(service: DataService, query: Query, table: str) -> str | None:
    """Why rows of `table` cannot date a step for the members of `query`, or None."""
    data = service.data
    if table not in data.tables:
        return f"no table {table!r} in data.tables{hint(table, data.tables)}"
    time = data.tables[table].time
    if time is None:
        return (
            f"table {table!r} has no `time` in data.tables: add `time: COLUMN`, "
            "the column that dates its rows"
        )
    problem = service.column_problem(f"{table}.{time}")
    if problem:
        return f"the time of {table}: {problem}"
    if kind_of(service.columns(table)[time]) not in _DATES:
        shown = service.file_of(table)
        return f"the time of {table}, {table}.{time}, does not hold dates ({shown})"
    paths = query.paths
    if table not in paths.joined and table not in paths.exists:
        parents = sorted(paths.joined - {query.root})
        also = f" (or to a table {query.root} joins to: {', '.join(parents)})" if parents else ""
        return (
            f"no relation leads from {query.root} to {table}: declare "
            f"{table}.COLUMN -> {query.root}.{data.tables[query.root].key}{also} "
            "under data.relations"
        )
    if table in paths.exists:
        return _link_problem(service, *paths.exists[table])
    return None


# Kinds of columns a relation can join; a date joins a timestamp.
_JOINABLE = {"text": "text", "number": "number", "date": "date", "timestamp": "date"}


def _link_problem(
    service: DataService, many_t: str, many_c: str, one_t: str, one_c: str
) -> str | None:
    """Why the relation `many_t.many_c -> one_t.one_c` cannot join a step's rows to the
    members (text on one side, numbers on the other), or None: found here, not as the
    engine's error at run time, which would be blamed on the segment."""
    many = kind_of(service.columns(many_t)[many_c])
    one = kind_of(service.columns(one_t)[one_c])
    if many not in _JOINABLE or one not in _JOINABLE or _JOINABLE[many] == _JOINABLE[one]:
        return None
    return (
        f"the relation {many_t}.{many_c} -> {one_t}.{one_c} joins {HOLDS[many]} "
        f"({service.file_of(many_t)}) to {HOLDS[one]} ({service.file_of(one_t)}): "
        "make both columns hold the same kind of values"
    )


def _persona(service: DataService, persona: str) -> PersonaDoc:
    doc = service.persona(persona)
    if doc.model.playbook is None:
        # A playbook that did not load has its own finding: name it, not "no playbook".
        broken = [p for p in service.ws.load_problems("personas", persona) if p.line]
        for problem in broken:
            line, _col = doc.doc.position(("playbook",), key=True)
            if line and problem.line and problem.line >= line:
                raise WorkspaceError(
                    f"persona {persona!r}: its playbook cannot be used: {problem.message} "
                    "(see `personakit lint`)",
                    problem.path,
                    problem.line,
                )
        raise WorkspaceError(f"persona {persona!r} has no playbook", doc.path)
    first: dict[str, int] = {}
    for i, step in enumerate(doc.model.playbook.steps):
        line, _col = doc.doc.position(("playbook", "steps", i, "id"))
        if step.id in first:
            # Two rows of one name, and `--step` would pick one of them: lint's PK003.
            raise WorkspaceError(
                f"persona {persona!r}: playbook step id {step.id!r} is already used on line "
                f"{first[step.id]} (see `personakit lint`)",
                doc.path,
                line,
            )
        first[step.id] = line
    return doc


def _query(service: DataService, persona: str, as_of: dt.date) -> PlaybookQuery:
    """The playbook query of `persona` as of `as_of`, checked first: a problem is one line
    at its place in the persona file."""
    doc = _persona(service, persona)
    playbook = doc.model.playbook
    segment = doc.model.segment
    assert playbook is not None and segment is not None
    service.check_segment(persona, as_of)
    problem = playbook_problem(service, segment, playbook, as_of)
    if problem and problem.error is not None and problem.error.path:
        error = problem.error
        raise DataError(
            f"{error.message} (needed by the playbook of {persona!r})", error.path, error.line
        )
    if problem:
        line, _col = doc.doc.position(("playbook", *problem.where), key=True)
        raise WorkspaceError(f"playbook: {problem.message}", doc.path, line)
    query = service.query(persona, as_of)
    for table in sorted(set(query.paths.joined) | _row_tables(playbook)):
        service.columns(table)  # registers each table with the engine
    return PlaybookQuery(query, playbook)


def _row_tables(playbook: Playbook) -> set[str]:
    tables = {step.done_table for step in playbook.steps}
    return tables | {t for step in playbook.steps if (t := step.scheduled_table)}


def summary(service: DataService, persona: str, as_of: dt.date) -> Summary:
    """The step counts of `persona`'s playbook as of `as_of`."""
    query = _query(service, persona, as_of)
    row = service.fetch_for(persona, query.summary())[0]
    return summary_of(persona, as_of, [step.id for step in query.playbook.steps], row)


def step_indexes(persona: PersonaDoc, step: str | None) -> list[int]:
    """The indexes of the steps `--step` asks about: all of them, or the one named; a
    one-line error for a step the playbook lacks."""
    assert persona.model.playbook is not None
    ids = [s.id for s in persona.model.playbook.steps]
    if step is None:
        return list(range(len(ids)))
    if step not in ids:
        more = hint(step, ids) or f" (its steps: {', '.join(ids)})"
        raise WorkspaceError(
            f"--step: {persona.id}'s playbook has no step {step!r}{more}", persona.path
        )
    return [ids.index(step)]


def at_risk(
    service: DataService, persona: str, as_of: dt.date, step: str | None = None
) -> list[AtRisk]:
    """The members of `persona` at risk as of `as_of` (on `step`, or on any step), most
    days overdue first, then by key."""
    wanted = step_indexes(_persona(service, persona), step)
    query = _query(service, persona, as_of)
    rows = service.fetch_for(persona, query.states(wanted))
    ids = [s.id for s in query.playbook.steps]
    return at_risk_members(states_of_rows(rows, len(ids)), ids, wanted, as_of)


def member_states(service: DataService, persona: str, as_of: dt.date) -> list[MemberState]:
    """Every member of `persona`'s segment with its start and each step's state, by key:
    what `snapshot` records."""
    query = _query(service, persona, as_of)
    rows = service.fetch_for(persona, query.states())
    return states_of_rows(rows, len(query.playbook.steps))


def sql(service: DataService, persona: str, dialect: str, as_of: dt.date) -> str:
    """The SQL that counts `persona`'s playbook steps, in `dialect`, for `playbook --sql`."""
    if dialect not in DIALECTS:
        raise WorkspaceError(f"--dialect must be one of {', '.join(DIALECTS)} (got {dialect!r})")
    doc = _persona(service, persona)
    assert doc.model.playbook is not None
    query = PlaybookQuery(service.query(persona, as_of), doc.model.playbook)
    _check_shape(service, doc, query)
    return query.summary().sql(dialect=DIALECTS[dialect], pretty=True) + ";\n"


def _check_shape(service: DataService, doc: PersonaDoc, query: PlaybookQuery) -> None:
    """What `--sql` needs without asking the data: every dated table declared with a
    `time` and a relation to the members (the columns are the engine's business)."""
    for table in sorted(_row_tables(query.playbook)):
        data = service.data
        problem = None
        if table not in data.tables:
            problem = f"no table {table!r} in data.tables{hint(table, data.tables)}"
        elif data.tables[table].time is None:
            problem = f"table {table!r} has no `time` in data.tables"
        elif table not in query.query.paths.joined and table not in query.query.paths.exists:
            problem = f"no relation leads from {query.query.root} to {table}"
        if problem:
            line, _col = doc.doc.position(("playbook",), key=True)
            raise WorkspaceError(f"playbook: {problem}", doc.path, line)


@dataclass(frozen=True)
class Answer:
    """What `playbook` prints: the counts, the members at risk when asked, and the
    snapshot they were read from (None: asked of the data)."""

    summary: Summary
    at_risk: list[AtRisk]
    snapshot: str | None
    step_ids: list[str]
    wanted: list[int]  # the indexes of the steps `--at-risk` asked about


def answer(
    service: DataService, persona: str, as_of: dt.date, *, at_risk_on: str | None, listed: bool
) -> Answer:
    """`persona`'s playbook as of `as_of`: from the snapshot of that day when `snapshot`
    recorded one for these very steps (so a past day gives what it gave then), else from
    the data; with `listed`, the members at risk (on step `at_risk_on`, or any)."""
    doc = _persona(service, persona)
    wanted = step_indexes(doc, at_risk_on)
    recorded = _recorded(service, doc, as_of)
    if recorded is not None:
        members, shown = recorded
        assert doc.model.playbook is not None
        ids = [s.id for s in doc.model.playbook.steps]
        risky = at_risk_members(members, ids, wanted, as_of) if listed else []
        return Answer(summarise(persona, as_of, ids, members), risky, shown, ids, wanted)
    risky = at_risk(service, persona, as_of, at_risk_on) if listed else []
    found = summary(service, persona, as_of)
    return Answer(found, risky, None, [s.id for s in found.steps], wanted)


def snapshot_inputs(service: DataService, persona: str) -> tuple[str, ...]:
    """What an answer from the data also depends on, relative to the root: the folders
    down to `persona`'s playbook snapshots (a folder above turned into a link, or moved,
    changes their stat) and every file in the last one, each of which a run reads (one
    rewritten in place changes no folder's stat). A kept plan holds while none of them
    changes (data/plans.py)."""
    from .playbook_snapshots import playbook_folder

    root = service.ws.root
    folder = playbook_folder(root, persona)
    names = [p.relative_to(root).as_posix() + "/" for p in (folder.parent.parent, folder.parent)]
    names.append(folder.relative_to(root).as_posix() + "/")
    if folder.is_dir():
        with os.scandir(folder) as entries:
            names.extend(folder.relative_to(root).as_posix() + "/" + e.name for e in entries)
    return tuple(names)


def _recorded(
    service: DataService, doc: PersonaDoc, as_of: dt.date
) -> tuple[list[MemberState], str] | None:
    from .playbook_snapshots import playbook_folder, read_playbook_snapshots, with_dues

    playbook = doc.model.playbook
    assert playbook is not None
    ids = [s.id for s in playbook.steps]
    for snapshot in read_playbook_snapshots(service.ws.root, doc.id):
        if snapshot.as_of == as_of and snapshot.step_ids == ids:
            members = with_dues(snapshot, [s.within for s in playbook.steps])
            if not all(_agrees(member, as_of) for member in members):
                # States the steps' due dates contradict: recorded under another
                # `within` (steps changed since), so the data answers, as for new ids.
                return None
            path = playbook_folder(service.ws.root, doc.id) / f"{as_of.isoformat()}.csv"
            return members, path.relative_to(service.ws.root).as_posix()
    return None


def _agrees(member: MemberState, as_of: dt.date) -> bool:
    """Whether a recorded member's states can be what its due dates give as of `as_of`:
    late and at risk only past the due date, scheduled and open only up to it."""
    for state, due in zip(member.states, member.dues, strict=True):
        if state is None or due is None or state == "done":
            continue
        if (state in ("late", "at_risk")) != (due < as_of):
            return False
    return True
