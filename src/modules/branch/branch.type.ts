import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A newly registered branch terminal and its secret (shown only once: store it on the device).' })
export class RegisteredTerminal {
  @Field(() => String, { description: 'The terminal id, sent as terminal.terminalId.' })
  terminalId!: string;

  @Field(() => String, { description: 'The branch the terminal belongs to.' })
  branchId!: string;

  @Field(() => String, { description: 'A label for people.' })
  label!: string;

  @Field(() => String, { description: 'The terminal secret, sent as terminal.secret. Never shown again.' })
  secret!: string;
}

@ObjectType({ description: 'A one-use QR pre-fill ticket for a branch.' })
export class BranchTicket {
  @Field(() => ID, { description: 'The ticket id.' })
  id!: string;

  @Field(() => String, { description: 'Show this as a QR code; it is opaque and works once.' })
  qrContent!: string;

  @Field(() => GraphQLISODateTime, { description: 'After this it cannot be redeemed.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Only this branch may redeem it; null: any branch.' })
  branchId!: string | null;
}
