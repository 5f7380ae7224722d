import { NotFoundError } from '@cat-actions/core';

/**
 * A part whose upload started and never finished (marker, no manifest), or that has no manifest
 * when one is required. Never "found": the caller must pick another part or re-run the stage.
 */
export class IncompletePartError extends NotFoundError {}

/**
 * A downloaded file does not match the part's manifest (missing, wrong size, wrong SHA-256), or a
 * key cannot be written safely. The intact part is not there: re-run the stage that produced it.
 */
export class PartIntegrityError extends NotFoundError {}

/**
 * A local file changed size while it was uploaded: something still writes to the part folder.
 * What was read is not what is on disk, so it is not published.
 */
export class LocalFileChangedError extends PartIntegrityError {}
