import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { ServiceRequest, TerminalCredentialsInput } from '../services/service.type.js';
import { toServiceRequest } from '../services/services.resolver.js';
import { BranchTicket, RegisteredTerminal } from './branch.type.js';

@Resolver()
export class BranchResolver {
  @Authorized('ADMIN')
  @Mutation(() => RegisteredTerminal, { description: 'Registers a terminal device for a branch; its secret is returned only here.' })
  async registerBranchTerminal(
    @Arg('branchId', () => String, { description: 'The branch, e.g. BJ-001.' }) branchId: string,
    @Arg('label', () => String, { description: 'A label for people, e.g. "Counter 3".' }) label: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RegisteredTerminal> {
    const { terminal, secret } = await ctx.services.branch.registerTerminal(ctx.viewer, branchId, label);
    return { terminalId: terminal.id, branchId: terminal.branchId, label: terminal.label, secret };
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Revokes a terminal: its credential stops working at once.' })
  async revokeBranchTerminal(@Arg('terminalId', () => String, { description: 'The terminal id.' }) terminalId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.branch.revokeTerminal(ctx.viewer, terminalId);
    return true;
  }

  @Authorized('CUSTOMER')
  @Mutation(() => BranchTicket, { description: 'Turns a prepared request (FILLING) into a one-use QR ticket to finish at a branch.' })
  async issueBranchTicket(
    @Arg('serviceRequestId', () => ID, { description: 'Your request, in FILLING.' }) serviceRequestId: string,
    @Arg('branchId', () => String, { nullable: true, description: 'Only this branch may redeem it.' }) branchId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<BranchTicket> {
    return ctx.services.branch.issueTicket(ctx.viewer, serviceRequestId, branchId ?? null);
  }

  @Authorized('TELLER')
  @Mutation(() => ServiceRequest, {
    description:
      'Redeems a ticket at a terminal: the prepared request comes to this branch in VERIFYING for the ID check. Once only (TICKET_REDEEMED, TICKET_EXPIRED, TICKET_WRONG_BRANCH, TICKET_NOT_FOUND). Same key → same answer.',
  })
  async redeemBranchTicket(
    @Arg('qrContent', () => String, { description: 'The scanned QR content.' }) qrContent: string,
    @Arg('idempotencyKey', () => String, { description: '8-128 letters, digits or ._:-.' }) idempotencyKey: string,
    @Arg('terminal', () => TerminalCredentialsInput, { description: 'The terminal it is redeemed on.' }) terminal: TerminalCredentialsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await ctx.services.branch.desk(ctx.viewer, terminal);
    return toServiceRequest(await ctx.services.branch.redeem(ctx.viewer, qrContent, idempotencyKey, desk));
  }
}
