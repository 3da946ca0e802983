import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PostalAddress } from '../customers/customer.type.js';
import { Node } from '../../platform/graphql/relay.js';

export enum AccountOpeningKind {
  SAVINGS = 'SAVINGS',
  CURRENT = 'CURRENT',
}
registerEnumType(AccountOpeningKind, { name: 'AccountOpeningKind' });

export enum AccountOpeningStatus {
  DRAFT = 'DRAFT',
  PENDING_REVIEW = 'PENDING_REVIEW',
  OPENING = 'OPENING',
  OPENED = 'OPENED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AccountOpeningStatus, {
  name: 'AccountOpeningStatus',
  valuesConfig: {
    OPENING: { description: 'Approved (by the checks, or by a risk officer); core banking is opening the account. Becomes OPENED — finished automatically if an outage or a restart cut it off.' },
  },
});

@ObjectType({ description: 'What the bank already knows, to pre-fill the form (null when the CRM could not answer).' })
export class AccountOpeningPrefill {
  @Field(() => String, { nullable: true })
  fullName!: string | null;

  @Field(() => String, { nullable: true })
  idNumber!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => PostalAddress, { nullable: true })
  address!: PostalAddress | null;
}

@ObjectType({
  implements: Node,
  description: 'An application to open a savings or current account. It never shows why an opening was held or stopped.',
})
export class AccountOpening {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => AccountOpeningKind)
  kind!: AccountOpeningKind;

  @Field(() => String)
  currency!: string;

  @Field(() => AccountOpeningStatus)
  status!: AccountOpeningStatus;

  @Field(() => String, { description: 'What happens next, for the customer.' })
  message!: string;

  @Field(() => AccountOpeningPrefill)
  prefill!: AccountOpeningPrefill;

  @Field(() => ID, { nullable: true, description: 'The new account, once OPENED.' })
  accountId!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}
