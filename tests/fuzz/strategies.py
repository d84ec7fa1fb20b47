"""Hypothesis strategies for hostile and careless input.

Values are YAML source (`Raw`) or plain Python values the writer quotes. Mutations edit
a copy of the base workspace in place: one field replaced, a key added or removed, a
file replaced by garbage, a symlink where a file or folder was.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .base import AS_OF, Note, Spec, Yaml
from .harness import CASE_TOKEN, OUTSIDE_TOKEN
from .yamltext import Raw

DEEP = "[" * 600 + "]" * 600

# YAML source that constructs a value and then fails, or builds one no model expects.
YAML_TAGS = [
    "!!bool maybe",
    '!!int ""',
    "!!int 0x",
    "!!float x",
    "!!timestamp 2026-13-45",
    "!!timestamp 0000-01-01",
    "!!set {a, b}",
    "!!set [a]",
    "!!binary ZZZ",
    "!!binary aGVsbG8=",
    "!!str",
    "!!null x",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!python/object/apply:os.system [echo pwned]",
    "!!python/name:os.system",
    "!custom x",
    "!<tag:yaml.org,2002:int> nope",
    "&a [*a]",
    "*undefined",
    "&x value",
    "{a: 1, a: 2}",
    "[a, b",
    "{a: }",
    "'unterminated",
    DEEP,
    "{" * 300 + "}" * 300,
    "<<: {a: 1}",
    "? [a, b]\n: c",
]

NUMBERS = [
    "0",
    "-1",
    "-0",
    "5.5",
    ".nan",
    ".inf",
    "-.inf",
    "1e400",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "0x1F",
    "0o17",
    "1_000",
    '"5"',
    '"five"',
    "true",
    "null",
    "~",
    '""',
    "[]",
    "{}",
    "[1, 2]",
    "{n: 1}",
]

DATES = [
    "2026-10-01",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-13-45",
    "1970-01-01T00:00:00Z",
    "2026-10-01 25:61:00",
    '"2026-10-01"',
    '"yesterday"',
    "20261001",
    "-2026-10-01",
    "10000-01-01",
    "2026-10",
    "1e10",
]

TEXTS = [
    "[bold red]alarm[/]",
    "[/]",
    "[link=file:///etc/passwd]click[/link]",
    "[red",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    "nul\x00byte",
    "back\bspace",
    "\u202eevil",
    "line\nbreak",
    "\r\n",
    "{{ 7 * 7 }}",
    "{% raw %}",
    "<script>alert(1)</script>",
    "&lt;b&gt;",
    "javascript:alert(1)",
    "#not-a-tag ^not-an-anchor",
    "^q1",
    "p03#q1",
    "tickets:T-1",
    "@LONG@",
    "@HUGE@",
    "(555) 123-4567",
    "+49 (30) 123456",
    "jane@localhost",
    "@MAILBOMB@",
    "\ud800",
    "\ufeffbom",
    "",
    " ",
    "null",
    "~",
    "yes",
    "-",
    "---",
    "...",
    "@" + OUTSIDE_TOKEN + "/secret.md",
]

LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\x00script:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http://localhost/internal",
    "https://intranet/x",
    "mailto:jane@example.com",
    "../../etc/passwd",
    '"><img src=x onerror=alert(1)>',
    "https://ok.example/@LONG@",
    "",
]

PATHS = [
    "../x.csv",
    "../outside/secret.csv",
    "../../top.txt",
    OUTSIDE_TOKEN + "/secret.csv",
    "/etc/passwd",
    "/dev/zero",
    "*.csv",
    "data/*.csv",
    "data/**",
    "data/[a-z]*.csv",
    "data/users.csv\x00.png",
    "data/" + "a" * 300 + ".csv",
    "data",
    "",
    "~/x.csv",
    "data/users.parquet",
    "data/users.json",
    "s3://bucket/x.csv",
    "https://evil.example/x.csv",
    "C:\\x.csv",
]

NAMES = [
    "a",
    "../x",
    "../../top",
    CASE_TOKEN + "/abs",
    "a/b",
    ".",
    "..",
    "",
    " ",
    "-x",
    "--help",
    "--output=pwned.txt",
    "x" * 300,
    "nul\x00x",
    "new\nline",
    "[bold]x[/]",
    "con",
    "ü-ñame",
    "Admin",
    "admin",
    "A.B",
    "#x",
]


def raw(options: list[str]) -> st.SearchStrategy[Raw]:
    return st.sampled_from(options).map(Raw)


def texts() -> st.SearchStrategy[Any]:
    """Hostile text: named specimens, or anything hypothesis likes, quoted or raw."""
    return st.one_of(
        st.sampled_from(TEXTS),
        st.text(max_size=40),
        st.text(max_size=20).map(Raw),
    )


def values(depth: int = 2) -> st.SearchStrategy[Any]:
    """Any value a careless or hostile hand could put in a YAML field."""
    leaf = st.one_of(
        raw(YAML_TAGS),
        raw(NUMBERS),
        raw(DATES),
        texts(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
    )
    if depth <= 0:
        return leaf
    return st.one_of(
        leaf,
        st.lists(values(depth - 1), max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(["n", "of", "tag", "ref", "text", "id"]), texts()),
            values(depth - 1),
            max_size=3,
        ),
    )


def _paths_in(obj: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path inside nested dicts and lists."""
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths_in(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths_in(v, (*prefix, i))
    return out


def _get(obj: Any, path: tuple) -> Any:
    for p in path:
        obj = obj[p]
    return obj


def mutate_structure(data: st.DataObject, obj: Any, value_strategy=None) -> Any:
    """One edit somewhere inside a nested structure: replace, delete, or add a key."""
    if value_strategy is None:
        value_strategy = values()
    paths = _paths_in(obj)
    path = data.draw(st.sampled_from(paths), label="at")
    action = data.draw(st.sampled_from(["replace", "replace", "delete", "add"]), label="edit")
    if not path:  # the whole document
        if action == "replace":
            return data.draw(value_strategy, label="document")
        action = "add"
    parent = _get(obj, path[:-1]) if path else obj
    key = path[-1] if path else None
    if action == "replace" and key is not None:
        parent[key] = data.draw(value_strategy, label="value")
    elif action == "delete" and key is not None:
        del parent[key]
    else:
        target = _get(obj, path)
        if isinstance(target, dict):
            new_key = data.draw(st.one_of(texts(), raw(YAML_TAGS + NUMBERS)), label="key")
            target[new_key] = data.draw(value_strategy, label="value")
        elif isinstance(target, list):
            target.append(data.draw(value_strategy, label="item"))
        elif key is not None:
            parent[key] = data.draw(value_strategy, label="value")
    return obj


def mutate_doc(data: st.DataObject, spec: Spec, rel: str, value_strategy=None) -> None:
    """Edit one document of the spec, keeping its kind."""
    doc = spec.docs[rel]
    if isinstance(doc, Yaml):
        doc.data = mutate_structure(data, doc.data, value_strategy)
    elif isinstance(doc, Note):
        where = data.draw(st.sampled_from(["front", "front", "body", "raw-front"]), label="part")
        if where == "front":
            doc.front = mutate_structure(data, doc.front, value_strategy)
        elif where == "raw-front":
            doc.front = data.draw(raw(YAML_TAGS), label="front")
        else:
            doc.body = data.draw(bodies(), label="body")


@st.composite
def bodies(draw) -> str:
    """Markdown bodies with odd blockquotes, anchors and tags."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "> quoted ^q1\n",
                        "> no anchor\n",
                        "> dup ^q1\n\n> dup again ^q1\n",
                        "> ^\n",
                        "> ^" + "a" * 300 + "\n",
                        "> #" + "t" * 300 + " ^q9\n",
                        ">\n>\n> ^q3\n",
                        "> > nested ^q4\n",
                        "    > indented code ^q5\n",
                        "```\n> in code ^q6\n```\n",
                        "> [bold]markup[/] #tag ^q7\n",
                        "> \x1b]0;title\x07 ^q8\n",
                        "> @WORDS@^big\n",
                        "> @MAILBOMB@ ^mail\n",
                        "> call (555) 123-4567 or +49 (30) 123456 ^phone\n",
                        "---\nid: again\n---\n",
                        "# " + "#" * 200 + "\n",
                        "[link](javascript:alert(1))\n",
                        "<img src=x onerror=alert(1)>\n",
                        "\x00\x01\x02\n",
                    ]
                ),
                st.text(max_size=80).map(lambda t: "> " + t + " ^z\n"),
                st.text(max_size=80),
            ),
            max_size=5,
        )
    )
    return "# Title\n\n" + "\n".join(parts)


def note_files() -> list[str]:
    return ["interviews/a.md", "interviews/b.md", "interviews/tickets/c.md"]


def persona_values() -> st.SearchStrategy[Any]:
    """Values aimed at personas: counts, quotes, cells and segment conditions."""
    count = st.fixed_dictionaries(
        {
            "n": st.one_of(raw(NUMBERS), st.integers()),
            "of": st.one_of(raw(NUMBERS), st.integers()),
        },
        optional={
            "tag": texts(),
            "among": st.dictionaries(texts(), values(1), max_size=2),
            "source": st.one_of(st.sampled_from(["tickets", "nope"]), texts()),
        },
    )
    quotes = st.one_of(
        st.lists(
            st.one_of(
                st.sampled_from(
                    ["a#q1", "b#q2", "a#", "#q1", "a##q1", "tickets:", "tickets:T-9", ":"]
                ),
                texts(),
                st.fixed_dictionaries({"ref": st.sampled_from(["a#q1", "b#q2"]), "text": texts()}),
                st.dictionaries(texts(), values(0), max_size=2),
            ),
            max_size=3,
        ),
        values(0),
    )
    condition = st.one_of(
        values(0),
        st.dictionaries(
            st.sampled_from(["min", "max", "before", "after", "within", "not", "exists", "eq", ""]),
            st.one_of(
                raw(NUMBERS + DATES),
                st.sampled_from(
                    ["90d", "-30d", "99999999999d", "-99999999999d", "0d", "d", "1e9d"]
                ),
                values(0),
            ),
            max_size=2,
        ),
    )
    where = st.dictionaries(
        st.one_of(
            st.sampled_from(
                [
                    "users.nps",
                    "users.signup_date",
                    "accounts.renewal_date",
                    "nps",
                    "users.",
                    ".nps",
                    "users.nan",
                    "nan",
                    "inf",
                    "",
                    "users.a.b",
                    "nope.x",
                    'users."x"',
                    "users.x; DROP TABLE users",
                    "requests.feature",
                ]
            ),
            texts(),
        ),
        condition,
        max_size=3,
    )
    return st.one_of(count, quotes, where, values())


def persona_spot(data: st.DataObject, spec: Spec) -> None:
    """Edit a claim's count, quotes, a journey cell or the segment of a persona."""
    persona = spec.docs["personas/admin.yaml"]
    assert isinstance(persona, Yaml)
    p = persona.data
    spot = data.draw(
        st.sampled_from(["count", "quotes", "cell", "where", "segment", "track", "anywhere"]),
        label="spot",
    )
    if spot == "count":
        p["stalls"][0]["count"] = data.draw(persona_values(), label="count")
    elif spot == "quotes":
        p["jobs"][0]["quotes"] = data.draw(persona_values(), label="quotes")
    elif spot == "cell":
        cell = data.draw(st.sampled_from(["success", "goes_wrong"]), label="cell")
        key = data.draw(
            st.one_of(
                st.sampled_from(["onboarding/integration", "onboarding/nope", "x", "/", "a/b/c"]),
                texts(),
            ),
            label="step",
        )
        p["journey"][key] = {cell: data.draw(persona_values(), label="cell value")}
    elif spot == "where":
        if not isinstance(p.get("segment"), dict):
            p["segment"] = {"of": "users"}  # an earlier spot replaced it with a value
        p["segment"]["where"] = data.draw(persona_values(), label="where")
    elif spot == "segment":
        p["segment"] = data.draw(
            st.one_of(values(), st.fixed_dictionaries({"of": texts(), "where": persona_values()})),
            label="segment",
        )
    elif spot == "track":
        if not isinstance(p.get("segment"), dict):
            p["segment"] = {"of": "users"}  # an earlier spot replaced it with a value
        p["segment"]["track"] = data.draw(
            st.lists(
                st.one_of(
                    st.sampled_from(
                        ["users.nps", "users.user_id", "nps", "users.", "requests.feature"]
                    ),
                    texts(),
                ),
                max_size=3,
            ),
            label="track",
        )
    else:
        persona.data = mutate_structure(data, p, persona_values())


def config_spot(data: st.DataObject, spec: Spec) -> None:
    """Edit personakit.yaml: sources, data tables, rule settings."""
    config = spec.docs["personakit.yaml"]
    assert isinstance(config, Yaml)
    c = config.data
    spot = data.draw(
        st.sampled_from(
            ["source-path", "table-path", "table", "rules", "engine", "relations", "anywhere"]
        ),
        label="spot",
    )
    if spot == "source-path":
        c["sources"]["tickets"]["path"] = data.draw(
            st.one_of(st.sampled_from(PATHS), texts()), label="path"
        )
    elif spot == "table-path":
        name = data.draw(st.sampled_from(["users", "accounts", "requests"]), label="table")
        c["data"]["tables"][name]["path"] = data.draw(
            st.one_of(st.sampled_from(PATHS), texts()), label="path"
        )
    elif spot == "table":
        name = data.draw(
            st.one_of(st.sampled_from(["users", "x", "", "nan", "users.x", "select"]), texts()),
            label="table",
        )
        c["data"]["tables"][name] = data.draw(
            st.one_of(
                values(),
                st.fixed_dictionaries(
                    {
                        "path": st.sampled_from(PATHS),
                        "key": st.one_of(st.sampled_from(["user_id", "nope", ""]), texts()),
                    }
                ),
            ),
            label="table value",
        )
    elif spot == "rules":
        rule = data.draw(
            st.sampled_from(["PK108", "PK203", "PK301", "PK999", "stale-claim", "", "all"]),
            label="rule",
        )
        c["rules"][rule] = data.draw(
            st.one_of(
                st.sampled_from(["error", "warning", "info", "off", "fatal"]),
                st.dictionaries(
                    st.sampled_from(
                        ["max_age_days", "max_days_without_decision", "severity", "nope"]
                    ),
                    st.one_of(
                        raw(NUMBERS), st.integers(min_value=-(2**80), max_value=2**80), texts()
                    ),
                    max_size=2,
                ),
                values(),
            ),
            label="setting",
        )
    elif spot == "engine":
        c["data"]["engine"] = data.draw(
            st.one_of(
                st.sampled_from(
                    [
                        "duckdb",
                        # no "spark": starting a JVM takes longer than the small profile
                        "postgresql://u@127.0.0.1:1/db",
                        "sqlite",
                        "",
                        "postgres://",
                    ]
                ),
                texts(),
            ),
            label="engine",
        )
    elif spot == "relations":
        c["data"]["relations"] = data.draw(
            st.one_of(
                st.lists(
                    st.sampled_from(
                        [
                            "requests.user_id -> users.user_id",
                            "users.user_id -> requests.user_id",
                            "users.account_id -> users.user_id",
                            "a.b -> c.d",
                            "requests.user_id->users.user_id",
                            "x",
                        ]
                    ),
                    max_size=3,
                ),
                values(),
            ),
            label="relations",
        )
    else:
        config.data = mutate_structure(data, c)


CSV_GARBAGE = [
    "",
    "user_id\n",
    "user_id,account_id\nU1\n",
    "user_id,account_id,account_role,signup_date,integration_connected,nps\nU1,A00,admin,not-a-date,maybe,x\n",
    "user_id,account_id,account_role,signup_date,integration_connected,nps\nU1,A00,admin,9999-12-31,true,1e400\n",
    "user_id,account_id,account_role,signup_date,integration_connected,nps\nU1,A00,admin,0001-01-01,true,nan\n",
    "user_id,user_id\nU1,U2\n",
    ",,,\n,,,\n",
    '"unterminated\nU1\n',
    "user_id,nps\n" + "U1,@NINES@\n",
    "user_id,big\nU1,@FIELD@\n",
    "\xff\xfe\x00b\x00",
    "user_id;account_id\nU1;A00\n",
    "\ufeffuser_id,account_id,account_role,signup_date\nU1,A00,admin,2026-10-01\n",
    "PAR1garbage",
    "user_id,account_id,account_role,signup_date,integration_connected,nps\r\nU1,A00,admin,2026-10-01,true,3\r\n",
]

TICKETS_GARBAGE = [
    "",
    "ticket_id\nT-1\n",
    "ticket_id,created_at,requester_role,tags,body\nT-1,not-a-date,admin,,x\n",
    "ticket_id,created_at,requester_role,tags,body\nT-1,9999-12-31,admin,a;;b,\n",
    "ticket_id,created_at,requester_role,tags,body\nT-1,2026-10-01,admin,x,@FIELD@\n",
    "ticket_id,created_at,requester_role,tags,body\nT-1,2026-10-01\n",
    "ticket_id,created_at,requester_role,tags,body\nT-1,2026-10-01,admin,x,a,b,c,d\n",
    "ticket_id,created_at,requester_role,tags,body\nT-1,2026-10-01,admin,x,[bold]x[/]\x1b[31m\n",
    "ticket_id,ticket_id\nT-1,T-1\n",
    "\x00\x00\x00",
]


def data_spot(data: st.DataObject, spec: Spec) -> None:
    """Replace a data table or the source CSV with something ragged, huge or untyped."""
    target = data.draw(
        st.sampled_from(
            ["data/users.csv", "data/accounts.csv", "data/requests.csv", "sources/tickets.csv"]
        ),
        label="file",
    )
    pool = TICKETS_GARBAGE if target.startswith("sources") else CSV_GARBAGE
    content = data.draw(
        st.one_of(
            st.sampled_from(pool),
            st.text(max_size=200),
            st.lists(st.lists(st.text(max_size=8), max_size=6), max_size=5).map(
                lambda rows: "\n".join(",".join(r) for r in rows)
            ),
        ),
        label="content",
    )
    spec.docs[target] = content.encode("latin-1") if content.startswith("\xff") else content


SNAPSHOT_GARBAGE = [
    "",
    "key\n",
    "nokey\nU1\n",
    "key\n" + "U\x00\n",
    "key,extra\nU1,2\n",
    "{}",
    "[]",
    "null",
    '{"as_of": "2026-13-45", "size": 1}',
    '{"as_of": 5, "size": "x", "metrics": []}',
    '{"as_of": "9999-12-31", "size": 1e400, "metrics": {"users.nps": "NaN"}}',
    "@DEEPJSON@",
    '{"as_of": "2026-10-24"',
    "\xff\xfe",
]


def snapshot_spot(data: st.DataObject, spec: Spec) -> None:
    """Malformed segment snapshots: odd names, garbage content, symlinks."""
    name = data.draw(
        st.sampled_from(
            [
                "2026-10-24",
                "2026-11-01",
                "9999-12-31",
                "0001-01-01",
                "2026-13-45",
                "latest",
                "2026-11-01.bak",
                "",
            ]
        ),
        label="snapshot name",
    )
    ext = data.draw(st.sampled_from(["csv", "json"]), label="ext")
    persona = data.draw(st.sampled_from(["admin", "member", "ghost", "[bold]x"]), label="persona")
    rel = f"segments/{persona}/{name}.{ext}"
    kind = data.draw(st.sampled_from(["garbage", "link", "dir", "text"]), label="kind")
    if kind == "garbage":
        spec.docs[rel] = data.draw(st.sampled_from(SNAPSHOT_GARBAGE), label="content")
    elif kind == "text":
        spec.docs[rel] = data.draw(st.text(max_size=100), label="content")
    elif kind == "link":
        spec.links[rel] = data.draw(
            st.sampled_from(
                [
                    OUTSIDE_TOKEN + "/secret.csv",
                    "/etc/passwd",
                    "../../../outside/new.csv",
                    rel.split("/")[-1],
                    "/nonexistent",
                ]
            ),
            label="target",
        )
    else:
        spec.links[f"segments/{persona}"] = data.draw(
            st.sampled_from([OUTSIDE_TOKEN, "..", ".", "/nonexistent"]), label="target"
        )


TEMPLATES = [
    "{% if %}",
    "{{ undefined_thing.attr }}",
    "{% include 'nope.j2' %}",
    "{% extends 'nope.j2' %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch " + CASE_TOKEN + "/pwned-cycler').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch "
    + CASE_TOKEN
    + "/pwned-self').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch " + CASE_TOKEN + "/pwned-lipsum').read() }}",
    "{% for x in range(10**9) %}{% endfor %}",
    # Past the template budget (scaffold/templates.py): each stops within seconds.
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{% for c in 'x' * 99999 %}{% for d in 'y' * 99999 %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
    "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(60) }}",
    "{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s|length }}{% endmacro %}{{ d('x', 40) }}",
    "{% for x in [3] * 1000 recursive %}{% if x %}{{ loop([x - 1] * 1000) }}{% endif %}"
    "{% endfor %}",
    "{{ 'a' * 10**7 }}",
    "{{ 1/0 }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ config }}",
    "\x00",
    "{# unterminated",
]


def template_spot(data: st.DataObject, spec: Spec) -> None:
    """A templates/ override that is broken or tries to leave the sandbox."""
    fmt = data.draw(st.sampled_from(["html", "md"]), label="format")
    page = data.draw(
        st.sampled_from(
            ["base", "persona", "index", "note", "decision", "journey", "evidence", "macros"]
        ),
        label="page",
    )
    rel = f"templates/render/{fmt}/{page}.{fmt}.j2"
    if data.draw(st.booleans(), label="style.css instead"):
        rel = "templates/render/html/style.css"
        if data.draw(st.booleans(), label="as a link"):
            spec.links[rel] = data.draw(
                st.sampled_from([OUTSIDE_TOKEN + "/secret.csv", "/etc/passwd", "style.css"]),
                label="target",
            )
            return
    spec.docs[rel] = data.draw(
        st.one_of(st.sampled_from(TEMPLATES), st.text(max_size=60)), label="template"
    )


def link_spot(data: st.DataObject, spec: Spec) -> None:
    """Symlinks: folders pointing elsewhere, loops, files pointing outside."""
    rel = data.draw(
        st.sampled_from(
            [
                "interviews/outside",
                "interviews",
                "interviews/loop",
                "interviews/x.md",
                "personas/evil.yaml",
                "personas/admin.yaml",
                "journeys/onboarding.yaml",
                "decisions/d.md",
                "personakit.lock",
                "data/users.csv",
                "sources/tickets.csv",
                "site",
                "templates",
            ]
        ),
        label="link",
    )
    target = data.draw(
        st.sampled_from(
            [
                OUTSIDE_TOKEN,
                OUTSIDE_TOKEN + "/secret.md",
                OUTSIDE_TOKEN + "/secret.yaml",
                OUTSIDE_TOKEN + "/secret.csv",
                ".",
                "..",
                "../..",
                "/nonexistent",
                "/dev/null",
                "loop",
                "/",
            ]
        ),
        label="target",
    )
    if rel in spec.docs:
        del spec.docs[rel]
    if rel == "interviews":
        for key in [k for k in spec.docs if k.startswith("interviews/")]:
            del spec.docs[key]
    spec.links[rel] = target


def misc_spot(data: st.DataObject, spec: Spec) -> None:
    """Encodings, line endings, lock files, odd file names, FIFOs."""
    spot = data.draw(
        st.sampled_from(["latin1", "crlf", "bom", "lock", "name", "empty", "binary", "fifo"]),
        label="misc",
    )
    if spot == "latin1":
        rel = data.draw(
            st.sampled_from(["personas/admin.yaml", "interviews/a.md", "journeys/onboarding.yaml"]),
            label="file",
        )
        spec.docs[rel] = "name: Ol\xefvia caf\xe9\nrole: x\n".encode("latin-1")
    elif spot == "crlf":
        from .harness import render_doc

        rel = data.draw(
            st.sampled_from(["personas/admin.yaml", "interviews/a.md", "personakit.yaml"]),
            label="file",
        )
        spec.docs[rel] = render_doc(spec.docs[rel]).replace(b"\n", b"\r\n")
    elif spot == "bom":
        from .harness import render_doc

        rel = data.draw(
            st.sampled_from(["personas/admin.yaml", "interviews/a.md", "personakit.yaml"]),
            label="file",
        )
        spec.docs[rel] = b"\xef\xbb\xbf" + render_doc(spec.docs[rel])
    elif spot == "lock":
        spec.docs["personakit.lock"] = data.draw(
            st.one_of(
                st.sampled_from(
                    [
                        "",
                        "{}",
                        '{"claims": []}',
                        '{"claims": {"admin#x": 5}}',
                        '{"claims": {"admin#integration-stall": {"reviewed": "2026-13-45", "evidence": 3}}}',
                        '{"version": 99, "claims": {}}',
                        "@DEEPJSON@",
                        '{"claims": {',
                        "\xff",
                    ]
                ),
                st.text(max_size=50),
            ),
            label="lock",
        )
    elif spot == "name":
        folder = data.draw(
            st.sampled_from(["interviews", "personas", "journeys", "decisions"]), label="folder"
        )
        name = data.draw(st.sampled_from(NAMES), label="name")
        ext = "md" if folder in ("interviews", "decisions") else "yaml"
        src = {
            "interviews": "interviews/a.md",
            "personas": "personas/member.yaml",
            "journeys": "journeys/onboarding.yaml",
            "decisions": "decisions/split.md",
        }[folder]
        spec.docs[f"{folder}/{name}.{ext}"] = spec.docs[src]
    elif spot == "empty":
        rel = data.draw(st.sampled_from(sorted(spec.docs)), label="file")
        spec.docs[rel] = ""
    elif spot == "binary":
        rel = data.draw(st.sampled_from(sorted(spec.docs)), label="file")
        spec.docs[rel] = data.draw(st.binary(max_size=64), label="bytes")
    else:
        spec.fifos.append(
            data.draw(
                st.sampled_from(
                    ["interviews/fifo.md", "personas/fifo.yaml", "segments/admin/2026-11-01.csv"]
                ),
                label="fifo",
            )
        )


# ---- command lines -------------------------------------------------------------------

AS_OF_VALUES = [
    AS_OF,
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "yesterday",
    "",
    "2026-11-24T00:00",
]


def _hostile_arg() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NAMES + TEXTS[:20]), st.text(max_size=20))


