import type { PipenvCache } from '@cat-actions/stage';

/**
 * The runner's cache service through @actions/cache. It only exists on a GitHub runner (the
 * runner hands actions ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL); elsewhere the stage still runs,
 * it just builds its environment every time.
 */
export const runnerCache = (serviceAvailable: boolean): PipenvCache => ({
  unavailableReason() {
    if (!serviceAvailable) {
      return 'no ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL: not a GitHub-hosted or self-hosted runner job';
    }
    return undefined;
  },
  async restore(paths, key) {
    const cache = await import('@actions/cache');
    return (await cache.restoreCache(paths, key)) === key;
  },
  async save(paths, key) {
    const cache = await import('@actions/cache');
    // saveCache reports its own failures as warnings and answers -1 instead of throwing.
    return (await cache.saveCache(paths, key)) !== -1;
  },
});
