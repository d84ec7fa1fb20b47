"""Did you mean: every unknown name gets the closest known ones, a far-off name none."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.findings import Finding, Severity
from personakit.report.fingerprint import fingerprints
from personakit.suggest import closest, did_you_mean, hint, without_hints
from tests.conftest import BASE_FILES, run_lint

PERSONA = textwrap.dedent(BASE_FILES["personas/admin.yaml"])
NOTE_A = textwrap.dedent(BASE_FILES["interviews/a.md"])
NOTE_B = textwrap.dedent(BASE_FILES["interviews/b.md"])
DECISION = textwrap.dedent(BASE_FILES["decisions/split.md"])


def messages(root, code: str) -> list[str]:
    return [f.message for f in run_lint(root).findings if f.code == code]


def one(root, code: str) -> str:
    found = messages(root, code)
    assert len(found) == 1, found
    return found[0]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})


# -- the module ------------------------------------------------------------------------


def test_closest_takes_near_misses_and_refuses_far_off_names():
    assert closest("qoutes", ["quotes", "text", "count"]) == ["quotes"]
    assert closest("decsion-maker", ["decision-maker", "champion", "end-user"]) == [
        "decision-maker"
    ]
    assert closest("banana", ["quotes", "text", "count"]) == []
    assert closest("", ["quotes"]) == []
    assert closest("quotes", []) == []


def test_closest_folds_case_separators_and_leading_zeros_first():
    notes = ["p01", "p03", "p13", "p23", "p30"]
    assert closest("p3", notes) == ["p03"]
    assert closest("P03", notes) == ["p03"]
    assert closest("ops_admin", ["ops-admin", "end-user"]) == ["ops-admin"]


def test_closest_keeps_only_the_fewest_edits_away():
    codes = ["PK101", "PK102", "PK110", "PK201"]
    assert closest("PK1O1", codes) == ["PK101"]
    assert closest("lnit", ["lint", "init", "render"]) == ["init", "lint"]  # both one edit


def test_closest_refuses_a_shared_prefix_with_a_different_rest():
    notes = [f"interview-{i:05d}" for i in range(50)]
    assert closest("interview-x", notes) == []
    assert closest("interview-0001", notes) == ["interview-00001"]  # same apart from zeros


def test_closest_ignores_names_nobody_types():
    long = "a" * 5000
    assert closest(long, [long + "b"]) == []
    assert closest("quotes", ["quote" + "s" * 500]) == []


def test_phrasing():
    assert did_you_mean([]) == ""
    assert did_you_mean(["a"]) == "did you mean 'a'?"
    assert did_you_mean(["a", "b", "c"]) == "did you mean 'a', 'b' or 'c'?"
    assert hint("qoutes", ["quotes"]) == "; did you mean 'quotes'?"
    assert hint("banana", ["quotes"]) == ""


def test_fingerprints_ignore_suggestions():
    """A new file that changes what is suggested must not change a finding's identity."""

    def finding(message: str) -> Finding:
        return Finding("p.yaml", 3, 1, "PK102", "unknown-quote", Severity.error, message)

    plain = "cites p3#q1: no note 'p3'"
    assert without_hints(plain + "; did you mean 'p03#q1'?") == plain
    assert without_hints("note 'a' has no quote ^q9; its quotes are ^q1, ^q2") == (
        "note 'a' has no quote ^q9"
    )
    assert fingerprints([finding(plain)]) == fingerprints(
        [finding(plain + "; did you mean 'p03#q1' or 'p30#q1'?")]
    )


def test_suggestions_cost_nothing_without_findings(make_workspace, monkeypatch):
    """Only a finding asks for suggestions: a clean lint never calls `closest`."""
    import personakit.suggest

    def fail(*args, **kwargs):
        raise AssertionError("closest() called on a clean workspace")

    monkeypatch.setattr(personakit.suggest, "closest", fail)
    assert run_lint(make_workspace()).findings == []


# -- schema (PK002) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("qoutes: [a#q1]", "unknown field 'qoutes' in stalls[0]; did you mean 'quotes'?"),
        ("bananas: [a#q1]", "unknown field 'bananas' in stalls[0]"),
    ],
)
def test_unknown_field_in_a_persona(make_workspace, typo: str, expected: str):
    root = make_workspace({"personas/admin.yaml": PERSONA.replace("quotes: [a#q1, b#q1]", typo)})
    assert one(root, "PK002") == expected


