"""Serving the rendered folder over HTTP (the standard library's server), read only.

- Only regular files inside the folder are served, reached without a symbolic link:
  `..`, encoded or not, a NUL byte, a backslash or a link anywhere on the way is a 404.
- HTML responses get the reload snippet as they are served (never on disk, so a
  `render` never holds it): a script that listens to the server-sent events at
  `EVENTS` and reloads the page when a rebuild is done, and, while the last rebuild
  failed, a banner with its one-line error.
- On loopback, a request naming another host (`Host:` header) is refused, so a web
  page that points its own name at 127.0.0.1 (DNS rebinding) cannot read the site.
"""

from __future__ import annotations

import html
import mimetypes
import os
import re
import socket
import stat
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..cli.failure import one_line

EVENTS = "/.personakit-serve/events"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
LOOPBACK = "127.0.0.1"
MAX_GENERATION_DIGITS = 18  # far more rebuilds than a preview makes; `int` of more is slow


class Reloads:
    """The served site's generation (one more per rebuild) and its last error; event
    streams wait here for the next generation."""

    def __init__(self) -> None:
        self.generation = 0
        self.error: str | None = None
        self.closed = False
        self._changed = threading.Condition()

    def publish(self, error: str | None) -> None:
        """A rebuild is done (`error`: why it kept the last good site): reload pages."""
        with self._changed:
            self.generation += 1
            self.error = error
            self._changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        """The generation once it is not `since` (or after `timeout`, or on close)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.generation != since, timeout)
            return self.generation

    def close(self) -> None:
        """Let every waiting event stream end (the server is stopping)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


@dataclass(frozen=True)
class Found:
    """What a request path names: a file to send, or a folder to redirect into."""

    path: Path | None = None
    redirect: str | None = None


def resolve(folder: Path, target: str) -> Found | None:
    """The regular file under `folder` that the request target names (a folder's
    `index.html`), or a redirect to the folder's own URL; None for anything else."""
    raw = target_path(target)
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None  # no page render writes has a name that is not UTF-8
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        return None
    parts = [part for part in path.split("/")[1:] if part]
    if any(part in (".", "..") for part in parts):
        return None
    current = folder
    try:
        for part in parts:
            current = current / part
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return None
        mode = os.lstat(current).st_mode
        if stat.S_ISDIR(mode):
            if not path.endswith("/"):
                # built from the checked parts: `//name` would send the browser to a host
                return Found(redirect="".join(f"/{quote(part)}" for part in parts) + "/")
            current = current / "index.html"
            mode = os.lstat(current).st_mode
    except (OSError, ValueError):
        return None
    return Found(path=current) if stat.S_ISREG(mode) else None


def target_path(target: str) -> str:
    """The path of a request target, its query and fragment cut off (and nothing else
    interpreted: `//a` is a path here, not a host)."""
    return target.split("?", 1)[0].split("#", 1)[0]


def read_regular(path: Path) -> bytes | None:
    """The bytes of `path` if it is (still) a regular file, never through a link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(fd)


_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def snippet(generation: int, error: str | None) -> str:
    """What `serve` adds to each HTML page: the reload script, and the last error."""
    banner = ""
    if error is not None:
        banner = (
            '<div id="personakit-serve-error" role="alert" style="position:fixed;left:0;'
            "right:0;bottom:0;z-index:2147483647;margin:0;padding:.6em 1em;background:#7a1010;"
            'color:#fff;font:15px/1.4 system-ui,sans-serif">personakit serve: the last change '
            f"could not be rendered: {html.escape(error)}. Showing the last good site.</div>"
        )
    script = (
        "<script>(function(){var s=new EventSource("
        f'"{EVENTS}?since={generation}");'
        's.addEventListener("reload",function(){s.close();location.reload();});})();</script>'
    )
    return banner + script


def inject(page: bytes, generation: int, error: str | None) -> bytes:
    """`page` with the snippet before its last `</body>` (at its end if it has none)."""
    added = snippet(generation, error).encode("utf-8")
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + added
    at = ends[-1].start()
    return page[:at] + added + page[at:]


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the served folder, and the reload event stream."""

    server: SiteServer
    server_version = "personakit-serve"
    sys_version = ""

    def do_GET(self) -> None:
        """Send a file, the event stream, a redirect or a 404."""
        self._answer(head=False)

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self._answer(head=True)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows one line per rebuild, not one per request."""

    def _answer(self, head: bool) -> None:
        site = self.server
        if not site.host_allowed(self.headers.get("Host")):
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"Unknown host.\n", "text/plain", head)
            return
        if target_path(self.path) == EVENTS and not head:
            self._events()
            return
        reloads = site.reloads
        generation, error = reloads.generation, reloads.error
        found = resolve(site.folder, self.path)
        if found is not None and found.redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", found.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = read_regular(found.path) if found is not None and found.path else None
        if data is None or found is None or found.path is None:
            body = b"<!doctype html><title>Not found</title><p>Not found.</p>\n"
            page = inject(body, generation, error)
            self._send(HTTPStatus.NOT_FOUND, page, "text/html; charset=utf-8", head)
            return
        kind = mimetypes.guess_type(found.path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data, generation, error)
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """A server-sent event stream: one `reload` event when the generation moves
        past the one the page was served with, comments meanwhile to keep it open."""
        reloads = self.server.reloads
        asked = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        since = generation_asked(asked, reloads.generation)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not reloads.closed:
                now = reloads.wait(since, KEEPALIVE)
                if reloads.closed:
                    return
                if now != since:
                    self.wfile.write(f"event: reload\ndata: {now}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:
            return  # the page went away


def generation_asked(asked: str, current: int) -> int:
    """The generation a page says it was served from: a plain number of ASCII digits
    (`str.isdigit` also takes `²` and `٣`, which `int` refuses or reads); anything else
    is `current`, so the stream waits for the next rebuild."""
    if asked.isascii() and asked.isdigit() and len(asked) <= MAX_GENERATION_DIGITS:
        return int(asked)
    return current


class SiteServer(ThreadingHTTPServer):
    """The HTTP server of one `serve`: its folder, its reloads, the hosts it answers."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], folder: Path, reloads: Reloads, *, check_host: bool
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.folder = folder
        self.reloads = reloads
        self.check_host = check_host
        super().__init__(address, Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that failed: silent when the browser went away mid-answer (a page
        left, a reload), one line on standard error otherwise; never a traceback, and
        the server goes on."""
        exc = sys.exc_info()[1]
        if exc is None or isinstance(exc, ConnectionError | TimeoutError):
            return
        print(
            f"personakit serve: a request could not be answered: {type(exc).__name__}: "
            f"{one_line(str(exc))[:300]}",
            file=sys.stderr,
            flush=True,
        )

    @property
    def port(self) -> int:
        """The port it listens on (the one chosen by the system for port 0)."""
        return int(self.server_address[1])

    def host_allowed(self, header: str | None) -> bool:
        """Whether a request's `Host:` names this server (always, with an explicit
        --host: names and proxies in front of it are the user's own)."""
        if not self.check_host:
            return True
        if header is None:
            return False
        names = {f"{name}:{self.port}" for name in ("127.0.0.1", "localhost", "[::1]")}
        return header.strip().lower() in names


def url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