def _clean(s: str) -> str:
    # A NUL cannot be passed on a real command line; keep it (the in-process run passes it)
    # but never a lone surrogate, which the OS could not deliver either.
    return s.encode("utf-8", "replace").decode("utf-8")


@st.composite
def command_lines(draw, read_only: bool = False) -> list[str]:
    """One command line of any command, with ordinary or hostile values."""
    hostile = _hostile_arg().map(_clean)
    as_of = st.sampled_from(AS_OF_VALUES)
    persona = st.one_of(st.sampled_from(["admin", "member", "ghost"]), hostile)
    commands = [
        "lint",
        "render",
        "show",
        "tags",
        "fmt",
        "rules",
        "schema",
        "segment",
        "top",
        "snapshot",
        "diff",
        "review",
        "new",
    ]
    if read_only:
        commands = ["lint", "show", "tags", "rules", "segment", "top"]
    command = draw(st.sampled_from(commands))
    if command == "lint":
        argv = ["lint", "--as-of", draw(st.sampled_from(AS_OF_VALUES[:3]))]
        if draw(st.booleans()):
            argv += [
                "--format",
                draw(st.sampled_from(["text", "json", "github", "sarif", "junit", "xml"])),
            ]
        if draw(st.booleans()):
            argv.append("--strict")
        if draw(st.booleans()):
            argv += draw(
                st.lists(
                    st.one_of(
                        st.sampled_from(
                            ["personas", "interviews/a.md", "nope", "..", "/etc", OUTSIDE_TOKEN]
                        ),
                        hostile,
                    ),
                    max_size=2,
                )
            )
        return argv
    if command == "render":
        argv = ["render", "--format", draw(st.sampled_from(["html", "md", "pdf"]))]
        if draw(st.booleans()):
            argv.append("--public")
        if draw(st.booleans()):
            argv.append("--draft")
        out = draw(
            st.sampled_from(
                [
                    None,
                    "site",
                    "out/site",
                    "../site-beside",
                    "interviews/site",
                    ".",
                    "personas",
                    "site/../site",
                    "x" * 300,
                    "nul\x00x",
                    "-",
                    "data/users.csv",
                ]
            )
        )
        if out is not None:
            argv += ["--out", out]
        return argv
    if command == "show":
        return ["show", draw(persona)]
    if command == "tags":
        return [
            "tags",
            "--by",
            draw(
                st.one_of(
                    st.sampled_from(
                        [
                            "role",
                            "kind",
                            "account",
                            "date",
                            "tags",
                            "participant",
                            "consent",
                            "nope",
                            "",
                        ]
                    ),
                    hostile,
                )
            ),
            "--format",
            draw(st.sampled_from(["table", "json", "csv"])),
        ]
    if command == "fmt":
        return [
            "fmt",
            *(["--check"] if draw(st.booleans()) else []),
            *draw(
                st.lists(
                    st.sampled_from(
                        [
                            "personas/admin.yaml",
                            "personakit.yaml",
                            "journeys",
                            "interviews/a.md",
                            "nope.yaml",
                            "../outside/secret.yaml",
                        ]
                    ),
                    max_size=2,
                )
            ),
        ]
    if command == "rules":
        return [
            "rules",
            *draw(
                st.sampled_from(
                    [[], ["PK104"], ["PK999"], ["stale-claim"], ["--markdown"], [""], ["[bold]"]]
                )
            ),
        ]
    if command == "schema":
        return [
            "schema",
            *draw(
                st.sampled_from(
                    [
                        [],
                        ["--out", "schemas-out"],
                        ["--out", "personas/admin.yaml"],
                        ["--out", "nul\x00x"],
                    ]
                )
            ),
        ]
    if command == "segment":
        argv = ["segment", draw(persona), "--as-of", draw(as_of)]
        argv += draw(
            st.sampled_from(
                [
                    [],
                    ["--sql"],
                    ["--sql", "--dialect", "postgres"],
                    ["--sql", "--dialect", "oracle"],
                    ["--moves"],
                    ["--moves", "--since", "0001-01-01"],
                    ["--moves", "--since", "9999-12-31"],
                    ["--format", "csv"],
                    ["--format", "json"],
                ]
            )
        )
        return argv
    if command == "top":
        column = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "requests.feature",
                        "users.nps",
                        "accounts.tier",
                        "feature",
                        "users.",
                        ".x",
                        "nope.x",
                        "users.nan",
                    ]
                ),
                hostile,
            )
        )
        argv = [
            "top",
            column,
            "--as-of",
            draw(as_of),
            "--limit",
            draw(st.sampled_from(["1", "10", "999999999999999999999"])),
        ]
        if draw(st.booleans()):
            argv += ["--among", draw(persona)]
        for w in draw(
            st.lists(
                st.one_of(
                    st.sampled_from(
                        [
                            "accounts.tier=enterprise",
                            "users.nps<=6",
                            "accounts.renewal_date within 90d",
                            "users.signup_date within 99999999999d",
                            "nps=1",
                            "users.nps",
                            "=x",
                            "users.nan=1",
                            "users.inf>=inf",
                            "users.x=",
                            "users.nps!=",
                            "users.nps<=abc",
                        ]
                    ),
                    hostile,
                ),
                max_size=2,
            )
        ):
            argv += ["--where", w]
        return argv
    if command == "snapshot":
        return ["snapshot", "--as-of", draw(as_of)]
    if command == "diff":
        return [
            "diff",
            *draw(
                st.sampled_from(
                    [
                        [],
                        ["HEAD"],
                        ["--output=pwned.txt"],
                        ["HEAD~99", "HEAD"],
                        ["--", "HEAD"],
                        ["HEAD", "--format", "json"],
                    ]
                )
            ),
        ]
    if command == "review":
        # Without --all and without a terminal, review says so (exit 2) instead of asking.
        who = draw(st.sampled_from([[], ["admin"], ["ghost"], ["[bold]x"]]))
        return ["review", *who, *draw(st.sampled_from([["--all"], []]))]
    # new
    kind = draw(st.sampled_from(["persona", "interview", "journey", "decision", "job"]))
    if kind == "persona":
        return [
            "new",
            "persona",
            draw(hostile),
            "--name",
            draw(hostile),
            "--role",
            draw(hostile),
            "--owner",
            draw(hostile),
            "--no-input",
        ]
    if kind == "interview":
        return [
            "new",
            "interview",
            "--participant",
            draw(hostile),
            "--role",
            draw(hostile),
            "--date",
            draw(as_of),
            "--tag",
            draw(hostile),
            "--id",
            draw(hostile),
            "--title",
            draw(hostile),
            "--no-input",
        ]
    if kind == "journey":
        return [
            "new",
            "journey",
            draw(hostile),
            "--title",
            draw(hostile),
            "--step",
            draw(hostile),
            "--step",
            "a:b:c",
            "--no-input",
        ]
    if kind == "decision":
        return [
            "new",
            "decision",
            draw(hostile),
            "--date",
            draw(as_of),
            "--link",
            draw(st.sampled_from(LINKS)),
            "--persona",
            draw(persona),
            "--rests-on",
            draw(hostile),
            "--no-input",
        ]
    return [
        "new",
        "job",
        draw(persona),
        "--when",
        draw(hostile),
        "--want",
        draw(hostile),
        "--so",
        draw(hostile),
        "--id",
        draw(hostile),
        "--no-input",
    ]


