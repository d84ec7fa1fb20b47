"""`personakit render`: golden output, refusal on errors, drafts, public editions,
hostile text, determinism and template overrides. (The browser checks are in
test_browser.py.)"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.render import render
from tests.conftest import example_copy
from tests.test_cli import REPO, assert_one_line_error, pk

TODAY = dt.date(2026, 11, 24)
GOLDEN = Path(__file__).parent / "golden"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_example_workspace_golden(tmp_path: Path, fmt: str, request: pytest.FixtureRequest):
    out = tmp_path / "site"
    result = render(REPO, out, fmt=fmt, today=TODAY)
    assert result.written and result.errors == 0
    actual = files_of(out)
    expected_dir = GOLDEN / f"site-{fmt}"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(out, expected_dir)
        return
    assert actual == files_of(expected_dir)
    pages = [p for p in actual if p.endswith(f".{fmt}")]
    assert len(pages) == 2 + 3 + 1 + 17 + 3  # index, evidence, personas, journey, notes, decisions


def test_output_is_deterministic(tmp_path: Path):
    render(REPO, tmp_path / "a", today=TODAY)
    render(REPO, tmp_path / "b", today=TODAY)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


def test_counts_badges_and_backlinks_in_the_persona_page(tmp_path: Path):
    render(REPO, tmp_path / "site", today=TODAY)
    page = (tmp_path / "site" / "personas" / "ops-admin.html").read_text()
    assert "6 of 8 ops admins" in page
    assert "7 of 14 support tickets from ops admins" in page
    assert 'class="badge badge-triangulated"' in page
    assert 'href="../notes/p03.html#q1"' in page
    assert "Split onboarding into an admin path and a team-member path" in page  # decision
    note = (tmp_path / "site" / "notes" / "p03.html").read_text()
    assert 'id="q1"' in note and "Cited by:" in note
    assert 'href="../personas/ops-admin.html#claim-integration-stall"' in note


def test_lint_errors_refuse_the_render_and_write_nothing(make_workspace, tmp_path: Path):
    root = make_workspace(
        {
            "personas/admin.yaml": "name: O\nrole: R\npriority: primary\n"
            "anxieties:\n  - text: Fears nothing in particular\n"
        }
    )
    proc = pk("render", cwd=root)
    assert proc.returncode == 1
    assert "nothing rendered" in proc.stderr and "--draft" in proc.stderr
    assert not (root / "site").exists()
    proc = pk("render", "--draft", cwd=root)
    assert proc.returncode == 0, proc.stderr
    page = (root / "site" / "personas" / "admin.html").read_text()
    assert "Draft." in page
    # the finding is marked on the claim it is about
    claim = page[page.index('id="claim-anxieties-0"') :]
    assert "PK101 unsupported-claim" in claim[: claim.index("</li>")]


def test_public_edition_leaves_out_internal_quotes_and_masks_personal_data(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    note = root / "interviews" / "interviews" / "2026-09-08-p01.md"
    note.write_text(
        note.read_text().replace(
            "She did not invite anyone",
            "Reach her at olivia@northwind.example or +1 415 555 0134. She did not invite anyone",
        )
    )
    out = root / "public"
    render(root, out, public=True, today=TODAY)
    text = "\n".join(p.read_text() for p in out.rglob("*.html"))
    from personakit import load_workspace

    ws = load_workspace(root)
    internal = [
        q.text
        for n in ws.notes.values()
        if n.meta.consent.value == "internal"
        for q in n.quotes.values()
    ]
    assert internal and not [q for q in internal if q in text]
    public_notes = {n.id for n in ws.notes.values() if n.meta.consent.value == "public"}
    assert {p.stem for p in (out / "notes").iterdir()} == public_notes
    assert "olivia@northwind.example" not in text and "[email]" in text
    assert "415 555 0134" not in text and "[phone]" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    assert "left out of this edition" in text
    assert "T-4907" not in text  # source rows are internal exports


HOSTILE = (
    '<script>alert("x")</script> "><img src=x onerror=alert(1)> [click](javascript:alert(1)) | a | b | # not a heading **not bold** '
    + "W" * 3000
)


def search_scripts(page: str) -> tuple[str, str]:
    """The index's search data (JSON) and the page without its two search scripts."""
    data = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', page, re.S)
    code = re.search(r"<script>\n\(function \(\) \{.*?\}\)\(\);\n</script>", page, re.S)
    assert data and code, "the index has its search scripts"
    rest = page.replace(data.group(0), "").replace(code.group(0), "")
    return data.group(1), rest


