import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { ExperienceRating, RateExperienceInput, type RatedFlow } from './feedback.type.js';

@Resolver(() => ExperienceRating)
export class FeedbackResolver {
  @Authorized('CUSTOMER') // Partners and staff never rate; the service lets only the flow's own customer rate it.
  @Mutation(() => ExperienceRating, {
    description:
      'Rates one of your own finished flows (CSAT 1–5 and/or NPS 0–10), once. NOT_FOUND for a flow that is not yours; BAD_USER_INPUT (extensions.field) for a score out of range or an unfinished flow; ALREADY_RATED the second time.',
  })
  async rateExperience(@Arg('input', () => RateExperienceInput, { description: 'Which finished flow (loan application, transfer or account opening) and the scores: csat 1–5 and/or nps 0–10.' }) input: RateExperienceInput, @Ctx() ctx: RequestContext): Promise<ExperienceRating> {
    const row = await ctx.services.feedback.rate(ctx.viewer, input, ctx.channel);
    return { id: row.id, flow: row.flow as RatedFlow, subjectId: row.subjectId, csat: row.csat, nps: row.nps, ratedAt: row.ratedAt };
  }
}
