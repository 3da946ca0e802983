import { describe, expect, it } from 'vitest';
import { withSpan } from '../../src/platform/observability/tracing.js';

describe('spans without an SDK', () => {
  it('runs spans as plain calls: the value comes back, an error is rethrown, even a synchronous one', async () => {
    await expect(withSpan('ok', {}, async (span) => (span.isRecording() ? 'recording' : 'plain'))).resolves.toBe('plain');
    await expect(withSpan('fails', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      withSpan('throws', {}, () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
  });
});