# ---- evidence intake: import transcript / highlights, quote, gaps -------------------

SPEAKERS = [
    "Jane Doe", "Sam Lee", "P01", "Speaker 1", "[bold]x[/]", "\u202eevil", "../../etc",
    "@LONG@", "Jane", "jane doe", "A B C D E", "0", "",
]  # fmt: skip
STAMPS = ["00:00:01.000", "00:12:34.500", "99:59:59.999", "00:00:0x.000", "1:02", "", "-1"]


def _said() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([t for t in TEXTS if isinstance(t, str)]),
        st.text(max_size=40),
        st.sampled_from(["> fake quote ^q1", "# heading", "```", "<!-- hide", "- item"]),
    )


@st.composite
def transcripts(draw) -> tuple[str, str | bytes]:
    """A transcript file: (name, content) in one of the shapes exports have, with
    hostile speakers, texts and timings, or garbage."""
    shape = draw(st.sampled_from(["zoom", "teams", "srt", "otter", "meet", "garbage"]))
    # Mostly well-formed speakers and times, so that the happy path is fuzzed too.
    speaker = st.one_of(st.sampled_from(["Jane Doe", "Sam Lee"]), st.sampled_from(SPEAKERS))
    stamp = st.one_of(st.just("00:00:01.000"), st.sampled_from(STAMPS))
    cues = draw(st.lists(st.tuples(speaker, _said(), stamp), min_size=0, max_size=4))
    if shape == "zoom":
        body = "".join(
            f"{i}\n{t} --> 00:59:59.000\n{s}: {x}\n\n" for i, (s, x, t) in enumerate(cues)
        )
        name, text = "call.vtt", "WEBVTT\n\n" + body
    elif shape == "teams":
        body = "".join(
            f"{t} --> 00:59:59.000 align:start\n<v {s}>{x}</v><v Sam Lee>ok</v>\n\n"
            for s, x, t in cues
        )
        name, text = "call.vtt", "WEBVTT\nKind: captions\n\nNOTE x\n\n" + body
    elif shape == "srt":
        body = "".join(
            f"{i + 1}\n{t.replace('.', ',')} --> 00:59:59,000\n{s}: {x}\n\n"
            for i, (s, x, t) in enumerate(cues)
        )
        name, text = "call.srt", body
    elif shape == "otter":
        name, text = "call.txt", "".join(f"{s}  {t[:5]}\n{x}\n\n" for s, x, t in cues)
    elif shape == "meet":
        name, text = "call.txt", "".join(f"[{t[:8]}] {s}: {x}\n" for s, x, t in cues)
    else:
        garbage = draw(
            st.sampled_from(["", "\xff\xfe\x00", "WEBVTT", "1\n", "\x00" * 10, "@HUGE@"])
        )
        name, text = draw(st.sampled_from(["call.vtt", "call.srt", "call.txt"])), garbage
    if draw(st.booleans()):
        text = "\ufeff" + text.replace("\n", "\r\n")
    return name, text


