"""The language server: lint findings as diagnostics while a researcher types.

On every open, change, save and close of a workspace file, the workspace is linted
with the open buffers as the editor holds them (lsp/diagnostics.py), and every file's
diagnostics are published: new ones, changed ones, and an empty list for a file whose
findings are gone. Files outside the workspace are left alone. The workspace is the
one holding `personakit.yaml` at or above the first folder the client names.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..findings import Severity
from ..session import Session
from . import navigation
from .diagnostics import FileDiagnostic, RulePages, lint_buffers

_SEVERITY = {
    Severity.error: types.DiagnosticSeverity.Error,
    Severity.warning: types.DiagnosticSeverity.Warning,
    Severity.info: types.DiagnosticSeverity.Information,
}


class PersonakitServer(LanguageServer):
    """A pygls server that knows its workspace root and what it last published."""

    def __init__(self) -> None:
        super().__init__(
            "personakit", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.root: Path | None = None
        self.published: set[str] = set()
        self.rule_pages = RulePages()
        self.session: Session | None = None  # of the last lint, for hover and the rest

    def rel(self, uri: str) -> str | None:
        """The path of `uri` relative to the root, or None outside the workspace."""
        if self.root is None:
            return None
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            return None
        path = os.path.realpath(unquote(parsed.path))
        root = str(self.root)
        if not path.startswith(root + os.sep):
            return None
        return Path(path).relative_to(self.root).as_posix()

    def uri(self, rel: str) -> str:
        """The file URI of a path relative to the root."""
        assert self.root is not None
        return (self.root / rel).as_uri()

    def buffers(self) -> dict[str, str]:
        """The open documents inside the workspace, as the editor holds them."""
        held: dict[str, str] = {}
        for uri, document in self.workspace.text_documents.items():
            rel = self.rel(uri)
            if rel is not None:
                held[rel] = document.source
        return held

    def refresh(self) -> None:
        """Lint and publish every file's diagnostics (an empty list where they are gone)."""
        if self.root is None:
            return
        try:
            self.session, found = lint_buffers(self.root, self.buffers())
        except Exception as exc:  # a broken workspace must not stop the server
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Warning, message=_one_line(exc))
            )
            return
        for rel in sorted(self.published - set(found)):
            self._publish(rel, [])
        for rel, diagnostics in sorted(found.items()):
            self._publish(rel, diagnostics)
        self.published = set(found)

    def current(self) -> Session | None:
        """The session of the last lint (linting now if there was none)."""
        if self.session is None:
            self.refresh()
        return self.session

    def _publish(self, rel: str, diagnostics: list[FileDiagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=self.uri(rel),
                diagnostics=[_diagnostic(self.rule_pages, d) for d in diagnostics],
            )
        )


def _diagnostic(pages: RulePages, found: FileDiagnostic) -> types.Diagnostic:
    page = pages.page(found.code)
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=found.line, character=found.start),
            end=types.Position(line=found.line, character=found.end),
        ),
        message=found.message,
        severity=_SEVERITY[found.severity],
        code=found.code,
        code_description=types.CodeDescription(href=page.as_uri()) if page else None,
        source=f"personakit {found.name}",
    )


def _one_line(exc: Exception) -> str:
    return "personakit: " + " ".join(str(exc).split())


def _root_of(params: types.InitializeParams) -> Path | None:
    from ..workspace.root import find_root

    candidates: list[str] = []
    for folder in params.workspace_folders or []:
        candidates.append(folder.uri)
    if params.root_uri:
        candidates.append(params.root_uri)
    for uri in candidates:
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            continue
        try:
            return find_root(Path(unquote(parsed.path)))
        except Exception:  # no workspace here: try the next folder
            continue
    return None


def make_server(root: Path | None = None) -> PersonakitServer:
    """The server with its handlers registered; `root` is the workspace when the client
    names no folder that lies in one."""
    server = PersonakitServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: PersonakitServer, params: types.InitializeParams) -> None:
        ls.root = _root_of(params) or (root.resolve() if root is not None else None)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PersonakitServer, params: Any) -> None:
        ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PersonakitServer, params: Any) -> None:
        ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PersonakitServer, params: Any) -> None:
        ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PersonakitServer, params: Any) -> None:
        ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PersonakitServer, params: types.HoverParams) -> types.Hover | None:
        found = _at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        session, text = found
        shown = navigation.hover(session, text, params.position.line, params.position.character)
        if shown is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown)
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: PersonakitServer, params: types.DefinitionParams) -> types.Location | None:
        found = _at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        session, text = found
        place = navigation.definition(
            session, text, params.position.line, params.position.character
        )
        return None if place is None else _location(ls, place)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: PersonakitServer, params: types.ReferenceParams) -> list[types.Location]:
        found = _at(ls, params.text_document.uri, params.position)
        rel = ls.rel(params.text_document.uri)
        if found is None or rel is None:
            return []
        session, text = found
        places = navigation.references(
            session, rel, text, params.position.line, params.position.character
        )
        return [_location(ls, place) for place in places]

    return server


def _at(ls: PersonakitServer, uri: str, position: types.Position) -> tuple[Session, str] | None:
    """The session and the text of the document a request is about, if in the workspace."""
    if ls.rel(uri) is None:
        return None
    session = ls.current()
    if session is None:
        return None
    return session, ls.workspace.get_text_document(uri).source


def _location(ls: PersonakitServer, place: navigation.Place) -> types.Location:
    return types.Location(
        uri=ls.uri(place.path),
        range=types.Range(
            start=types.Position(line=place.line, character=place.start),
            end=types.Position(line=place.line, character=place.end),
        ),
    )


def serve_stdio(root: Path | None = None) -> None:
    """Run the server over stdin and stdout until the client says exit."""
    make_server(root).start_io()
