"""`personakit render` against a hostile or careless workspace: sandboxed templates,
template errors, safe links, what `--public` leaves out, the atomic site swap, refused
output folders, symlinked assets, injective page names and file permissions."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.render import render
from tests.conftest import found, run_lint
from tests.test_cli import REPO, assert_one_line_error, pk

TODAY = dt.date(2026, 11, 24)
OVERRIDE = "templates/render/html/persona.html.j2"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


# -- 1. templates run sandboxed ------------------------------------------------------

PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "{{ lipsum.__globals__ }}",
    "{{ persona.__class__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{{ 'x' * 100000000 }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_template_cannot_escape_the_sandbox(make_workspace, payload):
    root = make_workspace({OVERRIDE: "<p>line one</p>\n" + payload + "\n"})
    proc = pk("render", cwd=root)
    assert_one_line_error(proc, f"{OVERRIDE}:2:")
    assert not (root / "PWNED").exists() and not (REPO / "PWNED").exists()
    assert not (root / "site").exists()


def test_scaffolding_templates_are_sandboxed_too(make_workspace):
    root = make_workspace(
        {"templates/new/persona.yaml.j2": "name: {{ cycler.__init__.__globals__.os }}\n"}
    )
    proc = pk("new", "persona", "x", "--name", "X", "--role", "R", "--no-input", cwd=root)
    assert_one_line_error(proc, "templates/new/persona.yaml.j2:1:")
    assert not (root / "personas" / "x.yaml").exists()


# -- 2. template errors: one line with the file and line, nothing written --------------


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ("<p>ok</p>\n{% if %}\n", 2),  # syntax error
        ("<p>ok</p>\n<p>{{ nothing_here.deeper }}</p>\n", 2),  # undefined
        ("<p>ok</p>\n\n{% include 'render/html/missing.html.j2' %}\n", 3),
        ("{% extends 'render/html/no-such-base.html.j2' %}\n", 1),
        ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n", None),  # endless recursion
        ("{% include 'render/html/persona.html.j2' %}\n", None),  # includes itself
        ("<p>{{ 1 // 0 }}</p>\n", 1),
    ],
)
def test_template_errors_name_the_file_and_line_and_keep_the_old_site(
    make_workspace, template, line
):
    root = make_workspace()
    assert pk("render", cwd=root).returncode == 0
    before = files_of(root / "site")
    (root / OVERRIDE).parent.mkdir(parents=True)
    (root / OVERRIDE).write_text(template)
    proc = pk("render", cwd=root)
    assert_one_line_error(proc, f"{OVERRIDE}:{line}:" if line else f"{OVERRIDE}:")
    assert files_of(root / "site") == before
    assert leftovers(root) == []


@pytest.mark.parametrize(
    "data", [b"<p>\xff\xfe caf\xe9</p>\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"]
)
def test_a_binary_or_latin1_template_is_one_line(make_workspace, data):
    root = make_workspace()
    (root / OVERRIDE).parent.mkdir(parents=True)
    (root / OVERRIDE).write_bytes(data)
    assert_one_line_error(pk("render", cwd=root), f"{OVERRIDE}:1:")
    assert not (root / "site").exists()


# -- 3. only safe links ----------------------------------------------------------------

HOSTILE_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\\tscript:alert(1)",  # YAML double-quoted: a real tab
    "  javascript:alert(1)",
    "\\x00javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
]


def decision_with_link(link: str) -> str:
    return (
        "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin]\n"
        f'rests_on: [admin#integration-stall]\nlink: "{link}"\n---\n# Split onboarding\n'
    )


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_lint_refuses_an_unsafe_decision_link_at_its_position(make_workspace, link):
    root = make_workspace({"decisions/split.md": decision_with_link(link)})
    result = run_lint(root)
    assert ("decisions/split.md", 6, "PK002") in found(result)
    finding = next(f for f in result.findings if f.code == "PK002")
    assert finding.column == 7 and "link" in finding.message


@pytest.mark.parametrize(
    "link",
    ["https://tracker.example/PROJ-1", "http://tracker.example", "mailto:a@b.example", "../x"],
)
def test_safe_links_pass_lint(make_workspace, link):
    root = make_workspace({"decisions/split.md": decision_with_link(link)})
    assert found(run_lint(root), "PK002") == []


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_unsafe_link_that_reaches_render_is_shown_as_text(make_workspace, tmp_path, fmt):
    from personakit import load_workspace
    from personakit.render.figures import compute_figures
    from personakit.render.pages import build_site, site_pages
    from personakit.render.writer import render_pages
    from personakit.session import Session

    root = make_workspace()
    ws = load_workspace(root)
    decision = ws.decisions["split"]
    # a model built without validation, as a plugin or a future loader might
    decision.meta = decision.meta.model_construct(
        **{**decision.meta.__dict__, "link": "JaVaScRiPt:alert(1)"}
    )
    session = Session(ws)
    site = build_site(session, [], compute_figures(session), ext=f".{fmt}")
    render_pages(ws.root, site_pages(site), fmt, tmp_path / "out")
    page = (tmp_path / "out" / "decisions" / f"split.{fmt}").read_text()
    assert "JaVaScRiPt:alert" in page  # shown, as text
    assert 'href="JaVaScRiPt' not in page and "<JaVaScRiPt" not in page
    assert "](JaVaScRiPt" not in page


BODY_LINKS = "\n\n".join(
    [
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:alert(1))",
        "[c](&#106;avascript:alert(1))",
        "[d](<java\tscript:alert(1)>)",
        "[e](\x01javascript:alert(1))",
        "![f](data:image/png;base64,AAAA)",
        "[g](vbscript:msgbox(1))",
        "[h](file:///etc/passwd)",
        "[i][ref]",
        "[ref]: javascript:alert(2)",
        "<javascript:alert(3)>",
        "[ok](https://ok.example/fine)",
    ]
)


def test_links_in_note_and_decision_bodies_are_neutralised(make_workspace, tmp_path):
    note = (
        "---\nid: a\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n"
        "---\n# Interview A\n\n> IT had to approve the scopes, so we waited\n"
        "> until Thursday. #stalled ^q1\n\n" + BODY_LINKS + "\n"
    )
    decision = (
        "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin]\n"
        "rests_on: [admin#integration-stall]\n---\n# Split onboarding\n\n" + BODY_LINKS + "\n"
    )
    root = make_workspace({"interviews/a.md": note, "decisions/split.md": decision})
    assert render(root, tmp_path / "html", today=TODAY).written
    assert render(root, tmp_path / "md", fmt="md", today=TODAY).written
    for page in [*(tmp_path / "html").rglob("*.html")]:
        text = page.read_text().lower()
        for scheme in ("javascript", "vbscript", "data", "file", "java\tscript", "&#106;"):
            assert f'href="{scheme}' not in text and f'src="{scheme}' not in text, page
        assert 'href="\x01' not in text
    assert 'href="https://ok.example/fine"' in (tmp_path / "html/notes/a.html").read_text()
    import re

    for page in (tmp_path / "md").rglob("*.md"):
        text = page.read_text()
        # a link's destination that a Markdown viewer would follow
        for dest in re.findall(r"(?<!\\)\]\(\s*<?([^)\s>]*)", text):
            assert not re.match(r"(?i)\s*(javascript|vbscript|data|file|&#)", dest), (page, dest)
        assert not re.search(r"(?m)^ {0,3}\[ref\]:", text), page
    assert "[ok](https://ok.example/fine)" in (tmp_path / "md/notes/a.md").read_text()


# -- 4. --public leaks nothing personal ------------------------------------------------

SECRETS = {
    "email": "jane@localhost",
    "email2": "olivia@northwind.example",
    "phone-us": "(555) 123-4567",
    "phone-de": "+49 (30) 123456",
    "phone-dash": "555\u2013123\u20134567",
    "name": "Margarethe",
    "participant": "PSECRET77",
    "account": "acme-secret-account",
    "owner": "@secret-owner",
    "internal-tag": "internal-only-tag",
    "internal-role": "secret-role",
    "internal-quote": "words only the team may read",
    "internal-link": "jira.corp",
    "localhost-link": "localhost:8080",
    "finding-text": "SECRETPHRASE",
    "title-phone": "415 555 0134",
}


def hostile_public_workspace(make_workspace) -> Path:
    s = SECRETS
    files = {
        "personakit.yaml": (
            f"title: Research of {s['email2']}\ndescription: call {s['title-phone']}\n"
            f"rules: {{PK301: {{names: [{s['name']}]}}}}\n"
        ),
        "journeys/onboarding.yaml": (
            f"title: Onboarding for {s['name']}\nsteps:\n"
            "  - {id: signup, title: Signs up}\n"
            f"  - {{id: integration, title: 'Connects, ring {s['phone-us']}'}}\n"
        ),
        "interviews/a.md": (
            "---\nid: a\ndate: 2026-10-01\nkind: interview\n"
            f"participant: {s['participant']}\nrole: ops-admin\naccount: {s['account']}\n"
            f"consent: public\ntitle: 'Talk with {s['name']} ({s['email']})'\n---\n"
            f"# Talk\n\nMail {s['email']} or {s['phone-de']}.\n\n"
            f"> IT had to approve the scopes, call {s['phone-us']} or {s['phone-dash']}\n"
            f"> or {s['phone-de']}, ask {s['name']} at {s['email']}. #stalled ^q1\n"
        ),
        "interviews/b.md": (
            "---\nid: b\ndate: 2026-10-02\nkind: support-ticket\nparticipant: P02\n"
            f"role: {s['internal-role']}\ntags: [{s['internal-tag']}]\n---\n# Ticket B\n\n"
            f"> Blocked for three days, {s['internal-quote']}. #stalled ^q1\n"
        ),
        "personas/admin.yaml": (
            f"name: 'Olivia <{s['email2']}>'\nrole: Sets up the tool\npriority: primary\n"
            f"owner: '{s['owner']}'\nstalls:\n"
            "  - id: integration-stall\n    text: Stops at the integration step for days\n"
            "    step: onboarding/integration\n"
            "    quotes: [a#q1, b#q1]\n"
            "    count: {n: 2, of: 2, tag: stalled, among: {role: [ops-admin, "
            + s["internal-role"]
            + "]}}\n"
            "anxieties:\n"
            f"  - text: Fears the demo\n    quotes: [{{ref: b#q1, text: '{s['finding-text']} here'}}]\n"
        ),
        "decisions/split.md": (
            "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin]\n"
            f"rests_on: [admin#integration-stall, b#q1]\nlink: http://{s['internal-link']}/PROJ-9\n"
            "---\n# Split onboarding\n"
        ),
        "decisions/local.md": (
            "---\ndate: 2026-11-02\nstatus: accepted\n"
            f"link: http://{s['localhost-link']}/x\n---\n# Local tracker\n"
        ),
        "decisions/mail.md": (
            "---\ndate: 2026-11-04\nstatus: accepted\nconsent: public\n"
            f"link: mailto:{s['email2']}\n---\n# Mail us\n"
        ),
        "decisions/shared.md": (
            "---\ndate: 2026-11-03\nstatus: accepted\nconsent: public\n"
            "link: http://wiki.lan/ok-to-share\n---\n# Shared\n"
        ),
    }
    return make_workspace(files)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_public_draft_leaks_nothing_personal(make_workspace, tmp_path, fmt):
    root = hostile_public_workspace(make_workspace)
    out = tmp_path / "public"
    proc = pk("render", "--public", "--draft", "--format", fmt, "--out", str(out), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Draft" in (out / f"index.{fmt}").read_text()
    text = "\n".join(p.read_text() for p in out.rglob("*") if p.is_file())
    for what, secret in SECRETS.items():
        assert secret.lower() not in text.lower(), what
    assert "[email]" in text and "[phone]" in text and "[name]" in text
    assert "PK103" in text  # the finding is marked, its message left out
    assert "wiki.lan/ok-to-share" in text  # consent: public keeps an internal link
    if fmt == "html":
        index = (out / "index.html").read_text()
        title = index[index.index("<title>") : index.index("</title>")]
        assert "[email]" in title


def test_public_render_of_the_hostile_workspace_without_errors(make_workspace, tmp_path):
    root = hostile_public_workspace(make_workspace)
    persona = root / "personas/admin.yaml"
    persona.write_text(persona.read_text().replace(f"{SECRETS['finding-text']} here", "Blocked"))
    for fmt in ("html", "md"):
        out = tmp_path / fmt
        result = render(root, out, fmt=fmt, public=True, today=TODAY)
        assert result.written, result
        text = "\n".join(p.read_text() for p in out.rglob("*") if p.is_file())
        for what, secret in SECRETS.items():
            assert secret.lower() not in text.lower(), what


# -- 5. atomic, locked, clean ------------------------------------------------------------

SLOW_RENDER = textwrap.dedent(
    """
    import sys, time
    import personakit.render.output as output

    stage = sys.argv[1]
    write_file, swap = output.write_file, output.swap

    def slow_write(folder, rel, content):
        if stage in ("write", "lock"):
            print("writing", flush=True)
            time.sleep(0.05)
        write_file(folder, rel, content)

    def slow_swap(staging, out):
        if stage == "swap":
            print("swapping", flush=True)
            time.sleep(60)
        swap(staging, out)
        if stage == "swapped":
            print("swapped", flush=True)
            time.sleep(60)

    output.write_file, output.swap = slow_write, slow_swap
    from personakit.cli import main

    sys.argv = ["personakit", *sys.argv[2:]]
    main()
    """
)


def start_render(stage: str, root: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            SLOW_RENDER,
            stage,
            "render",
            "--root",
            str(root),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def wait_for(proc: subprocess.Popen[str], word: str) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == word:
            return
    raise AssertionError(f"never reached {word!r}: {proc.stderr.read() if proc.stderr else ''}")


@pytest.mark.parametrize("stage", ["write", "swap", "swapped"])
def test_a_kill_at_any_moment_leaves_the_old_site_or_the_new_one(make_workspace, tmp_path, stage):
    root = make_workspace()
    out = tmp_path / "site"
    # today's date, as the render in a subprocess has it (a card says how old its
    # newest evidence is)
    render(root, out)
    old = files_of(out)
    persona = root / "personas/admin.yaml"
    persona.write_text(persona.read_text().replace("Olivia, the ops admin", "Olivia, renamed"))
    render(root, tmp_path / "expected")
    new = files_of(tmp_path / "expected")
    assert old != new
    proc = start_render(stage, root, out)
    try:
        wait_for(proc, {"write": "writing", "swap": "swapping", "swapped": "swapped"}[stage])
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        proc.kill()
    assert files_of(out) == (new if stage == "swapped" else old)
    # the next render cleans up what the killed one left behind
    assert render(root, out).written
    assert files_of(out) == new
    assert leftovers(tmp_path) == []


def test_without_an_atomic_exchange_a_killed_swap_is_undone_by_the_next_render(
    make_workspace, tmp_path, monkeypatch
):
    import personakit.render.output as output

    root = make_workspace()
    out = tmp_path / "site"
    render(root, out, today=TODAY)
    old = files_of(out)
    # what the two-rename fallback leaves when killed between its renames
    os.rename(out, tmp_path / ".site.old-0123abcd")
    (tmp_path / ".site.render-89abcdef").mkdir()
    with output.site_lock(out):
        output._recover(out)
    assert files_of(out) == old and leftovers(tmp_path) == []
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    assert render(root, out, today=TODAY).written
    assert files_of(out) == old and leftovers(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_mid_render_removes_the_staging_folder(make_workspace, tmp_path, sig):
    root = make_workspace()
    out = tmp_path / "site"
    render(root, out, today=TODAY)
    old = files_of(out)
    proc = start_render("write", root, out)
    try:
        wait_for(proc, "writing")
        time.sleep(0.2)
        proc.send_signal(sig)
        _out, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in stderr
    assert files_of(out) == old
    assert leftovers(tmp_path) == []


def test_an_error_mid_write_removes_the_staging_folder(make_workspace, tmp_path, monkeypatch):
    import personakit.render.output as output

    root = make_workspace()
    out = tmp_path / "site"

    def broken(folder: Path, rel: str, content: str | bytes) -> None:
        raise OSError(28, "No space left on device", str(folder / rel))

    monkeypatch.setattr(output, "write_file", broken)
    with pytest.raises(OSError):
        render(root, out, today=TODAY)
    assert not out.exists() and leftovers(tmp_path) == []


def test_two_renders_at_once_both_finish(make_workspace, tmp_path):
    root = make_workspace()
    out = tmp_path / "site"
    first = start_render("lock", root, out)
    second = start_render("lock", root, out)
    for proc in (first, second):
        _stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr
    render(root, tmp_path / "expected")  # today, as the subprocesses have it
    assert files_of(out) == files_of(tmp_path / "expected")
    assert leftovers(tmp_path) == []


def test_a_render_that_cannot_get_the_lock_fails_with_one_line(
    make_workspace, tmp_path, monkeypatch
):
    import personakit.render.output as output

    root = make_workspace()
    out = tmp_path / "site"
    monkeypatch.setattr(output, "LOCK_WAIT", 0.2)
    with output.site_lock(out), pytest.raises(WorkspaceError, match="another personakit render"):
        render(root, out, today=TODAY)
    assert not out.exists() and leftovers(tmp_path) == []


# -- 6. refused output folders ---------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    [
        ".",
        "..",
        "interviews/site",
        "interviews/2026/site",
        "personas/site",
        "journeys/site",
        "decisions/site",
        "sources",
        "data",
        "segments",
        "templates/site",
    ],
)
def test_out_may_not_replace_or_feed_the_workspace(make_workspace, where):
    root = make_workspace()
    before = files_of(root)
    proc = pk("render", "--out", str(root / where), cwd=root)
    assert_one_line_error(proc, "--out")
    assert files_of(root) == before


def test_out_through_a_symlink_into_interviews_is_refused(make_workspace, tmp_path):
    root = make_workspace()
    (tmp_path / "link").symlink_to(root / "interviews" / "site")
    assert_one_line_error(pk("render", "--out", str(tmp_path / "link"), cwd=root), "--out")


def test_out_with_an_impossible_name(make_workspace):
    root = make_workspace()
    assert_one_line_error(pk("render", "--out", "x" * 300, cwd=root), "--out")
    with pytest.raises(WorkspaceError, match="NUL"):
        render(root, root / "a\x00b", today=TODAY)


# -- 7. symlinked assets and templates -------------------------------------------------


@pytest.mark.parametrize("name", ["style.css", "persona.html.j2"])
def test_a_symlinked_asset_outside_the_workspace_is_refused(make_workspace, tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET KEY\n")
    root = make_workspace()
    folder = root / "templates/render/html"
    folder.mkdir(parents=True)
    (folder / name).symlink_to(secret)
    proc = pk("render", cwd=root)
    assert_one_line_error(proc, f"templates/render/html/{name}")
    assert not (root / "site").exists()


def test_a_symlinked_templates_folder_outside_the_workspace_is_refused(make_workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere/render/html"
    elsewhere.mkdir(parents=True)
    (elsewhere / "style.css").write_text("TOP SECRET\n")
    root = make_workspace()
    (root / "templates").symlink_to(tmp_path / "elsewhere")
    assert_one_line_error(pk("render", cwd=root), "templates/render/html/style.css")


def test_a_symlink_inside_the_workspace_is_fine(make_workspace):
    root = make_workspace({"assets/style.css": "body { color: black; }\n"})
    folder = root / "templates/render/html"
    folder.mkdir(parents=True)
    (folder / "style.css").symlink_to(root / "assets/style.css")
    assert pk("render", cwd=root).returncode == 0
    assert (root / "site/style.css").read_text() == "body { color: black; }\n"


# -- 8. injective page names -----------------------------------------------------------


def test_ids_differing_in_case_or_dropped_characters_get_their_own_pages(
    make_workspace, tmp_path
) -> None:
    ids = ["P-01", "p-01", "p_01", "p 01", "p_20_01", "P\u00e9"]
    files: dict[str, str | None] = {}
    for i, ident in enumerate(ids):
        files[f"interviews/{ident}.md"] = (  # the file stem is the id
            f"---\ndate: 2026-10-0{i + 1}\nkind: interview\n"
            f"participant: P{i}\nrole: ops-admin\n---\n# Note {ident}\n\n> Marker {i}. ^q1\n"
        )
    root = make_workspace(files)
    for fmt in ("html", "md"):
        out = tmp_path / fmt
        render(root, out, fmt=fmt, today=TODAY, draft=True)
        pages = sorted((out / "notes").iterdir())
        assert len({p.name.lower() for p in pages}) == len(pages) == 2 + len(ids)
        evidence = (out / f"evidence.{fmt}").read_text()
        import re

        from personakit.render.text import md_escape

        for i, ident in enumerate(ids):
            pattern = r'href="([^"]+)"' if fmt == "html" else r"\]\((notes/[^)]+)\)"
            targets = [t for t in re.findall(pattern, evidence) if t.startswith("notes/")]
            page = next(
                t for t in targets if f"Marker {i}." in (out / t.replace("%20", " ")).read_text()
            )
            shown = ident if fmt == "html" else md_escape(ident)
            assert f"Note {shown}" in (out / page).read_text()
        again = tmp_path / f"{fmt}-again"
        render(root, again, fmt=fmt, today=TODAY, draft=True)
        assert files_of(again) == files_of(out)


# -- 9. permissions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mask", "file_mode", "dir_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)]
)
def test_rendered_files_get_the_umask_permissions(
    make_workspace, tmp_path, mask, file_mode, dir_mode
):
    root = make_workspace()
    out = tmp_path / "site"
    old = os.umask(mask)
    try:
        render(root, out, today=TODAY)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == dir_mode
    for path in out.rglob("*"):
        expected = dir_mode if path.is_dir() else file_mode
        assert path.stat().st_mode & 0o777 == expected, path


def test_the_example_workspace_still_renders(tmp_path):
    out = tmp_path / "site"
    assert render(REPO, out, today=TODAY).written
    shutil.rmtree(out)