HIGHLIGHT_CSV = [
    "Highlight,Tags,Document,Participant,Created at\n",
    "Text,Document\n",
    "Body,Where\n",
    "",
    '"unterminated\n',
    "\xff\xfe\x00",
    "Text;Document;Tags\n",
]


@st.composite
def highlight_exports(draw) -> str:
    """A highlight export: a header (usual, unknown or broken) and hostile rows."""
    header = draw(st.sampled_from([HIGHLIGHT_CSV[0]] * 4 + HIGHLIGHT_CSV))
    documents = st.one_of(
        st.sampled_from(["Call with Jane Doe", "Survey 12", "P01", "Call with Jane Doe"]), _said()
    )
    dates = st.one_of(
        st.just("2026-10-01"), st.sampled_from(["", "2026-10-01T10:00:00Z", "2026-13-01", "x"])
    )
    people = st.sampled_from(["Jane Doe", "Jane Doe", ""])
    rows = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(["It broke twice", "Pricing hurts, Jane"]), _said()),
                documents,
                st.one_of(people, people, st.sampled_from(SPEAKERS)),
                dates,
            ),
            max_size=3,
        )
    )
    sep = ";" if ";" in header else ","

    def cell(value: object) -> str:
        return '"' + str(value).replace('"', '""') + '"'

    return header + "".join(
        sep.join(cell(v) for v in (text, "a; b", doc, who, date)) + "\n"
        for text, doc, who, date in rows
    )


