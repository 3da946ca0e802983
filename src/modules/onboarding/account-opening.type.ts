import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, type ConnectionValue } from '../../platform/graphql/connection.js';
import { PostalAddress } from '../customers/customer.type.js';
import { Node } from '../../platform/graphql/relay.js';

export enum AccountOpeningKind {
  SAVINGS = 'SAVINGS',
  CURRENT = 'CURRENT',
}
registerEnumType(AccountOpeningKind, {
  name: 'AccountOpeningKind',
  description: 'The kinds of account a customer can open online.',
  valuesConfig: {
    SAVINGS: { description: 'A savings account.' },
    CURRENT: { description: 'A current (checking) account.' },
  },
});

export enum AccountOpeningStatus {
  DRAFT = 'DRAFT',
  PENDING_REVIEW = 'PENDING_REVIEW',
  OPENING = 'OPENING',
  OPENED = 'OPENED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AccountOpeningStatus, {
  name: 'AccountOpeningStatus',
  description: 'Where an account opening stands: DRAFT → OPENING → OPENED; a submitted draft may instead go to PENDING_REVIEW (then OPENING or TERMINATED) or straight to TERMINATED. It never says why an opening was held or stopped.',
  valuesConfig: {
    DRAFT: { description: 'Started, not yet submitted (or identity not verified: correct and submit again).' },
    PENDING_REVIEW: { description: 'Held for a risk officer to decide (reviewAccountOpening).' },
    OPENING: { description: 'Approved (by the checks, or by a risk officer); core banking is opening the account. Becomes OPENED — finished automatically if an outage or a restart cut it off.' },
    OPENED: { description: 'The account is open; `accountId` is set. Final.' },
    TERMINATED: { description: 'Stopped: the account will not be opened. Final.' },
  },
});

@ObjectType({ description: 'What the bank already knows, to pre-fill the form (null when the CRM could not answer).' })
export class AccountOpeningPrefill {
  @Field(() => String, { description: 'Full name on record; null when unknown.', nullable: true })
  fullName!: string | null;

  @Field(() => String, { description: 'Resident identity number on record; null when unknown.', nullable: true })
  idNumber!: string | null;

  @Field(() => String, { description: 'Mobile number on record; null when unknown.', nullable: true })
  phone!: string | null;

  @Field(() => PostalAddress, { description: 'Postal address on record; null when unknown.', nullable: true })
  address!: PostalAddress | null;
}

@ObjectType({
  implements: Node,
  description: 'An application to open a savings or current account. It never shows why an opening was held or stopped.',
})
export class AccountOpening {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => AccountOpeningKind, { description: 'Kind of account to open: savings or current.' })
  kind!: AccountOpeningKind;

  @Field(() => String, { description: 'ISO 4217 currency of the account to open: CNY, USD, EUR or HKD.' })
  currency!: string;

  @Field(() => AccountOpeningStatus, { description: 'Where the opening stands.' })
  status!: AccountOpeningStatus;

  @Field(() => String, { description: 'What happens next, for the customer.' })
  message!: string;

  @Field(() => AccountOpeningPrefill, { description: 'What the bank already knows about the applicant, to pre-fill the form.' })
  prefill!: AccountOpeningPrefill;

  @Field(() => ID, { nullable: true, description: 'Global id (`Account.id`) of the new account, once OPENED; null before.' })
  accountId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the opening was started (ISO-8601, UTC).' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the opening last changed (ISO-8601, UTC).' })
  updatedAt!: Date;
}

/** A page of account openings (Relay connection): `accountOpeningReviewQueue`, oldest first. */
export const AccountOpeningConnection = connectionType(AccountOpening, 'AccountOpening', 'account openings');
export type AccountOpeningConnection = ConnectionValue<AccountOpening>;
