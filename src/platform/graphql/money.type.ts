import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from './scalars.js';

/** An amount of money: an exact decimal string and its currency. */
@ObjectType({ description: 'An amount of money: an exact decimal string and its ISO 4217 currency.', simpleResolvers: true })
export class Money {
  @Field(() => DecimalScalar, { description: 'Exact decimal amount, e.g. "1234.50".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "CNY".' })
  currency!: string;
}
