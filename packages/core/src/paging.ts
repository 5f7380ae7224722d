/**
 * The one way this project follows a paginated listing (ListBuckets, ListObjectsV2), for S3 and
 * for the S3 look-alikes tenants point AWS_ENDPOINT_URL_S3 at. The SDK's own paginators stop
 * silently when a token repeats (with stopOnSameToken) or loop for ever (without): here a store
 * that hands back a token it already gave is an error naming the listing, because a silently
 * partial listing would make LATEST pick the wrong dataset. Each page is fetched with retries by
 * the caller's `fetchPage`.
 */
import { ServiceError } from './errors';

export interface Page<T> {
  items: T[];
  /** The token for the next page; undefined on the last one. */
  next?: string;
}

/** More pages than this is a store that never ends a listing (10 million keys at 1,000 a page). */
export const MAX_PAGES = 10_000;

export async function* listPages<T>(
  what: string,
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  maxPages = MAX_PAGES,
): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let count = 1; ; count++) {
    const page = await fetchPage(token);
    yield page.items;
    token = page.next || undefined;
    if (token === undefined) return;
    if (seen.has(token)) {
      throw new ServiceError(
        `${what} did not advance: the store returned the same continuation token twice. ` +
          'Check the S3 endpoint (AWS_ENDPOINT_URL_S3): AWS S3 never does this.',
      );
    }
    if (count >= maxPages) {
      throw new ServiceError(
        `${what} did not end after ${maxPages} pages. Check the S3 endpoint (AWS_ENDPOINT_URL_S3).`,
      );
    }
    seen.add(token);
  }
}

/** Every item of every page. */
export async function listAll<T>(
  what: string,
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  maxPages = MAX_PAGES,
): Promise<{ items: T[]; calls: number }> {
  const items: T[] = [];
  let calls = 0;
  for await (const page of listPages(what, fetchPage, maxPages)) {
    calls++;
    items.push(...page);
  }
  return { items, calls };
}