def test_unknown_field_in_a_count_knows_which_kind_of_count(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA.replace("tag: stalled", "tagg: stalled")})
    assert one(root, "PK002").endswith("; did you mean 'tag'?")


def test_unknown_field_in_a_quote_mapping(make_workspace):
    near = PERSONA.replace("[a#q1, b#q1]", "[{ref: a#q1, txt: IT had to approve}]")
    assert one(make_workspace({"personas/admin.yaml": near}), "PK002").endswith(
        "unknown field 'txt' in a quote; did you mean 'text'?"
    )
    far = PERSONA.replace("[a#q1, b#q1]", "[{ref: a#q1, zzz: IT had to approve}]")
    assert one(make_workspace({"personas/admin.yaml": far}), "PK002").endswith(
        "unknown field 'zzz' in a quote"
    )


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("decsion-maker", "; did you mean 'decision-maker'?"), ("purchaser", None)],
)
def test_bad_enum_value(make_workspace, value: str, suggestion: str | None):
    persona = PERSONA.replace("priority: primary", f"priority: primary\nbuying_influence: {value}")
    message = one(make_workspace({"personas/admin.yaml": persona}), "PK002")
    assert f"(got {value!r})" in message  # our own words around pydantic's list
    if suggestion:
        assert message.endswith(suggestion)
    else:
        assert "did you mean" not in message


def test_enum_value_in_a_note(make_workspace):
    root = make_workspace({"interviews/b.md": NOTE_B.replace("support-ticket", "suport-ticket")})
    assert one(root, "PK002").endswith("; did you mean 'support-ticket'?")


def test_undeclared_note_field(make_workspace):
    root = make_workspace({"interviews/a.md": NOTE_A.replace("role: ops-admin", "rol: ops-admin")})
    assert one(root, "PK002") == (
        "unknown field 'rol'; did you mean 'role'? (declare it under note_fields in personakit.yaml)"
    )
    root = make_workspace({"interviews/a.md": NOTE_A.replace("role: ops-admin", "mood: calm")})
    assert "did you mean" not in one(root, "PK002")


# -- citations (PK102) -------------------------------------------------------------------


NOTE_P03 = """\
---
id: p03
date: 2026-10-07
kind: interview
participant: P03
role: ops-admin
---
> We waited until Thursday. #stalled ^q1

> Nobody touched it. ^q2
"""


def cited(make_workspace, refs: str) -> str:
    persona = PERSONA.replace("quotes: [a#q1, b#q1]", f"quotes: [{refs}]")
    return one(
        make_workspace({"personas/admin.yaml": persona, "interviews/p03.md": NOTE_P03}), "PK102"
    )


def test_citation_of_a_misspelt_note_names_the_note_with_that_anchor(make_workspace):
    assert cited(make_workspace, "p3#q1").endswith("no note 'p3'; did you mean 'p03#q1'?")
    assert cited(make_workspace, "zzz#q1").endswith("no note 'zzz'")


def test_citation_of_a_missing_anchor_lists_the_close_or_all_anchors(make_workspace):
    assert cited(make_workspace, "p03#qq1").endswith("no quote ^qq1; did you mean 'p03#q1'?")
    assert cited(make_workspace, "p03#q9").endswith("no quote ^q9; its quotes are ^q1, ^q2")


# -- references (PK201) ------------------------------------------------------------------


def test_journey_step_and_journey(make_workspace):
    def step(ref: str) -> str:
        persona = PERSONA.replace("step: onboarding/integration", f"step: {ref}")
        return one(make_workspace({"personas/admin.yaml": persona}), "PK201")

    assert step("onboarding/integraton").endswith("did you mean 'onboarding/integration'?")
    assert step("onbaording/integration").endswith("did you mean 'onboarding/integration'?")
    assert "did you mean" not in step("onboarding/checkout")
    assert "did you mean" not in step("billing/integration")


def test_decision_personas_and_claims(make_workspace):
    def refs(personas: str, rests_on: str) -> list[str]:
        text = DECISION.replace("personas: [admin]", f"personas: [{personas}]")
        text = text.replace("rests_on: [admin#integration-stall]", f"rests_on: [{rests_on}]")
        return messages(make_workspace({"decisions/split.md": text}), "PK201")

    assert refs("admn", "admin#integraton-stall") == [
        "no persona 'admn'; did you mean 'admin'?",
        "rests on 'admin#integraton-stall': persona 'admin' has no claim with id "
        "'integraton-stall'; did you mean 'admin#integration-stall'?",
    ]
    assert refs("buyer", "admin#pricing") == [
        "no persona 'buyer'",
        "rests on 'admin#pricing': persona 'admin' has no claim with id 'pricing'",
    ]
    assert refs("admin", "admn#integration-stall") == [
        "rests on 'admn#integration-stall': no persona or note 'admn'; did you mean 'admin'?"
    ]


