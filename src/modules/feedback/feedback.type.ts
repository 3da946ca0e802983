import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RatedFlow {
  LOAN_APPLICATION = 'LOAN_APPLICATION',
  TRANSFER = 'TRANSFER',
  ACCOUNT_OPENING = 'ACCOUNT_OPENING',
}
registerEnumType(RatedFlow, {
  name: 'RatedFlow',
  description: 'A flow a customer can rate once it is finished.',
  valuesConfig: {
    LOAN_APPLICATION: { description: 'A loan application, once decided (approved, rejected, signed, disbursed or withdrawn).' },
    TRANSFER: { description: 'A transfer, once posted, rejected, blocked or failed.' },
    ACCOUNT_OPENING: { description: 'An account opening, once opened or terminated.' },
  },
});

@InputType({ description: 'A rating of a finished flow: a satisfaction score, a recommendation score, or both.' })
export class RateExperienceInput {
  @Field(() => RatedFlow, { description: 'Which kind of flow subjectId names.' })
  flow!: RatedFlow;

  @Field(() => ID, { description: 'The id of your own loan application, transfer or account opening.' })
  subjectId!: string;

  @Field(() => Int, { nullable: true, description: 'Satisfaction 1 (very unhappy) to 5 (very happy).' })
  csat?: number | null;

  @Field(() => Int, { nullable: true, description: 'How likely you are to recommend the bank, 0 to 10.' })
  nps?: number | null;
}

@ObjectType({ description: 'A recorded rating.' })
export class ExperienceRating {
  @Field(() => ID, { description: 'The rating id.' })
  id!: string;

  @Field(() => RatedFlow, { description: 'The kind of flow rated.' })
  flow!: RatedFlow;

  @Field(() => ID, { description: 'The rated flow’s id.' })
  subjectId!: string;

  @Field(() => Int, { nullable: true, description: 'The satisfaction score given, if any.' })
  csat!: number | null;

  @Field(() => Int, { nullable: true, description: 'The recommendation score given, if any.' })
  nps!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded.' })
  ratedAt!: Date;
}