def test_hostile_text_is_shown_as_text(make_workspace, tmp_path: Path):
    root = make_workspace(
        {
            "personas/admin.yaml": (
                f"name: {HOSTILE!r}\nrole: {HOSTILE!r}\npriority: primary\nstalls:\n"
                f"  - id: integration-stall\n    text: {HOSTILE!r}\n    step: onboarding/integration\n"
                "    quotes: [a#q1, b#q1]\n    count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}\n"
            ).replace("'\"'\"'", "''"),
            "interviews/a.md": (
                "---\nid: a\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n"
                f"title: {HOSTILE!r}\n---\n# Body <b>bold</b> <script>alert(2)</script>\n\n"
                "[x](javascript:alert(3))\n\n> IT had <script>alert(4)</script> to approve #stalled ^q1\n"
            ),
        }
    )
    html_out, md_out = tmp_path / "html", tmp_path / "md"
    assert render(root, html_out, today=TODAY).written
    assert render(root, md_out, fmt="md", today=TODAY).written
    for page in html_out.rglob("*.html"):
        text = page.read_text()
        if page.name == "index.html":
            # the search box's own two scripts, and nothing of the text runs as one
            data, text = search_scripts(text)
            assert "alert" in data and "<" not in data
        assert "<script" not in text, page
        assert "<img" not in text and "<b>" not in text, page
        assert 'href="javascript:' not in text, page
    persona = (html_out / "personas" / "admin.html").read_text()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in persona
    for page in md_out.rglob("*.md"):
        text = page.read_text()
        # an unescaped `<` would start raw HTML; `\<` is shown as the character
        assert not re.search(r"(?<!\\)<(script|img|b>)", text), page
        assert "](javascript:" not in text, page
    persona_md = (md_out / "personas" / "admin.md").read_text()
    assert "\\<script\\>" in persona_md and "\\| a \\| b \\|" in persona_md


def test_workspace_templates_override_built_in_ones(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    (root / "templates" / "render" / "html").mkdir(parents=True)
    (root / "templates" / "render" / "html" / "style.css").write_text("body { color: black; }\n")
    (root / "templates" / "render" / "md").mkdir(parents=True)
    (root / "templates" / "render" / "md" / "evidence.md.j2").write_text(
        "# Our own evidence page\n"
    )
    render(root, root / "html", today=TODAY)
    render(root, root / "md", fmt="md", today=TODAY)
    assert (root / "html" / "style.css").read_text() == "body { color: black; }\n"
    assert (root / "md" / "evidence.md").read_text() == "# Our own evidence page\n"


def test_output_folder_is_replaced_whole_and_foreign_folders_are_refused(tmp_path: Path):
    out = tmp_path / "site"
    render(REPO, out, today=TODAY)
    (out / "stale.html").write_text("from an older render")
    render(REPO, out, today=TODAY)
    assert not (out / "stale.html").exists()
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="not written by personakit render"):
        render(REPO, foreign, today=TODAY)
    assert (foreign / "keep.txt").read_text() == "mine"
    assert_one_line_error(pk("render", "--out", str(foreign)), "not written by personakit render")
    assert not list(tmp_path.glob(".site.*"))  # no staging folders left behind


def test_show_prints_the_card():
    from typer.testing import CliRunner

    from personakit.cli import app

    result = CliRunner().invoke(
        app, ["--root", str(REPO), "show", "ops-admin"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Olivia, the onboarding ops admin" in result.output
    assert "[6 of 8 ops admins]" in result.output
    assert "Where they get stuck" in result.output
    assert "Split onboarding into an admin path and a team-member path" in result.output
    assert_one_line_error(pk("show", "nobody"), "no persona 'nobody'")
