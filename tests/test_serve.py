"""`personakit serve`: the rendered folder served read only, rebuilt on edits, stopped
cleanly. The browser half (reload within 2 s, findings on the page) is in
test_serve_browser.py."""

from __future__ import annotations

import http.client
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from personakit.render import render
from personakit.serve.build import build, inodes
from personakit.serve.http import EVENTS, Found, Reloads, SiteServer, inject, resolve
from tests.test_cli import REPO
from tests.test_lint_cache import example

# --- which file a request path names -------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A served folder with a page, a subfolder, and links to inside and outside."""
    site = tmp_path / "site"
    (site / "personas").mkdir(parents=True)
    (site / "index.html").write_text("<body>home</body>")
    (site / "personas" / "a.html").write_text("<body>a</body>")
    (tmp_path / "secret.txt").write_text("SECRET")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "index.html").write_text("SECRET")
    os.symlink(tmp_path / "secret.txt", site / "leak.txt")
    os.symlink(tmp_path / "outside", site / "out")
    os.symlink(site / "index.html", site / "alias.html")  # even a link that stays inside
    os.symlink(site / "personas", site / "people")
    os.mkfifo(site / "pipe.html")
    return site


def test_a_path_inside_names_its_file_and_a_folder_its_index(folder: Path):
    assert resolve(folder, "/") == Found(path=folder / "index.html")
    assert resolve(folder, "/index.html?x=1#top") == Found(path=folder / "index.html")
    assert resolve(folder, "/personas/a.html") == Found(path=folder / "personas" / "a.html")
    assert resolve(folder, "/personas") == Found(redirect="/personas/")
    assert resolve(folder, "//personas//a.html") == Found(path=folder / "personas" / "a.html")
    # never a redirect to another host (`//personas/` would be one)
    assert resolve(folder, "//personas") == Found(redirect="/personas/")
    assert resolve(folder, "/%70ersonas") == Found(redirect="/personas/")


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/personas/../../secret.txt",
        "/personas/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/index.html%00.png",
        "/%00",
        "/.",
        "/./index.html",
        "/leak.txt",
        "/out/",
        "/out/index.html",
        "/alias.html",
        "/people/a.html",
        "/pipe.html",
        "/missing.html",
        "secret.txt",
        "http://example.test/../secret.txt",
        "/%ff%fe",
        "/" + "a/" * 300,
        "/" + "x" * 5000,
    ],
)
def test_nothing_outside_and_no_link_is_ever_served(folder: Path, target: str):
    assert resolve(folder, target) is None


def test_a_missing_folder_serves_nothing(tmp_path: Path):
    assert resolve(tmp_path / "not-yet", "/") is None


# --- the server itself ---------------------------------------------------------------


