/** Small crypto helpers shared by the login layer's services. */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

/**
 * Encrypts `plain` (AES-256-GCM) under a key derived from `secret`, which is never stored: only
 * whoever holds `secret` can open it (the database holds sha256(secret), a different derivation).
 */
export function sealWith(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** @throws when `sealed` was not sealed with `secret` or was altered */
export function openWith(secret: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

const sealKey = (secret: string) => createHash('sha256').update(`gateway-seal-key\0${secret}`).digest();
