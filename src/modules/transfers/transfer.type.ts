import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { Node } from '../../platform/graphql/relay.js';
import { PageInfo } from '../../platform/graphql/connection.js';

export enum TransferStatus {
  POSTING = 'POSTING',
  PENDING_STEP_UP = 'PENDING_STEP_UP',
  HELD = 'HELD',
  POSTED = 'POSTED',
  BLOCKED = 'BLOCKED',
  REJECTED = 'REJECTED',
  FAILED = 'FAILED',
}
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description: 'POSTING while core banking posts it; PENDING_STEP_UP needs confirmTransfer; HELD waits for a risk officer.',
});

@InputType()
export class TransferInput {
  @Field(() => ID, { description: 'One of your own current or savings accounts.' })
  fromAccountId!: string;

  @Field(() => String)
  payeeAccountNumber!: string;

  @Field(() => String)
  payeeName!: string;

  @Field(() => DecimalScalar)
  amount!: string;

  @Field(() => String)
  currency!: string;
}

@ObjectType({ implements: Node, description: 'A transfer to a payee. Customers never see the risk score or signals.' })
export class Transfer {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => ID)
  fromAccountId!: string;

  @Field(() => String)
  payeeAccountNumber!: string;

  @Field(() => String)
  payeeName!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => TransferStatus)
  status!: TransferStatus;

  @Field(() => Int, { description: 'Sequence number of the latest event.' })
  seq!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When the confirmation code sent for this PENDING_STEP_UP transfer stops working. Null when no code is usable (it could not be sent, or expired): ask for one with resendTransferCode.',
  })
  stepUpCodeExpiresAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

@ObjectType({ description: 'The risk view of a transfer, for risk officers.' })
export class TransferRiskAssessment {
  @Field(() => String, { description: 'ALLOW, STEP_UP, HOLD or BLOCK.' })
  decision!: string;

  @Field(() => Int, { description: '0-100.' })
  score!: number;

  @Field(() => [String])
  signals!: string[];
}

@ObjectType()
export class TransferEvent {
  @Field(() => ID)
  transferId!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => String)
  type!: string;

  @Field(() => TransferStatus)
  status!: TransferStatus;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;
}

@ObjectType({ description: 'One transfer of a page, with the cursor to resume after it.' })
export class TransferEdge {
  @Field(() => String, { description: 'Pass as `after` to get the transfers that follow this one.' })
  cursor!: string;

  @Field(() => Transfer, { description: 'The transfer.' })
  node!: Transfer;
}

@ObjectType({ description: 'A page of transfers, newest first (Relay connection).' })
export class TransferConnection {
  @Field(() => [TransferEdge], { description: 'The transfers of this page, newest first.' })
  edges!: TransferEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many transfers the list holds in all, on every page.' })
  totalCount!: number;
}
