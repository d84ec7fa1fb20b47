"""Hostile request targets never read anything outside the served folder, never follow
a link, never send the browser to another host, and never stop `personakit serve`.

The served folder is a rendered site with links planted in it (to a file and a folder
outside, and even to pages inside); beside it lie files holding SECRET. Each case sends
a generated request target, built from the pieces path traversal is made of (`..`
plain, percent-encoded, doubled, with backslashes and NUL bytes, the links' names), over
a raw socket, so that no client tidies it first.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personakit.serve.http import Reloads, SiteServer, resolve

from .harness import SECRET
from .settings import fuzz_settings

PIECES = [
    "",
    ".",
    "..",
    "...",
    "%2e%2e",
    "%2E%2e",
    ".%2e",
    "%252e%252e",
    "..%2f",
    "..%5c",
    "..\\",
    "%00",
    "%ff",
    "%c0%ae%c0%ae",
    "%2f",
    "/",
    "//",
    "index.html",
    "personas",
    "a.html",
    "leak.txt",
    "out",
    "alias.html",
    "people",
    "secret.txt",
    "etc",
    "passwd",
    "~",
    "%7e",
    "?x=../..",
    "#../",
    ";",
    "é",
    "%e9",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    base = tmp_path_factory.mktemp("serve")
    site = base / "site"
    (site / "personas").mkdir(parents=True)
    (site / "index.html").write_text("<body>home</body>")
    (site / "personas" / "a.html").write_text("<body>a</body>")
    (base / "secret.txt").write_text(SECRET)
    (base / "outside").mkdir()
    (base / "outside" / "index.html").write_text(SECRET)
    os.symlink(base / "secret.txt", site / "leak.txt")
    os.symlink(base / "outside", site / "out")
    os.symlink(site / "index.html", site / "alias.html")
    os.symlink(site / "personas", site / "people")
    reloads = Reloads()
    httpd = SiteServer(("127.0.0.1", 0), site, reloads, check_host=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    reloads.close()
    httpd.shutdown()
    httpd.server_close()


def send(port: int, target: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + f" HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body


targets = st.lists(st.sampled_from(PIECES), min_size=0, max_size=8).map(
    lambda parts: "/" + "/".join(parts)
)


@fuzz_settings(ci_examples=150)
@given(target=targets | st.text(max_size=60).map(lambda t: "/" + t))
def test_hostile_request_paths(server: SiteServer, target: str) -> None:
    found = resolve(server.folder, target)
    if found is not None and found.path is not None:
        real = os.path.realpath(found.path)
        assert real.startswith(str(server.folder) + os.sep) and not os.path.islink(found.path)
        assert real == str(found.path)  # reached without a link anywhere on the way
    if found is not None and found.redirect is not None:
        assert found.redirect.startswith("/") and not found.redirect.startswith("//")
    raw = target.encode("utf-8", "surrogatepass")
    if any(c in raw for c in b" \r\n"):
        return  # not one request line: the client's mistake, not a path
    status, headers, body = send(server.port, raw)
    assert SECRET.encode() not in body
    assert status in (200, 301, 400, 404), (target, status)
    if status == 200:
        assert body.startswith(b"<body>")
    if status == 301:
        location = headers["Location"]
        assert location.startswith("/") and not location.startswith("//")
    # and the server is still there
    assert send(server.port, b"/")[0] == 200
