"""`personakit lsp` driven over stdio by a real LSP client (pytest-lsp): diagnostics on
open and on change, a note's unsaved edit reaching the persona that cites it, a fixed
buffer clearing its diagnostics, and each diagnostic linking to its rule's page.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.test_lint_cache import example
from tests.test_memory import uncited

P01 = "interviews/interviews/2026-09-08-p01.md"
OPS_ADMIN = "personas/ops-admin.yaml"


@pytest.fixture
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example(tmp_path_factory.mktemp("lsp"))


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "personakit", "lsp"]),
)
async def client(lsp_client: LanguageClient, workspace: Path):
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def accept_registrations(
    client: LanguageClient, seen: list[types.Registration] | None = None
) -> list[types.Registration]:
    """Accept what the server registers, as an editor does (the server asks to be told
    of files changed on disk); the registrations are added to `seen` as they come."""
    seen = [] if seen is None else seen

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        seen.extend(params.registrations)

    return seen


def open_document(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="yaml" if path.suffix == ".yaml" else "markdown",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Wait (at most a minute: a test must fail, not hang) for the next publication for
    `uri` and return it. The client keeps each file's last publication as a new list:
    waiting for that to change, rather than for the next notification, cannot miss one
    that came in the same read as another file's."""
    before = client.diagnostics.get(uri)

    async def wait() -> list[types.Diagnostic]:
        while client.diagnostics.get(uri) is before:
            await asyncio.sleep(0.01)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(wait(), timeout=60)


@pytest.mark.asyncio
async def test_a_broken_citation_in_the_buffer_is_a_diagnostic_at_its_line(
    client: LanguageClient, workspace: Path
):
    persona = workspace / OPS_ADMIN
    text = persona.read_text(encoding="utf-8")
    assert "p01#q1" in text
    broken = text.replace("p01#q1", "p01#q99", 1)
    line = next(i for i, row in enumerate(broken.split("\n")) if "p01#q99" in row)
    uri = open_document(client, persona, broken)  # unsaved: the file on disk is fine
    found = await diagnostics_for(client, uri)
    codes = {(d.code, d.range.start.line) for d in found}
    assert ("PK102", line) in codes
    (diagnostic,) = [d for d in found if d.code == "PK102"]
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.code_description is not None
    page = Path(diagnostic.code_description.href.removeprefix("file://"))
    assert page.read_text(encoding="utf-8").startswith("## PK102")
    # Fixed in the buffer: the diagnostics go.
    change_document(client, uri, text, 2)
    assert await diagnostics_for(client, uri) == []


@pytest.mark.asyncio
async def test_an_unsaved_edit_to_a_note_reaches_the_persona_that_cites_it(
    client: LanguageClient, workspace: Path
):
    note = workspace / P01
    text = note.read_text(encoding="utf-8")
    assert "something to look at" in text
    uri = open_document(client, note)
    persona_uri = (workspace / OPS_ADMIN).as_uri()
    change_document(client, uri, text.replace("something to look at", "something to peek at"), 2)
    found = await diagnostics_for(client, persona_uri)
    assert any(d.code == "PK103" for d in found)
    assert (workspace / P01).read_text(encoding="utf-8") == text  # nothing written


@pytest.mark.asyncio
async def test_a_file_outside_the_workspace_is_left_alone(
    client: LanguageClient, workspace: Path, tmp_path: Path
):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("name: [unclosed\n", encoding="utf-8")
    open_document(client, outside)
    persona = workspace / OPS_ADMIN
    uri = open_document(client, persona, persona.read_text().replace("p01#q1", "p01#q98", 1))
    await diagnostics_for(client, uri)
    assert outside.as_uri() not in client.diagnostics


@pytest.mark.asyncio
async def test_hover_definition_and_references_follow_a_citation(
    client: LanguageClient, workspace: Path
):
    persona = workspace / OPS_ADMIN
    text = persona.read_text(encoding="utf-8")
    rows = text.split("\n")
    line = next(i for i, row in enumerate(rows) if "quotes: [p01#q1" in row)
    character = rows[line].index("p01#q1") + 2
    uri = open_document(client, persona)
    where = types.Position(line=line, character=character)
    ident = types.TextDocumentIdentifier(uri=uri)

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=ident, position=where)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    shown = hover.contents.value
    assert "**p01#q1**" in shown and "P01" in shown and "interview" in shown
    assert "2026-09-08" in shown and "#connect-before-demo" in shown

    target = await client.text_document_definition_async(
        types.DefinitionParams(text_document=ident, position=where)
    )
    note = workspace / P01
    note_rows = note.read_text(encoding="utf-8").split("\n")
    quote_start = next(i for i, row in enumerate(note_rows) if row.startswith(">"))
    assert isinstance(target, types.Location)
    assert target.uri == note.as_uri() and target.range.start.line == quote_start

    note_uri = open_document(client, note)
    anchor_line = next(i for i, row in enumerate(note_rows) if row.endswith("^q1"))
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=note_uri),
            position=types.Position(
                line=anchor_line, character=note_rows[anchor_line].index("^q1")
            ),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    cited_at = {(f.uri, f.range.start.line) for f in found or []}
    persona_uri = persona.as_uri()
    expected = {(persona_uri, i) for i, row in enumerate(rows) if "p01#q1" in row}
    assert expected and expected <= cited_at


@pytest.mark.asyncio
async def test_only_the_files_whose_diagnostics_changed_are_published_again(
    client: LanguageClient, workspace: Path
):
    # A note no claim cites (PK204), published once when the server first lints.
    orphan = workspace / "interviews" / "interviews" / "2026-11-30-p77.md"
    orphan.write_text(uncited(77, "\n> Nothing here is cited. ^q1\n"), encoding="utf-8")
    orphan_uri = orphan.as_uri()
    persona = workspace / OPS_ADMIN
    text = persona.read_text(encoding="utf-8")
    uri = open_document(client, persona, text.replace("p01#q1", "p01#q97", 1))
    await diagnostics_for(client, uri)
    assert [d.code for d in client.diagnostics[orphan_uri]] == ["PK204"]
    # Marked on the client's side: published again, it would be overwritten. Files are
    # published in path order, so the note's would come before the persona's.
    client.diagnostics[orphan_uri] = []
    change_document(client, uri, text.replace("p01#q1", "p01#q96", 1), 2)
    found = await diagnostics_for(client, uri)
    assert any("q96" in d.message for d in found)
    assert client.diagnostics[orphan_uri] == []
