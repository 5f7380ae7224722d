import { InputError } from './errors';

export const ENVIRONMENTS = ['DEV', 'PROD'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface ProjectSpec {
  environment: Environment;
  projectDir: string;
}

const SPEC_EXAMPLE = 'DEV:CAT-BE-DEV';

export function parseEnvironment(value: string, input = 'environment'): Environment {
  const upper = value.trim().toUpperCase();
  if ((ENVIRONMENTS as readonly string[]).includes(upper)) return upper as Environment;
  throw new InputError({ input, received: value, expected: 'DEV or PROD', example: 'DEV' });
}

/**
 * A project directory is one plain folder name under `Project/`: no separators, no `..`, no spaces
 * or control characters, so it can never point outside the projects root.
 */
export function validateProjectDir(value: string, input = 'project-dir'): string {
  const expected = 'a folder name under Project/ without "/", "..", spaces or control characters';
  // eslint-disable-next-line no-control-regex
  const unsafe = /[/\\\s\u0000-\u001f\u007f]/;
  if (value === '' || value === '.' || value.includes('..') || unsafe.test(value)) {
    throw new InputError({ input, received: value, expected, example: 'CAT-BE-DEV' });
  }
  return value;
}

/** Parses `"ENV:PROJECT_DIR"`, e.g. `"DEV:CAT-BE-DEV"`; ENV is case-insensitive, the folder is not. */
export function parseProjectSpec(spec: string, input = 'project'): ProjectSpec {
  const colon = spec.indexOf(':');
  const fail = (expected: string): never => {
    throw new InputError({ input, received: spec, expected, example: SPEC_EXAMPLE });
  };
  if (colon < 0) fail('ENV:PROJECT_DIR with ENV DEV or PROD');
  let environment: Environment;
  try {
    environment = parseEnvironment(spec.slice(0, colon), input);
  } catch {
    return fail('ENV:PROJECT_DIR with ENV DEV or PROD');
  }
  try {
    return { environment, projectDir: validateProjectDir(spec.slice(colon + 1), input) };
  } catch {
    return fail(
      'ENV:PROJECT_DIR with PROJECT_DIR a folder name under Project/ (no "/", "..", spaces or control characters)',
    );
  }
}

export function formatProjectSpec(spec: ProjectSpec): string {
  return `${spec.environment}:${spec.projectDir}`;
}
