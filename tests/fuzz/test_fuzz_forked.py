"""A render on forked processes (render/forked.py) answers exactly as a render in one
process does, whatever a hostile workspace's templates hold: a broken template, one
that tries to leave the sandbox, an include of a missing file, random text, in any
page's template of either format. The same exit code, the same one line on stderr,
and, when a site is written, the same files; never a traceback and never a hang.

Each render runs in a fresh interpreter with `PERSONAKIT_JOBS` set (1, then 2): only
there is forking safe (the test process has imported data engines). The workspace is
generated without data tables, so lint opens no data engine and render forks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.test_lint_cache import generated
from tests.test_render import files_of

from .settings import fuzz_settings
from .strategies import TEMPLATES

PAGES = ["base", "persona", "index", "note", "decision", "journey", "evidence", "macros"]

_BASE: list[Path] = []


def base() -> Path:
    """One generated workspace of 200 notes, made once and copied for every case."""
    if not _BASE:
        _BASE.append(generated(Path(tempfile.mkdtemp(prefix="pk-forked-fuzz-"))))
    return _BASE[0]


def render(root: Path, out: Path, fmt: str, jobs: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PERSONAKIT_JOBS": str(jobs), "PERSONAKIT_NO_CACHE": "1"}
    env["NO_COLOR"] = "1"
    command = [sys.executable, "-m", "personakit", "--root", str(root), "render"]
    return subprocess.run(
        [*command, "--format", fmt, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@fuzz_settings(ci_examples=6)
@given(
    fmt=st.sampled_from(["html", "md"]),
    page=st.sampled_from(PAGES),
    template=st.one_of(st.sampled_from(TEMPLATES), st.text(max_size=60)),
)
def test_forked_render_answers_as_one_process_does(fmt: str, page: str, template: str) -> None:
    with tempfile.TemporaryDirectory(prefix="pk-forked-case-") as tmp:
        root = Path(tmp) / "ws"
        shutil.copytree(base(), root)
        override = root / "templates" / "render" / fmt / f"{page}.{fmt}.j2"
        override.parent.mkdir(parents=True)
        override.write_text(template, encoding="utf-8", errors="surrogatepass")
        one = render(root, Path(tmp) / "one", fmt, 1)
        two = render(root, Path(tmp) / "two", fmt, 2)
        shown = two.stderr.replace(str(Path(tmp) / "two"), str(Path(tmp) / "one"))
        assert (two.returncode, shown) == (one.returncode, one.stderr)
        assert one.returncode in (0, 2), one.stderr
        assert "Traceback" not in two.stderr
        if one.returncode == 0:
            assert files_of(Path(tmp) / "one") == files_of(Path(tmp) / "two")
        else:
            assert len(two.stderr.strip().splitlines()) == 1
            assert not (Path(tmp) / "two").exists()
