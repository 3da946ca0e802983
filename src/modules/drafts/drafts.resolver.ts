import { Arg, Authorized, Ctx, Field, GraphQLISODateTime, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { DraftError } from './drafts.errors.js';
import type { DraftRow } from './drafts.service.js';

@ObjectType({ description: 'The current draft of a form, shared by all your channels.' })
export class FormDraft {
  @Field(() => String, { description: 'A service template code or LOAN_APPLICATION.' })
  kind!: string;

  @Field(() => Int, { description: 'Send it as expectedVersion with the next save.' })
  version!: number;

  @Field(() => String, { description: 'The saved form as a JSON object text.' })
  payload!: string;

  @Field(() => String, { description: 'The channel of the last save.' })
  channel!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was last saved.' })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it disappears unless saved again.' })
  expiresAt!: Date;
}

const toDraft = (row: DraftRow): FormDraft => ({ kind: row.kind, version: row.version, payload: JSON.stringify(row.payload), channel: row.channel, updatedAt: row.updatedAt, expiresAt: row.expiresAt });

@Resolver()
export class DraftsResolver {
  @Authorized('CUSTOMER')
  @Query(() => FormDraft, { nullable: true, description: 'Your current draft of this kind; null when none (or expired).' })
  async formDraft(@Arg('kind', () => String, { description: 'A service template code or LOAN_APPLICATION.' }) kind: string, @Ctx() ctx: RequestContext): Promise<FormDraft | null> {
    const row = await ctx.services.drafts.get(ctx.viewer, kind);
    return row ? toDraft(row) : null;
  }

  @Authorized('CUSTOMER')
  @Mutation(() => FormDraft, { description: 'Saves your draft. DRAFT_CONFLICT when another channel saved since the version you loaded (extensions.currentVersion).' })
  async saveFormDraft(
    @Arg('kind', () => String, { description: 'A service template code or LOAN_APPLICATION.' }) kind: string,
    @Arg('payload', () => String, { description: 'The form as a JSON object text (size limited, see README).' }) payload: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'The version you loaded; omit for a new draft.' }) expectedVersion: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<FormDraft> {
    const maxBytes = ctx.config.services.draftMaxBytes;
    if (Buffer.byteLength(payload) > maxBytes) throw new DraftError('BAD_USER_INPUT', `payload is at most ${maxBytes} bytes.`, { field: 'payload', maxBytes });
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      throw new DraftError('BAD_USER_INPUT', 'payload must be JSON.', { field: 'payload' });
    }
    return toDraft(await ctx.services.drafts.save(ctx.viewer, kind, parsed, expectedVersion ?? null, ctx.channel));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Boolean, { description: 'Drops your draft of this kind; false when there was none.' })
  async discardFormDraft(@Arg('kind', () => String, { description: 'A service template code or LOAN_APPLICATION.' }) kind: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.drafts.discard(ctx.viewer, kind);
  }
}
