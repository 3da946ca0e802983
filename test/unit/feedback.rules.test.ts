import { describe, expect, it } from 'vitest';
import { FEEDBACK_MACHINE, FEEDBACK_TEXT_MAX, UNANSWERED, breachedSla, dueAtOf, ratingProblem, textProblem } from '../../src/modules/feedback/feedback.rules.js';
import { canTransition, isFinal } from '../../src/platform/write/state-machine.js';

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

const HOUR = 3_600_000;
const t0 = new Date('2026-03-02T08:00:00Z');

describe('feedback state machine', () => {
  it.each([
    ['OPEN', 'CLAIMED', true],
    ['OPEN', 'ESCALATED', true],
    ['OPEN', 'RESPONDED', false], // an answer needs a claim first
    ['CLAIMED', 'RESPONDED', true],
    ['CLAIMED', 'ESCALATED', true],
    ['ESCALATED', 'CLAIMED', true],
    ['ESCALATED', 'ESCALATED', false], // escalated once
    ['RESPONDED', 'ESCALATED', false], // answered items never escalate
    ['RESPONDED', 'RESOLVED', true],
    ['CLAIMED', 'RESOLVED', false], // resolve only after an answer
  ] as const)('%s → %s: %s', (from, to, allowed) => expect(canTransition(FEEDBACK_MACHINE, from, to)).toBe(allowed));

  it('RESOLVED is final; only OPEN and CLAIMED wait for a first answer', () => {
    expect(isFinal(FEEDBACK_MACHINE, 'RESOLVED')).toBe(true);
    expect(UNANSWERED).toEqual(['OPEN', 'CLAIMED']);
  });
});

describe('textProblem', () => {
  it('refuses empty and over-long text, counting characters not bytes, after trimming', () => {
    expect(textProblem('  ', FEEDBACK_TEXT_MAX, 'text')).toEqual({ field: 'text', message: 'text must not be empty.' });
    expect(textProblem('x'.repeat(FEEDBACK_TEXT_MAX + 1), FEEDBACK_TEXT_MAX, 'text')?.field).toBe('text');
    expect(textProblem(`  ${'x'.repeat(FEEDBACK_TEXT_MAX)}  `, FEEDBACK_TEXT_MAX, 'text')).toBeNull();
    expect(textProblem('意'.repeat(FEEDBACK_TEXT_MAX), FEEDBACK_TEXT_MAX, 'text')).toBeNull();
  });
});

describe('the answer clock', () => {
  it('is due 72 h after submission by default configuration, and breached by a late or missing answer', () => {
    const due = dueAtOf(t0, 72 * HOUR);
    expect(due.toISOString()).toBe('2026-03-05T08:00:00.000Z');
    expect(breachedSla({ dueAt: due, firstResponseAt: new Date(due.getTime()) }, new Date(due.getTime() + 10 * HOUR))).toBe(false);
    expect(breachedSla({ dueAt: due, firstResponseAt: new Date(due.getTime() + 1) }, due)).toBe(true);
    expect(breachedSla({ dueAt: due, firstResponseAt: null }, new Date(due.getTime() - 1))).toBe(false);
    expect(breachedSla({ dueAt: due, firstResponseAt: null }, new Date(due.getTime() + 1))).toBe(true);
  });
});
