import { describe, expect, it } from '@jest/globals';
import { InputError, parseProjectSpec, validateProjectDir } from '@cat-actions/core';

describe('project spec "ENV:PROJECT_DIR"', () => {
  it.each([
    ['DEV:CAT-BE-DEV', 'DEV', 'CAT-BE-DEV'],
    ['PROD:CAT-BE', 'PROD', 'CAT-BE'],
    ['dev:CAT-KS', 'DEV', 'CAT-KS'],
    [' PROD :CAT-DEVOPS', 'PROD', 'CAT-DEVOPS'],
    ['DEV:cat_lower.case', 'DEV', 'cat_lower.case'],
  ])('%s -> %s, %s', (spec, environment, projectDir) => {
    expect(parseProjectSpec(spec)).toEqual({ environment, projectDir });
  });

  it.each([
    ['CAT-BE-DEV', /expected ENV:PROJECT_DIR.*e\.g\. "DEV:CAT-BE-DEV"/],
    ['TEST:CAT-BE', /expected ENV:PROJECT_DIR with ENV DEV or PROD/],
    [':CAT-BE', /with ENV DEV or PROD/],
    ['DEV:', /PROJECT_DIR a folder name under Project/],
    ['DEV:../etc', /PROJECT_DIR a folder name under Project/],
    ['DEV:CAT/BE', /PROJECT_DIR a folder name under Project/],
    ['DEV:CAT BE', /PROJECT_DIR a folder name under Project/],
    ['DEV:CAT\tBE', /PROJECT_DIR a folder name under Project/],
    ['DEV:CAT\u0000BE', /PROJECT_DIR a folder name under Project/],
    ['DEV:..', /PROJECT_DIR a folder name under Project/],
    ['DEV:.', /PROJECT_DIR a folder name under Project/],
  ])('rejects %j', (spec, message) => {
    const attempt = () => parseProjectSpec(spec);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/^Input 'project'/);
  });

  it('keeps the folder name case-sensitive', () => {
    expect(parseProjectSpec('DEV:Cat-Be-Dev').projectDir).toBe('Cat-Be-Dev');
  });

  it('names the input it was given', () => {
    expect(() => validateProjectDir('a/b', 'project-dir')).toThrow(
      /^Input 'project-dir' is "a\/b"/,
    );
  });
});
