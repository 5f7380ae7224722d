"""Writes the tickets of this update cycle to <out>/tickets.json and <out>/tickets.csv.

The demo writes the same 12 tickets every time; a real tenant calls the Zoho Desk API here
(its OAuth keys arrive as environment variables from the tenant's secret, never from a file).
"""
import csv
import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone

STATUSES = ["Open", "On Hold", "Escalated", "Closed"]
BASE = datetime(2024, 1, 1, tzinfo=timezone.utc)


def ticket(i):
    modified = BASE + timedelta(hours=7 * i)
    return {
        "id": 1000 + i,
        "subject": f"Demo ticket {i}",
        "status": STATUSES[i % len(STATUSES)],
        "modified_time": modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def main():
    out = sys.argv[1]
    tenant = os.environ["TENANT_NAME"]
    tickets = [ticket(i) for i in range(1, 13)]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with open(os.path.join(out, "tickets.json"), "w", encoding="utf-8") as f:
        json.dump({"tenant": tenant, "tickets": tickets}, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "tickets.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(tickets[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(tickets)
    print(f"sync: {len(tickets)} tickets for {tenant} into {out}/")


if __name__ == "__main__":
    main()
