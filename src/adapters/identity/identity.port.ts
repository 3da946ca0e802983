/**
 * What the gateway needs from identity verification: checking a person's identity document (and
 * selfie), delivering one-time passwords, and exchanging a mini-program login code for the
 * platform's user. Times are ISO-8601 UTC strings.
 */
import type { Result } from '../result.js';
import type { CallScope } from '../../platform/request-scope.js';

/** A person to verify: the document, and optionally a selfie captured by the channel. */
export interface IdentityVerificationInput {
  fullName: string;
  idNumber: string;
  /** The channel's token for a captured selfie; without it only the document is checked. */
  selfieToken?: string;
}

export type VerificationOutcome = 'PASS' | 'FAIL' | 'REVIEW';

/** The outcome of verifying a person. */
export interface IdentityVerification {
  verificationId: string;
  /** Well-formed number with a real birth date and a correct check character. */
  idValid: boolean;
  /** The name is that of the number's registered holder. */
  nameMatches: boolean;
  /** 0..1; `null` when no selfie was sent. */
  livenessScore: number | null;
  /** 0..1; `null` when no selfie was sent. */
  faceMatchScore: number | null;
  /** FAIL on an invalid document, a wrong name or a score below 0.5; REVIEW below 0.8. */
  result: VerificationOutcome;
}

export interface OtpMessageInput {
  /** Mainland mobile number: `1[3-9]` and 9 digits. */
  phone: string;
  /** The code itself, 4–8 digits; the gateway generates and checks it. */
  code: string;
  /** What it is for, shown in the message, e.g. `LOGIN`. */
  purpose: string;
}

/** An OTP message handed to the SMS gateway. */
export interface SentOtpMessage {
  messageId: string;
  sentAt: string;
}

export type SendOtpFailure = 'INVALID_INPUT';

/** The mini-program platform's user behind a login code. */
export interface MiniProgramSession {
  /** Stable per platform user: the key to link to a customer login. */
  platformUserId: string;
  /** Secret for decrypting the platform's user data; never send it to a client. */
  sessionKey: string;
}

export type MiniProgramSessionFailure = 'INVALID_CODE';

/** Identity verification. Every method may throw `UpstreamError`. */
export interface IdentityPort {
  verifyIdentity(input: IdentityVerificationInput, scope?: CallScope): Promise<IdentityVerification>;
  /** Sends an OTP by SMS. Not retried: a retry could text the customer twice. */
  sendOtpMessage(input: OtpMessageInput, scope?: CallScope): Promise<Result<SentOtpMessage, SendOtpFailure>>;
  /**
   * Exchanges a mini-program login code for the platform user. Not retried: the platform's codes
   * are single-use. An expired, reused or forged code is `INVALID_CODE`.
   */
  exchangeMiniProgramCode(
    code: string,
    scope?: CallScope,
  ): Promise<Result<MiniProgramSession, MiniProgramSessionFailure>>;
}
