import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { Node } from '../../platform/graphql/relay.js';
import { connectionType, type ConnectionValue } from '../../platform/graphql/connection.js';

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
  valuesConfig: {
    POSTING: { description: 'Core banking is posting it; becomes POSTED or FAILED.' },
    PENDING_STEP_UP: { description: 'Waiting for the customer to confirm with the code sent to their phone (confirmTransfer).' },
    HELD: { description: 'Held for a risk officer, who releases it (→ POSTING) or rejects it (→ REJECTED).' },
    POSTED: { description: 'Posted by core banking: the money has moved. Final.' },
    BLOCKED: { description: 'Blocked by the risk check; nothing was posted. Final.' },
    REJECTED: { description: 'Rejected by a risk officer; nothing was posted. Final.' },
    FAILED: { description: 'Core banking refused the posting; no money moved. Final.' },
  },
});

@InputType({ description: 'A transfer as the customer submits it.' })
export class TransferInput {
  @Field(() => ID, { description: 'One of your own current or savings accounts.' })
  fromAccountId!: string;

  @Field(() => String, { description: "The payee's account number." })
  payeeAccountNumber!: string;

  @Field(() => String, { description: "The payee's name, as on their account." })
  payeeName!: string;

  @Field(() => DecimalScalar, { description: 'Amount to send as a decimal string, e.g. "1500.00"; must be above zero.' })
  amount!: string;

  @Field(() => String, { description: "ISO 4217 currency code; must be the source account's currency (else BAD_USER_INPUT)." })
  currency!: string;
}

@ObjectType({ implements: Node, description: 'A transfer to a payee. Customers never see the risk score or signals.' })
export class Transfer {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => ID, { description: 'Global id (`Account.id`) of the account the money is taken from: pass it to `node(id)` or as any account argument.' })
  fromAccountId!: string;

  @Field(() => String, { description: "The payee's account number, as entered." })
  payeeAccountNumber!: string;

  @Field(() => String, { description: "The payee's name, as entered." })
  payeeName!: string;

  @Field(() => Money, { description: 'Amount transferred (decimal string + currency).' })
  amount!: Money;

  @Field(() => TransferStatus, { description: 'Where the transfer stands.' })
  status!: TransferStatus;

  @Field(() => Int, { description: 'Sequence number of the latest event.' })
  seq!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When the confirmation code sent for this PENDING_STEP_UP transfer stops working. Null when no code is usable (it could not be sent, or expired): ask for one with resendTransferCode.',
  })
  stepUpCodeExpiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'When the transfer was submitted (ISO-8601, UTC).' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the transfer last changed (ISO-8601, UTC).' })
  updatedAt!: Date;
}

@ObjectType({ description: 'The risk view of a transfer, for risk officers.' })
export class TransferRiskAssessment {
  @Field(() => String, { description: 'ALLOW, STEP_UP, HOLD or BLOCK.' })
  decision!: string;

  @Field(() => Int, { description: '0-100.' })
  score!: number;

  @Field(() => [String], { description: 'Why the risk platform scored it so, e.g. NEW_PAYEE, AMOUNT_UNUSUAL, PAYEE_WATCHLISTED.' })
  signals!: string[];
}

@ObjectType({ description: 'One change of a transfer, in order (`seq`).' })
export class TransferEvent {
  @Field(() => ID, { description: 'Global id of the transfer (`Transfer.id`).' })
  transferId!: string;

  @Field(() => Int, { description: "Position of this event in the transfer's history; pass the last one seen as `afterSeq` to resume." })
  seq!: number;

  @Field(() => String, { description: 'What happened, e.g. STEP_UP_CODE_SENT, STEP_UP_CONFIRMED, RELEASED, POSTED, REJECTED, FAILED.' })
  type!: string;

  @Field(() => TransferStatus, { description: "The transfer's status after this event." })
  status!: TransferStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the change happened (ISO-8601, UTC).' })
  occurredAt!: Date;
}

/** A page of transfers (Relay connection): `myTransfers` newest first, `heldTransfers` oldest first. */
export const TransferConnection = connectionType(Transfer, 'Transfer', 'transfers');
export type TransferConnection = ConnectionValue<Transfer>;
