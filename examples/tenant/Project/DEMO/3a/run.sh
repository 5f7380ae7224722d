#!/usr/bin/env bash
# Stage 3a: enrich 2b_* (downloaded by run-stage) into 3b_enriched/.
set -euo pipefail
if [[ -f .env ]]; then set -a && source ./.env && set +a; fi
exec python3 3a/enrich.py
