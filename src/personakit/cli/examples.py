"""The "Examples:" section of each command's `--help`: command lines a user can copy,
each with what it does, keyed by the command's words after `personakit`.

A test walks every command of the command line and fails on one without examples.
"""

from __future__ import annotations

Examples = tuple[tuple[str, str], ...]

EXAMPLES: dict[tuple[str, ...], Examples] = {
    (): (
        ("personakit init research", "Start a workspace in ./research."),
        ("personakit lint", "Check every claim against its evidence."),
        ("personakit show ops-admin", "Read a persona card in the terminal."),
        ("personakit COMMAND --help", "What a command does, its options and examples."),
    ),
    ("lint",): (
        ("personakit lint", "Check the whole workspace."),
        ("personakit lint personas/ops-admin.yaml", "Report on one file only."),
        ("personakit lint --strict", "Exit 1 on warnings too (for CI)."),
        ("personakit lint --format json", "Findings as JSON, for scripts."),
        ("personakit lint --changed-since main", "Only what changed on this branch."),
        ("personakit lint --no-cache", "Lint afresh, neither reading nor writing the cache."),
    ),
    ("lsp",): (
        ("personakit lsp", "Started by an editor: diagnostics while you type (docs/editors.md)."),
    ),
    ("rules",): (
        ("personakit rules", "List every rule with its code and name."),
        ("personakit rules PK104", "Explain one rule, by code..."),
        ("personakit rules count-mismatch", "...or by name."),
    ),
    ("fmt",): (
        ("personakit fmt", "Normalise every persona, journey and the config."),
        ("personakit fmt --check", "Change nothing; exit 1 if a file would change (CI)."),
        ("personakit fmt personas/ops-admin.yaml", "One file only."),
    ),
    ("render",): (
        ("personakit render", "Write the HTML site to ./site."),
        ("personakit render --format md --out wiki", "Markdown pages into ./wiki."),
        ("personakit render --public", "A site to share: no internal notes, data masked."),
        ("personakit render --draft", "Render despite lint errors, marking each finding."),
    ),
    ("serve",): (
        ("personakit serve", "Preview the site at 127.0.0.1:8000, reloaded on every edit."),
        ("personakit serve --port 8080 --public", "Preview the public edition on port 8080."),
        ("personakit serve --draft", "Also show each persona's evidence gaps."),
    ),
    ("show",): (
        ("personakit show ops-admin", "The card of the persona ops-admin."),
        ("personakit show ops-admin | less -R", "Page through a long card."),
    ),
    ("segment",): (
        ("personakit segment ops-admin", "Who is in the segment today, and of how many."),
        ("personakit segment ops-admin --as-of 2026-06-30", "As it was on a past day."),
        ("personakit segment ops-admin --format csv", "Every member's key, as CSV."),
        ("personakit segment ops-admin --sql --dialect postgres", "The SQL to run yourself."),
        ("personakit segment ops-admin --moves", "Who entered and left between snapshots."),
    ),
    ("top",): (
        ("personakit top requests.feature", "The most requested features, by people."),
        ("personakit top requests.feature --among ops-admin", "Within a persona's segment."),
        (
            "personakit top requests.feature --where accounts.tier=enterprise",
            "Only people matching a condition (repeat --where for more).",
        ),
        ("personakit top users.country --limit 3 --format json", "The top three, as JSON."),
    ),
    ("playbook",): (
        ("personakit playbook ops-admin", "Each step's states, and how many members are at risk."),
        ("personakit playbook ops-admin --as-of 2026-10-31", "As it was on a past day."),
        ("personakit playbook ops-admin --at-risk", "The members at risk, most overdue first."),
        ("personakit playbook ops-admin --at-risk --step crm-connected", "At risk on one step."),
        ("personakit playbook ops-admin --sql --dialect spark", "The SQL to run yourself."),
    ),
    ("snapshot",): (
        ("personakit snapshot", "Record every segment's members and metrics as of today."),
        ("personakit snapshot --as-of 2026-11-30", "As of a given day."),
    ),
    ("init",): (
        ("personakit init", "Make the current folder a workspace."),
        ("personakit init research --title 'Onboarding research'", "A new folder, titled."),
    ),
    ("diff",): (
        ("personakit diff", "This branch against its merge base, as Markdown."),
        ("personakit diff main HEAD", "Between two revisions."),
        ("personakit diff v1.0 --format json", "Since a tag, as JSON."),
    ),
    ("review",): (
        ("personakit review", "Go through the claims whose evidence changed, one by one."),
        ("personakit review ops-admin", "Only one persona's claims."),
        ("personakit review --all", "Sign off every claim at once (scripts, no questions)."),
    ),
    ("schema",): (
        ("personakit schema", "Print the JSON Schemas."),
        ("personakit schema --out schemas", "One file per format, for the editor."),
    ),
    ("tags",): (
        ("personakit tags", "Distinct participants per tag, split by role."),
        ("personakit tags --by kind", "Split by the kind of note instead."),
        ("personakit tags --format json", "The same as JSON."),
    ),
    ("quote",): (
        (
            "personakit quote 2026-11-20-p07 'nobody touched it until Thursday' --tag stalled",
            "Anchor the passage as the note's next quote (^q1, ^q2, ...) and print its citation.",
        ),
        ("personakit quote p07 'the scopes were wrong' --anchor scopes", "Choose the anchor."),
    ),
    ("gaps",): (
        ("personakit gaps", "Every persona's gaps, most important first."),
        ("personakit gaps ops-admin --format md", "One persona's, to paste into an issue."),
        ("personakit gaps --format json", "For scripts (docs/gaps.md)."),
    ),
    ("import",): (
        ("personakit import transcript call.vtt --interviewer 'Sam Lee'", "A call as a note."),
    ),
    ("import", "transcript"): (
        (
            "personakit import transcript call.vtt --interviewer 'Sam Lee' "
            "--speaker 'Jane Doe=P07' --role ops-admin",
            "Jane Doe becomes P07 everywhere; Sam Lee is the team's side (I1).",
        ),
        (
            "personakit import transcript *.vtt --interviewer 'Sam Lee' "
            "--names-map ~/research/names.txt",
            "Several calls; the same person keeps one code from call to call.",
        ),
        ("personakit import transcript notes.txt --format txt", "An Otter or Meet text export."),
    ),
    ("import", "highlights"): (
        ("personakit import highlights export.csv --role ops-admin", "One note per document."),
        (
            "personakit import highlights export.csv --map text='Highlight body'",
            "Name a column the usual headers do not cover.",
        ),
    ),
    ("new",): (
        ("personakit new persona ops-admin", "A persona card (asks for what is missing)."),
        ("personakit new interview --participant P07", "A note for an interview."),
        ("personakit new job ops-admin", "A job story added to a persona."),
    ),
    ("new", "persona"): (
        ("personakit new persona ops-admin", "Asks for the name and role on a terminal."),
        (
            "personakit new persona ap-clerk --name 'AP clerk' "
            "--role 'Enters supplier invoices' --priority primary --no-input",
            "Everything given: never asks.",
        ),
    ),
    ("new", "interview"): (
        ("personakit new interview --participant P07 --role ops-admin", "Today's interview."),
        (
            "personakit new interview --participant C-204 --kind churn-note --date 2026-11-03",
            "A churn note of a given day.",
        ),
    ),
    ("new", "journey"): (
        (
            "personakit new journey onboarding --title Onboarding "
            "--step 'Sign up' --step connect:'Connect data'",
            "A journey with two steps, in order.",
        ),
    ),
    ("new", "decision"): (
        ("personakit new decision 'Sample data first' --persona ops-admin", "Proposed today."),
        (
            "personakit new decision 'Drop seat pricing' --status accepted "
            "--rests-on economic-buyer#seat-count",
            "Accepted, resting on a claim.",
        ),
    ),
    ("new", "job"): (
        (
            "personakit new job ops-admin --when 'a new team joins' "
            "--want 'to invite them all at once' --so 'show them data on day one'",
            "Reads: When a new team joins, I want to invite them all at once, "
            "so I can show them data on day one.",
        ),
        ("personakit new job ops-admin", "Asks for each part on a terminal."),
    ),
}
