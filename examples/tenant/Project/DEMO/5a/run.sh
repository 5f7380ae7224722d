#!/usr/bin/env bash
# Stage 5a: test the dataset's parts; results go to test_results/ (published by run-stage).
set -euo pipefail
if [[ -f .env ]]; then set -a && source ./.env && set +a; fi
exec python3 5a/test_dataset.py
