-- Upserts this cycle's tickets (CSV on stdin) into zoho_tickets, in one transaction.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;
CREATE TABLE IF NOT EXISTS zoho_tickets (
  id            bigint      PRIMARY KEY,
  subject       text        NOT NULL,
  status        text        NOT NULL,
  modified_time timestamptz NOT NULL
);
CREATE TEMP TABLE incoming (LIKE zoho_tickets) ON COMMIT DROP;
\copy incoming FROM pstdin WITH (FORMAT csv, HEADER true)
INSERT INTO zoho_tickets SELECT * FROM incoming
  ON CONFLICT (id) DO UPDATE
  SET subject = EXCLUDED.subject, status = EXCLUDED.status, modified_time = EXCLUDED.modified_time;
COMMIT;
