import { InputError } from './errors';

/** Datasets are named after their UTC creation time, so names sort chronologically. */
export const DATASET_NAME = /^\d{8}_\d{6}_utc$/;
export const LATEST = 'LATEST';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-03-28T08:47:42Z` -> `20240328_084742_utc` (UTC whatever the machine's zone). */
export function formatDatasetName(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatDatasetName: invalid Date');
  const day = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  return `${day}_${time}_utc`;
}

/** The creation time a dataset name stands for, or undefined when it is not a real date and time. */
export function parseDatasetName(name: string): Date | undefined {
  if (!DATASET_NAME.test(name)) return undefined;
  const field = (from: number, to: number) => Number(name.slice(from, to));
  const [y, mo, d, h, mi, s] = [
    field(0, 4),
    field(4, 6),
    field(6, 8),
    field(9, 11),
    field(11, 13),
    field(13, 15),
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20240230 over to March (and reads years 0-99 as 19xx): a name whose fields do
  // not come back unchanged is not a real time. Compared as numbers, not formatted back to text:
  // LATEST checks every name of a listing, 1,000 a page (issue 14).
  const same =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return same ? date : undefined;
}

export function isDatasetName(name: string): boolean {
  return parseDatasetName(name) !== undefined;
}

/** `LATEST` (any case) or a real dataset name; anything else is a bad input. */
export function validateDatasetRef(value: string, input = 'dataset'): string {
  const trimmed = value.trim();
  if (trimmed.toUpperCase() === LATEST) return LATEST;
  if (isDatasetName(trimmed)) return trimmed;
  throw new InputError({
    input,
    received: value,
    expected: 'LATEST or a dataset name yyyymmdd_hhmmss_utc',
    example: '20240328_084742_utc',
  });
}
