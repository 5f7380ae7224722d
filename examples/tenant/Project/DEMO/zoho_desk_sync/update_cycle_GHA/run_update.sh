#!/usr/bin/env bash
# Zoho Desk update cycle, run daily by the zoho-desk-sync workflow through run-stage (stage: sync).
#
# 1. fetch the tickets changed since the last cycle into zohodesk_output/ (the demo writes a fixed
#    sample; a real tenant calls the Zoho Desk API with ZOHO_* keys from its secret);
# 2. upsert them into PostgreSQL through the bastion tunnel (DB_HOST, DB_PORT from the workflow;
#    DB_USER, DB_PASSWORD, DB_NAME from the secret);
# 3. copy them to s3://$S3_BUCKET_NAME/$TENANT_NAME/zohodesk-data/tickets/.
set -euo pipefail
if [[ -f .env ]]; then set -a && source ./.env && set +a; fi
: "${TENANT_NAME:?TENANT_NAME is not set: run-stage sets it (see examples/tenant/README.md)}"
: "${S3_BUCKET_NAME:?S3_BUCKET_NAME is not set: run-stage sets it from find-bucket}"
here="$(dirname "${BASH_SOURCE[0]}")" # its own folder: the workflow runs it from there, as the old pipeline did
out="zohodesk_output"

echo "::group::Fetch tickets"
python3 "$here/fetch_tickets.py" "$out"
echo "::endgroup::"

echo "::group::Update the database"
if [[ -z "${DB_HOST:-}" ]]; then
  echo "::warning::No database configured (DB_HOST is empty): the tickets were NOT written to the database."
elif ! command -v psql >/dev/null; then
  echo "::error::psql is not installed on this runner: install the PostgreSQL client (Debian: postgresql-client)." >&2
  exit 2
else
  export PGHOST="$DB_HOST" PGPORT="${DB_PORT:-5432}"
  export PGUSER="${DB_USER:-${PGUSER:-postgres}}" PGDATABASE="${DB_NAME:-${PGDATABASE:-postgres}}"
  if [[ -n "${DB_PASSWORD:-}" ]]; then export PGPASSWORD="$DB_PASSWORD"; fi
  psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 -f "$here/upsert_tickets.sql" <"$out/tickets.csv"
  echo "Upserted $(($(wc -l <"$out/tickets.csv") - 1)) tickets at ${PGHOST}:${PGPORT}"
fi
echo "::endgroup::"

echo "::group::Copy to S3"
# Credentials come from assume-role, which exported them to the job. AWS_CLI picks a specific aws
# binary; AWS_ENDPOINT_URL_S3 (a local S3 in tests) is passed on for CLIs older than 2.13.
target="s3://${S3_BUCKET_NAME}/${TENANT_NAME}/zohodesk-data/tickets/"
endpoint=()
if [[ -n "${AWS_ENDPOINT_URL_S3:-}" ]]; then endpoint=(--endpoint-url "$AWS_ENDPOINT_URL_S3"); fi
"${AWS_CLI:-aws}" "${endpoint[@]}" s3 sync "$out" "$target" --delete --only-show-errors
echo "Copied $(find "$out" -type f | wc -l) files to $target"
echo "::endgroup::"
