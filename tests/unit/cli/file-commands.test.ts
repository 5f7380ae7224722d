import { describe, expect, it } from '@jest/globals';
import { LogMasker, parseFileCommands } from '../../../packages/cli/src/file-commands';

describe('runner file commands', () => {
  it('reads name=value and heredoc values', () => {
    const text = 'a=1\nmulti<<ghadelimiter_1\nline one\nline=two\nghadelimiter_1\nb=x=y\n';
    expect(parseFileCommands(text)).toEqual({ a: '1', multi: 'line one\nline=two', b: 'x=y' });
  });

  it('fails on an unterminated heredoc', () => {
    expect(() => parseFileCommands('x<<EOF\nvalue\n')).toThrow(/no closing delimiter EOF/);
  });
});

describe('log masking, as the runner does', () => {
  it('hides a value in every line after ::add-mask::', () => {
    const masker = new LogMasker();
    expect(masker.apply('token s3cr3t')).toBe('token s3cr3t');
    expect(masker.apply('::add-mask::s3cr3t')).toBe('::add-mask::***');
    expect(masker.apply('token s3cr3t and s3cr3t')).toBe('token *** and ***');
  });
});
