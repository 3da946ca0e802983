/**
 * QR hand-off: a waiting channel (web, branch) shows a code, the logged-in app approves it.
 *
 * The approval is an event in the event log (stream `qr-login:<id>`): the page's subscription
 * follows that stream through the fan-out, so it hears the approval whichever gateway instance
 * the app reached. The app is shown what it approves (channel, address, time) before it does,
 * tickets live QR_LOGIN_TTL_SECONDS (60 s by default), and starts are limited per address.
 */
import { randomUUID } from 'node:crypto';
import type { AuthConfig } from '../../platform/config.js';
import type { Channel, Viewer } from '../../platform/context.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import { AuthError } from './auth.errors.js';
import { requireCustomer } from './auth.rules.js';
import { qrLoginStream, type QrLoginRepository } from './qr-login.repository.js';
import type { RateLimitsRepository } from './rate-limits.repository.js';
import { newSecret, sha256, timingSafeEqualStrings } from './secrets.js';
import type { AuditRecorder } from './security-events.js';
import type { SessionsService, SessionTokens } from './sessions.service.js';

export type QrLoginUpdate =
  | { status: 'PENDING'; expiresAt: Date }
  | { status: 'EXPIRED' }
  | { status: 'APPROVED'; tokens: SessionTokens };

/** What the approving app is shown about a pending QR login. */
export interface QrLoginRequest {
  id: string;
  channel: string;
  requestedFrom: string | null;
  requestedAt: Date;
  expiresAt: Date;
}

/** Channels that wait for a QR approval from the app. */
const QR_CHANNELS: readonly Channel[] = ['WEB', 'BRANCH'];
const START_WINDOW_MS = 60_000;

export function createQrLoginService(deps: {
  repo: QrLoginRepository;
  limits: RateLimitsRepository;
  sessions: Pick<SessionsService, 'customerSession'>;
  fanout: EventFanout;
  config: AuthConfig;
  now: () => Date;
  audit: AuditRecorder;
}) {
  const { repo, config, now } = deps;

  function requireApp(viewer: Viewer) {
    const customer = requireCustomer(viewer);
    if (customer.sessionChannel !== 'APP') throw new AuthError('FORBIDDEN', 'QR logins are approved from the app.');
    return customer;
  }

  /** The ticket if it is still PENDING and unexpired; the reason otherwise. */
  async function pending(id: string) {
    const row = await repo.findQrLogin(id);
    if (!row) throw new AuthError('NOT_FOUND', 'No such QR login.');
    if (row.status !== 'PENDING') throw new AuthError('QR_ALREADY_USED', 'This QR code was already used.');
    if (row.expiresAt <= now()) throw new AuthError('QR_EXPIRED', 'This QR code has expired; ask for a new one.');
    return row;
  }

  return {
    /**
     * A waiting channel (web, branch) asks for a QR code; only it learns the secret.
     * @throws AuthError TOO_MANY_ATTEMPTS past QR_STARTS_PER_ADDRESS_PER_MINUTE from one address
     */
    async startQrLogin(channel: Channel, address: string): Promise<{ id: string; secret: string; qrContent: string; expiresAt: Date }> {
      if (!QR_CHANNELS.includes(channel)) {
        throw new AuthError('BAD_USER_INPUT', `QR logins are started on ${QR_CHANNELS.join(' or ')}; the app approves them.`);
      }
      const at = now();
      const taken = await deps.limits.takeWindowHit(`qr-start:addr:${address}`, config.qrStartsPerAddressPerMinute, START_WINDOW_MS, at);
      if (!taken.allowed) {
        throw new AuthError('TOO_MANY_ATTEMPTS', 'Too many QR logins started from this address; try again shortly.', { retryAfterSeconds: taken.retryAfterSeconds });
      }
      const id = randomUUID();
      const secret = newSecret();
      const expiresAt = new Date(at.getTime() + config.qrLoginTtlSeconds * 1000);
      await repo.createQrLogin({ id, secretHash: sha256(secret), channel, status: 'PENDING', requestedFrom: address, createdAt: at, expiresAt });
      return { id, secret, qrContent: `bankgw://qr-login?id=${id}`, expiresAt };
    },

    /** What the app shows before the customer approves: which channel asks, from where, since when. */
    async qrLoginRequest(viewer: Viewer, id: string): Promise<QrLoginRequest> {
      requireApp(viewer);
      const row = await pending(id);
      return { id: row.id, channel: row.channel, requestedFrom: row.requestedFrom, requestedAt: row.createdAt, expiresAt: row.expiresAt };
    },

    /** The logged-in app approves what it scanned. One use, before it expires. */
    async approveQrLogin(viewer: Viewer, id: string): Promise<boolean> {
      const customer = requireApp(viewer);
      const approved = await repo.approveQrLogin(id, customer.customerId, now(), (tx) =>
        deps.audit.record({ actor: `customer:${customer.customerId}`, action: 'QR_LOGIN_APPROVED', subject: `qr-login:${id}` }, tx),
      );
      if (!approved) await pending(id); // throws the reason
      return true;
    },

    /**
     * The waiting channel's view of its QR login: PENDING now, then APPROVED with its own
     * session tokens (exactly once), or EXPIRED.
     */
    async *qrLoginUpdates(id: string, secret: string, signal: AbortSignal): AsyncGenerator<QrLoginUpdate> {
      const row = await repo.findQrLogin(id);
      const secretOk = row && timingSafeEqualStrings(row.secretHash, sha256(secret));
      if (!row || !secretOk) throw new AuthError('NOT_FOUND', 'No such QR login.');
      if (row.status === 'COMPLETED') throw new AuthError('QR_ALREADY_USED', 'This QR code was already used.');
      // The stream replays what was appended before it was opened, then follows live: an approval
      // committed between the read above and now is not missed.
      const events = deps.fanout.streamOf(qrLoginStream(id), 0, { signal });
      try {
        const complete = async (): Promise<QrLoginUpdate | undefined> => {
          const done = await repo.completeQrLogin(id, now());
          if (!done?.customerId) return undefined;
          return { status: 'APPROVED', tokens: await deps.sessions.customerSession(done.customerId, done.channel, null) };
        };
        const first = row.status === 'APPROVED' ? await complete() : undefined;
        if (first) {
          yield first;
          return;
        }
        if (row.expiresAt <= now()) {
          yield { status: 'EXPIRED' };
          return;
        }
        yield { status: 'PENDING', expiresAt: row.expiresAt };
        for (;;) {
          const next = await raceUntil(events.next(), row.expiresAt.getTime() - now().getTime(), signal);
          if (next === 'aborted') return;
          if (next === 'timeout') {
            yield { status: 'EXPIRED' };
            return;
          }
          if (next.done) return;
          if (next.value.type !== 'QR_LOGIN_APPROVED') continue;
          const approved = await complete();
          if (approved) yield approved;
          return;
        }
      } finally {
        await events.return?.();
      }
    },
  };
}

export type QrLoginService = ReturnType<typeof createQrLoginService>;

/** Waits for `promise`, a timeout, or an abort: whichever comes first. */
async function raceUntil<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T | 'timeout' | 'aborted'> {
  if (signal.aborted) return 'aborted';
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
      }),
      new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
