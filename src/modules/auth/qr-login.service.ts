/** QR hand-off: a waiting channel (web, branch) shows a code, the logged-in app approves it. */
import { randomUUID } from 'node:crypto';
import type { PubSub } from 'type-graphql';
import type { AuthConfig } from '../../platform/config.js';
import type { Channel, Viewer } from '../../platform/context.js';
import { AuthError } from './auth.errors.js';
import { requireCustomer } from './auth.rules.js';
import type { QrLoginRepository } from './qr-login.repository.js';
import { newSecret, sha256, timingSafeEqualStrings } from './secrets.js';
import type { SessionsService, SessionTokens } from './sessions.service.js';

export type QrLoginUpdate =
  | { status: 'PENDING'; expiresAt: Date }
  | { status: 'EXPIRED' }
  | { status: 'APPROVED'; tokens: SessionTokens };

const QR_TOPIC = 'QR_LOGIN';
/** Channels that wait for a QR approval from the app. */
const QR_CHANNELS: readonly Channel[] = ['WEB', 'BRANCH'];

export function createQrLoginService(deps: {
  repo: QrLoginRepository;
  sessions: Pick<SessionsService, 'customerSession'>;
  config: AuthConfig;
  pubSub: PubSub;
  now: () => Date;
}) {
  const { repo, config, now } = deps;
  return {
    /** A waiting channel (web, branch) asks for a QR code; only it learns the secret. */
    async startQrLogin(channel: Channel): Promise<{ id: string; secret: string; qrContent: string; expiresAt: Date }> {
      if (!QR_CHANNELS.includes(channel)) {
        throw new AuthError('BAD_USER_INPUT', `QR logins are started on ${QR_CHANNELS.join(' or ')}; the app approves them.`);
      }
      const id = randomUUID();
      const secret = newSecret();
      const at = now();
      const expiresAt = new Date(at.getTime() + config.qrLoginTtlSeconds * 1000);
      await repo.createQrLogin({ id, secretHash: sha256(secret), channel, status: 'PENDING', createdAt: at, expiresAt });
      return { id, secret, qrContent: `bankgw://qr-login?id=${id}`, expiresAt };
    },

    /** The logged-in app approves what it scanned. One use, before it expires. */
    async approveQrLogin(viewer: Viewer, id: string): Promise<boolean> {
      const customer = requireCustomer(viewer);
      if (customer.sessionChannel !== 'APP') throw new AuthError('FORBIDDEN', 'QR logins are approved from the app.');
      if (!(await repo.approveQrLogin(id, customer.customerId, now()))) {
        const row = await repo.findQrLogin(id);
        if (!row) throw new AuthError('NOT_FOUND', 'No such QR login.');
        if (row.status !== 'PENDING') throw new AuthError('QR_ALREADY_USED', 'This QR code was already used.');
        throw new AuthError('QR_EXPIRED', 'This QR code has expired; ask for a new one.');
      }
      deps.pubSub.publish(QR_TOPIC, id, { id });
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
      // Listen before looking again, so an approval between the two is not missed.
      const approvals = deps.pubSub.subscribe(QR_TOPIC, id)[Symbol.asyncIterator]();
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
          const waitMs = row.expiresAt.getTime() - now().getTime();
          const next = await raceUntil(approvals.next(), waitMs, signal);
          if (next === 'aborted') return;
          if (next === 'timeout') {
            yield { status: 'EXPIRED' };
            return;
          }
          if (next.done) return;
          const approved = await complete();
          if (approved) {
            yield approved;
            return;
          }
        }
      } finally {
        await approvals.return?.();
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
