"""Property-based fuzzing: generated malformed and hostile workspaces and command lines.

Each property starts from the valid base workspace (tests/fuzz/base.py), applies a few
edits of one kind, runs `lint` and then another command, and checks the invariants of
harness.check_case. `PERSONAKIT_FUZZ=10000` runs the large profile (docs/reliability.md).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from . import strategies as S
from .base import AS_OF, Note, base_spec
from .harness import SECRET, check_case, materialize, run_inprocess
from .settings import fuzz_settings

LINT = ["lint", "--as-of", AS_OF]


def test_the_base_workspace_is_clean() -> None:
    """The starting point lints clean, renders and answers data questions, so that the
    generated cases are one edit away from a working workspace."""
    results = check_case(
        base_spec(),
        [
            LINT,
            ["render", "--public"],
            ["segment", "admin", "--as-of", AS_OF],
            ["top", "requests.feature", "--among", "admin", "--as-of", AS_OF],
            ["show", "admin"],
        ],
    )
    assert [r.code for r in results] == [0, 0, 0, 0, 0], [r.stderr for r in results]


def _followed_by(data: st.DataObject, options: list[list[str]]) -> list[list[str]]:
    return [LINT, data.draw(st.sampled_from(options), label="then")]


@fuzz_settings(ci_examples=25)
@given(st.data())
def test_malformed_notes(data: st.DataObject) -> None:
    spec = base_spec()
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        S.mutate_doc(data, spec, data.draw(st.sampled_from(S.note_files()), label="note"))
    check_case(
        spec,
        _followed_by(
            data,
            [
                ["render", "--draft"],
                ["render", "--public", "--format", "md"],
                ["tags", "--by", "role"],
                ["tags", "--by", "account", "--format", "json"],
                ["show", "admin"],
                ["review", "--all"],
                ["lint", "--format", "junit"],
                ["lint", "--format", "sarif"],
                ["lint", "--format", "text"],
                ["lint", "--fix", "--unsafe-fixes", "--as-of", AS_OF],
                ["lint", "--diff", "--unsafe-fixes", "--as-of", AS_OF],
            ],
        ),
        "notes",
    )


@fuzz_settings(ci_examples=30)
@given(st.data())
def test_malformed_personas(data: st.DataObject) -> None:
    spec = base_spec()
    for _ in range(data.draw(st.integers(1, 2), label="edits")):
        if data.draw(st.booleans(), label="targeted"):
            S.persona_spot(data, spec)
        else:
            S.mutate_doc(data, spec, "personas/member.yaml", S.persona_values())
    check_case(
        spec,
        _followed_by(
            data,
            [
                ["render", "--draft"],
                ["render", "--public", "--draft"],
                ["show", "admin"],
                ["segment", "admin", "--as-of", AS_OF],
                ["segment", "admin", "--sql"],
                ["top", "requests.feature", "--among", "admin", "--as-of", AS_OF],
                ["snapshot", "--as-of", AS_OF],
                ["review", "admin", "--all"],
                ["fmt", "--check"],
                ["fmt"],
                ["new", "job", "admin", "--when", "w", "--want", "x", "--so", "y", "--no-input"],
                ["lint", "--format", "json"],
                ["lint", "--fix", "--unsafe-fixes", "--as-of", AS_OF],
                ["lint", "--diff", "--unsafe-fixes", "--as-of", AS_OF],
            ],
        ),
        "personas",
    )


@fuzz_settings(ci_examples=15)
@given(st.data())
def test_malformed_journeys_and_decisions(data: st.DataObject) -> None:
    spec = base_spec()
    for _ in range(data.draw(st.integers(1, 2), label="edits")):
        target = data.draw(
            st.sampled_from(["journeys/onboarding.yaml", "decisions/split.md", "link"]), label="doc"
        )
        if target == "link":
            decision = spec.docs["decisions/split.md"]
            assert isinstance(decision, Note)
            if isinstance(decision.front, dict):  # not already replaced by raw text
                decision.front["link"] = data.draw(
                    st.one_of(st.sampled_from(S.LINKS), S.texts()), label="link"
                )
        else:
            S.mutate_doc(data, spec, target)
    check_case(
        spec,
        _followed_by(
            data,
            [
                ["render", "--draft"],
                ["render", "--public", "--draft"],
                ["render", "--format", "md", "--draft"],
                ["fmt", "--check"],
                ["show", "admin"],
            ],
        ),
        "journeys-decisions",
    )


@fuzz_settings(ci_examples=25)
@given(st.data())
def test_malformed_config_and_data(data: st.DataObject) -> None:
    spec = base_spec()
    for _ in range(data.draw(st.integers(1, 2), label="edits")):
        if data.draw(st.booleans(), label="config"):
            S.config_spot(data, spec)
        else:
            S.data_spot(data, spec)
    check_case(
        spec,
        _followed_by(
            data,
            [
                ["segment", "admin", "--as-of", AS_OF],
                ["segment", "admin", "--format", "json", "--as-of", "9999-12-31"],
                ["top", "requests.feature", "--as-of", AS_OF],
                ["top", "users.nps", "--among", "admin", "--as-of", "0001-01-01"],
                ["snapshot", "--as-of", AS_OF],
                ["render", "--draft"],
                ["render", "--public", "--draft"],
                ["lint", "--as-of", "9999-12-31"],
                ["lint", "--as-of", "0001-01-01"],
                ["lint", "--fix", "--as-of", AS_OF],
                ["tags"],
                ["fmt", "--check", "personakit.yaml"],
            ],
        ),
        "config-data",
    )


@fuzz_settings(ci_examples=20)
@given(st.data())
def test_snapshots_templates_and_lock(data: st.DataObject) -> None:
    spec = base_spec()
    spot = data.draw(st.sampled_from(["snapshot", "template", "lock"]), label="area")
    if spot == "snapshot":
        S.snapshot_spot(data, spec)
        then = [
            ["segment", "admin", "--moves"],
            ["segment", "admin", "--moves", "--since", "2026-10-30"],
            ["snapshot", "--as-of", AS_OF],
            ["render"],
        ]
    elif spot == "template":
        S.template_spot(data, spec)
        then = [["render"], ["render", "--format", "md"], ["render", "--public"]]
    else:
        spec.docs["personakit.lock"] = data.draw(
            st.sampled_from(
                [
                    '{"claims": {"admin#x": 5}}',
                    "@DEEPJSON@",
                    '{"claims": {',
                    "",
                    "{}",
                    '{"claims": {"admin#integration-stall": {"reviewed": "2026-13-45", "evidence": 3}}}',
                ]
            ),
            label="lock",
        )
        then = [["review", "--all"], ["review", "admin", "--all"], ["render"]]
    check_case(spec, _followed_by(data, then), spot)


@fuzz_settings(ci_examples=20)
@given(st.data())
def test_symlinks_encodings_and_odd_files(data: st.DataObject) -> None:
    spec = base_spec()
    if data.draw(st.booleans(), label="links"):
        S.link_spot(data, spec)
    else:
        S.misc_spot(data, spec)
    check_case(
        spec,
        _followed_by(
            data,
            [
                ["render"],
                ["render", "--public"],
                ["fmt"],
                ["fmt", "--check"],
                ["new", "job", "admin", "--when", "w", "--want", "x", "--so", "y", "--no-input"],
                ["review", "--all"],
                ["lint", "--fix", "--unsafe-fixes"],
                ["show", "admin"],
                ["tags"],
                ["snapshot", "--as-of", AS_OF],
                ["segment", "admin", "--as-of", AS_OF],
            ],
        ),
        "links-files",
    )


@fuzz_settings(ci_examples=20)
@given(st.data())
def test_evidence_intake(data: st.DataObject) -> None:
    """Hostile transcripts and highlight exports, names-map and ids that try to escape,
    symlinked folders; then quote, gaps, or importing again."""
    spec = base_spec()
    commands = S.intake_spot(data, spec)
    check_case(spec, [*commands, LINT], "intake")


@fuzz_settings(ci_examples=35)
@given(st.data())
def test_command_lines(data: st.DataObject) -> None:
    spec = base_spec()
    argv = data.draw(S.command_lines(), label="argv")
    spec.git = argv[0] == "diff"
    check_case(spec, [argv, LINT], "cli")


# ---- the real entry point ----------------------------------------------------------

ENTRY_CASES = [
    ["lint", "--as-of", "9999-12-31"],
    ["lint", "--format", "junit"],
    ["show", "[bold red]x[/]"],
    ["render", "--out", "x" * 300],
    ["top", "users.nps", "--where", "nps=1"],
    ["segment", "admin", "--as-of", "0001-01-01"],
    ["lint", "--format", "nope"],
]


@pytest.mark.parametrize("argv", ENTRY_CASES, ids=[" ".join(a)[:40] for a in ENTRY_CASES])
def test_entry_point_matches_in_process(argv: list[str]) -> None:
    """`python -m personakit` and the in-process run agree on exit code and output, so
    the fast in-process properties test what a user sees."""
    with tempfile.TemporaryDirectory(prefix="pkfuzz-") as tmp:
        paths = materialize(base_spec(), Path(tmp))
        full = ["--root", str(paths.ws), *argv]
        real = subprocess.run(
            [sys.executable, "-m", "personakit", *full],
            cwd=paths.ws,
            capture_output=True,
            text=True,
            timeout=120,
            env={
                k: v
                for k, v in __import__("os").environ.items()
                if k not in ("GITHUB_ACTIONS", "CI", "PERSONAKIT_DEBUG", "GITHUB_STEP_SUMMARY")
            },
        )
        mine = run_inprocess(full, paths.ws)
    assert real.returncode in (0, 1, 2), real.stderr
    assert "Traceback" not in real.stderr + real.stdout
    assert "internal error" not in real.stderr
    assert SECRET not in real.stdout + real.stderr
    assert mine.code == real.returncode, (mine.stderr, real.stderr)
    # Click names the program after the running module: `python -m pytest` here.
    mine_first = mine.stderr.strip().replace("python -m pytest.personakit", "python -m personakit")
    assert mine_first.splitlines()[:1] == real.stderr.strip().splitlines()[:1]
