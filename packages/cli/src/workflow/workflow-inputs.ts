/**
 * A workflow's `inputs` as its jobs see them: the declared inputs of workflow_call (or of
 * workflow_dispatch for a caller), each given value converted to the declared type, defaults
 * filled in, and a clear error for an unknown input or a required one left out.
 */
import type { Value } from './expressions';
import { triggersOf, type WorkflowFile, type Yaml } from './workflow-file';

export class WorkflowInputError extends Error {}

export function declaredInputs(workflow: WorkflowFile): Record<string, Yaml> {
  const on = triggersOf(workflow.doc);
  return on.workflow_call?.inputs ?? on.workflow_dispatch?.inputs ?? {};
}

function convert(name: string, spec: Yaml, value: Value, label: string): Value {
  const type = spec?.type ?? 'string';
  const bad = (expected: string) =>
    new WorkflowInputError(
      `${label}: input ${name} must be ${expected}, got ${JSON.stringify(value)}`,
    );
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (/^(true|false)$/i.test(String(value))) return String(value).toLowerCase() === 'true';
    throw bad('true or false');
  }
  if (type === 'number') {
    const number = typeof value === 'number' ? value : Number(String(value).trim() || NaN);
    if (Number.isNaN(number)) throw bad('a number');
    return number;
  }
  if (
    type === 'choice' &&
    Array.isArray(spec.options) &&
    !spec.options.map(String).includes(String(value))
  ) {
    throw bad(`one of ${spec.options.join(', ')}`);
  }
  return value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function resolveInputs(
  workflow: WorkflowFile,
  given: Record<string, Value>,
): Record<string, Value> {
  const declared = declaredInputs(workflow);
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length) {
    const names = Object.keys(declared);
    throw new WorkflowInputError(
      `${workflow.label} has no input ${unknown.join(', ')}; its inputs: ${names.length ? names.join(', ') : '(none)'}`,
    );
  }
  const inputs: Record<string, Value> = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    if (name in given && given[name] !== undefined)
      inputs[name] = convert(name, spec, given[name], workflow.label);
    else if (spec?.default !== undefined)
      inputs[name] = convert(name, spec, spec.default as Value, workflow.label);
    else if (spec?.required) missing.push(name);
    else inputs[name] = spec?.type === 'boolean' ? false : spec?.type === 'number' ? 0 : '';
  }
  if (missing.length) {
    throw new WorkflowInputError(
      `${workflow.label} needs input ${missing.join(', ')} (required, no default)`,
    );
  }
  return inputs;
}
