/**
 * What `authenticate` reads on every request — the session behind a customer or staff token, the
 * consent behind a partner token — held in memory for a few seconds, so that a busy client costs
 * one database read per grant every few seconds instead of one per request.
 *
 * Revocation still takes effect at once:
 * - every transaction that revokes a session or a consent sends NOTIFY on
 *   {@link AUTH_REVOKED_CHANNEL} naming its subject; each gateway instance evicts that subject's
 *   grants when the commit is announced (PostgreSQL and PGlite alike);
 * - the instance that revoked also evicts before it answers, without waiting for the notification;
 * - a read that started before an eviction is never stored (a generation counter), so a
 *   revocation cannot be overwritten by a slower read of the row it revoked;
 * - when the listening connection was lost, notifications may have been missed: everything is
 *   dropped.
 * The TTL bounds what a missed notification could cost; 0 turns the cache off.
 */

/** The NOTIFY channel a revoking transaction announces its subject on (`CUSTOMER:C000001`, `STAFF:S0001`). */
export const AUTH_REVOKED_CHANNEL = 'gateway_auth_revoked';

/** The key grants are evicted by: whose session or consent it is. */
export { grantSubject } from '../../platform/context.js';

export interface GrantCache<T> {
  /** The cached grant for `id`, or what `load` reads (stored unless an eviction happened meanwhile). */
  get(id: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  /** Drops every grant of `subject`; later reads go to the database. */
  evictSubject(subject: string): void;
  /** Drops everything. */
  clear(): void;
  readonly size: number;
}

export interface GrantCacheOptions<T> {
  ttlMs: number;
  /** Oldest entries go first past this. */
  maxEntries: number;
  subjectOf: (grant: T) => string;
  now?: () => number;
}

export function createGrantCache<T>(options: GrantCacheOptions<T>): GrantCache<T> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { grant: T; subject: string; until: number }>();
  let generation = 0;

  return {
    async get(id, load) {
      const entry = entries.get(id);
      if (entry && entry.until > now()) return entry.grant;
      if (entry) entries.delete(id);
      const started = generation;
      const grant = await load();
      if (grant !== undefined && options.ttlMs > 0 && started === generation) {
        if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(id, { grant, subject: options.subjectOf(grant), until: now() + options.ttlMs });
      }
      return grant;
    },
    evictSubject(subject) {
      generation += 1;
      for (const [id, entry] of entries) if (entry.subject === subject) entries.delete(id);
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
