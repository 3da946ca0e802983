/**
 * The branch side: registered terminals with their own credential, and QR pre-fill tickets a
 * customer issues at home and a teller redeems on a terminal (once, whatever races). The request
 * itself moves through the services module (attachToBranch, then the usual four steps).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '../../platform/context.js';
import { hasCode } from '../../platform/errors.js';
import { requireCustomer, requireStaff } from '../../platform/guards.js';
import type { CommandKeys } from '../../platform/write/idempotency.js';
import { auditRecord } from '../audit/audit-log.js';
import type { BranchDesk, ServicesService } from '../services/services.service.js';
import type { ServiceRequestRow } from '../services/services.repository.js';
import { ticketRefusal } from '../services/services.rules.js';
import { BranchError, refuse } from './branch.errors.js';
import type { BranchRepository } from './branch.repository.js';

export interface BranchServiceDeps {
  repo: BranchRepository;
  services: ServicesService;
  commandKeys: CommandKeys;
  now: () => Date;
  ticketTtlMs: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** `BT1.` + 43 characters of base64url (256 random bits): opaque, says nothing about the request. */
const QR = /^BT1\.([A-Za-z0-9_-]{43})$/;
const BRANCH_ID = /^[A-Z0-9-]{2,32}$/;

export function createBranchService(deps: BranchServiceDeps) {
  const { repo, now } = deps;

  return {
    /** An administrator registers a terminal device for a branch; the secret is shown only now. */
    async registerTerminal(viewer: Viewer, branchId: string, label: string) {
      const admin = requireStaff(viewer, ['ADMIN'], 'Administrators register terminals.');
      if (!BRANCH_ID.test(branchId)) refuse('BAD_USER_INPUT', 'branchId is 2-32 capital letters, digits or -.', { field: 'branchId' });
      const secret = randomBytes(32).toString('base64url');
      const terminal = await repo.insertTerminal({
        id: `T-${randomBytes(8).toString('hex')}`,
        branchId,
        label: label.trim().slice(0, 80) || branchId,
        secretHash: sha256(secret),
        registeredBy: admin.staffId,
        createdAt: now(),
        revokedAt: null,
      });
      return { terminal, secret };
    },

    async revokeTerminal(viewer: Viewer, terminalId: string) {
      requireStaff(viewer, ['ADMIN'], 'Administrators revoke terminals.');
      return (await repo.revokeTerminal(terminalId, now())) ?? refuse('NOT_FOUND', 'No such live terminal.');
    },

    /**
     * The teller's desk: a teller session plus the credential of a live registered terminal.
     * @throws BranchError FORBIDDEN (not a teller), TERMINAL_UNAUTHORIZED (wrong id or secret, revoked)
     */
    async desk(viewer: Viewer, credentials: { terminalId: string; secret: string }): Promise<BranchDesk> {
      const teller = requireStaff(viewer, ['TELLER'], 'Tellers work at branch terminals.');
      const terminal = await repo.findTerminal(credentials.terminalId);
      const given = Buffer.from(sha256(credentials.secret));
      const ok = terminal !== undefined && terminal.revokedAt === null && timingSafeEqual(given, Buffer.from(terminal.secretHash));
      if (!ok) return refuse('TERMINAL_UNAUTHORIZED', 'This terminal is not registered (or was revoked).');
      return { tellerId: teller.staffId, branchId: terminal.branchId, terminalId: terminal.id };
    },

    /** The customer turns a prepared request (FILLING) into a one-use QR ticket for a branch. */
    async issueTicket(viewer: Viewer, requestId: string, branchId: string | null) {
      const customer = requireCustomer(viewer);
      const request = await deps.services.ownedBy(customer.customerId, requestId);
      if (request.status !== 'FILLING') refuse('INVALID_TRANSITION', `A ${request.status} request cannot be taken to a branch.`, { status: request.status });
      if (branchId !== null && !BRANCH_ID.test(branchId)) refuse('BAD_USER_INPUT', 'branchId is 2-32 capital letters, digits or -.', { field: 'branchId' });
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const ticket = await repo.insertTicket({
        id: randomUUID(),
        requestId: request.id,
        customerId: customer.customerId,
        tokenHash: sha256(token),
        branchId,
        expiresAt: new Date(at.getTime() + deps.ticketTtlMs),
        createdAt: at,
        redeemedAt: null,
        redeemedByTerminal: null,
        redeemedByTeller: null,
      });
      return { id: ticket.id, qrContent: `BT1.${token}`, expiresAt: ticket.expiresAt, branchId: ticket.branchId };
    },

    /**
     * A teller at a terminal redeems a ticket: the prepared request moves to this branch for the
     * counter's ID check. Once only, even for two terminals at the same moment; the same key
     * replays the first answer.
     */
    async redeem(viewer: Viewer, qrContent: string, idempotencyKey: string, desk: BranchDesk): Promise<ServiceRequestRow> {
      return deps.commandKeys.run({
        owner: `terminal:${desk.terminalId}`,
        name: 'branch.redeemTicket',
        key: idempotencyKey,
        args: [sha256(qrContent)],
        claim: async (keyRecord) => {
          const match = QR.exec(qrContent.trim());
          const ticket = match ? await repo.findTicketByHash(sha256(match[1]!)) : undefined;
          const refusal = ticketRefusal(ticket, desk.branchId, now());
          if (refusal) refuse(refusal, REFUSALS[refusal]);
          const t = ticket!;
          try {
            await deps.services.attachToBranch(t.requestId, desk, [
              repo.redeemRecord(t.id, desk.branchId, desk.terminalId, desk.tellerId),
              keyRecord(t.requestId),
              auditRecord({ actor: `staff:${desk.tellerId}`, action: 'BRANCH_TICKET_REDEEMED', subject: `branch-ticket:${t.id}`, detail: { terminalId: desk.terminalId, branchId: desk.branchId } }),
            ]);
          } catch (error) {
            // Lost a race (the other terminal's redemption moved the request first): say so.
            if (hasCode(error, 'INVALID_TRANSITION') || (error instanceof BranchError && error.code === 'TICKET_REDEEMED')) {
              const now2 = await repo.findTicketByHash(t.tokenHash);
              if (now2?.redeemedAt) refuse('TICKET_REDEEMED', REFUSALS.TICKET_REDEEMED);
            }
            throw error;
          }
          return t.requestId;
        },
        first: async (requestId) => (await deps.services.findById(requestId))!,
        replay: async (requestId) => (await deps.services.findById(requestId))!,
      });
    },
  };
}

const REFUSALS = {
  TICKET_NOT_FOUND: 'This QR code is not a ticket of this bank.',
  TICKET_REDEEMED: 'This ticket was already redeemed.',
  TICKET_EXPIRED: 'This ticket has expired; the customer can issue a new one in the app.',
  TICKET_WRONG_BRANCH: 'This ticket was issued for another branch.',
} as const;

export type BranchService = ReturnType<typeof createBranchService>;
