"""Stage 2a: clean the raw listings (1b_*) into 2b_processed/.

Trims titles, turns prices into whole cents, spells cities one way, and drops rows without a
price (counted in report.json, so 5a can check nothing else went missing).
"""
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, str(Path.cwd() / "common"))  # stages run from the project folder
from demo_io import (  # noqa: E402
    fresh_folder,
    part_folder,
    read_rows,
    require_env,
    write_json,
    write_rows,
)


def main():
    require_env("DATASET_NAME")
    raw = read_rows(part_folder("1b") / "listings.csv")
    kept = [
        {
            "id": int(row["id"]),
            "title": row["title"].strip(),
            "price_cents": round(float(row["price"]) * 100),
            "city": row["city"].strip().title(),
        }
        for row in raw
        if row["price"].strip()
    ]
    out = fresh_folder("2b_processed")
    write_rows(out / "listings.csv", ["id", "title", "price_cents", "city"], kept)
    report = {"read": len(raw), "kept": len(kept), "dropped_without_price": len(raw) - len(kept)}
    write_json(out / "report.json", report)
    print(f"2a: kept {len(kept)} of {len(raw)} listings into 2b_processed/")


if __name__ == "__main__":
    main()
