"""Time the data commands on a large generated data set, against pandas and the bare
DuckDB query, in one run.

    python benchmarks/data_run.py [--users 1000000] [--accounts 100000] [--requests 5000000] [--repeat 3]

The question is the seed question of docs/segments.md: the most requested features
among enterprise decision makers renewing within 90 days who gave an NPS of 6 or
less, ranked by distinct people. Every figure is the best wall-clock time of a real
subprocess, interpreter start-up included on every side; peak memory is the maximum
resident size of the personakit process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-24"
FEATURES = [
    "sso-enforcement", "usage-report-export", "per-team-dashboards", "weekly-digest", "salesforce-sync",
    "custom-metrics", "slack-alerts", "seat-usage-report", "audit-log", "api-rate-limits",
    "dark-mode", "jira-integration", "csv-import-mapping", "goal-tracking", "mobile-app",
    "scim-provisioning", "data-retention-controls", "sandbox-workspace", "annotations", "benchmarking",
]  # fmt: skip

PERSONA = """\
name: Beatriz, the at-risk enterprise decision maker
role: Signs the renewal
priority: primary
segment:
  of: users
  where:
    accounts.tier: enterprise
    accounts.renewal_date: {within: 90d}
    users.account_role: decision-maker
    users.nps: {max: 6}
  track: [users.nps, users.active_days_28]
"""
CONFIG = """\
title: Data benchmark
data:
  engine: duckdb
  tables:
    users: {path: data/users.parquet, key: user_id}
    accounts: {path: data/accounts.parquet, key: account_id}
    requests: {path: data/requests.parquet, key: request_id}
  relations:
    - requests.user_id -> users.user_id
    - users.account_id -> accounts.account_id
"""

BARE = """
import sys, duckdb
con = duckdb.connect()
d = sys.argv[1]
rows = con.execute(f'''
SELECT r.feature, COUNT(DISTINCT u.user_id) AS people
FROM read_parquet('{d}/users.parquet') u
JOIN read_parquet('{d}/accounts.parquet') a ON u.account_id = a.account_id
JOIN read_parquet('{d}/requests.parquet') r ON r.user_id = u.user_id
WHERE a.tier = 'enterprise' AND a.renewal_date BETWEEN DATE '{sys.argv[2]}' AND DATE '{sys.argv[2]}' + INTERVAL 90 DAY
  AND u.account_role = 'decision-maker' AND u.nps <= 6
GROUP BY r.feature ORDER BY people DESC, r.feature LIMIT 10''').fetchall()
print(rows)
"""

BARE_SEGMENT = """
import sys, duckdb
con = duckdb.connect()
d = sys.argv[1]
rows = con.execute(f'''
SELECT COUNT(*) FROM read_parquet('{d}/users.parquet') u
JOIN read_parquet('{d}/accounts.parquet') a ON u.account_id = a.account_id
WHERE a.tier = 'enterprise' AND a.renewal_date BETWEEN DATE '{sys.argv[2]}' AND DATE '{sys.argv[2]}' + INTERVAL 90 DAY
  AND u.account_role = 'decision-maker' AND u.nps <= 6''').fetchall()
print(rows[0][0])
"""

PANDAS = """
import sys, datetime as dt, pandas as pd
d = sys.argv[1]
as_of = pd.Timestamp(sys.argv[2])
users = pd.read_parquet(f'{d}/users.parquet', columns=['user_id', 'account_id', 'account_role', 'nps'])
accounts = pd.read_parquet(f'{d}/accounts.parquet')
requests = pd.read_parquet(f'{d}/requests.parquet', columns=['user_id', 'feature'])
accounts['renewal_date'] = pd.to_datetime(accounts['renewal_date'])
acc = accounts[(accounts.tier == 'enterprise') & (accounts.renewal_date >= as_of)
               & (accounts.renewal_date <= as_of + pd.Timedelta(days=90))]
