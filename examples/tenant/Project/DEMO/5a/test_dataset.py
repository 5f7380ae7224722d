"""Stage 5a: test a dataset's parts (1b_*, 2b_*, 3b_*) and write the results to test_results/.

SAMPLE_SIZE (a whole number or `all`) bounds how many enriched rows the row checks read; the
count checks always see every row. The stage fails (exit 1) when a check fails, after writing
the results, so the summary says which one.
"""
import os
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, str(Path.cwd() / "common"))  # stages run from the project folder
from demo_io import fresh_folder, part_folder, read_rows, require_env, write_json  # noqa: E402

KNOWN_REGIONS = {"Brussels-Capital", "Flanders", "Wallonia"}


def sample_size():
    value = os.environ.get("SAMPLE_SIZE", "all").strip().lower() or "all"
    if value == "all":
        return None
    if not value.isdigit() or int(value) < 1:
        print(f"::error::SAMPLE_SIZE must be a whole number or all, not {value!r}", file=sys.stderr)
        sys.exit(2)
    return int(value)


def check(name, passed, detail):
    return {"check": name, "passed": bool(passed), "detail": detail}


def run_checks(raw, processed, enriched, sample):
    priced = [row for row in raw if row["price"].strip()]
    ids = [row["id"] for row in enriched]
    bad_region = [row["id"] for row in sample if row["region"] not in KNOWN_REGIONS]
    bad_price = [row["id"] for row in sample if int(row["price_cents"]) <= 0]
    same_ids = sorted(ids) == sorted(row["id"] for row in processed)
    return [
        check("2b keeps every priced 1b row", len(processed) == len(priced),
              f"{len(processed)} of {len(priced)}"),
        check("3b has every 2b row", same_ids, f"{len(enriched)} rows"),
        check("ids are unique", len(set(ids)) == len(ids), f"{len(ids)} ids"),
        check("sampled rows have a known region", not bad_region,
              f"bad ids: {bad_region}" if bad_region else "ok"),
        check("sampled rows have a positive price", not bad_price,
              f"bad ids: {bad_price}" if bad_price else "ok"),
    ]


def main():
    dataset = require_env("DATASET_NAME")
    size = sample_size()
    raw = read_rows(part_folder("1b") / "listings.csv")
    processed = read_rows(part_folder("2b") / "listings.csv")
    enriched = read_rows(part_folder("3b") / "listings.csv")
    # The first rows, not a random pick: the same dataset and size always test the same rows.
    sample = enriched if size is None else enriched[:size]
    checks = run_checks(raw, processed, enriched, sample)
    passed = all(c["passed"] for c in checks)
    summary = {
        "dataset": dataset,
        "tenant": os.environ.get("TENANT_NAME", ""),
        "sample_size": "all" if size is None else size,
        "rows_checked": len(sample),
        "rows_total": len(enriched),
        "passed": passed,
        "checks": checks,
    }
    out = fresh_folder("test_results")
    write_json(out / "summary.json", summary)
    lines = [
        f"# Tests of {dataset}",
        "",
        f"Rows checked: {len(sample)} of {len(enriched)} (SAMPLE_SIZE={summary['sample_size']})",
        "",
        "| Check | Result | Detail |",
        "|---|---|---|",
    ]
    for c in checks:
        lines.append(f"| {c['check']} | {'pass' if c['passed'] else 'FAIL'} | {c['detail']} |")
    (out / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if not passed:
        print("::error::5a: some checks failed, see test_results/summary.md", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
