import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LogoutDocument,
  MyConsentsDocument,
  MySessionsDocument,
  RotateSigningKeysDocument,
  type MySessionsQuery,
} from '../../generated/graphql.js';
import { bearer, errorCode, expectTokenRefused, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, type GraphQLResponse } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

// A key the `signed` gateway trusts (JWT_SIGNING_KEYS), so a forged token is refused only for
// the one thing a test changes: every other check passes, as the first test shows.
const TRUSTED_KID = 'test-signing-key';
const trusted = await generateKeyPair('ES256', { extractable: true });
const trustedJwk = { ...(await exportJWK(trusted.privateKey)), kid: TRUSTED_KID, alg: 'ES256' };

/** Keys from JWT_SIGNING_KEYS: tokens can be forged with a trusted key. */
let signed: TestGateway;
/** Keys generated and stored by the gateway, rotated by an admin; tokens live 5 s. */
let rotating: TestGateway;
let customer: Awaited<ReturnType<typeof loginCustomer>>;
/** The claims of a real customer token of `signed`, for forging look-alikes. */
let claims: JWTPayload;
/** A token of `rotating` issued at the start, and its first use, for the natural-expiry test. */
let early: { accessToken: string; firstUse: GraphQLResponse<MySessionsQuery> };

beforeAll(async () => {
  rotating = await startTestGateway({ ACCESS_TOKEN_TTL_SECONDS: '5' });
  // Issued first, so that its lifetime runs out while the other gateway starts and tests run.
  const earlySession = await loginCustomer(rotating, 'chen.jie');
  early = {
    accessToken: earlySession.accessToken,
    firstUse: await execute(rotating.url, MySessionsDocument, undefined, earlySession.headers),
  };
  signed = await startTestGateway({ JWT_SIGNING_KEYS: JSON.stringify([trustedJwk]) });
  customer = await loginCustomer(signed, 'wang.fang');
  claims = decodeJwt(customer.accessToken);
});
afterAll(async () => {
  await Promise.all([signed?.close(), rotating?.close()]);
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The claims of `customer`'s token, issued now and valid for ten minutes. */
const fresh = (): JWTPayload => ({ ...claims, iat: nowSeconds(), exp: nowSeconds() + 600, jti: randomUUID() });

/** Signs ES256 with the trusted key and the gateway's header, unless a test says otherwise. */
function forge(payload: JWTPayload, header: Partial<JWTHeaderParameters> = {}, key: CryptoKey = trusted.privateKey) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: TRUSTED_KID, ...header }).sign(key);
}

const mySessions = (gateway: TestGateway, accessToken: string) =>
  execute(gateway.url, MySessionsDocument, undefined, bearer(accessToken));

async function publicJwks(gateway: TestGateway): Promise<JWK[]> {
  const response = await fetch(gateway.url.replace('/graphql', '/.well-known/jwks.json'));
  return ((await response.json()) as { keys: JWK[] }).keys;
}

