"""`personakit lsp` against hostile input, from a hostile review: document URIs that no
file system could name, requests on files the editor has not opened (a FIFO, text that
is not UTF-8, a file gone), cursors past the end, a buffer larger than lint reads, a
byte-order mark, lone CR line ends, and lines long enough to make a careless regular
expression quadratic. The server must answer, keep publishing, and agree with
`personakit lint` on the files as they are on disk.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from personakit.lsp.context import context
from personakit.lsp.navigation import citation_at, word_at
from personakit.workspace.reading import MAX_FILE_BYTES
from tests import test_lsp
from tests.test_lsp import OPS_ADMIN, P01, open_document

# The server over stdio in a copy of the example workspace, as test_lsp starts it.
client = test_lsp.client
workspace = test_lsp.workspace


async def published(client: LanguageClient, uri: str, seconds: float = 20) -> list:
    """The next diagnostics published for `uri` (a test fails, it does not hang)."""
    before = client.diagnostics.get(uri)

    async def wait() -> list:
        while client.diagnostics.get(uri) is before:
            await asyncio.sleep(0.01)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(wait(), timeout=seconds)


def lint_json(root: Path) -> list[tuple[str, int, int, str]]:
    """`personakit lint --format json` on the files on disk: (path, line, column, code),
    0-based as an editor counts."""
    run = subprocess.run(
        [sys.executable, "-m", "personakit", "lint", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    found = json.loads(run.stdout)["findings"]
    return sorted((f["path"], f["line"] - 1, f["column"] - 1, f["code"]) for f in found)


def shown(client: LanguageClient, root: Path) -> list[tuple[str, int, int, str]]:
    prefix = root.as_uri() + "/"
    return sorted(
        (uri.removeprefix(prefix), d.range.start.line, d.range.start.character, str(d.code))
        for uri, found in client.diagnostics.items()
        for d in found
    )


async def hover(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover | None:
    return await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        ),
        timeout=20,
    )


@pytest.mark.asyncio
async def test_a_document_uri_with_a_nul_byte_does_not_stop_the_diagnostics(
    client: LanguageClient, workspace: Path
):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=(workspace / "personas").as_uri() + "/a%00b.yaml",
                language_id="yaml",
                version=1,
                text="id: [unclosed\n",
            )
        )
    )
    persona = workspace / OPS_ADMIN
    broken = persona.read_text(encoding="utf-8").replace("p01#q1", "p01#q99", 1)
    uri = open_document(client, persona, broken)
    assert any("q99" in d.message for d in await published(client, uri))


@pytest.mark.asyncio
async def test_a_request_on_a_file_not_open_reads_it_as_lint_does_or_not_at_all(
    client: LanguageClient, workspace: Path
):
    fifo = workspace / "interviews" / "interviews" / "2026-12-01-p40.md"
    os.mkfifo(fifo)  # opened by a careless reader, it would hang the server
    (workspace / "notes").mkdir()
    (workspace / "notes" / "latin1.md").write_bytes(b"caf\xe9\n")
    persona = workspace / OPS_ADMIN
    rows = persona.read_text(encoding="utf-8").split("\n")
    line = next(i for i, row in enumerate(rows) if "p01#q1" in row)
    open_document(client, workspace / P01)  # a first lint
    assert await hover(client, fifo.as_uri(), 0, 0) is None
    assert await hover(client, (workspace / "notes" / "latin1.md").as_uri(), 0, 1) is None
    assert await hover(client, (workspace / "personas" / "gone.yaml").as_uri(), 0, 1) is None
    # A workspace file the editor has not opened still answers, from its text on disk.
    found = await hover(client, persona.as_uri(), line, rows[line].index("p01#q1") + 1)
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert "**p01#q1**" in found.contents.value


@pytest.mark.asyncio
async def test_completion_and_hover_past_the_end_of_a_document(
    client: LanguageClient, workspace: Path
):
    uri = open_document(client, workspace / OPS_ADMIN)
    ident = types.TextDocumentIdentifier(uri=uri)
    for line, character in ((10**6, 0), (2**31 - 1, 2**31 - 1), (0, 10**6)):
        where = types.Position(line=line, character=character)
        found = await client.text_document_completion_async(
            types.CompletionParams(text_document=ident, position=where)
        )
        assert found is None or isinstance(found, types.CompletionList)
        assert await hover(client, uri, line, character) is None


@pytest.mark.asyncio
async def test_a_buffer_larger_than_lint_reads_is_what_lint_says_of_the_file(
    client: LanguageClient, workspace: Path
):
    note = workspace / P01
    text = note.read_text(encoding="utf-8")
    text += ("padding " * 16 + "\n") * (MAX_FILE_BYTES // 128 + 1)
    note.write_text(text, encoding="utf-8")
    expected = lint_json(workspace)
    assert ("interviews/interviews/2026-09-08-p01.md", 0, 0, "PK001") in expected
    uri = open_document(client, note, text)
    await published(client, uri, 60)
    await asyncio.sleep(1)  # the other files of the same lint
    assert shown(client, workspace) == expected


@pytest.mark.asyncio
async def test_a_byte_order_mark_in_a_buffer_is_read_as_lint_reads_the_file(
    client: LanguageClient, workspace: Path
):
    persona = workspace / OPS_ADMIN
    persona.write_text(persona.read_text().replace("p01#q1", "p01#q98", 1), encoding="utf-8")
    note = workspace / P01
    text = "\ufeff" + note.read_text(encoding="utf-8")
    note.write_text(text, encoding="utf-8")
    expected = lint_json(workspace)
    assert not any(path.endswith("p01.md") for path, *_ in expected)
    open_document(client, note, text)
    await published(client, persona.as_uri())
    await asyncio.sleep(1)
    assert shown(client, workspace) == expected


@pytest.mark.asyncio
async def test_a_diagnostic_on_lone_cr_lines_stands_where_lint_puts_it(
    client: LanguageClient, workspace: Path
):
    persona = workspace / OPS_ADMIN
    text = persona.read_text(encoding="utf-8").replace("p01#q1", "p01#q98", 1)
    text = text.replace("\n", "\r")
    persona.write_bytes(text.encode("utf-8"))
    expected = lint_json(workspace)
    assert [code for *_, code in expected] == ["PK102"] and expected[0][2] > 0
    uri = open_document(client, persona, text)
    await published(client, uri)
    assert shown(client, workspace) == expected


@pytest.mark.parametrize(
    "line",
    [
        "a" * 200_000,  # a citation's pattern tried at every letter
        "word " * 40_000,  # a flow key's pattern tried at every word
        "x" * 200_000 + ",",  # the typed word's pattern tried at every letter
    ],
)
def test_a_long_line_costs_time_in_proportion_to_its_length(line: str):
    lines = ["id: x", "name: " + " " * 200_000 + "y", line]
    started = time.monotonic()
    for character in (5, len(line) // 2, len(line)):
        citation_at("\n".join(lines), 2, character)
        word_at("\n".join(lines), 2, character)
        context(lines, 2, character)
    assert time.monotonic() - started < 5  # quadratic, it takes minutes


@pytest.mark.asyncio
async def test_a_lint_that_stops_takes_its_findings_away_and_says_why_on_the_file(
    client: LanguageClient, workspace: Path
):
    import re

    persona = workspace / OPS_ADMIN
    broken = persona.read_text(encoding="utf-8").replace("p01#q1", "p01#q99", 1)
    uri = open_document(client, persona, broken)
    assert "PK102" in [d.code for d in await published(client, uri)]
    config = workspace / "personakit.yaml"
    good = config.read_text(encoding="utf-8")
    config.write_text("title: Personas\nlint: [unclosed\n", encoding="utf-8")
    stopped = subprocess.run(
        [sys.executable, "-m", "personakit", "lint"], cwd=workspace, capture_output=True, text=True
    )
    assert stopped.returncode == 2
    where = re.search(r"personakit\.yaml:(\d+)", stopped.stderr)
    assert where is not None, stopped.stderr
    # An edit makes the server lint again: it stops as lint stops.
    config_uri = config.as_uri()
    reasons = asyncio.ensure_future(published(client, config_uri))
    test_lsp.change_document(client, uri, broken + "\n", 2)
    assert await published(client, uri) == []  # what it found before no longer stands
    reason = await reasons
    assert [(d.severity, d.range.start.line) for d in reason] == [
        (types.DiagnosticSeverity.Error, int(where.group(1)) - 1)
    ]
    assert [m.type for m in client.messages] == [types.MessageType.Error]
    assert "personakit.yaml" in client.messages[0].message
    test_lsp.change_document(client, uri, broken, 3)  # the same stop: not shown again
    await asyncio.sleep(1)
    assert len(client.messages) == 1
    config.write_text(good, encoding="utf-8")
    cleared = asyncio.ensure_future(published(client, config_uri))
    test_lsp.change_document(client, uri, broken + "\n\n", 4)
    assert "PK102" in [d.code for d in await published(client, uri)]
    assert await cleared == []
