/**
 * Access tokens: JWTs signed ES256, `typ: at+jwt` (RFC 9068), 15 minutes by default.
 * Verification accepts exactly one algorithm, our issuer and the expected audience; the session
 * behind a token is checked separately (see auth.service.ts), so revocation takes effect at once.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { TOKEN_ALG, type KeyStore } from './signing-keys.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** What a verified access token says. */
export interface AccessClaims {
  sub: string;
  /** Session id: every customer and staff token has one. */
  sid?: string;
  /** The channel the session was opened on. */
  channel: string;
  /** Customer: `CUSTOMER`; staff: their roles. */
  roles: string[];
  /** Partner tokens: the consented scopes. */
  scope: string[];
  /** Partner tokens: the partner (OAuth `azp`) and the consent they rest on. */
  azp?: string;
  cid?: string;
  exp: number;
}

export interface TokenSigner {
  issue(
    claims: Omit<AccessClaims, 'exp'>,
    audience: string,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }>;
  /**
   * @throws InvalidTokenError for anything but a valid, unexpired token of ours for `audience`
   */
  verify(token: string, audience: string | string[]): Promise<AccessClaims & { aud: string }>;
}

/** A token that cannot be accepted; `reason` is for logs, never for the client. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** Verified tokens remembered (see `verify`); the oldest goes first past this. */
const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenSigner(
  keys: KeyStore,
  options: { issuer: string; ttlSeconds: number; now?: () => number },
): TokenSigner {
  const clock = options.now ?? Date.now;
  /**
   * A token that verified once verifies again until it expires: its bytes are the key, so only the
   * exact token we checked hits. Its signing key keeps verifying for a token lifetime after it is
   * retired (signing-keys.ts), so rotation cannot make a remembered answer wrong. Failures are not kept.
   */
  const verified = new Map<string, AccessClaims & { aud: string }>();

  return {
    async issue(claims, audience, now) {
      const { kid, key } = await keys.current();
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + options.ttlSeconds;
      const payload: JWTPayload = {
        sid: claims.sid,
        channel: claims.channel,
        roles: claims.roles,
        scope: claims.scope.join(' '),
        ...(claims.azp ? { azp: claims.azp, cid: claims.cid } : {}),
      };
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: TOKEN_ALG, kid, typ: ACCESS_TOKEN_TYPE })
        .setIssuer(options.issuer)
        .setAudience(audience)
        .setSubject(claims.sub)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },

    async verify(token, audience) {
      const key = `${Array.isArray(audience) ? audience.join(' ') : audience}\n${token}`;
      const known = verified.get(key);
      if (known) {
        if (known.exp * 1000 > clock()) return known;
        verified.delete(key);
        throw new InvalidTokenError('expired');
      }
      const claims = Object.freeze(await verifyFully(token, audience));
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(key, claims);
      return claims;
    },
  };

  async function verifyFully(token: string, audience: string | string[]): Promise<AccessClaims & { aud: string }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          if (!header.kid) throw new InvalidTokenError('no kid');
          const key = await keys.verificationKey(header.kid);
          if (!key) throw new InvalidTokenError('unknown kid');
          return key;
        },
        { issuer: options.issuer, audience, algorithms: [TOKEN_ALG], typ: ACCESS_TOKEN_TYPE },
      ));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(error.code);
      throw new InvalidTokenError('malformed');
    }
    const { sub, exp, aud } = payload;
    if (typeof sub !== 'string' || typeof exp !== 'number' || typeof payload.channel !== 'string') {
      throw new InvalidTokenError('missing claims');
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    const scope = typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [];
    return {
      sub,
      exp,
      aud: Array.isArray(aud) ? aud[0]! : (aud as string),
      channel: payload.channel,
      roles,
      scope,
      ...(typeof payload.sid === 'string' ? { sid: payload.sid } : {}),
      ...(typeof payload.azp === 'string' ? { azp: payload.azp } : {}),
      ...(typeof payload.cid === 'string' ? { cid: payload.cid } : {}),
    };
  }
}
