/**
 * The audit chain's pure rules: canonical JSON, the entry hash, and chain verification.
 * No database, clock or GraphQL: everything arrives as arguments.
 */
import { createHash } from 'node:crypto';

/** The `prevHash` of the first entry (seq 1). */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** One stored audit entry, as read back from the table. */
export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Why a chain does not verify; see {@link verifyChain}. */
export type ChainBreakReason = 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP';

export type ChainReport = { ok: true; checked: number } | { ok: false; brokenAtSeq: number; reason: ChainBreakReason };

/**
 * JSON with object keys sorted recursively (arrays keep their order), so equal values give equal
 * text whatever order their keys were written or stored in (jsonb reorders keys).
 * Follows JSON.stringify otherwise: `undefined` members are dropped, dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** sha256 hex over the canonical JSON of `[seq, at ISO, actor, action, subject, detail, prevHash]`. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const payload = canonicalJson([entry.seq, entry.at.toISOString(), entry.actor, entry.action, entry.subject, entry.detail, entry.prevHash]);
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

/**
 * Checks consecutive entries (in seq order) and reports the first broken link.
 *
 * For each entry, in this order: its seq must be the expected next one (`SEQ_GAP`, e.g. after a
 * deleted row: reported at the first row after the hole), its `prevHash` the previous entry's hash
 * (`PREV_HASH_MISMATCH`: the previous row was edited and re-hashed), and its `hash` must match its
 * fields (`HASH_MISMATCH`: the row itself was edited).
 *
 * A chain alone cannot reveal that its newest rows were cut off; compare `checked` with a count
 * recorded elsewhere for that.
 * @param startPrevHash the hash before `entries[0]`. @default GENESIS_PREV_HASH (a chain from seq 1)
 * @param firstSeq the seq `entries[0]` must have. @default 1 from the genesis, else `entries[0].seq`
 */
export function verifyChain(entries: readonly AuditEntry[], startPrevHash?: string, firstSeq?: number): ChainReport {
  let prevHash = startPrevHash ?? GENESIS_PREV_HASH;
  let expectedSeq = firstSeq ?? (startPrevHash === undefined ? 1 : (entries[0]?.seq ?? 1));
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { ok: false, brokenAtSeq: entry.seq, reason: 'SEQ_GAP' };
    if (entry.prevHash !== prevHash) return { ok: false, brokenAtSeq: entry.seq, reason: 'PREV_HASH_MISMATCH' };
    if (hashEntry(entry) !== entry.hash) return { ok: false, brokenAtSeq: entry.seq, reason: 'HASH_MISMATCH' };
    prevHash = entry.hash;
    expectedSeq = entry.seq + 1;
  }
  return { ok: true, checked: entries.length };
}
