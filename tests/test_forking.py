"""The worker processes of forking.py, in fresh interpreters (a worker outliving its
parent, a fork server signalled as it starts): whatever happens to the parent, a
worker says nothing of its own on the user's terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A worker busy for half a second when its parent ends without a word to it: its
# answer has nowhere to go, and it must end quietly.
PARENT_GONE = """
import multiprocessing, os, time
from personakit.forking import Workers

workers = Workers(multiprocessing.get_context("forkserver"), 1, time.sleep)
workers.submit(0.5)
os._exit(0)
"""

# The fork server is sent Ctrl-C the moment it is running, while it still imports
# what it preloads; then a worker is started from it and used.
SERVER_SIGNALLED = """
import multiprocessing, os, signal
from personakit import forking

context = multiprocessing.get_context("forkserver")
context.set_forkserver_preload(["personakit.render.parallel"])
forking._start_fork_server()
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            with open(f"/proc/{pid}/stat") as stat, open(f"/proc/{pid}/cmdline") as cmd:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                if ppid == os.getpid() and "forkserver" in cmd.read():
                    os.kill(int(pid), signal.SIGINT)
        except (OSError, ValueError):
            pass
workers = forking.Workers(context, 1, abs)
workers.submit(-3)
print(workers.results(wait_all=True))
workers.stop()
"""


def run(script: str) -> subprocess.CompletedProcess[str]:
    # Standard error stays open while any worker holds it: what a worker writes after
    # its parent ended is still read here.
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )


def test_a_worker_whose_parent_is_gone_ends_without_a_word():
    proc = run(PARENT_GONE)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_ctrl_c_as_the_fork_server_starts_leaves_it_serving_and_silent():
    proc = run(SERVER_SIGNALLED)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "[3]\n", "")
