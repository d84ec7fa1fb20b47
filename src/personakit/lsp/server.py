"""The language server: lint findings as diagnostics while a researcher types, and
hover, definition, references, completion and code actions from the last lint.

On every open, change, save and close of a workspace file, the workspace is linted
with the open buffers as the editor holds them (lsp/diagnostics.py), and diagnostics
are published where they changed: new ones, changed ones (or placed on a changed
text), an open file's, and an empty list for a file whose findings are gone. Changes
are debounced: the lint runs once the buffers have been still for DEBOUNCE seconds,
on the buffers as they are then, so a burst of keystrokes costs one lint and the last
text always wins. Files outside the workspace are left
alone. The workspace is the one holding `personakit.yaml` at or above the first
folder the client names.

This module is the protocol's edge: the features below it (navigation, completion,
actions) work on LF lines and code-point columns, and positions are converted here,
both ways, to the client's encoding (UTF-16 code units unless agreed otherwise).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..errors import WorkspaceError
from ..findings import Severity
from ..fs import check_name, is_inside
from ..session import Session
from ..workspace.memory import WorkspaceMemory
from ..workspace.reading import MAX_FILE_BYTES, Skipped, read_inside
from . import actions, completion, navigation
from .diagnostics import FileDiagnostic, RulePages, lint_buffers
from .positions import from_client, lines_of, normal, to_client

DEBOUNCE = 0.15  # seconds the buffers must be still before a lint
_KINDS = {
    "field": types.CompletionItemKind.Field,
    "value": types.CompletionItemKind.Value,
    "reference": types.CompletionItemKind.Reference,
    "column": types.CompletionItemKind.Property,
}

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
        # What was last published for each file: its diagnostics, and the text they were
        # placed on (their columns are converted to the client's units on that text).
        self.published: dict[str, tuple[list[FileDiagnostic], str]] = {}
        self.rule_pages = RulePages()
        self.session: Session | None = None  # of the last lint, for hover and the rest
        # The notes of the last lint: the next one reads again only the files that changed.
        self.memory = WorkspaceMemory()
        self.found: dict[str, list[FileDiagnostic]] = {}  # of the last lint, by path
        self._pending: asyncio.TimerHandle | None = None
        # Why the last lint stopped (shown once, not on every keystroke), or None.
        self._stopped_with: str | None = None

    def rel(self, uri: str) -> str | None:
        """The path of `uri` relative to the root, or None outside the workspace."""
        if self.root is None:
            return None
        parsed = urlparse(uri)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        try:  # a name no file system could hold (a NUL byte, too long) names no file here
            path = check_name(unquote(parsed.path))
        except WorkspaceError:
            return None
        if not is_inside(self.root, path):
            return None
        real = os.path.realpath(path)
        if real == str(self.root):
            return None
        return Path(real).relative_to(self.root).as_posix()

    def uri(self, rel: str) -> str:
        """The file URI of a path relative to the root."""
        assert self.root is not None
        return (self.root / rel).as_uri()

    def buffers(self) -> dict[str, str]:
        """The open documents inside the workspace, as the editor holds them."""
        held: dict[str, str] = {}
        for uri, document in self.workspace.text_documents.items():
            rel = self.rel(uri)
            if rel is not None and not _too_large(document.source):
                held[rel] = normal(document.source)  # LF lines, as the loader reads files
        return held

    def encoding(self) -> str:
        """The position encoding agreed with the client (utf-16 unless it asked otherwise)."""
        agreed = self.workspace.position_encoding
        return str(getattr(agreed, "value", agreed) or "utf-16")

    def text_of(self, rel: str) -> str:
        """A file's text as the editor holds it if open, else as the last lint read it."""
        if self.root is not None:
            document = self.workspace.text_documents.get(self.uri(rel))
            if document is not None:
                return normal(document.source)
        if self.session is not None:
            return self.session.workspace.texts.get(rel, "")
        return ""

    def to_client(
        self, rel: str, line: int, column: int, lines: list[str] | None = None
    ) -> types.Position:
        """Our (line, code-point column) in `rel` (whose `lines` may be given) as the
        client counts it."""
        if lines is None:
            lines = lines_of(self.text_of(rel))
        shown = lines[line] if 0 <= line < len(lines) else ""
        return types.Position(line=line, character=to_client(shown, column, self.encoding()))

    async def watch_files(self) -> None:
        """Ask the client to tell of every file changed in the workspace, if it can: the
        notes held between lints are then read again when the client names them, not
        each stat'ed on every keystroke (workspace/memory.py). A client that cannot, or
        refuses, leaves the server stat'ing them."""
        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if self.root is None or not (watched and watched.dynamic_registration):
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern="**/*")]
        )
        registration = types.Registration(
            id="personakit-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await self.client_register_capability_async(types.RegistrationParams([registration]))
        except Exception:  # refused or not understood: stat'ing is always right
            return
        self.memory.watch()

    def schedule(self, delay: float = DEBOUNCE) -> None:
        """Lint once nothing has changed for `delay` seconds (each call restarts the wait)."""
        if self._pending is not None:
            self._pending.cancel()
        self._pending = asyncio.get_running_loop().call_later(delay, self._lint_now)

    def _lint_now(self) -> None:
        self._pending = None
        self.refresh()

    def refresh(self) -> None:
        """Lint and publish every file's diagnostics (an empty list where they are gone)."""
        if self.root is None:
            return
        if self._pending is not None:  # this lint reads the latest buffers already
            self._pending.cancel()
            self._pending = None
        buffers = self.buffers()
        try:
            self.session, found = lint_buffers(self.root, buffers, memory=self.memory)
        except Exception as exc:  # a broken workspace must not stop the server
            self._stopped(exc)
            return
        self._stopped_with = None
        self.found = found
        texts = self.session.workspace.texts
        for rel in sorted(set(self.published) - set(found)):
            self._publish(rel, [])
            del self.published[rel]
        # Only what changed is sent: ten thousand notes with an info finding each must
        # not mean ten thousand notifications per keystroke. An open file's are always
        # sent (the editor may have dropped them when it was closed).
        for rel, diagnostics in sorted(found.items()):
            text = buffers.get(rel, texts.get(rel, ""))
            if rel not in buffers and self.published.get(rel) == (diagnostics, text):
                continue
            self._publish(rel, diagnostics)
            self.published[rel] = (diagnostics, text)

    def _stopped(self, exc: Exception) -> None:
        """Lint stopped, as `personakit lint` stops with exit 2 (a broken config, a link
        out of the workspace): no finding shown before still stands, so every file's go,
        and the reason is shown instead, as an error on the file and line it names when
        that is a file of the workspace, and once as a message."""
        message = _one_line(exc)
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=message)
        )
        for rel in sorted(self.published):
            self._publish(rel, [])
        self.published.clear()
        self.found = {}
        at = self._named(exc)
        if at is not None:
            rel, line = at
            spot = types.Range(start=types.Position(line, 0), end=types.Position(line, 0))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=self.uri(rel),
                    diagnostics=[
                        types.Diagnostic(
                            range=spot,
                            message=message,
                            severity=types.DiagnosticSeverity.Error,
                            source="personakit",
                        )
                    ],
                )
            )
            self.published[rel] = ([], "")  # taken away by the next lint that runs
        if message != self._stopped_with:
            self._stopped_with = message
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )

    def _named(self, exc: Exception) -> tuple[str, int] | None:
        """The workspace file (relative) and 0-based line a stopping error names."""
        path = getattr(exc, "path", None)
        if self.root is None or not isinstance(path, str) or not path:
            return None
        rel = self.rel((self.root / path).as_uri())
        if rel is None or not (self.root / rel).is_file():
            return None
        line = getattr(exc, "line", None)
        return rel, max(line - 1, 0) if isinstance(line, int) else 0

    def current(self) -> Session | None:
        """The session of the last lint (linting now if there was none)."""
        if self.session is None:
            self.refresh()
        return self.session

    def _publish(self, rel: str, diagnostics: list[FileDiagnostic]) -> None:
        lines = lines_of(self.text_of(rel)) if diagnostics else []
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=self.uri(rel),
                diagnostics=[self.diagnostic(rel, d, lines) for d in diagnostics],
            )
        )

    def diagnostic(
        self, rel: str, found: FileDiagnostic, lines: list[str] | None = None
    ) -> types.Diagnostic:
        """A finding as the protocol's diagnostic, its columns in the client's units."""
        if lines is None:
            lines = lines_of(self.text_of(rel))
        return _diagnostic(
            self.rule_pages,
            found,
            types.Range(
                start=self.to_client(rel, found.line, found.start, lines),
                end=self.to_client(rel, found.line, found.end, lines),
            ),
        )


