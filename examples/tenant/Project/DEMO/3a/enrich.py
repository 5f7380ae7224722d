"""Stage 3a: enrich the clean listings (2b_*) into 3b_enriched/ with a region and a price band."""
import sys
from collections import Counter
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

REGIONS = {
    "Brussels": "Brussels-Capital",
    "Antwerp": "Flanders",
    "Ghent": "Flanders",
    "Bruges": "Flanders",
    "Liege": "Wallonia",
}


def price_band(cents):
    return "budget" if cents < 10000 else "standard" if cents < 30000 else "premium"


def main():
    require_env("DATASET_NAME")
    rows = read_rows(part_folder("2b") / "listings.csv")
    enriched = [
        {
            **row,
            "region": REGIONS.get(row["city"], "unknown"),
            "price_band": price_band(int(row["price_cents"])),
        }
        for row in rows
    ]
    out = fresh_folder("3b_enriched")
    fields = ["id", "title", "price_cents", "city", "region", "price_band"]
    write_rows(out / "listings.csv", fields, enriched)
    per_region = dict(sorted(Counter(row["region"] for row in enriched).items()))
    write_json(out / "regions.json", per_region)
    print(f"3a: {len(enriched)} listings enriched into 3b_enriched/ ({per_region})")


if __name__ == "__main__":
    main()
