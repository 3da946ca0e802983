import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RecoveryWorkKind {
  TRANSFER_POSTING = 'transfer.posting',
  LOAN_DECISION = 'loan.decision',
  LOAN_DISBURSEMENT = 'loan.disbursement',
  ACCOUNT_OPENING = 'account-opening.open',
}
registerEnumType(RecoveryWorkKind, {
  name: 'RecoveryWorkKind',
  description: 'Work an outage or a stopped gateway instance can leave half-done.',
  valuesConfig: {
    TRANSFER_POSTING: { description: 'A transfer in POSTING: core banking is asked for the outcome of its key, then it is posted (once) or recorded. Retry: releaseHeldTransfer (risk officers).' },
    LOAN_DECISION: { description: 'A loan application left SUBMITTED or CHECKING: decided again automatically.' },
    LOAN_DISBURSEMENT: { description: 'A signed loan not yet paid out: paid out under the same key. Retry: disburseLoan (reviewers).' },
    ACCOUNT_OPENING: { description: 'An approved account opening in OPENING: opened under the same key. Retry: reviewAccountOpening with approve (risk officers).' },
  },
});

export enum RecoveryState {
  SETTLED = 'SETTLED',
  WAITING = 'WAITING',
  NEEDS_PERSON = 'NEEDS_PERSON',
}
registerEnumType(RecoveryState, {
  name: 'RecoveryState',
  description: 'Where a piece of recovered work stands.',
  valuesConfig: {
    SETTLED: { description: 'Finished after a failed or abandoned try; `outcome` says how, `note` what core banking said.' },
    WAITING: { description: 'Not finished yet; the sweep tries again every few seconds. Nothing to do unless it lasts.' },
    NEEDS_PERSON: { description: 'A backend refused it, or it failed many times: a person must look at it (`lastError`), then retry it.' },
  },
});

@ObjectType({ description: 'One piece of in-flight work that needed recovery (a first try failed, or its instance stopped).' })
export class RecoveryItem {
  @Field(() => RecoveryWorkKind, { description: 'What the work is; says which staff retry applies.' })
  kind!: RecoveryWorkKind;

  @Field(() => ID, { description: 'The transfer, loan application or account opening id.' })
  subjectId!: string;

  @Field(() => RecoveryState, { description: 'Settled, waiting for the sweep, or needing a person.' })
  state!: RecoveryState;

  @Field(() => String, { nullable: true, description: 'The status it was settled in (e.g. POSTED, FAILED, OPENED, DISBURSED, APPROVED); null while open.' })
  outcome!: string | null;

  @Field(() => String, { nullable: true, description: 'Who settled it: `sweep`, `staff:<id>` or `customer:<id>`; null while open.' })
  settledBy!: string | null;

  @Field(() => String, { nullable: true, description: 'What settling learned, e.g. "core banking had applied the key" (no second debit was sent).' })
  note!: string | null;

  @Field(() => Int, { description: 'Tries that ended without settling it.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last try did not settle it (backend code or refusal).' })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When this record last changed (ISO-8601 UTC).' })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was settled (ISO-8601 UTC); null while open.' })
  settledAt!: Date | null;
}
