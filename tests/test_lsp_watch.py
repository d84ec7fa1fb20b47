"""`personakit lsp` and files changed on disk: a client that watches files (VS Code,
as pytest-lsp's client here accepts the server's registration) names them, and the
server reads again the notes it names, without stat'ing ten thousand on every
keystroke; a client that cannot watch leaves the server stat'ing them.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests import test_lsp
from tests.test_lsp import (
    OPS_ADMIN,
    P01,
    accept_registrations,
    change_document,
    diagnostics_for,
    open_document,
)

workspace = test_lsp.workspace

QUOTED = "something to look at"


def edit_on_disk(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert QUOTED in text
    path.write_text(text.replace(QUOTED, "something to peek at"), encoding="utf-8")
    st = path.stat()  # a save a moment later, so a stat sees it whatever the clock
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


async def quote_changed_on_disk(
    client: LanguageClient, workspace: Path
) -> tuple[str, list[types.Diagnostic]]:
    """Open a persona (a broken citation in its buffer, so each lint publishes it), then
    reword the quote a claim of it cites in the note's file, without naming the file,
    and edit the buffer: the persona's uri and what that lint published for it."""
    persona = workspace / OPS_ADMIN
    text = persona.read_text(encoding="utf-8")
    uri = open_document(client, persona, text.replace("p01#q1", "p01#q95", 1))
    assert not any(d.code == "PK103" for d in await diagnostics_for(client, uri))
    edit_on_disk(workspace / P01)
    change_document(client, uri, text.replace("p01#q1", "p01#q94", 1), 2)
    found = await diagnostics_for(client, uri)
    assert any("q94" in d.message for d in found)
    return uri, found


def named(client: LanguageClient, path: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


@pytest.fixture
def registrations() -> list[types.Registration]:
    return []


def session_with(capabilities: types.ClientCapabilities, workspace: Path):
    return types.InitializeParams(
        capabilities=capabilities,
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
    )


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "personakit", "lsp"]),
)
async def watching(lsp_client: LanguageClient, workspace: Path, registrations: list):
    accept_registrations(lsp_client, registrations)
    capabilities = client_capabilities("visual-studio-code")
    await lsp_client.initialize_session(session_with(capabilities, workspace))
    # The watching starts once the client has accepted it: wait for that first.
    await asyncio.wait_for(_registered(registrations), timeout=60)
    yield
    await lsp_client.shutdown_session()


async def _registered(registrations: list) -> None:
    while not registrations:
        await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_a_note_the_editor_names_as_changed_is_read_again(
    watching: LanguageClient, workspace: Path, registrations: list
):
    client = watching
    assert [r.method for r in registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    # Changed on disk, not yet named: the server does not stat the notes it holds.
    uri, found = await quote_changed_on_disk(client, workspace)
    assert not any(d.code == "PK103" for d in found)
    # Named: read again, and the misquote shows without another keystroke.
    named(client, workspace / P01)
    assert any(d.code == "PK103" for d in await diagnostics_for(client, uri))


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "personakit", "lsp"]),
)
async def unwatching(lsp_client: LanguageClient, workspace: Path, registrations: list):
    accept_registrations(lsp_client, registrations)
    capabilities = client_capabilities("visual-studio-code")
    assert capabilities.workspace is not None
    capabilities.workspace.did_change_watched_files = None  # a client that cannot watch
    await lsp_client.initialize_session(session_with(capabilities, workspace))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_without_a_watching_client_a_note_changed_on_disk_is_found_by_its_stat(
    unwatching: LanguageClient, workspace: Path, registrations: list
):
    _uri, found = await quote_changed_on_disk(unwatching, workspace)
    assert any(d.code == "PK103" for d in found)
    assert registrations == []  # nothing was asked of a client that cannot watch