# -- counts (PK104): tags and `among` values -----------------------------------------------


def test_count_with_a_misspelt_tag_or_role(make_workspace):
    def count(old: str, new: str) -> str:
        persona = PERSONA.replace(old, new)
        return one(make_workspace({"personas/admin.yaml": persona}), "PK104")

    assert count("tag: stalled", "tag: staled").endswith(
        "; no note carries tag 'staled'; did you mean 'stalled'?"
    )
    assert count("tag: stalled", "tag: delighted").endswith("; no note carries tag 'delighted'")
    assert count("role: ops-admin}", "role: ops-admn}").endswith(
        "; no note has role 'ops-admn'; did you mean 'ops-admin'?"
    )
    assert count("role: ops-admin}", "role: finance}").endswith("; no note has role 'finance'")


def test_count_with_a_misspelt_among_field(make_workspace):
    persona = PERSONA.replace("among: {role: ops-admin}", "among: {rle: ops-admin}")
    message = one(make_workspace({"personas/admin.yaml": persona}), "PK201")
    assert message.endswith("among: notes have no field 'rle'; did you mean 'role'?")


# -- rule codes ------------------------------------------------------------------------


def test_suppression_naming_a_misspelt_rule(make_workspace):
    def suppressed(code: str) -> str:
        persona = f"# personakit: ignore[{code}] checked by hand\n" + PERSONA
        return one(make_workspace({"personas/admin.yaml": persona}), "PK002")

    assert suppressed("PK1O1") == "suppression names unknown rule 'PK1O1'; did you mean 'PK101'?"
    assert suppressed("single-voise").endswith("did you mean 'single-voice'?")
    assert suppressed("PK999") == "suppression names unknown rule 'PK999'"


def test_config_rules_codes_options_and_severities(make_workspace):
    def config_error(rules: str) -> str:
        root = make_workspace({"personakit.yaml": f"title: T\nrules:\n{rules}"})
        result = invoke("--root", str(root), "lint")
        assert result.exit_code == 2, result.output
        return result.stderr

    assert "unknown rule 'PK1O7'; did you mean 'PK107'?" in config_error("  PK1O7: off\n")
    assert "did you mean" not in config_error("  PK999: off\n")
    assert "unknown option 'max_age_day'; did you mean 'max_age_days'?" in config_error(
        "  PK108: {max_age_day: 30}\n"
    )
    assert "did you mean 'warning'?" in config_error("  PK107: warnign\n")
    assert "did you mean" not in config_error("  PK107: loud\n")


def test_config_fields(make_workspace):
    def config_error(text: str) -> str:
        root = make_workspace({"personakit.yaml": text})
        result = invoke("--root", str(root), "lint")
        assert result.exit_code == 2, result.output
        return result.stderr

    assert "unknown field 'note_field'; did you mean 'note_fields'?" in config_error(
        "title: T\nnote_field: [plan]\n"
    )
    assert "did you mean" not in config_error("title: T\ncolour: blue\n")
    source = "sources:\n  tickets: {path: t.csv, kind: suport-ticket, columns: {id: a, text: b}}\n"
    assert "did you mean 'support-ticket'?" in config_error(source)


def test_rules_command_with_a_misspelt_code():
    result = invoke("rules", "PK1O4")
    assert result.exit_code == 2
    assert "no rule 'PK1O4'; did you mean 'PK104'?" in result.stderr
    result = invoke("rules", "PK999")
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr


# -- persona ids on the command line -----------------------------------------------------


@pytest.mark.parametrize("command", [["show"], ["review"], ["new", "job"]])
def test_persona_argument(make_workspace, command: list[str]):
    root = make_workspace()
    extra = ["--when", "w", "--want", "to do x", "--so", "y"] if command[0] == "new" else []
    near = invoke("--root", str(root), *command, "admn", *extra)
    assert near.exit_code == 2, near.output
    assert "no persona 'admn'" in near.stderr
    assert "did you mean 'admin'?" in near.stderr
    far = invoke("--root", str(root), *command, "buyer", *extra)
    assert far.exit_code == 2, far.output
    assert "did you mean" not in far.stderr


