/**
 * Appending to the audit trail (inside a caller's transaction or on its own) and verifying the
 * whole stored chain.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { createAuditRepository } from './audit.repository.js';
import { GENESIS_PREV_HASH, hashEntry, verifyChain, type AuditEntry, type ChainReport } from './audit.rules.js';
import { auditEntries } from './audit.tables.js';
import type { TxRecord } from '../../platform/write/write-path.js';

/** What a module records; `seq`, `at` and the hashes are filled in by {@link appendAudit}. */
export interface NewAuditEntry {
  /** `customer:C000001`, `staff:S0006`, `partner:<id>`, `system` or `anonymous`. */
  actor: string;
  /** SCREAMING_SNAKE_CASE, e.g. `LOGIN_FAILED`, `CONSENT_GRANTED`, `LOAN_DECIDED`. */
  action: string;
  /** What it is about, e.g. `loan:<id>`. @default null */
  subject?: string | null;
  /** JSON-serialisable facts; stored as JSON (dates become ISO strings). @default {} */
  detail?: Record<string, unknown>;
}

/** The key of the transaction-scoped advisory lock that serialises every appender (any value, fixed forever). */
export const AUDIT_LOCK_KEY = 0x41554449; // 'AUDI'

/** How many rows {@link verifyAuditChainInDatabase} reads per query. */
export const VERIFY_PAGE_SIZE = 1000;

/**
 * Appends one entry, numbered and hash-linked to the newest one.
 *
 * Pass the caller's transaction to commit the entry together with the change it records (it then
 * runs in a savepoint), or the plain db to commit it on its own. Appenders are serialised by
 * `pg_advisory_xact_lock(AUDIT_LOCK_KEY)`, held until the outermost transaction ends, so seq and
 * prev_hash stay consistent across connections and gateway instances. Because of that lock, append
 * late in a long transaction, and only under READ COMMITTED (the default): a REPEATABLE READ
 * snapshot taken before the lock would miss the previous entry.
 * @throws on a database error, or when `entry.detail` is not JSON-serialisable; the caller's
 * transaction then fails with it.
 */
export async function appendAudit(tx: Database, entry: NewAuditEntry, now: Date): Promise<AuditEntry> {
  // Hash what jsonb will give back, not the caller's object (dates, undefined members, toJSON).
  const detail = JSON.parse(JSON.stringify(entry.detail ?? {})) as Record<string, unknown>;
  // On the plain db this opens a transaction; on a transaction, a savepoint.
  return tx.transaction(async (inner) => {
    await inner.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}) -- audit: serialise appenders`);
    const last = await createAuditRepository(inner).last();
    const unsigned = {
      seq: (last?.seq ?? 0) + 1,
      at: now,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      detail,
      prevHash: last?.hash ?? GENESIS_PREV_HASH,
    };
    const stored = { ...unsigned, hash: hashEntry(unsigned) };
    await inner.insert(auditEntries).values(stored);
    return stored;
  });
}

/**
 * Verifies the whole stored chain from seq 1, reading it in pages of {@link VERIFY_PAGE_SIZE}, and
 * reports the first broken link (see `verifyChain` in audit.rules.ts).
 * @throws on a database error, or a row whose detail is not a JSON object.
 */
export async function verifyAuditChainInDatabase(db: Database): Promise<ChainReport> {
  const repo = createAuditRepository(db);
  let prevHash = GENESIS_PREV_HASH;
  let nextSeq = 1;
  let checked = 0;
  for (;;) {
    // Page by the last seq read, not by the expected one: a hole must show up as SEQ_GAP.
    const page = await repo.page({ afterSeq: nextSeq - 1, limit: VERIFY_PAGE_SIZE });
    const report = verifyChain(page, prevHash, nextSeq);
    if (!report.ok) return report;
    checked += report.checked;
    const last = page.at(-1);
    if (!last || page.length < VERIFY_PAGE_SIZE) return { ok: true, checked };
    prevHash = last.hash;
    nextSeq = last.seq + 1;
  }
}

/** An audit entry as a record of a change (written last, with the change: see platform/write). */
export const auditRecord =
  (entry: NewAuditEntry): TxRecord =>
  (tx, now) =>
    appendAudit(tx, entry, now);