@pytest.fixture
def server(folder: Path) -> Iterator[SiteServer]:
    reloads = Reloads()
    httpd = SiteServer(("127.0.0.1", 0), folder, reloads, check_host=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    reloads.close()
    httpd.shutdown()
    httpd.server_close()


def raw_get(port: int, target: str, host: str | None = None) -> tuple[int, bytes]:
    """A GET with the request target sent exactly as given (no client normalising it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        host = host or f"127.0.0.1:{port}"
        sock.sendall(f"GET {target} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize(
    "target",
    ["/../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/leak.txt", "/out/", "/people/a.html"],
)
def test_the_server_answers_hostile_paths_with_404(server: SiteServer, target: str):
    status, body = raw_get(server.port, target)
    assert status == 404 and b"SECRET" not in body


def test_pages_are_served_with_the_reload_snippet_and_other_files_as_they_are(
    server: SiteServer, folder: Path
):
    (folder / "style.css").write_text("body{}</body>")
    status, body = raw_get(server.port, "/")
    assert status == 200 and body.startswith(b"<body>home") and body.endswith(b"</body>")
    assert f'EventSource("{EVENTS}?since=0")'.encode() in body
    status, body = raw_get(server.port, "/style.css")
    assert status == 200 and body == b"body{}</body>"
    status, _body = raw_get(server.port, "/personas")
    assert status == 301


@pytest.mark.parametrize("host", ["evil.test", "evil.test:80", "127.0.0.1:1", "localhost"])
def test_another_host_name_is_refused_on_loopback(server: SiteServer, host: str):
    status, body = raw_get(server.port, "/", host=host)
    assert status == 421 and b"home" not in body


def test_loopback_names_are_accepted(server: SiteServer):
    for name in ("127.0.0.1", "localhost", "LOCALHOST"):
        assert raw_get(server.port, "/", host=f"{name}:{server.port}")[0] == 200


def test_a_reload_event_follows_the_next_rebuild(server: SiteServer):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", f"{EVENTS}?since=0")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"retry: 500\n"
    server.reloads.publish(None)
    lines = [response.readline() for _ in range(3)]
    assert lines == [b"\n", b"event: reload\n", b"data: 1\n"]
    conn.close()


def test_a_page_served_before_a_rebuild_it_missed_reloads_at_once(server: SiteServer):
    server.reloads.publish(None)  # generation 1, before the page's stream connects
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", f"{EVENTS}?since=0")
    body = conn.getresponse().read()  # the stream ends after its one event
    assert b"event: reload\ndata: 1\n" in body


def test_a_failed_rebuild_shows_its_error_on_every_page(server: SiteServer):
    server.reloads.publish("personakit.yaml:1: <b>not</b> valid")
    status, body = raw_get(server.port, "/")
    assert status == 200 and b"home" in body
    assert b"could not be rendered: personakit.yaml:1: &lt;b&gt;not&lt;/b&gt; valid" in body
    server.reloads.publish(None)
    assert b"could not be rendered" not in raw_get(server.port, "/")[1]


def test_the_snippet_goes_before_the_last_body_end_or_at_the_end():
    assert inject(b"<p>x</p></BODY ></html>", 3, None).startswith(b"<p>x</p><script>")
    assert inject(b"<p>x</p></BODY ></html>", 3, None).endswith(b"</BODY ></html>")
    assert inject(b"<p>x</p>", 3, None).startswith(b"<p>x</p><script>")


def test_render_output_has_no_reload_script(tmp_path: Path):
    out = tmp_path / "site"
    assert render(REPO, out, draft=True).written
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"EventSource" not in data and b"personakit-serve" not in data, path


# --- rebuilds ------------------------------------------------------------------------


def pages_of(out: Path) -> dict[str, int]:
    """Inode of every file of the site but the marker (written anew by every render)."""
    return {rel: ino for rel, ino in inodes(out).items() if rel != ".personakit-render"}


def test_a_rebuild_rewrites_only_the_pages_whose_inputs_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("PERSONAKIT_NO_CACHE")
    root = example(tmp_path)
    out = tmp_path / "serving" / "site"
    first = build(root, out, public=False, draft=False)
    assert first.error is None and first.pages == first.rewritten > 20
    before = pages_of(out)
    again = build(root, out, public=False, draft=False)
    assert again.rewritten == 0 and pages_of(out) == before
    persona = root / "personas" / "team-member.yaml"
    persona.write_text(persona.read_text().replace("name: ", "name: Renamed ", 1))
    edited = build(root, out, public=False, draft=False)
    after = pages_of(out)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert "personas/team-member.html" in changed
    assert "Renamed" in (out / "personas" / "team-member.html").read_text()
    # pages that do not show the persona (another persona, most notes) are taken over
    assert "personas/ops-admin.html" not in changed and "notes/p03.html" not in changed
    assert 0 < edited.rewritten < edited.pages
    assert "rewritten" in edited.status() and "s:" in edited.status()


def test_findings_are_marked_and_gaps_shown_only_with_draft(make_workspace, tmp_path: Path):
    root = make_workspace(
        {
            "interviews/b.md": "---\nid: b\ndate: 2026-10-02\nkind: support-ticket\nparticipant: P02\nrole: ops-admin\n---\n# B\n"
        }
    )
    out = tmp_path / "serving" / "site"
    result = build(root, out, public=False, draft=False)
    assert result.error is None and result.counts and result.counts["error"] >= 1
    page = (out / "personas" / "admin.html").read_text()
    assert "PK" in page and "draft-banner" in page
    assert "Gaps in the evidence" not in page
    assert build(root, out, public=False, draft=True).error is None
    assert "Gaps in the evidence" in (out / "personas" / "admin.html").read_text()


def test_public_previews_the_public_edition(tmp_path: Path):
    root = example(tmp_path)
    out = tmp_path / "serving" / "site"
    assert build(root, out, public=True, draft=False).error is None
    internal = [
        path.stem.split("-", 3)[-1]
        for path in (root / "interviews").rglob("*.md")
        if "consent: public" not in path.read_text()
    ]
    assert internal  # the example has internal notes, and their pages are left out
    assert not any((out / "notes" / f"{name}.html").exists() for name in internal)
    assert "public edition" in (out / "index.html").read_text()


def test_a_broken_workspace_keeps_the_last_good_site(make_workspace, tmp_path: Path):
    root = make_workspace()
    out = tmp_path / "serving" / "site"
    assert build(root, out, public=False, draft=False).error is None
    before = inodes(out)
    (root / "personakit.yaml").write_text("title: [unclosed\n")
    broken = build(root, out, public=False, draft=False)
    assert broken.error is not None and "personakit.yaml" in broken.error
    assert "\n" not in broken.status() and "still serving the last good site" in broken.status()
    assert inodes(out) == before


# --- the command ---------------------------------------------------------------------


class Serve:
    """`personakit serve` in a subprocess, its output lines gathered as they come."""

    def __init__(self, root: Path, tmp: Path, *args: str, env: dict[str, str] | None = None):
        self.tmp = tmp
        tmp.mkdir(exist_ok=True)
        environ = {**os.environ, "NO_COLOR": "1", "TMPDIR": str(tmp), **(env or {})}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "personakit",
                "serve",
                "--port",
                "0",
                "--root",
                str(root),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environ,
        )
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        for name in ("stdout", "stderr"):
            stream = getattr(self.proc, name)
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()
        self.url = self.wait_for("Serving ").split()[1]

    def _read(self, name: str, stream) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))

    def wait_for(self, text: str, stream: str | None = None, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                name, line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append((name, line))
            if text in line and (stream is None or name == stream):
                return line
        raise AssertionError(f"never printed {text!r}: {self.seen}")

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        self.proc.send_signal(sig)
        code = self.proc.wait(30)
        time.sleep(0.2)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, "\n".join(line for name, line in self.seen if name == "stderr")

    def get(self, path: str) -> tuple[int, str]:
        status, body = raw_get(int(self.url.rsplit(":", 1)[1].strip("/")), path)
        return status, body.decode("utf-8")


@pytest.fixture
def running(make_workspace, tmp_path: Path) -> Iterator[Serve]:
    served = Serve(make_workspace(), tmp_path / "tmp")
    yield served
    served.proc.kill()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly_and_removes_the_temporary_folder(running: Serve, sig: int):
    assert running.url.startswith("http://127.0.0.1:")
    temporary = list(running.tmp.iterdir())
    assert len(temporary) == 1 and temporary[0].name.startswith("personakit-serve-")
    status, page = running.get("/personas/admin.html")
    assert status == 200 and "Olivia" in page
    code, stderr = running.stop(sig)
    assert code == 0
    assert "Traceback" not in stderr
    assert list(running.tmp.iterdir()) == []


def test_an_edit_prints_a_status_line_and_is_served(running: Serve):
    persona = running.tmp.parent / "ws" / "personas" / "admin.yaml"
    persona.write_text(persona.read_text().replace("Olivia, the ops admin", "Olivia, edited"))
    line = running.wait_for("rebuilt in", "stdout")
    assert " s: " in line and "pages" in line
    assert "Olivia, edited" in running.get("/personas/admin.html")[1]
    # a broken config mid-edit: one line on stderr, the last good site still served
    config = running.tmp.parent / "ws" / "personakit.yaml"
    config.write_text("title: [unclosed\n")
    error = running.wait_for("not rebuilt", "stderr")
    assert "personakit.yaml" in error and "still serving the last good site" in error
    status, page = running.get("/personas/admin.html")
    assert status == 200 and "Olivia, edited" in page and "could not be rendered" in page
    config.write_text("title: Test workspace\n")
    running.wait_for("rebuilt in", "stdout")
    assert "could not be rendered" not in running.get("/personas/admin.html")[1]
    assert running.proc.poll() is None
    code, stderr = running.stop()
    assert code == 0 and "Traceback" not in stderr


def test_a_workspace_broken_from_the_start_is_served_once_fixed(make_workspace, tmp_path: Path):
    root = make_workspace()
    (root / "personakit.yaml").write_text("title: [unclosed\n")
    served = Serve(root, tmp_path / "tmp")
    try:
        # Printed before the address, but on standard error, which is read by a thread of
        # its own: it may come in after the address.
        error = next(
            (line for name, line in served.seen if "not built" in line), None
        ) or served.wait_for("not built", "stderr")
        assert "personakit.yaml" in error and "nothing to serve yet" in error
        status, page = served.get("/")
        assert status == 404 and "could not be rendered" in page
        (root / "personakit.yaml").write_text("title: Test workspace\n")
        served.wait_for("rebuilt in", "stdout")
        assert served.get("/personas/admin.html")[0] == 200
        code, stderr = served.stop()
    finally:
        served.proc.kill()
    assert code == 0 and "Traceback" not in stderr


def test_only_loopback_unless_a_host_is_given_with_a_warning(make_workspace, tmp_path: Path):
    served = Serve(make_workspace(), tmp_path / "tmp", "--host", "127.0.0.1")
    try:
        code, stderr = served.stop()
    finally:
        served.proc.kill()
    assert code == 0
    assert "personakit: warning: serving on 127.0.0.1, not only" in stderr


def test_the_default_host_prints_no_warning(running: Serve):
    code, stderr = running.stop()
    assert code == 0 and "warning" not in stderr


def refused(tmp_path: Path, *args: str) -> str:
    """Run `serve` with `args`, expecting a one-line refusal (exit 2) and no temporary
    folder left behind; its message."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "serve", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert [p for p in tmp_path.iterdir() if p.name.startswith("personakit-serve-")] == []
    return proc.stderr


def test_a_folder_that_is_no_workspace_is_one_line(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    stderr = refused(tmp_path, "--port", "0", "--root", str(tmp_path / "empty"))
    assert stderr.startswith("personakit: error: no personakit.yaml in ")


def test_a_port_in_use_is_one_line(make_workspace, tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stderr = refused(tmp_path, "--port", str(port), "--root", str(make_workspace()))
    assert stderr.startswith("personakit: error: cannot listen on 127.0.0.1 port")


def test_rebuilds_hold_the_workspace_and_read_again_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from personakit.workspace.memory import WorkspaceMemory

    monkeypatch.delenv("PERSONAKIT_NO_CACHE")
    root = example(tmp_path)
    out = tmp_path / "serving" / "site"
    memory = WorkspaceMemory()
    assert build(root, out, public=False, draft=False, memory=memory).error is None
    held = dict(memory.held)
    note = root / "interviews" / "interviews" / "2026-10-13-p09.md"
    note.write_text(note.read_text().replace("Show me weekly", "Show me monthly"))
    edited = build(root, out, public=False, draft=False, memory=memory)
    assert edited.error is None and edited.counts and edited.counts["error"] >= 1
    rel = "interviews/interviews/2026-10-13-p09.md"
    assert memory.held[rel] is not held[rel]
    assert all(memory.held[k] is held[k] for k in held if k != rel)
    assert "monthly" in (out / "notes" / "p09.html").read_text()