def test_tags_by_field(make_workspace):
    root = str(make_workspace())
    near = invoke("--root", root, "tags", "--by", "rol")
    assert near.exit_code == 2
    assert "no field 'rol'; did you mean 'role'?" in near.stderr
    far = invoke("--root", root, "tags", "--by", "mood")
    assert far.exit_code == 2
    assert "did you mean" not in far.stderr


# -- commands --------------------------------------------------------------------------


def test_mistyped_command_is_answered_with_the_close_ones(capsys):
    """Typer already suggests commands; whatever its wording, the close command is named
    in our one-line error and a far-off word gets no guess."""
    from personakit.cli import run

    assert run(lambda: app(["lnit"], standalone_mode=False, prog_name="personakit")) == 2
    err = capsys.readouterr().err
    assert err.startswith("personakit: error: ") and err.count("\n") == 1
    assert "'lint'" in err
    assert run(lambda: app(["xyzzy"], standalone_mode=False, prog_name="personakit")) == 2
    err = capsys.readouterr().err
    assert "'lint'" not in err and "'init'" not in err
    assert run(lambda: app(["lint", "--formt", "json"], standalone_mode=False)) == 2
    assert "--format" in capsys.readouterr().err


# -- user data: tables, columns, operators, segment personas -----------------------------


@pytest.fixture
def data_root(make_workspace):
    from tests.test_segments import ACCOUNTS, CONFIG, REQUESTS, USERS, persona

    def build(where: str = "accounts.tier: enterprise", extra: str = "") -> Path:
        return make_workspace(
            {
                "personakit.yaml": CONFIG,
                "data/accounts.csv": ACCOUNTS,
                "data/users.csv": USERS,
                "data/requests.csv": REQUESTS,
                "personas/admin.yaml": persona(where) + extra,
            }
        )

    return build


def test_segment_tables_and_columns(data_root):
    assert one(data_root("accounts.teir: enterprise"), "PK401").endswith(
        "has no column 'teir' (data/accounts.csv); did you mean 'accounts.tier'?"
    )
    assert one(data_root("accounts.plan: enterprise"), "PK401").endswith(
        "has no column 'plan' (data/accounts.csv)"
    )
    assert one(data_root("acounts.tier: enterprise"), "PK401").endswith(
        "no table 'acounts' in data.tables; did you mean 'accounts'?"
    )
    assert one(data_root("billing.tier: enterprise"), "PK401").endswith(
        "no table 'billing' in data.tables"
    )


def test_where_operator_in_a_segment(data_root):
    assert one(data_root("users.nps: {mx: 5}"), "PK002").endswith("; did you mean 'max'?")
    assert "did you mean" not in one(data_root("users.nps: {around: 5}"), "PK002")


def test_data_count_segment_persona(data_root):
    def count(segment: str) -> str:
        claim = (
            "anxieties:\n  - text: Barely uses it\n"
            f"    count: {{n: 1, of: 3, segment: {segment}, where: {{users.nps: {{max: 2}}}}}}\n"
        )
        return one(data_root(extra=claim), "PK401")

    assert count("admn").endswith("segment: no persona 'admn'; did you mean 'admin'?")
    assert count("buyer").endswith("segment: no persona 'buyer'")


def test_top_target_where_and_segment_persona(data_root):
    root = str(data_root())

    def error(*args: str) -> str:
        result = invoke("--root", root, *args)
        assert result.exit_code == 2, result.output
        return result.stderr

    assert "did you mean 'requests.feature'?" in error("top", "requests.featur")
    assert "did you mean" not in error("top", "requests.colour")
    assert "did you mean 'users'?" in error("top", "user.nps")
    where = ["top", "requests.feature", "--where"]
    assert "did you mean 'accounts.tier'?" in error(*where, "accounts.teir=team")
    assert "did you mean" not in error(*where, "accounts.plan=team")
    assert "did you mean 'admin'?" in error("segment", "admn")
    assert "did you mean" not in error("segment", "buyer")
    assert "did you mean 'admin'?" in error("top", "requests.feature", "--among", "admn")


def test_lint_path(make_workspace):
    root = make_workspace()
    near = invoke("lint", str(root / "interviews" / "aa.md"))
    assert near.exit_code == 2
    assert "no such file or folder; did you mean 'interviews/a.md'?" in near.stderr
    far = invoke("lint", str(root / "interviews" / "zzz-unknown.md"))
    assert far.exit_code == 2
    assert "did you mean" not in far.stderr
