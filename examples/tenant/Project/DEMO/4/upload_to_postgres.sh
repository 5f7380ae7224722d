#!/usr/bin/env bash
# Stage 4: load the enriched listings (3b_*, downloaded by run-stage) into PostgreSQL.
#
# The name contains "postgres", so the data-upload workflow opens the bastion tunnel first and
# hands its local end over as DB_HOST and DB_PORT. DB_USER, DB_PASSWORD and DB_NAME come from the
# tenant's Secrets Manager secret. DELETE_BEFORE_UPLOAD=true empties the table first; otherwise
# only this dataset's rows are replaced, so a re-run loads the same rows once.
set -euo pipefail
if [[ -f .env ]]; then set -a && source ./.env && set +a; fi

: "${DATASET_NAME:?DATASET_NAME is not set: run-stage sets it (see examples/tenant/README.md)}"
parts=(3b*/listings.csv)
if [[ ! -f "${parts[0]}" ]]; then
  echo "::error::No 3b*/listings.csv in $(pwd): does the workflow download the 3b part?" >&2
  exit 2
fi
rows=$(($(wc -l <"${parts[0]}") - 1))

if [[ -z "${DB_HOST:-}" ]]; then
  echo "::warning::No database configured (DB_HOST is empty): ${rows} rows of ${DATASET_NAME} were NOT loaded." \
    "Run with an upload script whose name contains 'postgres' and give the workflow db-host."
  exit 0
fi
if ! command -v psql >/dev/null; then
  echo "::error::psql is not installed on this runner: install the PostgreSQL client (Debian: postgresql-client)." >&2
  exit 2
fi

export PGHOST="$DB_HOST" PGPORT="${DB_PORT:-5432}"
export PGUSER="${DB_USER:-${PGUSER:-postgres}}" PGDATABASE="${DB_NAME:-${PGDATABASE:-postgres}}"
if [[ -n "${DB_PASSWORD:-}" ]]; then export PGPASSWORD="$DB_PASSWORD"; fi

# The CSV arrives on psql's stdin (pstdin); values reach SQL as psql variables, never as text.
psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 -v dataset="$DATASET_NAME" \
  -v delete_all="${DELETE_BEFORE_UPLOAD:-false}" -f 4/upload_listings.sql <"${parts[0]}"
echo "4: loaded ${rows} rows of ${DATASET_NAME} into ${PGDATABASE}.demo_listings at ${PGHOST}:${PGPORT}"
