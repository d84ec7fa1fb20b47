"""The valid workspace every generated case starts from.

Small but complete: config with a CSV source and DuckDB data tables, three notes, two
personas (one with a segment), a journey, a decision and segment snapshots. Mutating a
valid workspace, rather than generating one from nothing, gets most cases past the first
parse and deep into the evidence, rule, render and segment code.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

AS_OF = "2026-11-24"


@dataclass
class Yaml:
    data: Any


@dataclass
class Note:
    front: Any
    body: str


@dataclass
class Spec:
    """A workspace to write: documents by path, symlinks, FIFOs and bytes as they are."""

    docs: dict[str, Yaml | Note | str | bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # path -> target (may use @OUTSIDE@)
    fifos: list[str] = field(default_factory=list)
    git: bool = False  # commit the base workspace first, so that `diff` has history

    def copy(self) -> Spec:
        return copy.deepcopy(self)


def _users() -> str:
    rows = ["user_id,account_id,account_role,signup_date,integration_connected,nps"]
    roles = ["admin", "end-user", "decision-maker"]
    for i in range(12):
        day = 1 + i * 2
        rows.append(
            f"U{i:03d},A{i % 4:02d},{roles[i % 3]},2026-10-{day:02d},{str(i % 2 == 0).lower()},{i % 10}"
        )
    return "\n".join(rows) + "\n"


def _accounts() -> str:
    rows = ["account_id,tier,renewal_date,mrr"]
    for i in range(4):
        rows.append(
            f"A{i:02d},{'enterprise' if i % 2 else 'team'},2027-0{1 + i}-15,{100 * (i + 1)}"
        )
    return "\n".join(rows) + "\n"


def _requests() -> str:
    rows = ["request_id,user_id,feature,created_at"]
    features = ["sso", "digest", "jira", "export"]
    for i in range(20):
        rows.append(f"R{i:03d},U{i % 12:03d},{features[i % 4]},2026-09-{1 + i:02d}")
    return "\n".join(rows) + "\n"


def base_spec() -> Spec:
    """A fresh copy of the valid base workspace."""
    docs: dict[str, Yaml | Note | str | bytes] = {
        "personakit.yaml": Yaml(
            {
                "title": "Fuzz base",
                "rules": {"PK108": {"max_age_days": 365}},
                "sources": {
                    "tickets": {
                        "path": "sources/tickets.csv",
                        "kind": "support-ticket",
                        "columns": {
                            "id": "ticket_id",
                            "date": "created_at",
                            "role": "requester_role",
                            "tags": "tags",
                            "text": "body",
                        },
                    }
                },
                "data": {
                    "engine": "duckdb",
                    "tables": {
                        "users": {"path": "data/users.csv", "key": "user_id"},
                        "accounts": {"path": "data/accounts.csv", "key": "account_id"},
                        "requests": {"path": "data/requests.csv", "key": "request_id"},
                    },
                    "relations": [
                        "requests.user_id -> users.user_id",
                        "users.account_id -> accounts.account_id",
                    ],
                },
            }
        ),
        "interviews/a.md": Note(
            {
                "id": "a",
                "date": "2026-10-01",
                "kind": "interview",
                "participant": "P01",
                "role": "admin",
                "account": "northwind",
                "tags": ["evaluating"],
                "consent": "public",
            },
            "# Interview A\n\n> IT had to approve the scopes, so we waited\n"
            "> until Thursday. #stalled ^q1\n\nCall me at jane@example.com.\n",
        ),
        "interviews/b.md": Note(
            {
                "id": "b",
                "date": "2026-10-02",
                "kind": "interview",
                "participant": "P02",
                "role": "admin",
                "consent": "internal",
            },
            "# Interview B\n\n> Blocked for three days waiting on IT. #stalled ^q1\n\n"
            "> An empty dashboard is the first thing they see. ^q2\n",
        ),
        "interviews/tickets/c.md": Note(
            {
                "id": "c",
                "date": "2026-10-03",
                "kind": "support-ticket",
                "participant": "P03",
                "role": "member",
            },
            "# Ticket C\n\n> Too many notifications, I muted them all. #noise ^q1\n",
        ),
        "sources/tickets.csv": (
            "ticket_id,created_at,requester_role,tags,body\n"
            'T-1,2026-09-03,admin,stalled;scopes,"Our IT put the connector on hold."\n'
            'T-2,2026-09-05,member,noise,"A message for every comment, please a digest."\n'
        ),
        "personas/admin.yaml": Yaml(
            {
                "name": "Olivia, the ops admin",
                "role": "Sets up the tool",
                "priority": "primary",
                "buying_influence": "champion",
                "context": ["evaluating"],
                "owner": "@product",
                "reviewed": "2026-11-10",
                "segment": {
                    "of": "users",
                    "where": {
                        "users.account_role": "admin",
                        "users.signup_date": {"within": "-90d"},
                    },
                    "track": ["users.nps"],
                },
                "jobs": [
                    {
                        "id": "connect-first",
                        "when": "my manager schedules the demo",
                        "want": "to connect the integration first",
                        "so": "I do not show an empty product",
                        "quotes": ["a#q1"],
                    }
                ],
                "success": [
                    {
                        "id": "real-data",
                        "text": "Has real data before inviting the team",
                        "quotes": [{"ref": "b#q2", "text": "an empty dashboard"}],
                    }
                ],
                "stalls": [
                    {
                        "id": "integration-stall",
                        "text": "Stops at the integration step for days",
                        "step": "onboarding/integration",
                        "quotes": ["a#q1", "b#q1"],
                        "count": {"n": 2, "of": 2, "tag": "stalled", "among": {"role": "admin"}},
                    }
                ],
                "journey": {
                    "onboarding/integration": {
                        "success": {"text": "Integration connected", "quotes": ["a#q1"]},
                        "goes_wrong": {"text": "Waits for IT", "quotes": ["b#q1"]},
                    }
                },
            }
        ),
        "personas/member.yaml": Yaml(
            {
                "name": "Tom, the team member",
                "role": "Uses the tool every day",
                "priority": "secondary",
                "owner": "@product",
                "reviewed": "2026-11-10",
                "anxieties": [
                    {
                        "id": "noise",
                        "text": "Drowns in notifications",
                        "quotes": ["c#q1", "tickets:T-2"],
                        "count": {"n": 1, "of": 2, "tag": "noise", "source": "tickets"},
                    }
                ],
            }
        ),
        "journeys/onboarding.yaml": Yaml(
            {
                "title": "Onboarding",
                "steps": [
                    {"id": "signup", "title": "Signs up"},
                    {"id": "integration", "title": "Connects the integration"},
                ],
            }
        ),
        "decisions/split.md": Note(
            {
                "date": "2026-11-01",
                "status": "accepted",
                "personas": ["admin"],
                "rests_on": ["admin#integration-stall", "a#q1"],
                "link": "https://tracker.example/PROJ-1",
            },
            "# Split onboarding\n\nAdmins stall at the integration step.\n",
        ),
        "data/users.csv": _users(),
        "data/accounts.csv": _accounts(),
        "data/requests.csv": _requests(),
        "segments/admin/2026-10-24.csv": "key\nU000\nU003\n",
        "segments/admin/2026-10-24.json": (
            '{"as_of": "2026-10-24", "size": 2, "metrics": {"users.nps": 1.5}}\n'
        ),
    }
    return Spec(docs=docs)
