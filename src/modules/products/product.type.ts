import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';
import { DecimalScalar } from '../../platform/graphql/scalars.js';

export enum ProductKind {
  LOAN = 'LOAN',
  DEPOSIT = 'DEPOSIT',
}
registerEnumType(ProductKind, { name: 'ProductKind', description: 'Loan or deposit.' });

@ObjectType({ description: "A loan or deposit product from the bank's catalogue (core banking)." })
export class Product {
  @Field(() => ID, { description: 'Stable product code, e.g. PERSONAL_CONSUMER.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ProductKind)
  kind!: ProductKind;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'ISO 4217 currency the product is offered in.' })
  currency!: string;

  @Field(() => Money)
  minAmount!: Money;

  @Field(() => Money)
  maxAmount!: Money;

  @Field(() => Int)
  minTermMonths!: number;

  @Field(() => Int)
  maxTermMonths!: number;

  @Field(() => DecimalScalar, { description: 'Yearly rate as a decimal fraction, e.g. "0.0435" for 4.35%.' })
  annualRate!: string;

  @Field(() => Boolean, {
    description: 'Applications are decided automatically; otherwise they always go to manual review.',
  })
  autoDecision!: boolean;
}
