import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  InputError,
  partPrefix,
  s3Uri,
  testResultsPrefix,
  validatePartName,
} from '@cat-actions/core';
import { matchNames, unmatchedPatterns } from './part-patterns';
import type { StagePlan } from './stage-plan';
import type { SkippedLink, StageStore, TransferRequest, Transferred } from './stage-store';

export interface PublishedFolder extends Transferred {
  /** The local folder name (a part name for datasets). */
  folder: string;
  uri: string;
}

export interface Publication {
  folders: PublishedFolder[];
  /** s3://…/<tenant>/test_results/<dataset>/<run>/ with publish-to: test-results. */
  resultsUri?: string;
  seconds: number;
}

/** Folders directly under the working directory; hidden ones (.venv, .git) never count. */
function localFolders(workingDirectory: string): string[] {
  return readdirSync(workingDirectory, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name);
}

/**
 * Folders under the working directory that `upload` matches but are symbolic links: an upload
 * never follows them, and says so rather than pass them over in silence.
 */
export function linkedFolderWarnings(plan: StagePlan): string[] {
  const linkedFolders = readdirSync(plan.workingDirectory, { withFileTypes: true })
    .filter((e) => e.isSymbolicLink() && !e.name.startsWith('.'))
    .map((e) => e.name);
  return matchNames(linkedFolders, plan.upload).map(
    (name) =>
      `Not uploaded: ${plan.workingDirectoryLabel}/${name} is a symbolic link; an upload never ` +
      'follows a link out of the working directory. Write the folder itself.',
  );
}

/** A link inside a folder being uploaded that the upload left out (see listLocalTree), in words. */
export function skippedLinkWarning(plan: StagePlan, folder: string, link: SkippedLink): string {
  const why =
    link.reason === 'outside'
      ? `it points outside ${folder}/ (to ${link.target})`
      : link.reason === 'folder'
        ? `it points to a folder (${link.target})`
        : `it points nowhere (${link.target})`;
  return (
    `Not uploaded: ${plan.workingDirectoryLabel}/${folder}/${link.path} is a symbolic link and ` +
    `${why}; an upload never follows a link out of its folder. Copy the file in instead.`
  );
}

/**
 * The folders `upload` names, checked before a single byte moves: every pattern must match a
 * folder the stage wrote (a typo must not pass as "nothing to upload"), and each dataset part
 * must carry a part name.
 */
export function foldersToPublish(plan: StagePlan): string[] {
  if (!plan.upload.length) return [];
  const folders = localFolders(plan.workingDirectory);
  const missing = unmatchedPatterns(folders, plan.upload);
  if (missing.length) {
    throw new InputError({
      input: 'upload',
      received: missing.join(' '),
      expected:
        `folders the stage wrote in ${plan.workingDirectoryLabel}; after the run it holds ` +
        `${folders.length ? folders.sort().join(', ') : 'no folders'}`,
      example: '2b*',
    });
  }
  const matched = matchNames(folders, plan.upload);
  if (plan.publishTo === 'datasets') for (const part of matched) validatePartName(part, 'upload');
  return matched;
}

/**
 * Uploads the folders: as dataset parts (manifest last, stale keys removed) or as one test run
 * under test_results/ — a single folder's files at the run's prefix, several each in its own
 * sub-folder.
 */
export async function publishFolders(
  plan: StagePlan,
  store: StageStore,
  dataset: string,
  startedAt: Date,
  folders: string[],
  print: (line: string) => void,
  warn: (message: string) => void = print,
): Promise<Publication> {
  const started = Date.now();
  for (const warning of linkedFolderWarnings(plan)) warn(warning);
  // The links each upload leaves out are told by the upload's own walk of the folder, before it
  // sends anything: a walk of its own here cost a second pass over every file (issue 14: at
  // 50,000 files, ~0.3 s and ~15 MiB of heap at the upload's start).
  const request = (folder: string): TransferRequest => ({
    localDir: path.join(plan.workingDirectory, folder),
    concurrency: plan.concurrency,
    print,
    onSkippedLinks: (links) => {
      for (const link of links) warn(skippedLinkWarning(plan, folder, link));
    },
  });
  const published: PublishedFolder[] = [];
  if (plan.publishTo === 'datasets') {
    for (const part of folders) {
      const moved = await store.uploadPart(plan.tenant, dataset, part, request(part));
      const uri = s3Uri(plan.bucket, partPrefix(plan.tenant, dataset, part));
      published.push({ folder: part, uri, ...moved });
    }
    return { folders: published, seconds: (Date.now() - started) / 1000 };
  }
  const runPrefix = testResultsPrefix(plan.tenant, dataset, startedAt);
  for (const folder of folders) {
    const prefix = folders.length === 1 ? runPrefix : `${runPrefix}${folder}/`;
    const moved = await store.uploadFolder(prefix, request(folder));
    published.push({ folder, uri: s3Uri(plan.bucket, prefix), ...moved });
  }
  return {
    folders: published,
    resultsUri: s3Uri(plan.bucket, runPrefix),
    seconds: (Date.now() - started) / 1000,
  };
}
