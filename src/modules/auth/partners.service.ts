/** Partners acting for a customer: consents the customer gives and revokes, and partner access tokens. */
import { randomUUID } from 'node:crypto';
import type { AuthConfig } from '../../platform/config.js';
import { PARTNER_SCOPES, type Viewer } from '../../platform/context.js';
import { AuthError } from './auth.errors.js';
import { requireCustomer } from './auth.rules.js';
import { grantSubject } from './grant-cache.js';
import type { PartnersRepository } from './partners.repository.js';
import { sha256, timingSafeEqualStrings } from './secrets.js';
import type { AuditRecorder } from './security-events.js';
import type { TokenSigner } from './tokens.js';

export function createPartnersService(deps: {
  repo: PartnersRepository;
  signer: TokenSigner;
  config: AuthConfig;
  now: () => Date;
  audit: AuditRecorder;
  /** Drops cached grants of a subject on this instance (sessions.service.ts). */
  grantsRevoked: (subject: string) => void;
}) {
  const { repo, now } = deps;
  return {
    async grantPartnerConsent(viewer: Viewer, partnerId: string, scopes: string[]) {
      const customer = requireCustomer(viewer);
      const partner = await repo.findPartner(partnerId);
      if (!partner?.active) throw new AuthError('NOT_FOUND', 'No such partner.');
      const unknown = scopes.filter((s) => !(PARTNER_SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0 || scopes.length === 0) {
        throw new AuthError('BAD_USER_INPUT', `Unknown scopes: ${unknown.join(', ') || '(none given)'}.`, { field: 'scopes' });
      }
      const outside = scopes.filter((s) => !partner.allowedScopes.includes(s));
      if (outside.length > 0) {
        throw new AuthError('SCOPE_NOT_ALLOWED', `${partner.name} may not ask for: ${outside.join(', ')}.`);
      }
      const consent = { id: randomUUID(), customerId: customer.customerId, partnerId, scopes: [...new Set(scopes)].sort() };
      const grantedAt = now();
      await repo.grantConsent(consent, grantedAt, (tx) =>
        deps.audit.record(
          { actor: `customer:${customer.customerId}`, action: 'CONSENT_GRANTED', subject: `partner:${partnerId}`, detail: { consentId: consent.id, scopes: consent.scopes } },
          tx,
        ),
      );
      deps.grantsRevoked(grantSubject('CUSTOMER', customer.customerId));
      return { ...consent, partnerName: partner.name, grantedAt };
    },

    async revokePartnerConsent(viewer: Viewer, partnerId: string): Promise<boolean> {
      const customer = requireCustomer(viewer);
      const revoked = await repo.revokeConsent(customer.customerId, partnerId, now(), (tx) =>
        deps.audit.record({ actor: `customer:${customer.customerId}`, action: 'CONSENT_REVOKED', subject: `partner:${partnerId}` }, tx),
      );
      deps.grantsRevoked(grantSubject('CUSTOMER', customer.customerId));
      if (revoked === 0) throw new AuthError('NOT_FOUND', 'No live consent for that partner.');
      return true;
    },

    async myConsents(viewer: Viewer) {
      const customer = requireCustomer(viewer);
      const rows = await repo.liveConsentsOf(customer.customerId);
      return rows.map((r) => ({ ...r.consent, partnerName: r.partnerName }));
    },

    /**
     * A partner's client credentials + a consent the customer gave it → an access token for that
     * customer, limited to the consented scopes (all of them, or the subset asked for).
     */
    async partnerAccessToken(input: { clientId: string; clientSecret: string; consentId: string; scopes?: string[] | null }) {
      const partner = await repo.findPartner(input.clientId);
      const secretOk = partner && timingSafeEqualStrings(partner.secretHash, sha256(input.clientSecret));
      if (!partner?.active || !secretOk) throw new AuthError('INVALID_CLIENT', 'Unknown partner or wrong client secret.');
      const consent = await repo.findConsent(input.consentId);
      if (!consent || consent.revokedAt || consent.partnerId !== partner.id) {
        throw new AuthError('CONSENT_REQUIRED', 'The customer has not given (or has withdrawn) consent.');
      }
      const asked = input.scopes ?? consent.scopes;
      const beyond = asked.filter((s) => !consent.scopes.includes(s) || !partner.allowedScopes.includes(s));
      if (beyond.length > 0) throw new AuthError('SCOPE_NOT_ALLOWED', `Not consented: ${beyond.join(', ')}.`);
      const access = await deps.signer.issue(
        { sub: consent.customerId, channel: 'PARTNER', roles: ['PARTNER'], scope: asked, azp: partner.id, cid: consent.id },
        deps.config.audience,
        now(),
      );
      return { accessToken: access.token, expiresAt: access.expiresAt, scopes: asked };
    },
  };
}

export type PartnersService = ReturnType<typeof createPartnersService>;
