import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, type ConnectionValue } from '../../platform/graphql/connection.js';

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

// ---------------------------------------------------------------------------------------------
// Feedback items

export enum FeedbackCategory {
  COMPLAINT = 'COMPLAINT',
  SUGGESTION = 'SUGGESTION',
  PRAISE = 'PRAISE',
  QUESTION = 'QUESTION',
  SERVICE_ISSUE = 'SERVICE_ISSUE',
}
registerEnumType(FeedbackCategory, {
  name: 'FeedbackCategory',
  description: 'What kind of feedback it is; officers sort and report by it.',
  valuesConfig: {
    COMPLAINT: { description: 'Something went wrong and the submitter wants it put right.' },
    SUGGESTION: { description: 'An idea to make a product or a channel better.' },
    PRAISE: { description: 'Something went well.' },
    QUESTION: { description: 'A question the submitter wants answered.' },
    SERVICE_ISSUE: { description: 'A fault in a channel or a service (an app error, a branch problem).' },
  },
});

export enum FeedbackStatus {
  OPEN = 'OPEN',
  CLAIMED = 'CLAIMED',
  ESCALATED = 'ESCALATED',
  RESPONDED = 'RESPONDED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(FeedbackStatus, {
  name: 'FeedbackStatus',
  description: 'Where a feedback item is in its handling.',
  valuesConfig: {
    OPEN: { description: 'Submitted; waiting for an officer to take it.' },
    CLAIMED: { description: 'An officer is handling it; not answered yet.' },
    ESCALATED: { description: 'Not answered by its due time: in the supervisors’ queue until someone claims it.' },
    RESPONDED: { description: 'Answered (the clock stopped at the first answer); more answers may follow.' },
    RESOLVED: { description: 'Closed by the officer after answering. Final.' },
  },
});

export enum FeedbackSubjectKind {
  LOAN_APPLICATION = 'LOAN_APPLICATION',
  TRANSFER = 'TRANSFER',
}
registerEnumType(FeedbackSubjectKind, {
  name: 'FeedbackSubjectKind',
  description: 'The kind of your own flow a feedback item may be about.',
  valuesConfig: {
    LOAN_APPLICATION: { description: 'One of your loan applications.' },
    TRANSFER: { description: 'One of your transfers.' },
  },
});

export enum FeedbackQueueOrder {
  DUE_AT = 'DUE_AT',
}
registerEnumType(FeedbackQueueOrder, {
  name: 'FeedbackQueueOrder',
  description: 'How the feedback queue is sorted.',
  valuesConfig: { DUE_AT: { description: 'Soonest due first (overdue items at the top).' } },
});

@InputType({ description: 'New feedback. Customers may name one of their own loan applications or transfers.' })
export class SubmitFeedbackInput {
  @Field(() => FeedbackCategory, { description: 'What kind of feedback this is.' })
  category!: FeedbackCategory;

  @Field(() => String, { description: 'The feedback, 1 to 2000 characters (trimmed). Longer is BAD_USER_INPUT (extensions.field = text).' })
  text!: string;

  @Field(() => FeedbackSubjectKind, { nullable: true, description: 'What subjectId names; give both or neither.' })
  subjectKind?: FeedbackSubjectKind | null;

  @Field(() => ID, { nullable: true, description: 'The id of your own loan application or transfer; someone else’s is NOT_FOUND.' })
  subjectId?: string | null;
}

@ObjectType({ description: 'A feedback item and its 72-hour answer clock.' })
export class FeedbackItem {
  @Field(() => ID, { description: 'The item id.' })
  id!: string;

  @Field(() => FeedbackCategory, { description: 'What kind of feedback it is.' })
  category!: FeedbackCategory;

  @Field(() => String, { description: 'The feedback as submitted (trimmed).' })
  text!: string;

  @Field(() => String, { description: 'The channel it was submitted from (APP, WEB, BRANCH, STAFF…).' })
  channel!: string;

  @Field(() => Boolean, { description: 'True when a staff member submitted it (not a customer).' })
  fromStaff!: boolean;

  @Field(() => FeedbackSubjectKind, { nullable: true, description: 'The kind of flow it is about, if any.' })
  subjectKind!: FeedbackSubjectKind | null;

  @Field(() => ID, { nullable: true, description: 'The id of the loan application or transfer it is about, if any.' })
  subjectId!: string | null;

  @Field(() => FeedbackStatus, { description: 'Where it is in its handling.' })
  status!: FeedbackStatus;

  @Field(() => Boolean, { description: 'True while an officer holds it (who, is never shown).' })
  inHand!: boolean;

  @Field(() => String, { nullable: true, description: 'The latest answer to the submitter; null until answered.' })
  response!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was submitted.' })
  submittedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the first answer is due (submittedAt + 72 h unless configured otherwise).' })
  dueAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was first answered; null until then.' })
  firstResponseAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it went to the supervisors’ queue; null if it never did.' })
  escalatedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was resolved; null until then.' })
  resolvedAt!: Date | null;

  @Field(() => Boolean, { description: 'True when the first answer came (or is still missing) after dueAt: an SLA breach.' })
  slaBreached!: boolean;

  @Field(() => Int, { description: 'How many changes it has had; resume feedbackUpdated with this as afterSeq.' })
  seq!: number;
}

@ObjectType({ description: 'A change to a feedback item, in order.' })
export class FeedbackEvent {
  @Field(() => Int, { description: 'Position in the item’s history (1 = submitted); resume with the last one seen.' })
  seq!: number;

  @Field(() => String, { description: 'SUBMITTED, CLAIMED, RESPONDED, ESCALATED or RESOLVED.' })
  type!: string;

  @Field(() => FeedbackStatus, { description: 'The item’s status after this change.' })
  status!: FeedbackStatus;

  @Field(() => String, { nullable: true, description: 'The answer given, for RESPONDED events.' })
  message!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  at!: Date;

  /** The item, for the field resolver. */
  feedbackId!: string;
}

/** A page of feedback items (Relay connection): `myFeedback` newest first, `feedbackQueue` soonest due first. */
export const FeedbackItemConnection = connectionType(FeedbackItem, 'FeedbackItem', 'feedback items');
export type FeedbackItemConnection = ConnectionValue<FeedbackItem>;
