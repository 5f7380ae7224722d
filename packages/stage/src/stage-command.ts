/**
 * A tenant's stage command, as typed in a workflow input: `bash run.sh`, `python3 fetch.py --full`.
 * The old template lets each stage folder hold its own scripts, so the script is named relative
 * to the stage folder and must stay inside it: a workflow input can never run a file elsewhere in
 * the checkout (or outside it). Arguments are split on blanks and quoted, so no text of the input
 * reaches the shell as syntax.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '@cat-actions/core';

/** Interpreters a stage command may name before its script; none means the script runs itself. */
export const STAGE_INTERPRETERS = ['bash', 'sh', 'python3', 'python'] as const;

export interface StageCommand {
  /** As given by the tenant, for messages. */
  given: string;
  interpreter?: (typeof STAGE_INTERPRETERS)[number];
  /** Relative to the working directory, e.g. `1a/run.sh` (or `run_update.sh` for the sync). */
  script: string;
  args: string[];
  /** What bash runs in the working directory, every word single-quoted. */
  shellCommand: string;
}

/** A word bash takes literally: single quotes, with each `'` closed, escaped and reopened. */
export const shellQuote = (word: string) =>
  /^[A-Za-z0-9_./=:,+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

const EXAMPLE = 'bash run.sh';

/**
 * Parses and checks a stage command. `stageFolder` is relative to `workingDirectory`: `1a` for
 * stage 1a, `.` for the sync, whose scripts sit in its working directory itself.
 */
export function parseStageCommand(
  given: string,
  workingDirectory: string,
  stageFolder: string,
  input = 'stage-command',
): StageCommand {
  const words = given.trim().split(/\s+/).filter(Boolean);
  const bad = (expected: string): never => {
    throw new InputError({ input, received: given, expected, example: EXAMPLE });
  };
  if (words.length === 0) bad('a script of the stage folder, optionally after bash, sh or python3');
  const control = [...given].some((c) => c.charCodeAt(0) < 0x20 && !/\s/.test(c));
  if (control || given.includes('\x7f')) bad('a command without control characters');
  const interpreter = (STAGE_INTERPRETERS as readonly string[]).includes(words[0])
    ? (words.shift() as StageCommand['interpreter'])
    : undefined;
  const scriptWord = words.shift();
  if (!scriptWord) bad(`a script after ${interpreter}, e.g. ${interpreter} run.sh`);
  const folderLabel =
    stageFolder === '.' ? 'the working directory' : `the stage folder ${stageFolder}/`;
  const relative = path.posix.normalize(scriptWord!.replace(/^\.\//, ''));
  if (
    path.isAbsolute(scriptWord!) ||
    relative === '..' ||
    relative.startsWith('../') ||
    relative === '.' ||
    scriptWord!.split('/').includes('..')
  ) {
    bad(`a script path inside ${folderLabel}, without ".." or a leading "/"`);
  }
  const folder = path.resolve(workingDirectory, stageFolder);
  const file = path.join(folder, relative);
  if (!existsSync(file) || !statSync(file).isFile()) {
    bad(`a script that exists in ${folderLabel} (no ${path.posix.join(stageFolder, relative)})`);
  }
  // A symlink in the checkout could still point elsewhere: the real file must be inside too.
  const real = realpathSync(file);
  const realFolder = realpathSync(folder);
  if (path.relative(realFolder, real).startsWith('..')) {
    bad(`a script inside ${folderLabel}; ${relative} links to a file outside it`);
  }
  const script = stageFolder === '.' ? relative : path.posix.join(stageFolder, relative);
  const program = interpreter
    ? [interpreter, script]
    : [script.includes('/') ? script : `./${script}`];
  return {
    given,
    interpreter,
    script,
    args: words,
    shellCommand: [...program, ...words].map(shellQuote).join(' '),
  };
}
