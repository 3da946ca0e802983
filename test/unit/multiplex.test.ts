/** Who may share a multiplexed group: the visibility class and group key (src/platform/http/multiplex.ts). */
import { describe, expect, it } from 'vitest';
import { groupKey, visibilityClass } from '../../src/platform/http/multiplex.js';
import type { Viewer } from '../../src/platform/context.js';

const expires = new Date('2030-01-01T00:00:00Z');
const customer = (customerId: string, sessionId = 's1'): Viewer => ({ kind: 'customer', customerId, sessionId, sessionChannel: 'APP', tokenExpiresAt: expires });
const staff = (staffId: string, roles: string[]): Viewer => ({ kind: 'staff', staffId, roles: roles as never, sessionId: `s-${staffId}`, tokenExpiresAt: expires });
const partner = (scopes: string[], customerId = 'C000001', consentId = 'k1'): Viewer => ({ kind: 'partner', partnerId: 'P1', customerId, consentId, scopes: scopes as never, tokenExpiresAt: expires });

describe('visibilityClass', () => {
  it('puts two sessions of one customer together, and never two customers', () => {
    expect(visibilityClass('APP', customer('C1', 'a'))).toBe(visibilityClass('APP', customer('C1', 'b')));
    expect(visibilityClass('APP', customer('C1'))).not.toBe(visibilityClass('APP', customer('C2')));
  });

  it('groups staff by their set of roles, whatever the order, and not across role sets', () => {
    expect(visibilityClass('STAFF', staff('S1', ['REVIEWER', 'RISK_OFFICER']))).toBe(visibilityClass('STAFF', staff('S2', ['RISK_OFFICER', 'REVIEWER'])));
    expect(visibilityClass('STAFF', staff('S1', ['REVIEWER']))).not.toBe(visibilityClass('STAFF', staff('S2', ['REVIEWER', 'RISK_OFFICER'])));
  });

  it('keeps a partner apart from the customer it acts for, and partners with other scopes, customers or consents apart', () => {
    const base = visibilityClass('PARTNER', partner(['profile:read']));
    expect(base).not.toBe(visibilityClass('PARTNER', customer('C000001')));
    expect(base).not.toBe(visibilityClass('PARTNER', partner(['profile:read', 'accounts:read'])));
    expect(base).not.toBe(visibilityClass('PARTNER', partner(['profile:read'], 'C000002')));
    expect(base).not.toBe(visibilityClass('PARTNER', partner(['profile:read'], 'C000001', 'k2')));
  });

  it('separates channels and the anonymous viewer', () => {
    expect(visibilityClass('APP', customer('C1'))).not.toBe(visibilityClass('WEB', customer('C1')));
    expect(visibilityClass('APP', { kind: 'anonymous' })).not.toBe(visibilityClass('APP', customer('C1')));
  });
});

describe('groupKey', () => {
  it('differs by document, operation name and variables', () => {
    const key = groupKey('c', 'subscription { a }', undefined, { x: 1 });
    expect(key).toBe(groupKey('c', 'subscription { a }', undefined, { x: 1 }));
    expect(key).not.toBe(groupKey('c', 'subscription { b }', undefined, { x: 1 }));
    expect(key).not.toBe(groupKey('c', 'subscription { a }', 'A', { x: 1 }));
    expect(key).not.toBe(groupKey('c', 'subscription { a }', undefined, { x: 2 }));
    expect(key).not.toBe(groupKey('d', 'subscription { a }', undefined, { x: 1 }));
  });
});