def intake_spot(data: st.DataObject, spec: Spec) -> list[list[str]]:
    """Hostile files to import (placed in the workspace), and the intake commands."""
    name, text = data.draw(transcripts(), label="transcript")
    spec.docs[f"raw/{name}"] = text
    spec.docs["raw/export.csv"] = data.draw(highlight_exports(), label="export")
    if data.draw(st.integers(0, 3), label="links") == 0:
        link_spot(data, spec)
    flags = data.draw(
        st.lists(
            st.sampled_from(
                [
                    ["--interviewer", "Sam Lee"],
                    ["--speaker", "Jane Doe=P07"],
                    ["--speaker", "Jane Doe=../x"],
                    ["--id", "../../escape"],
                    ["--id", "x" * 300],
                    ["--tag", "a,b"],
                    ["--role", "[bold]x[/]"],
                    ["--names-map", "@WS@/names.txt"],
                    ["--names-map", "@WS@/interviews/names.txt"],
                    ["--format", "txt"],
                ]
            ),
            max_size=2,
        ),
        label="flags",
    )
    transcript = ["import", "transcript", f"@WS@/raw/{name}", "--date", "2026-11-20"]
    if data.draw(st.booleans(), label="interviewer"):
        transcript += ["--interviewer", "Sam Lee"]
    transcript += [flag for pair in flags for flag in pair]
    passage = data.draw(_said(), label="passage")
    tag = data.draw(st.sampled_from(["stalled", "a/b", "bad tag", "#x", ""]), label="tag")
    then = data.draw(
        st.sampled_from(
            [
                ["quote", "2026-11-20-p04", passage, "--tag", tag],
                ["quote", "a", passage],
                ["quote", "a", "IT had to approve", "--anchor", "q1"],
                ["quote", "../../outside/secret", passage],
                ["import", "highlights", "@WS@/raw/export.csv"],
                ["import", "highlights", "@WS@/raw/export.csv", "--role", "admin"],
                ["import", "highlights", "@WS@/raw/export.csv", "--map", "text=Body"],
                ["import", "highlights", "@OUTSIDE@/../outside"],
                ["gaps"],
                ["gaps", "admin", "--format", "json"],
                ["gaps", "--format", "md", "--as-of", "9999-12-31"],
                ["lint"],
            ]
        ),
        label="then",
    )
    return [transcript, then]