describe('Query.mySessions', () => {
  it('accepts a token signed with a trusted key that carries every claim the gateway checks', async () => {
    const response = await mySessions(signed, await forge(fresh()));
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data?.mySessions.find((s) => s.current)?.id).toBe(customer.sessionId);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const token = `${b64url({ alg: 'none', typ: 'at+jwt', kid: TRUSTED_KID })}.${b64url(fresh())}.`;
    expectTokenRefused(await mySessions(signed, token));
  });

  it.each([
    ['SPKI PEM', (jwk: JWK) => createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })],
    ['JWK JSON', (jwk: JWK) => JSON.stringify(jwk)],
    ['raw EC point', (jwk: JWK) => Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')])],
  ])('refuses an HS256 token whose HMAC secret is the published public key as %s', async (_form, secretOf) => {
    const [jwk] = await publicJwks(signed);
    expect(jwk?.kid).toBe(TRUSTED_KID);
    const input = `${b64url({ alg: 'HS256', typ: 'at+jwt', kid: jwk!.kid })}.${b64url(fresh())}`;
    const signature = createHmac('sha256', secretOf(jwk!)).update(input).digest('base64url');
    expectTokenRefused(await mySessions(signed, `${input}.${signature}`));
  });

  it('refuses a token from another issuer', async () => {
    expectTokenRefused(await mySessions(signed, await forge({ ...fresh(), iss: 'https://evil.example' })));
  });

  it('refuses a token for another audience', async () => {
    expectTokenRefused(await mySessions(signed, await forge({ ...fresh(), aud: 'some-other-api' })));
  });

  it.each([['JWT'], ['application/jwt'], ['absent']])('refuses a token whose typ header is %s instead of at+jwt', async (typ) => {
    expectTokenRefused(await mySessions(signed, await forge(fresh(), { typ: typ === 'absent' ? undefined : typ })));
  });

  it('refuses an expired token even though its signature is good', async () => {
    const expired = { ...fresh(), iat: nowSeconds() - 960, exp: nowSeconds() - 60 };
    expectTokenRefused(await mySessions(signed, await forge(expired)));
  });

  it('refuses a token whose kid it does not know, or that names no kid', async () => {
    const stranger = await generateKeyPair('ES256');
    expectTokenRefused(await mySessions(signed, await forge(fresh(), { kid: 'stranger-key' }, stranger.privateKey)));
    expectTokenRefused(await mySessions(signed, await forge(fresh(), { kid: 'no-such-key' })));
    expectTokenRefused(await mySessions(signed, await forge(fresh(), { kid: undefined })));
  });

  it('refuses a real token whose payload was changed to another customer after signing', async () => {
    const [header, , signature] = customer.accessToken.split('.');
    const tampered = `${header}.${b64url({ ...claims, sub: 'C000002' })}.${signature}`;
    expectTokenRefused(await mySessions(signed, tampered));
  });

  it('refuses a signed token whose sub is not the owner of its session', async () => {
    expectTokenRefused(await mySessions(signed, await forge({ ...fresh(), sub: 'C000002' })));
  });

  it('refuses a signed token for the staff audience that points at a customer session', async () => {
    const staff = decodeJwt((await loginStaff(signed, 'ops.huang')).accessToken);
    expect(staff.aud).not.toBe(claims.aud);
    expectTokenRefused(await mySessions(signed, await forge({ ...fresh(), aud: staff.aud })));
  });

  it('refuses the access token of a session that was logged out', async () => {
    const session = await loginCustomer(signed, 'li.na');
    expect((await mySessions(signed, session.accessToken)).status).toBe(200);
    const logout = await execute(signed.url, LogoutDocument, undefined, session.headers);
    expect(logout.data?.logout).toBe(true);
    expectTokenRefused(await mySessions(signed, session.accessToken));
  });

  it('refuses a token once its ACCESS_TOKEN_TTL_SECONDS have passed', async () => {
    expect(early.firstUse.status).toBe(200);
    const { exp } = decodeJwt(early.accessToken);
    // tokens.ts allows no clock skew past `exp` (jose compares whole seconds): a second past it is expired.
    await sleep(Math.max(0, exp! * 1000 + 1_000 - Date.now()));
    expectTokenRefused(await mySessions(rotating, early.accessToken));
  });
});

describe('Query.myConsents', () => {
  it('refuses a staff token with FORBIDDEN and returns no data', async () => {
    const staff = await loginStaff(signed, 'teller.li');
    const response = await execute(signed.url, MyConsentsDocument, undefined, staff.headers);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
  });
});

describe('Mutation.rotateSigningKeys', () => {
  it('signs new tokens with the new key while tokens signed before keep working, and publishes both keys', async () => {
    const before = await loginCustomer(rotating, 'zhao.lei');
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const admin = await loginStaff(rotating, 'admin.ma');

    const rotated = await execute(rotating.url, RotateSigningKeysDocument, undefined, admin.headers);
    expect(rotated.errors).toBeUndefined();
    const newKid = rotated.data!.rotateSigningKeys.kid;
    expect(newKid).not.toBe(oldKid);

    const after = await loginCustomer(rotating, 'sun.mei');
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(newKid);
    expect((await mySessions(rotating, after.accessToken)).status).toBe(200);
    expect((await mySessions(rotating, before.accessToken)).status).toBe(200);
    expect((await publicJwks(rotating)).map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
  });

  it('refuses a staff member who is not an administrator with FORBIDDEN', async () => {
    const reviewer = await loginStaff(rotating, 'reviewer.wu');
    const response = await execute(rotating.url, RotateSigningKeysDocument, undefined, reviewer.headers);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
  });

  it('refuses a customer with FORBIDDEN', async () => {
    const response = await execute(signed.url, RotateSigningKeysDocument, undefined, customer.headers);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
  });

  it('answers KEYS_MANAGED_EXTERNALLY when the keys come from JWT_SIGNING_KEYS', async () => {
    const admin = await loginStaff(signed, 'admin.ma');
    const response = await execute(signed.url, RotateSigningKeysDocument, undefined, admin.headers);
    expect(errorCode(response)).toBe('KEYS_MANAGED_EXTERNALLY');
    expect((await publicJwks(signed)).map((k) => k.kid)).toEqual([TRUSTED_KID]);
  });
});
