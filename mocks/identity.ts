/** Identity verification mock: document and selfie checks, OTP delivery, mini-program sign-in. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { makeIdSequence, resolveWorld, type BackendMockOptions } from './backend-options.js';
import type { MiniProgramSession, OtpMessage, Verification, VerificationOutcome } from './data/types.js';
import type { World } from './data/world.js';
import { isValidIdNumber } from './lib/id-number.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';
import { randomFor } from './lib/random.js';
import { errorReply, json, parseInput, type Route } from './lib/router.js';

/** Backend name reported by `GET /health`. */
export const IDENTITY_NAME = 'identity';

/** Selfie tokens with a fixed outcome; any other token passes with high scores. */
export const SELFIE_TEST_TOKENS: Readonly<Record<string, { livenessScore: number; faceMatchScore: number }>> = {
  spoof: { livenessScore: 0.08, faceMatchScore: 0.35 },
  mismatch: { livenessScore: 0.95, faceMatchScore: 0.22 },
  review: { livenessScore: 0.65, faceMatchScore: 0.9 },
};

/** A full name whose document check always reports `nameMatches: false`. */
export const NAME_MISMATCH_TEST_NAME = 'Test Mismatch';

/** Messages kept for `GET /__admin/messages`; older ones are dropped. */
const MESSAGE_LIMIT = 1000;

const normaliseName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function outcomeOf(...scores: Array<number | null>): VerificationOutcome {
  if (scores.some((s) => s !== null && s < 0.5)) return 'FAIL';
  if (scores.some((s) => s !== null && s < 0.8)) return 'REVIEW';
  return 'PASS';
}

/**
 * Verifies a person. The name is compared with the registered holder of the identity number
 * when the world knows one; unknown (new) people are assumed to match unless their name is
 * {@link NAME_MISMATCH_TEST_NAME}. Without a selfie only the document is checked.
 */
export function verifyPerson(
  world: World,
  input: { fullName: string; idNumber: string; selfieToken?: string | undefined },
): Omit<Verification, 'verificationId'> {
  const idNumber = input.idNumber.toUpperCase();
  const idValid = isValidIdNumber(idNumber);
  const holder = idValid ? world.personaByIdNumber(idNumber) : null;
  const nameMatches = holder
    ? normaliseName(holder.fullName) === normaliseName(input.fullName)
    : normaliseName(input.fullName) !== normaliseName(NAME_MISMATCH_TEST_NAME);
  let livenessScore: number | null = null;
  let faceMatchScore: number | null = null;
  if (input.selfieToken !== undefined) {
    const fixed = SELFIE_TEST_TOKENS[input.selfieToken];
    if (fixed) {
      ({ livenessScore, faceMatchScore } = fixed);
    } else {
      const r = randomFor(world.seed, 'selfie', input.selfieToken);
      livenessScore = r.int(90, 99) / 100;
      faceMatchScore = r.int(85, 99) / 100;
    }
  }
  const result: VerificationOutcome = !idValid || !nameMatches ? 'FAIL' : outcomeOf(livenessScore, faceMatchScore);
  return { idValid, nameMatches, livenessScore, faceMatchScore, result };
}

/**
 * Resolves a mini-program login code. A code `mp:<userKey>:<nonce>` yields the platform user
 * of `<userKey>` (so tests pick the user and vary the nonce); any other code is its own user
 * key. Codes starting with `bad` are refused.
 * @returns the session, or `null` for a refused code.
 */
export function resolveMiniProgramCode(code: string): MiniProgramSession | null {
  if (code.startsWith('bad')) return null;
  const match = /^mp:([^:]+):/.exec(code);
  const userKey = match?.[1] ?? code;
  return {
    platformUserId: miniProgramUserId(userKey),
    sessionKey: Buffer.from(sha256(`mini-program-session:${code}`).slice(0, 32), 'hex').toString('base64'),
  };
}

/** The platform user id a code `mp:<userKey>:<anything>` resolves to. */
export function miniProgramUserId(userKey: string): string {
  return `o${sha256(`mini-program-user:${userKey}`).slice(0, 27)}`;
}

const verificationSchema = z.object({
  fullName: z.string().trim().min(1).max(100),
  idNumber: z.string().trim().min(1).max(32),
  selfieToken: z.string().min(1).max(256).optional(),
});

const otpSchema = z.object({
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number'),
  code: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'),
  purpose: z.string().min(1).max(64),
});

const sessionSchema = z.object({ code: z.string().min(1).max(256) });

/**
 * Builds the identity verification mock. Sent OTP messages are readable through
 * `GET /__admin/messages?phone=` and cleared by `DELETE /__admin/messages`; `onOtpSent` also sees
 * each one as it is "sent" (the embedded gateway prints them for a developer).
 * @throws Error when `options.faults` is invalid.
 */
export function makeIdentityMock(options: BackendMockOptions & { onOtpSent?: (message: OtpMessage) => void } = {}): MockServer {
  const world = resolveWorld(options);
  const now = options.now ?? (() => new Date());
  const nextVerificationId = makeIdSequence('VER');
  const nextMessageId = makeIdSequence('MSG');
  let messages: OtpMessage[] = [];

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/verifications',
      handler: ({ body }) => {
        const parsed = parseInput(verificationSchema, body);
        if (!parsed.ok) return parsed.reply;
        const verification: Verification = { verificationId: nextVerificationId(), ...verifyPerson(world, parsed.data) };
        return json(200, verification);
      },
    },
    {
      method: 'POST',
      path: '/messages/otp',
      handler: ({ body }) => {
        const parsed = parseInput(otpSchema, body);
        if (!parsed.ok) return parsed.reply;
        const message: OtpMessage = { messageId: nextMessageId(), ...parsed.data, sentAt: now().toISOString() };
        messages = [message, ...messages].slice(0, MESSAGE_LIMIT);
        options.onOtpSent?.(message);
        return json(202, { messageId: message.messageId, sentAt: message.sentAt });
      },
    },
    {
      method: 'POST',
      path: '/mini-program/sessions',
      handler: ({ body }) => {
        const parsed = parseInput(sessionSchema, body);
        if (!parsed.ok) return parsed.reply;
        const session = resolveMiniProgramCode(parsed.data.code);
        if (!session) return errorReply(400, 'INVALID_CODE', 'the login code is invalid or expired');
        return json(200, session);
      },
    },
  ];

  return makeMockServer({
    name: IDENTITY_NAME,
    seed: world.seed,
    faults: options.faults,
    routes,
    adminRoutes: [
      {
        method: 'GET',
        path: '/__admin/messages',
        handler: ({ query }) => {
          const phone = query.get('phone');
          return json(200, { messages: phone === null ? messages : messages.filter((m) => m.phone === phone) });
        },
      },
      {
        method: 'DELETE',
        path: '/__admin/messages',
        handler: () => {
          messages = [];
          return json(200, { messages: [] });
        },
      },
    ],
  });
}
