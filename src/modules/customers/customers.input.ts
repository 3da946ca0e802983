import { Field, InputType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { TransactionDirection } from './customer.type.js';

@InputType({ description: 'Narrows a transaction list; every part is optional.' })
export class TransactionFilter {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Booked at or after.' })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Booked before.' })
  to?: Date | null;

  @Field(() => TransactionDirection, { description: 'Only credits (IN) or only debits (OUT); omit for both.', nullable: true })
  direction?: TransactionDirection | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only transactions of at least this amount.' })
  minAmount?: string | null;
}
