"""Values for `new` and `init`: from flags, else asked on a terminal, else an error.

On a terminal a missing value is asked for, offering what the workspace already knows;
with `--no-input` or without a terminal, a missing required value is a one-line error
naming the flag (exit 2). Nothing here ever waits on a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from ..errors import WorkspaceError


def split_values(values: Iterable[str] | None) -> list[str]:
    """`--tag a,b --tag c` → ["a", "b", "c"]."""
    out: list[str] = []
    for value in values or []:
        out += [part.strip() for part in value.split(",") if part.strip()]
    return out


class Asker:
    """Fills in missing values: asks on a terminal, else a default or a one-line error."""

    def __init__(self, no_input: bool) -> None:
        self.interactive = not no_input and sys.stdin.isatty()

    def _missing(self, flag: str) -> WorkspaceError:
        return WorkspaceError(f"missing {flag} (pass it, or run on a terminal to be asked)")

    def _ask(self, question: str, default: str | None, hint: Sequence[str] = ()) -> str:
        from rich.prompt import Prompt

        if hint:
            from ..terminal import markup

            # Known values come from the workspace: shown literally, never as Rich markup.
            shown = ", ".join(markup(h) for h in list(hint)[:12]) + (
                ", ..." if len(hint) > 12 else ""
            )
            question = f"{question} [dim](known: {shown})[/dim]"
        return Prompt.ask(question, default=default) or ""

    def text(
        self,
        value: str | None,
        flag: str,
        question: str,
        *,
        default: str | None = None,
        known: Sequence[str] = (),
        required: bool = True,
    ) -> str | None:
        """`value`, else asked for (offering `known`), else `default`, else an error."""
        if value is not None:
            return value
        if self.interactive:
            while True:
                answer = self._ask(question, default, known).strip()
                if answer or not required:
                    return answer or None
        if default is not None or not required:
            return default
        raise self._missing(flag)

    def choice(
        self, value: str | None, flag: str, question: str, choices: Sequence[str], default: str
    ) -> str:
        """`value`, else one of `choices` asked for on a terminal, else `default`."""
        if value is not None:
            return value
        if self.interactive:
            from rich.prompt import Prompt

            return Prompt.ask(question, choices=list(choices), default=default)
        return default

    def values(
        self, values: list[str] | None, flag: str, question: str, *, known: Sequence[str] = ()
    ) -> list[str]:
        """`values` split at commas, else asked for on a terminal, else none."""
        if values:
            return split_values(values)
        if self.interactive:
            answer = self._ask(f"{question} (comma-separated, Enter for none)", "", known)
            return split_values([answer])
        return []
