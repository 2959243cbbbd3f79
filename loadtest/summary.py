"""Print a load test's figures from Locust's CSV: each journey's median and 95th percentile, errors, and
the ratio of each to the static file served by the same stack."""

import csv
import sys

TARGET_P95_MS = 300


def main(path: str, users: str) -> int:
    rows = {row["Name"]: row for row in csv.DictReader(open(path, encoding="utf-8"))}
    static = float(rows["static file"]["95%"]) if "static file" in rows else None
    print(f"\n{users} users on loopback. Times in ms.\n")
    print(f"{'journey':<22}{'requests':>9}{'errors':>8}{'p50':>7}{'p95':>7}{'p95 / static':>14}")
    for name, row in sorted(rows.items(), key=lambda item: item[0] == "Aggregated"):
        p95 = float(row["95%"])
        ratio = f"{p95 / static:.1f}x" if static else "–"
        print(f"{name:<22}{row['Request Count']:>9}{row['Failure Count']:>8}{row['50%']:>7}{row['95%']:>7}{ratio:>14}")
    overall = rows["Aggregated"]
    failures = int(overall["Failure Count"])
    verdict = "met" if float(overall["95%"]) <= TARGET_P95_MS and failures == 0 else "not met"
    target = f"p95 <= {TARGET_P95_MS} ms, no errors"
    print(f"\nAll requests: p95 {overall['95%']} ms, {failures} errors: target ({target}) {verdict}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
