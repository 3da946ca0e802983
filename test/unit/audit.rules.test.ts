import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_PREV_HASH, hashEntry, verifyChain, type AuditEntry } from '../../src/modules/audit/audit.rules.js';

/** A well-formed chain of `n` entries, as appendAudit would write it. */
function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const unsigned = {
      seq,
      at: new Date(Date.UTC(2025, 0, 1, 9, 0, seq)),
      actor: seq % 2 ? 'customer:C000001' : 'staff:S0006',
      action: seq % 3 ? 'LOGIN_SUCCEEDED' : 'LOAN_DECIDED',
      subject: seq % 3 ? null : `loan:${seq}`,
      detail: { n: seq, nested: { b: [1, { y: 2, x: 1 }], a: 'é' } },
      prevHash: entries.at(-1)?.hash ?? GENESIS_PREV_HASH,
    };
    entries.push({ ...unsigned, hash: hashEntry(unsigned) });
  }
  return entries;
}

describe('canonicalJson', () => {
  it('gives the same text whatever order keys were written in, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [{ e: 2, f: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('keeps array order and drops undefined members like JSON.stringify', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('hashEntry', () => {
  it('is a 64-char hex digest that changes with any field', () => {
    const [entry] = chain(1);
    expect(entry!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry({ ...entry!, detail: { ...entry!.detail, n: 2 } })).not.toBe(entry!.hash);
    expect(hashEntry({ ...entry!, actor: 'anonymous' })).not.toBe(entry!.hash);
  });
});

describe('verifyChain', () => {
  it('accepts a good chain and counts its entries', () => {
    expect(verifyChain(chain(10))).toEqual({ ok: true, checked: 10 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it('accepts a slice when told the hash and seq before it', () => {
    const entries = chain(10);
    expect(verifyChain(entries.slice(4), entries[3]!.hash, 5)).toEqual({ ok: true, checked: 6 });
  });

  it('reports HASH_MISMATCH at an entry whose detail was edited', () => {
    const entries = chain(10);
    entries[6] = { ...entries[6]!, detail: { n: 999 } };
    expect(verifyChain(entries)).toEqual({ ok: false, brokenAtSeq: 7, reason: 'HASH_MISMATCH' });
  });

  it('reports PREV_HASH_MISMATCH at the next entry when an edited entry was re-hashed', () => {
    const entries = chain(10);
    const edited = { ...entries[6]!, detail: { n: 999 } };
    entries[6] = { ...edited, hash: hashEntry(edited) };
    expect(verifyChain(entries)).toEqual({ ok: false, brokenAtSeq: 8, reason: 'PREV_HASH_MISMATCH' });
  });

  it('reports SEQ_GAP at the first entry after a deleted one', () => {
    const entries = chain(10);
    entries.splice(6, 1);
    expect(verifyChain(entries)).toEqual({ ok: false, brokenAtSeq: 8, reason: 'SEQ_GAP' });
  });

  it('reports SEQ_GAP when the first entry was deleted', () => {
    expect(verifyChain(chain(3).slice(1))).toEqual({ ok: false, brokenAtSeq: 2, reason: 'SEQ_GAP' });
  });

  it('reports the first broken link when there are several', () => {
    const entries = chain(10);
    entries[8] = { ...entries[8]!, actor: 'anonymous' };
    entries[2] = { ...entries[2]!, action: 'LOGIN_FAILED' };
    expect(verifyChain(entries)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'HASH_MISMATCH' });
  });
});
