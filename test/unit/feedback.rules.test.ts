import { describe, expect, it } from 'vitest';
import { ratingProblem } from '../../src/modules/feedback/feedback.rules.js';

describe('ratingProblem', () => {
  it('accepts a CSAT, an NPS or both on a finished flow', () => {
    expect(ratingProblem({ csat: 1 }, 'TRANSFER', 'POSTED')).toBeNull();
    expect(ratingProblem({ nps: 0 }, 'ACCOUNT_OPENING', 'OPENED')).toBeNull();
    expect(ratingProblem({ csat: 5, nps: 10 }, 'LOAN_APPLICATION', 'REJECTED')).toBeNull();
  });

  it('names the field that is wrong', () => {
    expect(ratingProblem({}, 'TRANSFER', 'POSTED')?.field).toBe('csat');
    expect(ratingProblem({ csat: 4.5 }, 'TRANSFER', 'POSTED')?.field).toBe('csat');
    expect(ratingProblem({ nps: -1 }, 'TRANSFER', 'POSTED')?.field).toBe('nps');
    expect(ratingProblem({ csat: 3 }, 'TRANSFER', 'HELD')?.field).toBe('subjectId');
    expect(ratingProblem({ csat: 3 }, 'LOAN_APPLICATION', 'MANUAL_REVIEW')?.field).toBe('subjectId');
    expect(ratingProblem({ csat: 3 }, 'ACCOUNT_OPENING', 'DRAFT')?.field).toBe('subjectId');
  });
});
