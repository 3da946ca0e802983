/** Identity verification over HTTP: the `IdentityPort` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { isoDateTime } from '../money.schema.js';
import { refusalsAsResults } from '../result.js';
import type { IdentityPort, MiniProgramSessionFailure, SendOtpFailure } from './identity.port.js';

const unitScore = z.number().min(0).max(1);

const verificationSchema = z.object({
  verificationId: z.string().min(1),
  idValid: z.boolean(),
  nameMatches: z.boolean(),
  livenessScore: unitScore.nullable(),
  faceMatchScore: unitScore.nullable(),
  result: z.enum(['PASS', 'FAIL', 'REVIEW']),
});

const sentOtpSchema = z.object({ messageId: z.string().min(1), sentAt: isoDateTime });

const sessionSchema = z.object({ platformUserId: z.string().min(1), sessionKey: z.string().min(1) });

const SEND_OTP_FAILURES: Record<string, SendOtpFailure> = { BAD_REQUEST: 'INVALID_INPUT' };
// An empty or overlong code fails the backend's input validation: to the caller it is just as invalid.
const SESSION_FAILURES: Record<string, MiniProgramSessionFailure> = { INVALID_CODE: 'INVALID_CODE', BAD_REQUEST: 'INVALID_CODE' };

/** Creates the identity verification port on the shared client for that backend. */
export function createIdentityClient(client: BackendClient): IdentityPort {
  return {
    // A check that changes nothing: safe to retry.
    verifyIdentity: (input, scope) =>
      client.post(
        '/verifications',
        { fullName: input.fullName, idNumber: input.idNumber, selfieToken: input.selfieToken },
        verificationSchema,
        { idempotent: true, scope },
      ),

    sendOtpMessage: (input, scope) =>
      refusalsAsResults(
        (refusals) =>
          client.post('/messages/otp', { phone: input.phone, code: input.code, purpose: input.purpose }, sentOtpSchema, {
            scope,
            refusals,
          }),
        SEND_OTP_FAILURES,
      ),

    exchangeMiniProgramCode: (code, scope) =>
      refusalsAsResults((refusals) => client.post('/mini-program/sessions', { code }, sessionSchema, { scope, refusals }), SESSION_FAILURES),
  };
}
