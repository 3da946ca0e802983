import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GrantPartnerConsentDocument,
  LogoutDocument,
  MyConsentsDocument,
  PartnerAccessTokenDocument,
  RevokePartnerConsentDocument,
  type PartnerAccessTokenInput,
} from '../../generated/graphql.js';
import { ProductCodesDocument as PartnerProductCodesDocument } from '@bank/channel-gateway-client/partner';
import { DEMO_PARTNERS } from '../../../src/modules/auth/auth.seed.js';
import { bearer, errorCode, expectTokenRefused, loginCustomer } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

const [TRAVEL, INSURE] = DEMO_PARTNERS;

let t: TestGateway;

beforeAll(async () => {
  t = await sharedGateway();
});

type Customer = Awaited<ReturnType<typeof loginCustomer>>;

async function grant(customer: Customer, partnerId: string, scopes: string[]) {
  const response = await execute(t.url, GrantPartnerConsentDocument, { partnerId, scopes }, customer.headers);
  expect(response.errors).toBeUndefined();
  return response.data!.grantPartnerConsent;
}

/** The partner's back end asking for a token with its client credentials. */
const partnerToken = (consentId: string, overrides: Partial<PartnerAccessTokenInput> = {}) =>
  execute(t.url, PartnerAccessTokenDocument, {
    input: { clientId: INSURE.id, clientSecret: INSURE.secret, consentId, ...overrides },
  });

async function issuedPartnerToken(consentId: string): Promise<string> {
  const response = await partnerToken(consentId);
  expect(response.errors).toBeUndefined();
  return response.data!.partnerAccessToken.accessToken;
}

