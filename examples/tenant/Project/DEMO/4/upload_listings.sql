-- Loads one dataset's enriched listings (CSV on stdin) into demo_listings, in one transaction.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;
CREATE TABLE IF NOT EXISTS demo_listings (
  dataset     text    NOT NULL,
  id          integer NOT NULL,
  title       text    NOT NULL,
  price_cents integer NOT NULL,
  city        text    NOT NULL,
  region      text    NOT NULL,
  price_band  text    NOT NULL,
  PRIMARY KEY (dataset, id)
);
CREATE TEMP TABLE incoming (LIKE demo_listings INCLUDING DEFAULTS) ON COMMIT DROP;
ALTER TABLE incoming DROP COLUMN dataset;
\copy incoming FROM pstdin WITH (FORMAT csv, HEADER true)
SELECT :'delete_all' = 'true' AS delete_all \gset
\if :delete_all
  TRUNCATE demo_listings;
\else
  DELETE FROM demo_listings WHERE dataset = :'dataset';
\endif
INSERT INTO demo_listings (dataset, id, title, price_cents, city, region, price_band)
  SELECT :'dataset', id, title, price_cents, city, region, price_band FROM incoming;
COMMIT;
