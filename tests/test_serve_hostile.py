"""`personakit serve` against hostile input, from a hostile review: a clone whose links
lead the watcher out of the workspace, and request targets that once made the server
print a traceback."""

from __future__ import annotations

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

from personakit.serve import watch
from personakit.serve.http import EVENTS, Reloads, SiteServer

# --- the watcher never follows a link ----------------------------------------------


class Watching:
    """`watch.changes` run on a thread of its own, its batches gathered as they come."""

    def __init__(self, root: Path, serving: Path) -> None:
        self.batches: queue.Queue[set[str]] = queue.Queue()
        self.ready = threading.Event()
        self.stop = False
        self.error: BaseException | None = None
        threading.Thread(target=self._run, args=(root, serving), daemon=True).start()

    def _run(self, root: Path, serving: Path) -> None:
        try:
            edits = watch.changes(root, serving, notice=lambda line: None)
            next(edits)
            self.ready.set()
            for batch in edits:
                if self.stop:
                    return
                if batch:
                    self.batches.put(batch)
        except BaseException as exc:  # handed to the test
            self.error = exc
            self.ready.set()

    def seen_within(self, seconds: float, wanted: str | None = None) -> set[str]:
        """Every path named within `seconds` (until `wanted` is named, if given)."""
        seen: set[str] = set()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                seen |= self.batches.get(timeout=0.05)
            except queue.Empty:
                continue
            if wanted is not None and wanted in seen:
                break
        return seen


@pytest.fixture
def linked(tmp_path: Path) -> Iterator[tuple[Path, Path, Watching]]:
    """A workspace with a link to a folder outside it, and a link loop."""
    root = tmp_path / "ws"
    (root / "interviews").mkdir(parents=True)
    (root / "personakit.yaml").write_text("title: T\n")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "x.md").write_text("x")
    os.symlink(outside, root / "interviews" / "escape")
    os.symlink("..", root / "interviews" / "loop")
    watching = Watching(root, tmp_path / "serving")
    yield root, outside, watching
    watching.stop = True


def test_the_watcher_starts_at_once_however_far_a_link_leads(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "interviews").mkdir(parents=True)
    os.symlink("/", root / "everything")
    os.symlink("/", root / "interviews" / "everything")
    # Following `everything -> /` walks the whole file system (minutes, gigabytes for
    # the watches, the interpreter held all the while) before the first page is served:
    # hence a process of its own, which can be stopped.
    script = (
        "import sys; from pathlib import Path; from personakit.serve import watch; "
        "edits = watch.changes(Path(sys.argv[1]), Path(sys.argv[2]), notice=print); "
        "next(edits); print('ready', flush=True)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(root), str(tmp_path / "serving")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the watcher was not ready within 20 s")
    assert out.splitlines() == ["ready"], (out, err)


def test_an_edit_outside_through_a_link_is_not_watched(linked) -> None:
    root, outside, watching = linked
    assert watching.ready.wait(15) and watching.error is None
    (outside / "deep" / "x.md").write_text("changed")
    (outside / "new.md").write_text("new")
    inside = root / "interviews" / "p01.md"
    inside.write_text("inside")
    seen = watching.seen_within(10, str(inside))
    assert str(inside) in seen
    time.sleep(0.5)
    seen |= watching.seen_within(0.5)
    assert not [path for path in seen if "escape" in path or "loop" in path], seen


def test_a_folder_made_while_watching_is_watched(linked) -> None:
    root, _outside, watching = linked
    assert watching.ready.wait(15) and watching.error is None
    folder = root / "interviews" / "2026"
    folder.mkdir()
    watching.seen_within(2, str(folder))
    note = folder / "p02.md"
    note.write_text("first")
    assert str(note) in watching.seen_within(10, str(note))
    note.write_text("second")
    time.sleep(0.3)
    assert str(note) in watching.seen_within(10, str(note))
    # removed and made again under the same name: still watched
    note.unlink()
    folder.rmdir()
    watching.seen_within(1)
    folder.mkdir()
    watching.seen_within(2, str(folder))
    again = folder / "p03.md"
    again.write_text("again")
    assert str(again) in watching.seen_within(10, str(again))


