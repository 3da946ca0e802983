import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';
import { DecimalScalar } from '../../platform/graphql/scalars.js';

export enum ProductKind {
  LOAN = 'LOAN',
  DEPOSIT = 'DEPOSIT',
}
registerEnumType(ProductKind, {
  name: 'ProductKind',
  description: 'Loan or deposit.',
  valuesConfig: {
    LOAN: { description: 'A loan product; apply with applyForLoan.' },
    DEPOSIT: { description: 'A deposit product.' },
  },
});

@ObjectType({ description: "A loan or deposit product from the bank's catalogue (core banking)." })
export class Product {
  @Field(() => ID, { description: 'Stable product code, e.g. PERSONAL_CONSUMER.' })
  code!: string;

  @Field(() => String, { description: 'Display name of the product.' })
  name!: string;

  @Field(() => ProductKind, { description: 'Loan or deposit.' })
  kind!: ProductKind;

  @Field(() => String, { description: 'Description of the product, for display.' })
  description!: string;

  @Field(() => String, { description: 'ISO 4217 currency the product is offered in.' })
  currency!: string;

  @Field(() => Money, { description: 'Smallest amount offered (decimal string + currency).' })
  minAmount!: Money;

  @Field(() => Money, { description: 'Largest amount offered (decimal string + currency).' })
  maxAmount!: Money;

  @Field(() => Int, { description: 'Shortest term offered, in months.' })
  minTermMonths!: number;

  @Field(() => Int, { description: 'Longest term offered, in months.' })
  maxTermMonths!: number;

  @Field(() => DecimalScalar, { description: 'Yearly rate as a decimal fraction, e.g. "0.0435" for 4.35%.' })
  annualRate!: string;

  @Field(() => Boolean, {
    description: 'Applications are decided automatically; otherwise they always go to manual review.',
  })
  autoDecision!: boolean;
}
