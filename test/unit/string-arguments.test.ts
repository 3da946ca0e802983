import { describe, expect, it } from 'vitest';
import { stringProblem } from '../../src/platform/graphql/string-arguments.js';

describe('stringProblem', () => {
  it('accepts ordinary text, including non-Latin scripts and emoji', () => {
    expect(stringProblem('王芳 Wang Fang 👍', 'LINE')).toBeUndefined();
  });

  it('refuses a line over 200 characters and text over 2000', () => {
    expect(stringProblem('a'.repeat(200), 'LINE')).toBeUndefined();
    expect(stringProblem('a'.repeat(201), 'LINE')).toBe('TOO_LONG');
    expect(stringProblem('a'.repeat(2001), 'TEXT')).toBe('TOO_LONG');
  });

  it('refuses NUL, DEL and C1 controls everywhere; tab and line breaks only in one-line values', () => {
    for (const bad of ['\u0000', '\u007F', '\u0085', '\u001B']) {
      expect(stringProblem(`a${bad}b`, 'LINE')).toBe('CONTROL_CHARACTER');
      expect(stringProblem(`a${bad}b`, 'TEXT')).toBe('CONTROL_CHARACTER');
      expect(stringProblem(`a${bad}b`, 'BLOB')).toBe('CONTROL_CHARACTER');
    }
    expect(stringProblem('a\r\n\tb', 'LINE')).toBe('CONTROL_CHARACTER');
    expect(stringProblem('a\r\n\tb', 'TEXT')).toBeUndefined();
  });

  it('refuses a lone surrogate', () => {
    expect(stringProblem('a\uD800b', 'LINE')).toBe('INVALID_UNICODE');
  });

  it('does not bound encoded content', () => {
    expect(stringProblem('A'.repeat(100_000), 'BLOB')).toBeUndefined();
  });
});
