#!/usr/bin/env bash
# Stage 2a: clean 1b_* (downloaded by run-stage) into 2b_processed/.
set -euo pipefail
if [[ -f .env ]]; then set -a && source ./.env && set +a; fi
exec python3 2a/process.py
