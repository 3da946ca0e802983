/**
 * The one idempotent-command helper: every mutation that moves money, or creates or advances an
 * application or account, runs through {@link runIdempotent}. The same key with the same request
 * replays the first answer, however often and however concurrently it is sent; the same key with
 * another request is refused with IDEMPOTENCY_KEY_REUSED.
 *
 * Race-proof without locks of its own: the first answer's row carries the key under a unique
 * index (the aggregate's own, or `command_keys`), written in the same transaction as the change.
 * A concurrent send that loses finds the winner's row once it commits and replays it.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import { isIdempotencyKey } from '../ids.js';
import { commandKeys } from './command-keys.tables.js';
import type { TxRecord } from './write-path.js';

export interface IdempotentCommand<Found, Claimed, Result> {
  key: string;
  /** The command and its arguments, normalised as they will be executed (hashed). */
  request: unknown;
  /** The row that holds this key (and so its first answer), if there is one. */
  find(): Promise<Found | undefined>;
  hashOf(found: Found): string;
  /** The command's first write, which stores the key (it fails when a concurrent send won). */
  claim(requestHash: string): Promise<Claimed>;
  /** The rest of the first run, after the claim committed. */
  first(claimed: Claimed): Promise<Result>;
  /** The answer for a key found: the first answer (finished, if it was cut off). */
  replay(found: Found): Promise<Result>;
  /** When the claim failed and no row holds the key: what to say instead (e.g. another unique index). */
  onConflict?(error: unknown): Promise<Result> | Result;
}

/** SHA-256 (hex) of a request, as {@link runIdempotent} compares them. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** @throws DomainError BAD_USER_INPUT (a malformed key), IDEMPOTENCY_KEY_REUSED; or what the command throws. */
export async function runIdempotent<Found, Claimed, Result>(command: IdempotentCommand<Found, Claimed, Result>): Promise<Result> {
  if (!isIdempotencyKey(command.key)) {
    throw new DomainError('BAD_USER_INPUT', 'idempotencyKey must be 8-128 letters, digits or ._:-', { field: 'idempotencyKey' });
  }
  const hash = requestHash(command.request);
  const replay = (found: Found) => {
    if (command.hashOf(found) !== hash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different request.', { field: 'idempotencyKey' });
    }
    return command.replay(found);
  };
  const existing = await command.find();
  if (existing) return replay(existing);
  let claimed: Claimed;
  try {
    claimed = await command.claim(hash);
  } catch (error) {
    // A concurrent send with the same key won (a unique violation, or it changed the row first).
    const raced = await command.find();
    if (raced) return replay(raced);
    if (command.onConflict) return command.onConflict(error);
    throw error;
  }
  return command.first(claimed);
}

/** Keys of commands on existing rows (see command-keys.tables.ts). */
export function createCommandKeys(db: Database) {
  return {
    /**
     * Runs a command whose key lives in command_keys (a command on an existing row, or one whose
     * row has no key column): `claim` makes the first write and passes `keyRecord(subjectId)` to
     * the write path with it; a replay answers for the subject the first run named.
     */
    run<Result>(command: {
      owner: string;
      /** e.g. `loan.signContract`: a key reused for another command is IDEMPOTENCY_KEY_REUSED. */
      name: string;
      key: string;
      args: unknown[];
      claim(keyRecord: (subjectId: string) => TxRecord): Promise<string>;
      first(subjectId: string): Promise<Result>;
      replay(subjectId: string): Promise<Result>;
    }): Promise<Result> {
      const { owner, name, key } = command;
      return runIdempotent({
        key,
        request: [name, ...command.args],
        find: async () => (await db.select().from(commandKeys).where(and(eq(commandKeys.owner, owner), eq(commandKeys.key, key))).limit(1))[0],
        hashOf: (found) => found.requestHash,
        claim: (requestHash) =>
          command.claim((subjectId) => async (tx, now) => {
            await tx.insert(commandKeys).values({ owner, key, command: name, requestHash, subjectId, createdAt: now });
          }),
        first: (subjectId) => command.first(subjectId),
        replay: (found) => command.replay(found.subjectId),
      });
    },
  };
}

export type CommandKeys = ReturnType<typeof createCommandKeys>;
