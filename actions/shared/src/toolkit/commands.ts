/**
 * The runner's workflow commands and file commands: the subset of @actions/core the actions use,
 * with the same names and wire format. @actions/core drags in an HTTP client (undici, ~480 KiB
 * minified) for OIDC alone; without it a bundle starts in about half the time.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export interface InputOptions {
  required?: boolean;
  trimWhitespace?: boolean;
}

export enum ExitCode {
  Success = 0,
  Failure = 1,
}

const toCommandValue = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

const escapeData = (s: unknown) =>
  toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: unknown) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function issueCommand(
  command: string,
  properties: Record<string, unknown>,
  message: unknown,
): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '' && value !== null)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function issueFileCommand(variable: string, name: string, value: unknown): boolean {
  const file = process.env[`GITHUB_${variable}`];
  if (!file) return false;
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const text = toCommandValue(value);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || text.includes(delimiter))
    throw new Error('Unexpected input: contains the delimiter');
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8');
  return true;
}

export function getInput(name: string, options?: InputOptions): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`);
  return options?.trimWhitespace === false ? value : value.trim();
}

export function getMultilineInput(name: string, options?: InputOptions): string[] {
  const lines = getInput(name, options)
    .split('\n')
    .filter((line) => line !== '');
  return options?.trimWhitespace === false ? lines : lines.map((line) => line.trim());
}

export function getBooleanInput(name: string, options?: InputOptions): boolean {
  const value = getInput(name, options);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new TypeError(
    `Input does not meet YAML 1.2 "Core Schema" specification: ${name}\nSupport boolean input list: \`true | True | TRUE | false | False | FALSE\``,
  );
}

export function setOutput(name: string, value: unknown): void {
  if (!issueFileCommand('OUTPUT', name, value)) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
  }
}

export function exportVariable(name: string, value: unknown): void {
  process.env[name] = toCommandValue(value);
  if (!issueFileCommand('ENV', name, value)) issueCommand('set-env', { name }, value);
}

export function saveState(name: string, value: unknown): void {
  if (!issueFileCommand('STATE', name, value)) issueCommand('save-state', { name }, value);
}

export const getState = (name: string): string => process.env[`STATE_${name}`] || '';

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function addPath(path: string): void {
  const file = process.env.GITHUB_PATH;
  if (file) appendFileSync(file, `${path}${EOL}`, 'utf8');
  else issueCommand('add-path', {}, path);
  process.env.PATH = `${path}:${process.env.PATH ?? ''}`;
}

export const isDebug = (): boolean => process.env.RUNNER_DEBUG === '1';
export const info = (message: string): void => void process.stdout.write(`${message}${EOL}`);
export const debug = (message: string): void => issueCommand('debug', {}, message);

function annotation(kind: string, message: string | Error, properties: AnnotationProperties = {}) {
  issueCommand(
    kind,
    {
      title: properties.title,
      file: properties.file,
      line: properties.startLine,
      endLine: properties.endLine,
      col: properties.startColumn,
      endColumn: properties.endColumn,
    },
    message instanceof Error ? message.toString() : message,
  );
}
export const error = (m: string | Error, p?: AnnotationProperties) => annotation('error', m, p);
export const warning = (m: string | Error, p?: AnnotationProperties) => annotation('warning', m, p);
export const notice = (m: string | Error, p?: AnnotationProperties) => annotation('notice', m, p);

export function setFailed(message: string | Error): void {
  process.exitCode = ExitCode.Failure;
  error(message);
}

export const startGroup = (name: string): void => issueCommand('group', {}, name);
export const endGroup = (): void => issueCommand('endgroup', {}, '');

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}
