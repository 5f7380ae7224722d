export const DEFAULT_SECRET_SUFFIX = '-scraper-secrets';

/** `CAT-BE-DEV` -> `cat-be`: lower-cased, one trailing `-dev` removed (DEV and PROD share a tenant). */
export function tenantName(projectDir: string): string {
  const lower = projectDir.toLowerCase();
  return lower.endsWith('-dev') && lower.length > 4 ? lower.slice(0, -4) : lower;
}

/** The tenant's Secrets Manager secret: an explicit name wins, else tenant + suffix. */
export function secretName(
  tenant: string,
  suffix = DEFAULT_SECRET_SUFFIX,
  explicit?: string,
): string {
  const name = explicit?.trim();
  return name ? name : `${tenant}${suffix}`;
}
