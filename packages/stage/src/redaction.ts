/**
 * Replaces secret values in text that leaves the process: the live log (so even the runner's raw
 * stream never carries them) and the stage log uploaded to S3.
 */
export const REDACTED = '***';

export class SecretRedactor {
  private readonly values: string[];

  /** `values` as from secretValues(): non-empty, longest first. */
  constructor(values: readonly string[]) {
    this.values = values.filter((v) => v !== '');
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  }
}
