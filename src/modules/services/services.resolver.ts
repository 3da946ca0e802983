import { Arg, Authorized, Ctx, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { pageRequest, toConnection } from '../../platform/graphql/connection.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import type { ServiceTemplateSpec } from './services.catalogue.js';
import type { ServiceRequestRow } from './services.repository.js';
import { DEFAULT_MAX_LENGTH, SERVICE_STEPS } from './services.rules.js';
import type { BranchDesk } from './services.service.js';
import {
  ServiceFieldInput,
  type ServiceIdentityLevel,
  ServiceRequest,
  ServiceRequestConnection,
  ServiceRequestEvent,
  type ServiceRequestStatus,
  ServiceRequestStep,
  ServiceStartChannel,
  ServiceStepTimings,
  ServiceTemplate,
  TellerThroughput,
  TerminalCredentialsInput,
  type ServiceFieldType,
  type ServicePrefillSource,
  type ServiceStepName,
} from './service.type.js';

export function toServiceTemplate(spec: ServiceTemplateSpec): ServiceTemplate {
  return {
    code: spec.code,
    name: spec.name,
    description: spec.description,
    fields: spec.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type as ServiceFieldType,
      required: f.required,
      pattern: f.pattern ?? null,
      options: f.options ? [...f.options] : null,
      maxLength: f.maxLength ?? DEFAULT_MAX_LENGTH,
      prefill: (f.prefill ?? null) as ServicePrefillSource | null,
    })),
    identityLevel: spec.identityLevel as ServiceIdentityLevel,
    startChannels: spec.startChannels.map((c) => c as ServiceStartChannel),
    action: spec.action.operation,
    targetMinutes: spec.targetMinutes,
  };
}

/** The row as clients see it: never the teller's identity or the code's hash. */
export function toServiceRequest(row: ServiceRequestRow): ServiceRequest {
  return {
    id: row.id,
    templateCode: row.templateCode,
    status: row.status as ServiceRequestStatus,
    seq: row.seq,
    startedOn: row.startedOn,
    channel: row.channel,
    fields: Object.entries(row.fields).map(([name, value]) => ({ name, value })),
    verifiedBy: row.verifiedBy,
    branchId: row.branchId,
    failureReason: row.failureReason,
    outcomeReference: row.outcomeReference,
    expertReference: row.expertReference,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
  };
}

function toEvent(event: StoredEvent): ServiceRequestEvent {
  return {
    requestId: event.stream.replace(/^service-request:/, ''),
    seq: event.seq,
    type: event.type,
    status: event.payload.status as ServiceRequestStatus,
    reason: event.reason ?? null,
    occurredAt: event.occurredAt,
  };
}

/** The teller's desk when a terminal credential is sent (checked against the teller session). */
export async function deskOf(ctx: RequestContext, terminal: TerminalCredentialsInput | null | undefined): Promise<BranchDesk | null> {
  return terminal ? ctx.services.branch.desk(ctx.viewer, terminal) : null;
}

const TERMINAL = { nullable: true, description: 'Tellers: the terminal they work on (required for tellers, ignored for customers).' } as const;

type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

