"""Whatever is written into or cut out of a note, a cached lint says what a fresh one
says (lint_delta.py keeps an answer across edits it judges no rule can see).

Each case copies the example workspace, fills its cache, then makes one to three edits
to notes: text drawn from what means something to a note (fences, blockquotes,
anchors, tags, headings, suppressions, an e-mail address, line breaks of every kind)
inserted, cut or replaced at any place. After each edit the cached run's reports must
equal a fresh run's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from personakit.linter import lint
from personakit.report.output import lint_report
from tests.conftest import example_copy
from tests.test_lint_cache import settle

from .settings import cache_on, fuzz_settings

TODAY = dt.date(2026, 11, 24)
FORMATS = ("text", "json")
NOTES = (
    "interviews/interviews/2026-09-08-p01.md",
    "interviews/interviews/2026-09-15-p02.md",
    "interviews/churn/2026-10-22-proseware.md",
    "interviews/tickets/2026-10-02-t4821.md",
)
PIECES = (
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    " ",
    "\t",
    "> ",
    ">",
    " ^q1",
    " ^q9",
    "^",
    " #tag",
    "#",
    "# Title\n",
    "---\n",
    "...",
    "```\n",
    "~~~",
    "<!--",
    "-->",
    "<!-- personakit: ignore[PK204] kept -->",
    "# personakit: ignore[PK103] why",
    "ops@example.com",
    "@",
    "id: x",
    "role: ",
    "words",
    "\ufeff",
)
INSERTED = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=6).map("".join)


def reports(root: Path, cache: bool) -> list[str]:
    result = lint(root, today=TODAY, cache=cache)
    return [lint_report(result, fmt, show_info=True) for fmt in FORMATS]


def edit(data: st.DataObject, note: Path) -> None:
    text = note.read_bytes().decode("utf-8")
    start = data.draw(st.integers(0, len(text)), label="at")
    cut = data.draw(st.integers(0, min(40, len(text) - start)), label="cut")
    new = data.draw(INSERTED, label="inserted")
    note.write_bytes((text[:start] + new + text[start + cut :]).encode("utf-8"))


@fuzz_settings(ci_examples=10)
@given(st.data())
def test_an_edited_note_is_answered_as_a_fresh_run_answers(data: st.DataObject) -> None:
    with cache_on("pkfuzz-delta-") as tmp:
        root = example_copy(tmp / "ws")
        settle(root)
        reports(root, cache=True)  # fills the lint and note entries
        for _ in range(data.draw(st.integers(1, 3), label="edits")):
            edit(data, root / data.draw(st.sampled_from(NOTES), label="note"))
            settle(root)
            try:
                expected = reports(root, cache=False)
            except Exception as exc:  # a stop (one line, exit 2) must be the same stop
                try:
                    reports(root, cache=True)
                except Exception as again:
                    assert (type(again), str(again)) == (type(exc), str(exc))
                    continue
                raise AssertionError("the cached run did not stop as the fresh one") from exc
            assert reports(root, cache=True) == expected