# --- requests that once printed a traceback --------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SiteServer]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<body>home</body>")
    (site / "big.html").write_bytes(b"<body>" + b"x" * 8_000_000 + b"</body>")
    httpd = SiteServer(("127.0.0.1", 0), site, Reloads(), check_host=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.reloads.close()
    httpd.shutdown()
    httpd.server_close()


def exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize(
    "since",
    ["%C2%B2", "%E2%91%A0", "%D9%A3", "%EF%BC%91", "1" * 5000, "-1", "%2B1", "%201", "1_000", "x"],
)
def test_an_odd_generation_in_the_event_stream_is_no_crash(
    server: SiteServer, since: str, capfd: pytest.CaptureFixture[str]
) -> None:
    # Only a plain number is a generation; anything else waits for the next rebuild.
    request = f"GET {EVENTS}?since={since} HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(request.encode())
        answer = b""
        while b"retry: 500" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 200") and b"retry: 500\n\n" in answer
    assert b"event: reload" not in answer
    server.reloads.publish(None)
    assert "Traceback" not in capfd.readouterr().err


def test_a_client_gone_mid_page_leaves_no_traceback(
    server: SiteServer, capfd: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(f"GET /big.html HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        sock.recv(100)
        # a reset, not a polite close: the server's write fails at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    time.sleep(1)
    head = exchange(
        server.port, f"GET / HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
    )
    assert head.startswith(b"HTTP/1.0 200")
    assert "Traceback" not in capfd.readouterr().err


# --- the terminal closed -----------------------------------------------------------


def test_a_closed_terminal_stops_cleanly_and_removes_the_temporary_folder(
    make_workspace, tmp_path: Path
) -> None:
    from tests.test_serve import Serve

    served = Serve(make_workspace(), tmp_path / "tmp")
    try:
        assert served.get("/personas/admin.html")[0] == 200
        assert len(list(served.tmp.iterdir())) == 1
        # SIGHUP: the terminal window closed, the ssh session dropped
        code, stderr = served.stop(signal.SIGHUP)
    finally:
        served.proc.kill()
    assert code == 0 and "Traceback" not in stderr
    # the site, internal notes included, is not left in the temporary folder
    assert list(served.tmp.iterdir()) == []


def test_a_hangup_ignored_by_nohup_is_still_ignored(make_workspace, tmp_path: Path) -> None:
    root = make_workspace()
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "personakit", "serve", "--port", "0", "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    try:
        assert proc.stdout is not None
        while "Serving" not in proc.stdout.readline():
            assert proc.poll() is None
        proc.send_signal(signal.SIGHUP)
        time.sleep(1)
        assert proc.poll() is None  # as `nohup personakit serve &` asks
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        proc.kill()
    assert list((tmp_path / "tmp").iterdir()) == []


# --- the terminal and the page agree ---------------------------------------------


def test_the_status_line_is_printed_once_pages_say_the_same(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A test (or a person) that reads "not rebuilt" and opens a page must see the banner.
    from personakit.serve import _report
    from personakit.serve.build import Build

    printed_before: list[str] = []

    class Recording(Reloads):
        def publish(self, error: str | None) -> None:
            printed_before.append(capsys.readouterr().err)
            super().publish(error)

    reloads = Recording()
    _report(Build(0.1, error="personakit.yaml:1: bad"), reloads, "rebuilt")
    assert printed_before == [""]
    assert reloads.error == "personakit.yaml:1: bad"
    assert "not rebuilt" in capsys.readouterr().err


# --- Ctrl-C pressed again while stopping -------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_pressed_again_while_stopping_still_removes_the_folder(
    make_workspace, tmp_path: Path, sig: int
) -> None:
    from tests.test_serve import Serve

    served = Serve(make_workspace(), tmp_path / "tmp")
    try:
        # an open event stream: stopping waits for the server's loop to end
        with socket.create_connection(("127.0.0.1", int(served.url.rsplit(":", 1)[1][:-1]))):
            for _ in range(8):  # ^C^C^C^C...
                served.proc.send_signal(sig)
                time.sleep(0.08)
            code = served.proc.wait(30)
    finally:
        served.proc.kill()
    assert code in (0, 130)
    # the site, internal notes included, is not left in the temporary folder
    assert list(served.tmp.iterdir()) == []