@Resolver(() => ServiceRequest)
export class ServicesResolver {
  @Authorized('CUSTOMER', 'TELLER')
  @Query(() => [ServiceTemplate], { description: 'The services the viewer may start on `channel` (a customer: their own channel when omitted; a teller: TELLER). A list, not a connection: the bank’s service catalogue.' })
  async serviceTemplates(
    @Arg('channel', () => ServiceStartChannel, { nullable: true, description: 'Where the service would be started.' }) channel: ServiceStartChannel | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceTemplate[]> {
    return (await ctx.services.servicesFlow.templates(ctx.viewer, channel ?? null)).map(toServiceTemplate);
  }

  @Authorized('CUSTOMER', 'STAFF')
  @Query(() => ServiceTemplate, { nullable: true, description: 'One template by code; null when there is none.' })
  async serviceTemplate(@Arg('code', () => String, { description: 'e.g. REPORT_LOST_CARD.' }) code: string, @Ctx() ctx: RequestContext): Promise<ServiceTemplate | null> {
    const spec = await ctx.services.servicesFlow.template(code);
    return spec ? toServiceTemplate(spec) : null;
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Query(() => ServiceRequest, { description: 'A request of yours, or (tellers, with terminal) one attached to the terminal’s branch. NOT_FOUND otherwise.' })
  async serviceRequest(
    @Arg('id', () => ID, { description: 'The request id.' }) id: string,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    return toServiceRequest(await ctx.services.servicesFlow.get(ctx.viewer, id, await deskOf(ctx, terminal)));
  }

  @Authorized('CUSTOMER')
  @Query(() => ServiceRequestConnection, {
    description: 'Your service requests, newest first, from every channel, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async myServiceRequests(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the newest.' }) after?: string | null,
  ): Promise<ServiceRequestConnection> {
    const page = pageRequest('myServiceRequests', first, after);
    const { rows, totalCount } = await ctx.services.servicesFlow.mine(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toServiceRequest);
  }

  @Authorized('OPS_ANALYST', 'ADMIN')
  @Query(() => ServiceStepTimings, { description: 'p50/p90 of each step and overall for requests started in [from, to), against the template’s target.' })
  async serviceStepTimings(
    @Arg('templateCode', () => String, { description: 'The template.' }) templateCode: string,
    @Arg('from', () => GraphQLISODateTime, { description: 'Start of the window (inclusive).' }) from: Date,
    @Arg('to', () => GraphQLISODateTime, { description: 'End of the window (exclusive).' }) to: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceStepTimings> {
    const { template, steps, overall } = await ctx.services.servicesFlow.stepTimings(ctx.viewer, templateCode, from, to);
    const toTiming = (t: { step: string; count: number; p50: number | null; p90: number | null }) => ({ step: t.step, count: t.count, p50Seconds: t.p50, p90Seconds: t.p90 });
    const targetSeconds = template.targetMinutes * 60;
    return {
      templateCode: template.code,
      targetSeconds,
      steps: SERVICE_STEPS.flatMap((s) => steps.filter((t) => t.step === s).map(toTiming)),
      overall: toTiming(overall),
      p90WithinTarget: overall.p90 === null ? null : overall.p90 <= targetSeconds,
    };
  }

  @Authorized('OPS_ANALYST', 'ADMIN')
  @Query(() => [TellerThroughput], { description: 'Requests DONE per teller per UTC day, completed in [from, to). A list, not a connection: one row per teller and day of the window.' })
  async tellerThroughput(
    @Arg('from', () => GraphQLISODateTime, { description: 'Start of the window (inclusive).' }) from: Date,
    @Arg('to', () => GraphQLISODateTime, { description: 'End of the window (exclusive).' }) to: Date,
    @Arg('branchId', () => String, { nullable: true, description: 'Only this branch.' }) branchId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<TellerThroughput[]> {
    return ctx.services.servicesFlow.tellerThroughput(ctx.viewer, from, to, branchId ?? null);
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Mutation(() => ServiceRequest, {
    description: 'Step 1 begins: a new request in VERIFYING (OTP templates send a code to the customer’s phone). Same idempotencyKey → same request.',
  })
  async startServiceRequest(
    @Arg('templateCode', () => String, { description: 'A code from serviceTemplates.' }) templateCode: string,
    @Arg('idempotencyKey', () => String, { description: '8-128 letters, digits or ._:-; reusing it for another request is refused (IDEMPOTENCY_KEY_REUSED).' }) idempotencyKey: string,
    @Arg('customerId', () => String, { nullable: true, description: 'Tellers: the customer at the counter.' }) customerId: string | null,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await deskOf(ctx, terminal);
    return toServiceRequest(await ctx.services.servicesFlow.start(ctx.viewer, { templateCode, idempotencyKey, customerId: customerId ?? null }, desk, ctx.scope));
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Mutation(() => ServiceRequest, {
    description: 'Step 1 ends: the customer’s code (none for SESSION templates), or the teller’s ID check (a mismatch cancels: ID_MISMATCH). The form comes back pre-filled (FILLING).',
  })
  async verifyServiceIdentity(
    @Arg('id', () => ID, { description: 'The request id.' }) id: string,
    @Arg('code', () => String, { nullable: true, description: 'Customers: the one-time code sent to the phone.' }) code: string | null,
    @Arg('idDocumentNumber', () => String, { nullable: true, description: 'Tellers: the number on the ID document checked at the counter.' }) idDocumentNumber: string | null,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await deskOf(ctx, terminal);
    return toServiceRequest(await ctx.services.servicesFlow.verify(ctx.viewer, id, { code: code ?? null, idDocumentNumber: idDocumentNumber ?? null }, desk, ctx.scope));
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Mutation(() => ServiceRequest, { description: 'Sets form fields; all or nothing. Bad values: BAD_USER_INPUT with extensions.fieldErrors [{ field, code, message }].' })
  async updateServiceRequest(
    @Arg('id', () => ID, { description: 'The request id.' }) id: string,
    @Arg('fields', () => [ServiceFieldInput], { description: 'The fields to set.' }) fields: ServiceFieldInput[],
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await deskOf(ctx, terminal);
    return toServiceRequest(await ctx.services.servicesFlow.update(ctx.viewer, id, fields.map((f) => ({ name: f.name, value: f.value })), desk, ctx.scope));
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Mutation(() => ServiceRequest, {
    description:
      'The customer confirms (on any of their channels, or on the terminal) and the bank executes it once: DONE or FAILED. PROCESSING_DELAYED: send again with the same key. Same key → same answer.',
  })
  async confirmServiceRequest(
    @Arg('id', () => ID, { description: 'The request id.' }) id: string,
    @Arg('idempotencyKey', () => String, { description: '8-128 letters, digits or ._:-.' }) idempotencyKey: string,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await deskOf(ctx, terminal);
    return toServiceRequest(await ctx.services.servicesFlow.confirm(ctx.viewer, id, idempotencyKey, desk, ctx.scope));
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Mutation(() => ServiceRequest, { description: 'Finishes a request left PROCESSING by an outage; the action runs once however often this is sent.' })
  async retryServiceRequest(
    @Arg('id', () => ID, { description: 'The request id.' }) id: string,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await deskOf(ctx, terminal);
    return toServiceRequest(await ctx.services.servicesFlow.retry(ctx.viewer, id, desk, ctx.scope));
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Mutation(() => ServiceRequest, { description: 'Cancels a request not yet confirmed.' })
  async cancelServiceRequest(
    @Arg('id', () => ID, { description: 'The request id.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, for the record.' }) reason: string | null,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) terminal: TerminalCredentialsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceRequest> {
    const desk = await deskOf(ctx, terminal);
    return toServiceRequest(await ctx.services.servicesFlow.cancel(ctx.viewer, id, reason ?? null, desk));
  }

  @FieldResolver(() => [ServiceRequestStep], { description: 'The timed steps so far, in order.' })
  async steps(@Root() request: ServiceRequest, @Ctx() ctx: RequestContext): Promise<ServiceRequestStep[]> {
    return (await ctx.services.servicesFlow.steps(request.id)).map((s) => ({
      step: s.step as ServiceStepName,
      channel: s.channel,
      branchId: s.branchId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
    }));
  }

  @FieldResolver(() => ServiceTemplate, { nullable: true, description: 'The template it runs.' })
  async template(@Root() request: ServiceRequest, @Ctx() ctx: RequestContext): Promise<ServiceTemplate | null> {
    const spec = await ctx.services.servicesFlow.template(request.templateCode);
    return spec ? toServiceTemplate(spec) : null;
  }

  @Authorized('CUSTOMER', 'TELLER')
  @Subscription(() => ServiceRequestEvent, {
    description: 'Every event after afterSeq (replayed), then live ones: no gap, no duplicate. Tellers send terminal.',
    subscribe: ({ args, context }: SubscribeData<{ id: string; afterSeq: number; terminal?: TerminalCredentialsInput | null }>) =>
      eventSubscription(async (signal) => context.services.servicesFlow.events(context.viewer, args.id, args.afterSeq, await deskOf(context, args.terminal), signal)),
  })
  serviceRequestUpdated(
    @Root() event: StoredEvent,
    @Arg('id', () => ID, { description: 'The request id.' }) _id: string,
    @Arg('afterSeq', () => Int, { defaultValue: 0, description: 'The last seq seen (0: from the start).' }) _afterSeq: number,
    @Arg('terminal', () => TerminalCredentialsInput, TERMINAL) _terminal: TerminalCredentialsInput | null,
  ): ServiceRequestEvent {
    return toEvent(event);
  }
}