people = users[(users.account_role == 'decision-maker') & (users.nps <= 6)]
people = people[people.account_id.isin(acc.account_id)]
asked = requests[requests.user_id.isin(people.user_id)]
top = asked.groupby('feature').user_id.nunique().sort_values(ascending=False).head(10)
print(list(top.items()))
"""


def generate(folder: Path, users: int, accounts: int, requests: int) -> None:
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    feature_list = "[" + ", ".join(f"'{f}'" for f in FEATURES) + "]"
    con.execute(f"""COPY (SELECT printf('A%07d', i) AS account_id,
        CASE WHEN hash(i) % 100 < 15 THEN 'enterprise' WHEN hash(i) % 100 < 55 THEN 'team' ELSE 'free' END AS tier,
        DATE '{AS_OF}' + CAST(hash(i * 7) % 385 AS INTEGER) - 20 AS renewal_date,
        CAST(hash(i * 3) % 400 AS INTEGER) AS seats
        FROM range({accounts}) t(i)) TO '{folder}/accounts.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT printf('U%08d', i) AS user_id,
        printf('A%07d', hash(i) % {accounts}) AS account_id,
        CASE WHEN hash(i * 3) % 100 < 7 THEN 'decision-maker' WHEN hash(i * 3) % 100 < 16 THEN 'champion'
             WHEN hash(i * 3) % 100 < 28 THEN 'admin' ELSE 'end-user' END AS account_role,
        CASE WHEN hash(i * 5) % 100 < 45 THEN NULL ELSE CAST(hash(i * 11) % 11 AS INTEGER) END AS nps,
        CAST(hash(i * 13) % 29 AS INTEGER) AS active_days_28
        FROM range({users}) t(i)) TO '{folder}/users.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT printf('R%09d', i) AS request_id,
        printf('U%08d', hash(i) % {users}) AS user_id,
        {feature_list}[1 + CAST(floor(pow((hash(i * 17) % 10000) / 10000.0, 2.5) * {len(FEATURES)}) AS INTEGER)] AS feature,
        DATE '{AS_OF}' - CAST(hash(i * 19) % 365 AS INTEGER) AS created_at
        FROM range({requests}) t(i)) TO '{folder}/requests.parquet' (FORMAT parquet)""")


def best_of(cmd: list[str], repeat: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-800:]}")
        best, out = min(best, elapsed), proc.stdout
    return best, out


def peak_rss_mb(cmd: list[str]) -> float:
    subprocess.run(cmd, capture_output=True, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "data-workspace")
    args = parser.parse_args()

    ws = args.work
    print(
        f"generating {args.users} users, {args.accounts} accounts, {args.requests} requests in {ws} ..."
    )
    generate(ws / "data", args.users, args.accounts, args.requests)
    (ws / "personas").mkdir(parents=True, exist_ok=True)
    (ws / "personakit.yaml").write_text(CONFIG)
    (ws / "personas" / "at-risk.yaml").write_text(PERSONA)
    pk = [str(BIN / "personakit"), "--root", str(ws)]
    top_cmd = [
        *pk,
        "top",
        "requests.feature",
        "--among",
        "at-risk",
        "--limit",
        "10",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]
    seg_cmd = [*pk, "segment", "at-risk", "--format", "json", "--as-of", AS_OF]
    results: dict[str, float] = {}
    results["personakit top"], top_out = best_of(top_cmd, args.repeat)
    results["personakit segment"], seg_out = best_of(seg_cmd, args.repeat)
    results["bare DuckDB query"], bare_out = best_of(
        [sys.executable, "-c", BARE, str(ws / "data"), AS_OF], args.repeat
    )
    results["bare DuckDB segment"], bare_size = best_of(
        [sys.executable, "-c", BARE_SEGMENT, str(ws / "data"), AS_OF], args.repeat
    )
    results["pandas"], pandas_out = best_of(
        [sys.executable, "-c", PANDAS, str(ws / "data"), AS_OF], args.repeat
    )
    ours = [(r["value"], r["people"]) for r in json.loads(top_out)]
    assert ours == [tuple(x) for x in eval(bare_out)] == [tuple(x) for x in eval(pandas_out)], (
        "answers differ"
    )
    peak = peak_rss_mb(top_cmd)
    assert json.loads(seg_out)["size"] == int(bare_size), "segment sizes differ"
    ratios = {
        "top / bare DuckDB": results["personakit top"] / results["bare DuckDB query"],
        "segment / bare DuckDB": results["personakit segment"] / results["bare DuckDB segment"],
        "pandas / top": results["pandas"] / results["personakit top"],
    }
    print(
        f"\nsegment size: {json.loads(seg_out)['size']}; top feature: {ours[0][0]} ({ours[0][1]} people)\n"
    )
    for name, seconds in results.items():
        print(f"  {name:<22} {seconds:8.3f} s")
    checks = [
        ("top / bare DuckDB", ratios["top / bare DuckDB"], 1.3, "x"),
        ("segment / bare DuckDB", ratios["segment / bare DuckDB"], 1.3, "x"),
        ("peak memory (top)", peak, 2048, " MB"),
    ]
    print()
    for name, value, target, unit in checks:
        verdict = "PASS" if value <= target else "FAIL"
        print(f"  {name:<22} {value:8.2f}{unit:<3}  target at most {target}{unit}  {verdict}")
    print(f"  pandas / top           {ratios['pandas / top']:8.1f}x    (context)")
    summary = {"seconds": results, "ratios": ratios, "peak_mb": peak}
    (ws / "results.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
