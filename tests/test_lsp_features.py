"""`personakit lsp` over stdio (pytest-lsp), beyond diagnostics: hover on a count's tag
and on a segment column, definition from `step:` and `because:`, completion, code
actions, debounced re-lint, and positions in UTF-16 code units on CRLF buffers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests import test_lsp
from tests.test_lsp import OPS_ADMIN, P01, change_document, diagnostics_for, open_document

# The server over stdio in a copy of the example workspace, as test_lsp starts it.
client = test_lsp.client
workspace = test_lsp.workspace


def position(text: str, needle: str, offset: int = 0) -> types.Position:
    """Where `needle` (plus `offset` characters) first stands in `text`, in UTF-16 units."""
    rows = text.replace("\r\n", "\n").split("\n")
    line = next(i for i, row in enumerate(rows) if needle in row)
    before = rows[line][: rows[line].index(needle) + offset]
    return types.Position(line=line, character=len(before.encode("utf-16-le")) // 2)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """`text` with LSP text edits applied (ASCII columns; LF lines)."""
    rows = text.split("\n")
    offsets = [0]
    for row in rows:
        offsets.append(offsets[-1] + len(row) + 1)
    out = text
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        out = out[:start] + edit.new_text + out[end:]
    return out


async def hover_at(client: LanguageClient, uri: str, where: types.Position) -> str | None:
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where)
    )
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def labels_at(client: LanguageClient, uri: str, where: types.Position) -> list[str]:
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where)
    )
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


@pytest.mark.asyncio
async def test_hover_on_a_count_tag_and_on_a_segment_column(
    client: LanguageClient, workspace: Path
):
    text = (workspace / OPS_ADMIN).read_text(encoding="utf-8")
    uri = open_document(client, workspace / OPS_ADMIN)

    shown = await hover_at(client, uri, position(text, "tag: connect-before-demo", 8))
    assert shown is not None
    assert shown.startswith("**#connect-before-demo**: carried by 3 of ")
    assert "by role: ops-admin 3 of " in shown
    assert "this count (among role ops-admin, kind interview): 3 of 5" in shown
    # A count over a source's rows: the rows carrying the tag.
    shown = await hover_at(client, uri, position(text, "tag: oauth-scopes", 7))
    assert shown is not None
    assert shown.startswith("**#oauth-scopes**: carried by 7 of 24 rows of tickets")
    assert "this count (among role ops-admin): 7 of 14" in shown

    shown = await hover_at(client, uri, position(text, "users.account_role", 3))
    assert shown is not None
    assert shown.startswith("**users.account_role**: ") and "(text)" in shown
    assert "commonest, by users: " in shown and "`admin` (" in shown
    # A claim's text is not a column, even where it looks like one.
    assert await hover_at(client, uri, position(text, "name: Olivia", 8)) is None


@pytest.mark.asyncio
async def test_definition_from_step_and_from_because(client: LanguageClient, workspace: Path):
    text = (workspace / OPS_ADMIN).read_text(encoding="utf-8")
    uri = open_document(client, workspace / OPS_ADMIN)
    ident = types.TextDocumentIdentifier(uri=uri)

    target = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=ident, position=position(text, "step: onboarding/integration", 12)
        )
    )
    journey = workspace / "journeys/onboarding.yaml"
    assert isinstance(target, types.Location) and target.uri == journey.as_uri()
    assert target.range.start == position(journey.read_text(encoding="utf-8"), "{id: integration,")

    target = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=ident, position=position(text, "because: [scope-questions", 12)
        )
    )
    assert isinstance(target, types.Location) and target.uri == uri
    assert target.range.start == position(text, "id: scope-questions")

    # From a journey cell's key to its step, too.
    target = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=ident, position=position(text, "  onboarding/invite-team:", 6)
        )
    )
    assert isinstance(target, types.Location) and target.uri == journey.as_uri()
    assert target.range.start == position(journey.read_text(encoding="utf-8"), "{id: invite-team,")


@pytest.mark.asyncio
async def test_completion_offers_what_the_workspace_holds(client: LanguageClient, workspace: Path):
    original = (workspace / OPS_ADMIN).read_text(encoding="utf-8")
    # Half-typed values, as they are while typing (the buffer need not be valid YAML).
    text = original.replace("quotes: [p01#q1, p04#q2]", "quotes: [p01#q1, p04#", 1)
    text = text.replace("tag: connect-before-demo,", "tag: conn,", 1)
    text = text.replace("because: [scope-questions]", "because: [sco", 1)
    uri = open_document(client, workspace / OPS_ADMIN, text)

    labels = await labels_at(client, uri, position(text, "quotes: [p01#q1, p04#", 21))
    assert {"p04#q1", "p04#q2", "p04#q3"} <= set(labels)
    labels = await labels_at(client, uri, position(text, "quotes: [p02#q1, p04#q1]", 9))
    assert {"p01", "p04", "churn-relecloud"} <= set(labels)
    assert "connect-before-demo" in await labels_at(client, uri, position(text, "tag: conn", 9))
    among = position(text, "among: {role: ops-admin, kind", 14)
    assert {"ops-admin", "team-member"} <= set(await labels_at(client, uri, among))
    labels = await labels_at(client, uri, position(text, "step: onboarding/integration", 6))
    assert "onboarding/invite-team" in labels
    labels = await labels_at(client, uri, position(text, "because: [sco", 13))
    assert {"scope-questions", "connect-before-demo"} <= set(labels)
    labels = await labels_at(client, uri, position(text, "    users.account_role", 4))
    assert {"users.nps", "accounts.tier"} <= set(labels)
    # Keys from the JSON Schema: a job's fields, a count's fields.
    labels = await labels_at(client, uri, position(text, "  - id: rollout-counts", 4))
    assert {"when", "want", "so", "quotes", "count"} <= set(labels)
    labels = await labels_at(client, uri, position(text, "count: {n: 2, of: 5,", 21))
    assert {"tag", "among", "source"} <= set(labels)

    # A note's front matter: its schema's keys; its body: nothing.
    note = workspace / P01
    note_text = note.read_text(encoding="utf-8").replace("consent: public", "cons", 1)
    note_uri = open_document(client, note, note_text)
    assert "consent" in await labels_at(client, note_uri, position(note_text, "cons", 4))
    assert await labels_at(client, note_uri, position(note_text, "# Setup", 3)) == []
    # A decision: persona ids in `personas:`, claims and quotes in `rests_on:`.
    decision = workspace / "decisions/2026-10-12-split-onboarding.md"
    decision_text = decision.read_text(encoding="utf-8")
    decision_uri = open_document(client, decision)
    labels = await labels_at(client, decision_uri, position(decision_text, "personas: [", 11))
    assert {"ops-admin", "team-member", "economic-buyer"} <= set(labels)
    labels = await labels_at(client, decision_uri, position(decision_text, "[ops-admin#", 11))
    assert "ops-admin#integration-stall" in labels and "ops-admin#scope-questions" in labels


@pytest.mark.asyncio
async def test_code_actions_apply_the_count_fix_and_insert_the_exact_quote(
    client: LanguageClient, workspace: Path
):
    original = (workspace / OPS_ADMIN).read_text(encoding="utf-8")
    wrong = original.replace(
        "count: {n: 3, of: 5, tag: connect", "count: {n: 2, of: 5, tag: connect"
    )
    uri = open_document(client, workspace / OPS_ADMIN, wrong)
    found = await diagnostics_for(client, uri)
    line = position(wrong, "count: {n: 2, of: 5, tag: connect").line
    assert any(d.code == "PK104" and d.range.start.line == line for d in found)

    async def actions_at(where: types.Position, only=None) -> list[types.CodeAction]:
        got = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=where, end=where),
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        )
        return [a for a in got or [] if isinstance(a, types.CodeAction)]

    offered = await actions_at(types.Position(line=line, character=6))
    (fix,) = [a for a in offered if a.title.startswith("PK104: ")]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.edit is not None and fix.edit.changes is not None
    assert apply_edits(wrong, fix.edit.changes[uri]) == original
    # Asked for the fix-all kind only (fix-on-save), on a citation: the fix-all alone.
    (every,) = await actions_at(
        position(wrong, "p01#q1", 2), only=[types.CodeActionKind.SourceFixAll]
    )
    assert every.kind == types.CodeActionKind.SourceFixAll
    assert every.edit is not None and every.edit.changes is not None
    assert apply_edits(wrong, every.edit.changes[uri]) == original

    # "Insert the exact words" on a bare citation.
    change_document(client, uri, original, 2)
    assert await diagnostics_for(client, uri) == []
    offered = await actions_at(position(original, "p04#q2]", 2))
    (insert,) = [a for a in offered if a.title == "Insert the exact words of p04#q2"]
    assert insert.edit is not None and insert.edit.changes is not None
    after = apply_edits(original, insert.edit.changes[uri])
    assert 'quotes: [p01#q1, {ref: p04#q2, text: "' in after
    note = (workspace / "interviews/interviews/2026-10-01-p04.md").read_text(encoding="utf-8")
    assert "from the first minute" in note and "from the first minute" in after
    # The result lints without a misquote (a broken citation elsewhere makes it publish).
    change_document(client, uri, after.replace("p02#q1", "p02#q97", 1), 3)
    codes = {d.code for d in await diagnostics_for(client, uri)}
    assert "PK102" in codes and "PK103" not in codes


@pytest.mark.asyncio
async def test_a_burst_of_changes_is_linted_once_on_the_last_text(
    client: LanguageClient, workspace: Path
):
    original = (workspace / OPS_ADMIN).read_text(encoding="utf-8")
    citations = ["p02#q1", "p03#q2", "p01#q2", "p05#q2", "p03#q1"]
    assert all(c in original for c in citations)
    uri = open_document(client, workspace / OPS_ADMIN, original.replace("p01#q1", "p01#q90", 1))
    await diagnostics_for(client, uri)
    for version, cited in enumerate(citations, start=2):
        change_document(client, uri, original.replace(cited, cited + "99", 1), version)
    found = await diagnostics_for(client, uri)  # the first publication after the burst
    last = position(original, citations[-1]).line
    assert {(d.code, d.range.start.line) for d in found if d.code == "PK102"} == {("PK102", last)}


@pytest.mark.asyncio
async def test_positions_are_utf16_units_on_a_crlf_buffer(client: LanguageClient, workspace: Path):
    original = (workspace / OPS_ADMIN).read_text(encoding="utf-8")
    # An astral character (two UTF-16 units) and an accented one before citations.
    line = 'quotes: [{ref: p01#q1, text: "🙂 é"}, p04#q99, p01#q2]'
    text = original.replace("quotes: [p01#q1, p04#q2]", line, 1).replace("\n", "\r\n")
    uri = open_document(client, workspace / OPS_ADMIN, text)
    found = await diagnostics_for(client, uri)
    broken = [d for d in found if d.code == "PK102"]
    assert [d.range.start for d in broken] == [position(text, "p04#q99")]

    # The end of a citation after the emoji, counted in UTF-16 units, is on it.
    shown = await hover_at(client, uri, position(text, "p01#q2]", 6))
    assert shown is not None and shown.startswith("**p01#q2**")
    # Completion replaces the typed word from its UTF-16 start.
    listed = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(text, "p04#q99", 5),
        )
    )
    assert isinstance(listed, types.CompletionList)
    (item,) = [i for i in listed.items if i.label == "p04#q2"]
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.range.start == position(text, "p04#q99")
    # References land on the citation's UTF-16 column too.
    note = workspace / P01
    note_text = note.read_text(encoding="utf-8")
    note_uri = open_document(client, note)
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=note_uri),
            position=position(note_text, "^q2", 1),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    starts = {(r.uri, r.range.start.line, r.range.start.character) for r in refs or []}
    where = position(text, "p01#q2]")
    assert (uri, where.line, where.character) in starts
