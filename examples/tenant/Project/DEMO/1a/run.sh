#!/usr/bin/env bash
# Stage 1a: fetch the raw data into 1b_raw/ (run-stage uploads 1b* as a part of a new dataset).
set -euo pipefail
if [[ -f .env ]]; then set -a && source ./.env && set +a; fi
exec python3 1a/fetch.py
