"""Small helpers the DEMO stages share: the environment run-stage provides, and part folders.

Stages run with the project folder (Project/<PROJECT_DIR>) as their working directory, so part
folders are plain relative paths: run-stage downloads `1b*` into ./1b_raw/ and uploads ./2b_*/.
"""
import csv
import json
import os
import shutil
import sys
from pathlib import Path


def require_env(name):
    """A variable run-stage always sets; missing means the script runs outside run-stage."""
    value = os.environ.get(name, "")
    if not value:
        print(f"::error::{name} is not set. run-stage sets it; to run this stage by hand, "
              f"export it first (see examples/tenant/README.md).", file=sys.stderr)
        sys.exit(2)
    return value


def part_folder(prefix):
    """The one input part folder starting with `prefix` (e.g. 1b), as downloaded by run-stage."""
    found = sorted(p for p in Path.cwd().glob(f"{prefix}*") if p.is_dir())
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        print(f"::error::expected one {prefix}* folder in {Path.cwd()}, found {names}. "
              f"Does the workflow download {prefix}*?", file=sys.stderr)
        sys.exit(2)
    return found[0]


def fresh_folder(name):
    """An empty output folder: a re-run never mixes old files into the part it uploads."""
    folder = Path(name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_json(path, value):
    """Sorted keys and a final newline: the same data gives the same bytes on every run."""
    Path(path).write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_rows(path, fields, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