def _diagnostic(pages: RulePages, found: FileDiagnostic, at: types.Range) -> types.Diagnostic:
    page = pages.page(found.code)
    return types.Diagnostic(
        range=at,
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

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PersonakitServer, params: types.InitializedParams) -> None:
        await ls.watch_files()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def files_changed(
        ls: PersonakitServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        changed = [rel for rel in (ls.rel(event.uri) for event in params.changes) if rel]
        # Git's own files and personakit's cache are not the workspace's.
        changed = [rel for rel in changed if not any(p.startswith(".") for p in rel.split("/"))]
        if changed:
            ls.memory.touched(changed)
            ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: PersonakitServer, params: Any) -> None:
        ls.schedule(0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: PersonakitServer, params: Any) -> None:
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: PersonakitServer, params: Any) -> None:
        ls.schedule(0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: PersonakitServer, params: Any) -> None:
        ls.schedule(0)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PersonakitServer, params: types.HoverParams) -> types.Hover | None:
        at = _at(ls, params.text_document.uri, params.position)
        if at is None:
            return None
        shown = navigation.hover(at.session, at.text, at.line, at.character, at.rel)
        if shown is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown)
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: PersonakitServer, params: types.DefinitionParams) -> types.Location | None:
        at = _at(ls, params.text_document.uri, params.position)
        if at is None:
            return None
        place = navigation.definition(at.session, at.text, at.line, at.character, at.rel)
        return None if place is None else _location(ls, place)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: PersonakitServer, params: types.ReferenceParams) -> list[types.Location]:
        at = _at(ls, params.text_document.uri, params.position)
        if at is None:
            return []
        places = navigation.references(at.session, at.rel, at.text, at.line, at.character)
        return [_location(ls, place) for place in places]

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["#", ".", "/", " ", "[", ",", "{"]),
    )
    def complete(
        ls: PersonakitServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        at = _at(ls, params.text_document.uri, params.position)
        if at is None:
            return None
        found = completion.complete(at.session, at.rel, at.text, at.line, at.character)
        start = ls.to_client(at.rel, at.line, found.start)
        replaced = types.Range(start=start, end=params.position)
        items = [
            types.CompletionItem(
                label=item.label,
                kind=_KINDS.get(item.kind),
                detail=item.detail or None,
                text_edit=types.TextEdit(range=replaced, new_text=item.insert or item.label),
            )
            for item in found.items
        ]
        return types.CompletionList(is_incomplete=found.incomplete, items=items)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(
        ls: PersonakitServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        at = _at(ls, uri, params.range.start)
        if at is None:
            return None
        offered: list[actions.Action] = []
        session = at.session
        # A fix is offered only while the buffer holds the text the lint that found it read.
        if session.workspace.texts.get(at.rel) == at.text:
            found = ls.found.get(at.rel, [])
            if params.context.only and types.CodeActionKind.SourceFixAll in params.context.only:
                every = actions.fix_all(found)
                offered += [every] if every else []
            else:
                offered += actions.fix_actions(found, at.line, params.range.end.line)
        quoting = actions.quote_text(session, at.rel, at.text, at.line, at.character)
        if quoting is not None:
            offered.append(quoting)
        if wanted := params.context.only:  # only the kinds asked for (fix-on-save: fixAll)
            offered = [a for a in offered if any(_of_kind(a.kind, k) for k in wanted)]
        return [_code_action(ls, uri, at.rel, action) for action in offered]

    return server


def _of_kind(kind: str, wanted: str) -> bool:
    """Whether an action of `kind` is of the `wanted` kind (`source` holds `source.fixAll`)."""
    return kind == wanted or kind.startswith(wanted + ".")


class _At:
    """A request's document: the session, its path and LF text, the cursor in code points."""

    def __init__(self, session: Session, rel: str, text: str, line: int, character: int):
        self.session, self.rel, self.text = session, rel, text
        self.line, self.character = line, character


def _at(ls: PersonakitServer, uri: str, position: types.Position) -> _At | None:
    """The session and the text of the document a request is about, if in the workspace."""
    rel = ls.rel(uri)
    if rel is None:
        return None
    session = ls.current()
    if session is None:
        return None
    text = _text_for_request(ls, uri, rel)
    if text is None:
        return None
    lines = lines_of(text)
    shown = lines[position.line] if 0 <= position.line < len(lines) else ""
    character = from_client(shown, position.character, ls.encoding())
    return _At(session, rel, text, position.line, character)


def _text_for_request(ls: PersonakitServer, uri: str, rel: str) -> str | None:
    """The text of a request's document: the editor's buffer if open, else the file
    read as lint reads it (a regular file, not too large, UTF-8), or None. Never
    pygls's own reading, which would open a FIFO and wait on it for ever."""
    document = ls.workspace.text_documents.get(uri)
    if document is not None:
        return normal(document.source)
    assert ls.root is not None
    try:
        return read_inside(str(ls.root), os.path.join(ls.root, rel), rel)
    except (Skipped, WorkspaceError, OSError):
        return None


def _too_large(text: str) -> bool:
    """Whether `text` is larger than lint reads a file (as UTF-8): such a buffer is left
    out, and the file on disk linted instead, as `personakit lint` would."""
    if len(text) * 4 <= MAX_FILE_BYTES:
        return False
    return len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES


def _location(ls: PersonakitServer, place: navigation.Place) -> types.Location:
    return types.Location(
        uri=ls.uri(place.path),
        range=types.Range(
            start=ls.to_client(place.path, place.line, place.start),
            end=ls.to_client(place.path, place.line, place.end),
        ),
    )


def _code_action(
    ls: PersonakitServer, uri: str, rel: str, action: actions.Action
) -> types.CodeAction:
    edits = [
        types.TextEdit(
            range=types.Range(
                start=ls.to_client(rel, change.line, change.start),
                end=ls.to_client(rel, change.end_line, change.end),
            ),
            new_text=change.text,
        )
        for change in action.changes
    ]
    return types.CodeAction(
        title=action.title,
        kind=action.kind,
        is_preferred=action.preferred or None,
        diagnostics=[ls.diagnostic(rel, action.fixes)] if action.fixes else None,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def serve_stdio(root: Path | None = None) -> None:
    """Run the server over stdin and stdout until the client says exit."""
    make_server(root).start_io()
