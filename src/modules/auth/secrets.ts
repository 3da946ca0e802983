/** Small crypto helpers shared by the login layer's services. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashPassword } from './password.js';

/** SHA-256, base64url: how refresh tokens, OTPs, QR and partner secrets are stored. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** 32 random bytes, base64url: refresh tokens and QR secrets. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** Verified against when a username is unknown, so both failures cost the same time. */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));

export function timingSafeEqualStrings(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
