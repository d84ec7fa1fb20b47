"""Whatever is written into or cut out of a note, a render through the cache writes the
site a render from nothing writes (render/delta.py redoes only the pages of notes it
judges edited in their prose alone).

Each case writes the base test workspace (no user data, so its renders are kept),
renders it, then makes one to three edits to its notes with the pieces of the lint
delta's fuzz (fences, blockquotes, anchors, tags, headings, suppressions, line breaks
of every kind) inserted, cut or replaced at any place. After each edit the site must
equal a fresh render's, or both must stop the same way.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from personakit.render import render
from tests.conftest import BASE_FILES, TODAY
from tests.test_lint_cache import settle
from tests.test_render import files_of

from .settings import cache_on, fuzz_settings
from .test_fuzz_lint_delta import edit

NOTES = ("interviews/a.md", "interviews/b.md")
# Plain words: most land in prose, which is what the cache redoes page by page.
WORDS = st.text(alphabet="abc xyz.,\n", min_size=1, max_size=30)


def edit_words(data: st.DataObject, note: Path) -> None:
    text = note.read_text(encoding="utf-8")
    at = data.draw(st.integers(0, len(text)), label="words at")
    note.write_text(text[:at] + data.draw(WORDS, label="words") + text[at:], encoding="utf-8")


def outcome(root: Path, out: Path, draft: bool, cache: bool) -> object:
    """What a render of `root` into `out` gives: its site, or how it stopped."""
    try:
        result = render(root, out, today=TODAY, draft=draft, cache=cache)
    except Exception as exc:  # a stop (one line, exit 2) must be the same stop
        return (type(exc), str(exc))
    return (result.pages, result.errors, result.written, files_of(out) if result.written else {})


@fuzz_settings(ci_examples=10)
@given(st.data())
def test_an_edited_note_renders_as_a_fresh_render_does(data: st.DataObject) -> None:
    with cache_on("pkfuzz-render-") as base:
        root = base / "ws"
        for rel, text in BASE_FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
        settle(root)
        draft = data.draw(st.booleans(), label="draft")
        render(root, base / "site", today=TODAY, draft=draft)
        for number in range(data.draw(st.integers(1, 3), label="edits")):
            note = root / data.draw(st.sampled_from(NOTES), label="note")
            if data.draw(st.booleans(), label="plain words"):
                edit_words(data, note)
            else:
                edit(data, note)
            settle(root)
            expected = outcome(root, base / f"fresh-{number}", draft, cache=False)
            assert outcome(root, base / "site", draft, cache=True) == expected
