/**
 * Every failure a user can act on is one of packages/core's error types (InputError,
 * NotFoundError, AwsDeniedError, TransientError, TimeoutError, ServiceError and their subclasses),
 * so an action prints its message as the one `::error::`. A plain `Error` that reaches an action's
 * entry is reported as "Unexpected failure ... re-run with debug logging": right for a bug, wrong
 * for anything a user could fix. This scans the source of every package the actions bundle and
 * fails on a plain Error (or TypeError, RangeError, ...) that is not a documented internal
 * invariant below.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/action-runner';

/**
 * Packages whose errors never pass through an action's runAction: the local CLI (`npx
 * cat-actions`) prints its own errors to the terminal, and the local service stand-ins are
 * test and demo tooling.
 */
const NOT_BUNDLED_IN_ACTIONS = new Set(['cli', 'local-services']);

/** Internal invariants: reaching one is a bug in this project, so "Unexpected failure" is right. */
const INTERNAL_INVARIANTS: { file: string; text: string; why: string }[] = [
  {
    file: 'packages/core/src/dataset.ts',
    text: "new RangeError('formatDatasetName: invalid Date')",
    why: 'callers pass Dates they made; an invalid one is a bug',
  },
  {
    file: 'packages/core/src/manifest.ts',
    text: 'new RangeError(`completionRecordName: not a part name',
    why: 'uploadPart passes a part folder name it has checked; another is a bug',
  },
  {
    file: 'packages/core/src/manifest.ts',
    text: 'new RangeError(`completionRecordName: not counts',
    why: 'the counts come from the manifest just built; others are a bug',
  },
  {
    file: 'packages/transfer/src/download-plan.ts',
    text: "new RangeError('DownloadPlan: either every entry has a SHA-256",
    why: 'a plan comes from a checked manifest (all have one) or a listing (none has)',
  },
  {
    file: 'packages/transfer/src/download-plan.ts',
    text: 'new RangeError(`DownloadPlan: ${path} has no hex SHA-256',
    why: 'parseManifest has checked every SHA-256 as 64 hex digits',
  },
  {
    file: 'packages/aws/src/errors.ts',
    text: 'new Error(String(error))',
    why: 'wraps a thrown non-Error of our own code (a bug) so it can be reported',
  },
];

const PLAIN_ERROR =
  /\bnew (Error|TypeError|RangeError|SyntaxError|ReferenceError)\(|\bthrow (Error|TypeError)\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|mts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const packagesDir = path.join(repoRoot, 'packages');
const scanned = readdirSync(packagesDir)
  .filter((name) => !NOT_BUNDLED_IN_ACTIONS.has(name))
  .filter((name) => statSync(path.join(packagesDir, name, 'src'), { throwIfNoEntry: false }))
  .flatMap((name) => sourceFiles(path.join(packagesDir, name, 'src')));

interface Finding {
  file: string;
  line: number;
  text: string;
}

function plainErrors(file: string): Finding[] {
  const relative = path.relative(repoRoot, file);
  const findings: Finding[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (/^\s*(\/\/|\*)/.test(line)) return; // comments
      for (const match of line.matchAll(PLAIN_ERROR)) {
        const allowed = INTERNAL_INVARIANTS.some(
          (invariant) => invariant.file === relative && line.includes(invariant.text),
        );
        if (!allowed) findings.push({ file: relative, line: index + 1, text: match[0] });
      }
    });
  return findings;
}

describe('no plain Error reaches a user', () => {
  it('scans the packages the actions bundle (and finds their sources)', () => {
    const packages = new Set(scanned.map((f) => path.relative(packagesDir, f).split(path.sep)[0]));
    expect([...packages]).toEqual(
      expect.arrayContaining(['core', 'aws', 'transfer', 'slack', 'stage', 'tunnel']),
    );
  });

  it('every throw under packages/ is a project error type or a documented invariant', () => {
    const findings = scanned.flatMap(plainErrors);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('each documented invariant is still in the code (the list stays honest)', () => {
    for (const invariant of INTERNAL_INVARIANTS) {
      const text = readFileSync(path.join(repoRoot, invariant.file), 'utf8');
      expect(text).toContain(invariant.text);
    }
  });

  it('the scan would catch one (it is not vacuous)', () => {
    expect('  throw new Error(`Listing did not advance`);'.match(PLAIN_ERROR)).toHaveLength(1);
    expect('reject(new TypeError("x"))'.match(PLAIN_ERROR)).toHaveLength(1);
  });
});
