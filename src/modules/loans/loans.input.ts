import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { LoanStatus } from './loan.type.js';

@InputType()
export class LoanApplicationInput {
  @Field(() => String, { description: 'A loan product code from `products(kind: LOAN)`.' })
  productCode!: string;

  @Field(() => DecimalScalar, { description: 'e.g. "50000.00".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217; must be the product currency.' })
  currency!: string;

  @Field(() => Int)
  termMonths!: number;

  @Field(() => String)
  purpose!: string;
}

@InputType({ description: 'A supplement document, sent inline as base64 (see README for limits).' })
export class LoanDocumentInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => String, { description: 'One of the requestedDocuments codes, e.g. INCOME_PROOF.' })
  kind!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => String, { description: 'application/pdf, image/png or image/jpeg.' })
  contentType!: string;

  @Field(() => String)
  contentBase64!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the content (hex); checked when given.' })
  sha256?: string | null;
}

@InputType()
export class ReviewQueueFilter {
  @Field(() => LoanStatus, { nullable: true })
  status?: LoanStatus | null;

  @Field(() => String, { nullable: true })
  productCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only applications I claimed.' })
  onlyMine?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only applications nobody claimed.' })
  unclaimed?: boolean | null;
}
