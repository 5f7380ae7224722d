/**
 * A job on the local runner: steps run in order, each sees what earlier steps exported
 * (GITHUB_ENV), their outputs are kept by step id, and post steps run at the end of the job in
 * reverse order, as on GitHub; a failed step skips the rest unless it runs `always`.
 */
import { runLocalAction } from './local-runner';
import type { LocalRunOptions, LocalRunResult, StepResult } from './local-runner';

/** A step is one action run as runLocalAction runs it; `env` is step-level `env:`. */
export interface JobStep extends Pick<LocalRunOptions, 'action' | 'inputs' | 'env'> {
  id: string;
  /** Runs even after a failure, like `if: failure()` / `always()`. */
  always?: boolean;
}

/** What every step of the job shares; each step's lines reach `onLine` with its id. */
export interface JobOptions extends Pick<LocalRunOptions, 'repoRoot' | 'workspace'> {
  workspace: string;
  env: Record<string, string>;
  onLine?: (stepId: string, line: string) => void;
}

export class LocalJob {
  readonly results = new Map<string, LocalRunResult>();
  readonly env: Record<string, string>;
  failed: string | undefined;
  private readonly posts: { id: string; run: () => Promise<StepResult> }[] = [];

  constructor(private readonly options: JobOptions) {
    this.env = { ...options.env };
  }

  outputs(stepId: string): Record<string, string> {
    return this.results.get(stepId)?.outputs ?? {};
  }

  /** Runs a step; returns undefined when it was skipped because an earlier step failed. */
  async step(step: JobStep): Promise<LocalRunResult | undefined> {
    if (this.failed && !step.always) return undefined;
    const result = await runLocalAction({
      repoRoot: this.options.repoRoot,
      action: step.action,
      inputs: step.inputs,
      env: { ...this.env, ...step.env },
      workspace: this.options.workspace,
      post: 'defer',
      onLine: this.options.onLine && ((line) => this.options.onLine!(step.id, line)),
    });
    this.results.set(step.id, result);
    if (result.runPost) this.posts.push({ id: step.id, run: result.runPost });
    Object.assign(this.env, result.exportedEnv);
    if (result.exitCode !== 0) this.failed ??= step.id;
    return result;
  }

  /** Runs the post steps, last first; returns the ids of those that failed. */
  async finish(): Promise<string[]> {
    const failures: string[] = [];
    for (const post of this.posts.reverse()) {
      const result = await post.run();
      if (result.exitCode !== 0) failures.push(post.id);
    }
    this.posts.length = 0;
    return failures;
  }
}
