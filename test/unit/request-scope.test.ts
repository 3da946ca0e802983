import { describe, expect, it } from 'vitest';
import { Budget, currentBudget, outsideBudget, runWithBudget } from '../../src/platform/budget.js';
import { currentRecord, newRecord, runWithRecord } from '../../src/platform/observability/request-record.js';
import { withSpan } from '../../src/platform/observability/tracing.js';
import { runInRequest } from '../../src/platform/request-scope.js';

// The budget and the request record share one AsyncLocalStorage (request-scope.ts); each keeps
// its own functions, which must behave as if each had its own storage.
describe('request scope', () => {
  it('carries the budget and the record of a request across awaits, and nothing outside it', async () => {
    const budget = new Budget(1_000);
    const record = newRecord('req-1');
    const seen = await runInRequest(budget, record, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { budget: currentBudget(), record: currentRecord() };
    });
    expect(seen.budget).toBe(budget);
    expect(seen.record).toBe(record);
    expect(currentBudget()).toBeUndefined();
    expect(currentRecord()).toBeUndefined();
  });

  it('changes one of the two without losing the other', async () => {
    const record = newRecord('req-2');
    const outer = new Budget(1_000);
    const inner = new Budget(5_000);
    await runInRequest(outer, record, async () => {
      await runWithBudget(inner, async () => {
        expect(currentBudget()).toBe(inner);
        expect(currentRecord()).toBe(record);
      });
      await outsideBudget(async () => {
        expect(currentBudget()).toBeUndefined();
        expect(currentRecord()).toBe(record);
      });
      const other = newRecord('req-3');
      await runWithRecord(other, async () => {
        expect(currentRecord()).toBe(other);
        expect(currentBudget()).toBe(outer);
      });
      expect(currentBudget()).toBe(outer);
      expect(currentRecord()).toBe(record);
    });
  });

  it('runs spans without an SDK as plain calls: the value comes back, an error is rethrown, even a synchronous one', async () => {
    await expect(withSpan('ok', {}, async (span) => (span.isRecording() ? 'recording' : 'plain'))).resolves.toBe('plain');
    await expect(withSpan('fails', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      withSpan('throws', {}, () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
  });
});
