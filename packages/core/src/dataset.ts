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
  const [y, mo, d, h, mi, s] = [
    name.slice(0, 4),
    name.slice(4, 6),
    name.slice(6, 8),
    name.slice(9, 11),
    name.slice(11, 13),
    name.slice(13, 15),
  ].map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20240230 over to March: a name that does not round-trip is not a real time.
  return formatDatasetName(date) === name ? date : undefined;
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
