"""A segment column as a hover shows it: its type and its commonest values.

Only a hover on a column imports the data layer and opens the engine (through the
session, which keeps it open for the next question).
"""

from __future__ import annotations

from ..session import Session

_SHOWN = 5


def describe(session: Session, name: str) -> str | None:
    """Markdown about column `name` (TABLE.COLUMN) of the workspace's data, or None when
    its table is not one of `data.tables`."""
    from ..data.columns import HOLDS, kind_of
    from ..data.sql import split_column
    from ..errors import WorkspaceError

    data = session.workspace.config.data
    table, _, column = name.partition(".")
    if data is None or table not in data.tables:
        return None
    try:
        split_column(name)
        problem = session.data.column_problem(name)
        if problem:
            return f"**{name}**: {problem}"
        sql_type = session.data.columns(table)[column]
        kind = kind_of(sql_type)
        head = f"**{name}**: {sql_type} ({HOLDS.get(kind, kind)})"
        top = session.data.top(name, None, [], _SHOWN, session.today)
    except WorkspaceError as exc:  # the data engine's errors are WorkspaceErrors too
        return f"**{name}**: {exc.message}"
    values = [f"`{value}` ({people})" for value, people in top]
    people = data.people_table
    if not values:
        return f"{head}\n\nno values among {people}"
    return f"{head}\n\ncommonest, by {people}: " + ", ".join(values)
