"""Generate the example workspace's user data (data/*.csv), deterministically.

Four thousand users across a few hundred accounts on free, team and enterprise tiers;
renewal dates, NPS answers, account roles, activity over the last 28 days, feature
requests whose popularity is skewed (a few features are asked for by many), and the
admins' dated onboarding events (for the ops-admin playbook). A fixed
seed writes the same bytes every time:

    .venv/bin/python scripts/generate_example_data.py [--users 4000] [--accounts 300] [--out data]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

TODAY = dt.date(2026, 11, 24)
FEATURES = [
    "sso-enforcement", "usage-report-export", "per-team-dashboards", "weekly-digest", "salesforce-sync",
    "custom-metrics", "slack-alerts", "seat-usage-report", "audit-log", "api-rate-limits",
    "dark-mode", "jira-integration", "csv-import-mapping", "goal-tracking", "mobile-app",
    "scim-provisioning", "data-retention-controls", "sandbox-workspace", "annotations", "benchmarking",
]  # fmt: skip
TIERS = [("free", 0.45), ("team", 0.40), ("enterprise", 0.15)]
ROLES = [("end-user", 0.72), ("admin", 0.12), ("champion", 0.09), ("decision-maker", 0.07)]


def pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def generate(out: Path, users: int = 4000, accounts: int = 300, seed: int = 20261124) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    account_rows = []
    for i in range(accounts):
        tier = pick(rng, TIERS)
        seats = {
            "free": rng.randint(1, 5),
            "team": rng.randint(5, 40),
            "enterprise": rng.randint(40, 400),
        }[tier]
        renewal = TODAY + dt.timedelta(days=rng.randint(-20, 365)) if tier != "free" else None
        mrr = {"free": 0, "team": seats * 12, "enterprise": seats * 30}[tier]
        account_rows.append(
            {
                "account_id": f"A{i:04d}",
                "tier": tier,
                "seats": seats,
                "renewal_date": renewal.isoformat() if renewal else "",
                "mrr": mrr,
            }
        )
    user_rows = []
    # Bigger accounts have more users: an account is picked in proportion to its seats' root.
    account_weights = [a["seats"] ** 0.5 for a in account_rows]
    for i in range(users):
        account = rng.choices(account_rows, weights=account_weights)[0]
        role = pick(rng, ROLES)
        signup = TODAY - dt.timedelta(days=rng.randint(1, 700))
        connected = rng.random() < (0.35 if (TODAY - signup).days < 45 else 0.85)
        active = 0 if rng.random() < 0.2 else rng.randint(0, 28)
        # NPS answers are sparse and unhappier where people are inactive.
        answers = 0.85 if role == "decision-maker" else 0.55
        nps = (
            ""
            if rng.random() > answers
            else str(max(0, min(10, round(rng.gauss(4 + active / 5, 2.5)))))
        )
        user_rows.append(
            {
                "user_id": f"U{i:05d}",
                "account_id": account["account_id"],
                "account_role": role,
                "signup_date": signup.isoformat(),
                "integration_connected": str(connected).lower(),
                "active_days_28": active,
                "nps": nps,
            }
        )
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(FEATURES))]
    request_rows = []
    for user in user_rows:
        tier = next(a["tier"] for a in account_rows if a["account_id"] == user["account_id"])
        asks = rng.choices([0, 1, 2, 3, 4], weights=[45, 25, 15, 10, 5])[0]
        for _ in range(asks):
            feature = rng.choices(FEATURES, weights=weights)[0]
            if tier == "enterprise" and rng.random() < 0.25:
                feature = rng.choice(["sso-enforcement", "seat-usage-report", "audit-log"])
            request_rows.append(
                {
                    "request_id": f"R{len(request_rows):06d}",
                    "user_id": user["user_id"],
                    "feature": feature,
                    "created_at": (TODAY - dt.timedelta(days=rng.randint(0, 365))).isoformat(),
                    "status": rng.choice(["open", "open", "planned", "shipped", "declined"]),
                }
            )
    event_rows = onboarding_events(user_rows, seed)
    for name, rows in (
        ("accounts", account_rows),
        ("users", user_rows),
        ("feature-requests", request_rows),
        ("events", event_rows),
    ):
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def onboarding_events(user_rows: list[dict[str, object]], seed: int) -> list[dict[str, object]]:
    """Dated onboarding events of the admins (the ops-admin playbook's rows): a kick-off
    call, the OAuth scope list sent to IT, an integration session booked and held, each
    some days after sign-up, none after TODAY. A generator of its own, so the other
    files keep their bytes."""
    rng = random.Random(seed + 1)
    rows: list[dict[str, object]] = []

    def add(user: dict[str, object], name: str, day: dt.date) -> None:
        if day <= TODAY:
            rows.append(
                {
                    "event_id": f"E{len(rows):06d}",
                    "user_id": user["user_id"],
                    "name": name,
                    "occurred_at": f"{day.isoformat()} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:00",
                }
            )

    for user in user_rows:
        if user["account_role"] != "admin":
            continue
        signup = dt.date.fromisoformat(str(user["signup_date"]))
        if rng.random() < 0.6:
            add(user, "kickoff_call", signup + dt.timedelta(days=rng.randint(1, 12)))
        if rng.random() < 0.5:
            add(user, "scope_list_sent", signup + dt.timedelta(days=rng.randint(0, 9)))
        if rng.random() < 0.5:
            booked = signup + dt.timedelta(days=rng.randint(1, 10))
            add(user, "integration_call_booked", booked)
            if rng.random() < 0.5:
                add(user, "integration_call_held", booked + dt.timedelta(days=rng.randint(2, 10)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=4000)
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    args = parser.parse_args()
    generate(args.out, args.users, args.accounts)


if __name__ == "__main__":
    main()
