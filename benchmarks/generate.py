"""Generate a large, realistic workspace for benchmarks: notes, personas, real evidence.

Every citation points at a real quote, every count is computed here over distinct
participants exactly as lint recomputes it, so lint does its full work on real data.
Deterministic: the same arguments write the same files.

    python benchmarks/generate.py OUT [--notes 10000] [--personas 100] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections import defaultdict
from pathlib import Path

TODAY = dt.date(2026, 11, 24)
KINDS = ["interview", "interview", "support-ticket", "churn-note", "sales-call", "survey"]
WORDS = [
    "integration",
    "dashboard",
    "team",
    "report",
    "weekly",
    "admin",
    "scopes",
    "approval",
    "demo",
    "invite",
    "sync",
    "data",
    "renewal",
    "seats",
    "export",
    "calendar",
    "manager",
    "rollout",
    "onboarding",
    "trial",
    "empty",
    "numbers",
    "pipeline",
    "notifications",
    "digest",
    "security",
    "review",
    "connector",
    "account",
    "quarter",
    "objective",
    "usage",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(out: Path, notes: int = 10_000, personas: int = 100, seed: int = 7) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("personas", "interviews", "journeys", "decisions"):
        (out / folder).mkdir(parents=True)
    roles = [f"persona-{i:03d}" for i in range(personas)]
    tags = [f"tag-{i:02d}" for i in range(60)]
    participants = [(f"P{i:05d}", rng.choice(roles)) for i in range(int(notes * 0.6))]

    # note id -> (participant, role, kind, date, tags); quotes by role for citing
    note_rows: list[tuple[str, str, str, str, dt.date, set[str]]] = []
    quotes_by_role: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for i in range(notes):
        participant, role = rng.choice(participants)
        kind = rng.choice(KINDS)
        date = TODAY - dt.timedelta(days=rng.randrange(1, 300))
        note_id = f"n{i:05d}"
        front_tags = sorted(rng.sample(tags, rng.randrange(0, 3)))
        note_tags = set(front_tags)
        body = [f"# Conversation {note_id} with {participant}", "", sentence(rng, 30), ""]
        for q in range(rng.randrange(2, 5)):
            quote_tags = rng.sample(tags, rng.randrange(1, 3))
            note_tags.update(quote_tags)
            anchor = f"q{q + 1}"
            tag_text = " ".join(f"#{t}" for t in quote_tags)
            body += [f"> {sentence(rng, 14)}", f"> {sentence(rng, 10)} {tag_text} ^{anchor}", ""]
            body += [sentence(rng, 20), ""]
            quotes_by_role[role].append((note_id, anchor, participant))
        front = [
            "---",
            f"id: {note_id}",
            f"date: {date.isoformat()}",
            f"kind: {kind}",
            f"participant: {participant}",
            f"role: {role}",
            f"account: acct-{rng.randrange(500):03d}",
            f"tags: [{', '.join(front_tags)}]",
            f"consent: {rng.choice(['internal', 'public'])}",
            "---",
        ]
        sub = out / "interviews" / f"batch-{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{note_id}.md").write_text("\n".join(front + body) + "\n", encoding="utf-8")
        note_rows.append((note_id, participant, role, kind, date, note_tags))

    def count(tag: str, role: str) -> tuple[int, int]:
        matching = [r for r in note_rows if r[2] == role]
        return (
            len({r[1] for r in matching if tag in r[5]}),
            len({r[1] for r in matching}),
        )

    journeys = []
    for j in range(5):
        steps = [f"step-{s}" for s in range(6)]
        journeys.append((f"journey-{j}", steps))
        lines = [f"title: Journey {j}", "steps:"]
        lines += [f"  - {{id: {s}, title: {s.replace('-', ' ').title()}}}" for s in steps]
        (out / "journeys" / f"journey-{j}.yaml").write_text("\n".join(lines) + "\n")

    def claim(role: str, indent: str, with_count: bool) -> list[str]:
        pool = quotes_by_role[role]
        first = rng.choice(pool)
        second = rng.choice([q for q in pool if q[2] != first[2]])
        lines = [f"{indent}quotes: [{first[0]}#{first[1]}, {second[0]}#{second[1]}]"]
        if with_count:
            tag = rng.choice(tags)
            n, of = count(tag, role)
            lines.append(
                f"{indent}count: {{n: {n}, of: {of}, tag: {tag}, among: {{role: {role}}}}}"
            )
        return lines

    for p, role in enumerate(roles):
        lines = [
            f"name: Persona {p}, who does a job",
            "role: A role in a B2B team",
            f"priority: {rng.choice(['primary', 'secondary', 'not-targeted'])}",
            "buying_influence: champion",
            "context: [evaluating]",
            "reviewed: 2026-11-01",
            "",
            "jobs:",
        ]
        for j in range(3):
            lines += [
                f"  - id: job-{j}",
                f"    when: {sentence(rng, 6)[:-1].lower()}",
                f"    want: to {sentence(rng, 6)[:-1].lower()}",
                f"    so: I can {sentence(rng, 6)[:-1].lower()}",
                *claim(role, "    ", j == 0),
            ]
        for section in ("motivations", "success", "anxieties"):
            lines.append(f"{section}:")
            for c in range(2):
                lines += [f"  - id: {section}-{c}", f"    text: {sentence(rng, 9)}"]
                lines += claim(role, "    ", c == 0)
        lines.append("stalls:")
        for s in range(2):
            journey, steps = rng.choice(journeys)
            lines += [
                f"  - id: stall-{s}",
                f"    text: {sentence(rng, 9)}",
                f"    step: {journey}/{rng.choice(steps)}",
                *claim(role, "    ", True),
            ]
        lines.append("journey:")
        journey, steps = journeys[p % len(journeys)]
        for step in steps[:4]:
            lines.append(f"  {journey}/{step}:")
            for part in ("success", "goes_wrong"):
                lines += [f"    {part}:", f"      text: {sentence(rng, 8)}"]
                lines += claim(role, "      ", False)
        (out / "personas" / f"{role}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    for d in range(personas):
        cited = rng.sample(roles, 2)
        date = TODAY - dt.timedelta(days=rng.randrange(1, 150))
        text = (
            f"---\ndate: {date.isoformat()}\nstatus: accepted\n"
            f"personas: [{', '.join(cited)}]\nrests_on: [{cited[0]}#stall-0]\n---\n"
            f"# Decision {d}\n\n{sentence(rng, 40)}\n"
        )
        (out / "decisions" / f"decision-{d:03d}.md").write_text(text, encoding="utf-8")
    (out / "personakit.yaml").write_text(
        "title: Generated benchmark workspace\nrules:\n  PK205: {max_personas: 200}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--personas", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.notes, args.personas, args.seed)


if __name__ == "__main__":
    main()
