import * as core from '../../shared/src/toolkit';

/**
 * Re-running a failed job reuses the commit it first ran. When the branch has moved on since,
 * say so loudly: otherwise someone "retries" old code and thinks the fix is in.
 */
export async function warnIfStaleRerun(
  token: string,
  run: { runAttempt?: string; sha?: string; ref?: string; repository?: string },
): Promise<void> {
  const attempt = Number(run.runAttempt ?? '1');
  const sha = run.sha;
  const branch = run.ref?.startsWith('refs/heads/')
    ? run.ref.slice('refs/heads/'.length)
    : undefined;
  const [owner, repo] = (run.repository ?? '').split('/');
  if (!(attempt > 1) || !sha || !branch || !owner || !repo) return;
  if (!token) {
    core.debug(
      'No github-token: cannot check whether this re-run still runs the head of its branch.',
    );
    return;
  }
  try {
    // Loaded only on re-runs: the GitHub client is most of what this bundle would otherwise carry.
    const { getOctokit } = await import('@actions/github');
    // A GitHub API that does not answer must not hold the step: 10 s, then a debug line.
    const { data } = await getOctokit(token, { request: { retries: 0 } }).rest.repos.getBranch({
      owner,
      repo,
      branch,
      request: { signal: AbortSignal.timeout(10_000) },
    });
    const head = data.commit.sha;
    if (head !== sha) {
      core.warning(
        `This is attempt ${attempt} of the run, and it runs commit ${sha.slice(0, 7)}, but ${branch} is ` +
          `now at ${head.slice(0, 7)}. Re-running a job reuses the commit of its first attempt: start a ` +
          `new run to use the latest code.`,
        { title: 'Re-run of an old commit' },
      );
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    core.debug(
      `Could not reach the GitHub API to compare ${sha} with the head of ${branch}: ${reason}`,
    );
  }
}