describe('Mutation.grantPartnerConsent', () => {
  it('records the consent, and myConsents lists it', async () => {
    const customer = await loginCustomer(t, 'sun.mei');
    const consent = await grant(customer, INSURE.id, ['profile:read']);
    expect(consent).toMatchObject({ partnerId: INSURE.id, partnerName: INSURE.name, scopes: ['profile:read'] });

    const listed = await execute(t.url, MyConsentsDocument, undefined, customer.headers);
    expect(listed.data?.myConsents).toEqual([
      { id: consent.id, partnerId: INSURE.id, partnerName: INSURE.name, scopes: ['profile:read'], grantedAt: expect.any(String) },
    ]);
  });

  it('answers with the same grantedAt that myConsents shows afterwards', async () => {
    const customer = await loginCustomer(t, 'zhao.lei');
    const consent = await grant(customer, INSURE.id, ['profile:read']);
    const listed = await execute(t.url, MyConsentsDocument, undefined, customer.headers);
    expect(listed.data?.myConsents.find((c) => c.id === consent.id)?.grantedAt).toBe(consent.grantedAt);
  });

  it("refuses a scope outside what the partner may ever ask for with SCOPE_NOT_ALLOWED", async () => {
    const customer = await loginCustomer(t, 'zhou.min');
    expect(INSURE.allowedScopes).not.toContain('accounts:read');
    const response = await execute(t.url, GrantPartnerConsentDocument, { partnerId: INSURE.id, scopes: ['profile:read', 'accounts:read'] }, customer.headers);
    expect(errorCode(response)).toBe('SCOPE_NOT_ALLOWED');
    const listed = await execute(t.url, MyConsentsDocument, undefined, customer.headers);
    expect(listed.data?.myConsents).toEqual([]);
  });

  it('refuses a partner token: the operation is not released to partners (and its resolver says FORBIDDEN)', async () => {
    const customer = await loginCustomer(t, 'li.na');
    const token = await issuedPartnerToken((await grant(customer, INSURE.id, ['profile:read'])).id);
    const response = await execute(t.url, GrantPartnerConsentDocument, { partnerId: INSURE.id, scopes: ['profile:pii'] }, bearer(token, 'PARTNER'));
    expect(errorCode(response)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(response.data).toBeUndefined();
  });
});

describe('Mutation.partnerAccessToken', () => {
  let customer: Customer;
  let consentId: string;

  beforeAll(async () => {
    customer = await loginCustomer(t, 'wang.fang');
    consentId = (await grant(customer, INSURE.id, ['profile:read'])).id;
  });

  it("exchanges the partner's client credentials and a consent id for a token limited to the consented scopes", async () => {
    const response = await partnerToken(consentId);
    expect(response.errors).toBeUndefined();
    const { accessToken, scopes } = response.data!.partnerAccessToken;
    expect(scopes).toEqual(['profile:read']);
    expect(decodeJwt(accessToken)).toMatchObject({ sub: 'C000001', azp: INSURE.id, cid: consentId, channel: 'PARTNER', scope: 'profile:read' });
    const used = await execute(t.url, PartnerProductCodesDocument, undefined, bearer(accessToken, 'PARTNER'));
    expect(used.status).toBe(200);
    expect(used.errors).toBeUndefined();
  });

  it('refuses a wrong client secret, or an unknown client, with INVALID_CLIENT', async () => {
    const wrongSecret = await partnerToken(consentId, { clientSecret: TRAVEL.secret });
    const unknownClient = await partnerToken(consentId, { clientId: 'partner-nobody' });
    expect(errorCode(wrongSecret)).toBe('INVALID_CLIENT');
    expect(wrongSecret.data).toBeNull();
    expect(errorCode(unknownClient)).toBe('INVALID_CLIENT');
    expect(unknownClient.errors?.[0]?.message).toBe(wrongSecret.errors?.[0]?.message);
  });

  it('refuses a scope the customer did not consent to with SCOPE_NOT_ALLOWED', async () => {
    expect(INSURE.allowedScopes).toContain('profile:pii');
    const response = await partnerToken(consentId, { scopes: ['profile:read', 'profile:pii'] });
    expect(errorCode(response)).toBe('SCOPE_NOT_ALLOWED');
    expect(response.data).toBeNull();
  });

  it('refuses a consent the customer gave to another partner with CONSENT_REQUIRED', async () => {
    const travelConsent = await grant(customer, TRAVEL.id, ['profile:read']);
    const response = await partnerToken(travelConsent.id);
    expect(errorCode(response)).toBe('CONSENT_REQUIRED');
    expect(response.data).toBeNull();
  });

  it('answers a consent id that does not exist with CONSENT_REQUIRED', async () => {
    expect(errorCode(await partnerToken(randomUUID()))).toBe('CONSENT_REQUIRED');
  });

  it('answers a consent id that is not a UUID with CONSENT_REQUIRED too', async () => {
    expect(errorCode(await partnerToken('not-a-consent-id'))).toBe('CONSENT_REQUIRED');
  });
});

describe('Mutation.revokePartnerConsent', () => {
  it("stops the partner's existing token at once and refuses it new ones with CONSENT_REQUIRED", async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const consent = await grant(customer, INSURE.id, ['profile:read', 'profile:pii']);
    const token = await issuedPartnerToken(consent.id);
    expect((await execute(t.url, PartnerProductCodesDocument, undefined, bearer(token, 'PARTNER'))).status).toBe(200);

    const revoked = await execute(t.url, RevokePartnerConsentDocument, { partnerId: INSURE.id }, customer.headers);
    expect(revoked.data?.revokePartnerConsent).toBe(true);

    expectTokenRefused(await execute(t.url, PartnerProductCodesDocument, undefined, bearer(token, 'PARTNER')));
    expect(errorCode(await partnerToken(consent.id))).toBe('CONSENT_REQUIRED');
    const listed = await execute(t.url, MyConsentsDocument, undefined, customer.headers);
    expect(listed.data?.myConsents).toEqual([]);
  });
});

describe('Mutation.logout', () => {
  it('refuses a partner token: partners have no session to end, and logout is not released to them', async () => {
    const customer = await loginCustomer(t, 'liu.yang');
    const token = await issuedPartnerToken((await grant(customer, INSURE.id, ['profile:read'])).id);
    const response = await execute(t.url, LogoutDocument, undefined, bearer(token, 'PARTNER'));
    expect(errorCode(response)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(response.data).toBeUndefined();
    expect((await execute(t.url, PartnerProductCodesDocument, undefined, bearer(token, 'PARTNER'))).status).toBe(200);
  });
});
