"""Stage 1a: fetch raw listings into 1b_raw/.

A real tenant scrapes its sources here; the demo writes the same small sample every time
(DEMO_ROWS rows, from .env_gha), with a few rows lacking a price so that 2a has work to do.
"""
import os
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, str(Path.cwd() / "common"))  # stages run from the project folder
from demo_io import fresh_folder, require_env, write_json, write_rows  # noqa: E402

CITIES = ["Brussels", "antwerp", "Ghent", "LIEGE", "Bruges"]


def listing(i):
    price = "" if i % 7 == 0 else f"{(i * 37) % 400 + 50}.{(i * 13) % 100:02d}"
    city = CITIES[i % len(CITIES)]
    return {"id": i, "title": f"  Demo listing {i} ", "price": price, "city": city}


def main():
    tenant = require_env("TENANT_NAME")
    dataset = require_env("DATASET_NAME")
    rows = int(os.environ.get("DEMO_ROWS", "20"))
    out = fresh_folder("1b_raw")
    listings = [listing(i) for i in range(1, rows + 1)]
    write_rows(out / "listings.csv", ["id", "title", "price", "city"], listings)
    source = {
        "tenant": tenant,
        "environment": os.environ.get("ENVIRONMENT", ""),
        "dataset": dataset,
        "rows": rows,
        "source": os.environ.get("DEMO_SOURCE", ""),
    }
    write_json(out / "source.json", source)
    print(f"1a: {rows} listings for {tenant} into 1b_raw/ (dataset {dataset})")


if __name__ == "__main__":
    main()
