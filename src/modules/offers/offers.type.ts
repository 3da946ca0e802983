import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum BehaviourEventKind {
  LOGIN = 'LOGIN',
  PRODUCT_VIEW = 'PRODUCT_VIEW',
  PAGE_VIEW = 'PAGE_VIEW',
  SEARCH = 'SEARCH',
  CALCULATOR_USE = 'CALCULATOR_USE',
}
registerEnumType(BehaviourEventKind, {
  name: 'BehaviourEventKind',
  description: 'What the customer did in the channel. Any other value is refused by the schema (GRAPHQL_VALIDATION_FAILED / BAD_USER_INPUT).',
  valuesConfig: {
    LOGIN: { description: 'The channel resumed a session (the gateway records real logins itself). No productCode.' },
    PRODUCT_VIEW: { description: 'A product page was opened. productCode is required.' },
    PAGE_VIEW: { description: 'Any other page was opened; detail may carry its path. productCode optional.' },
    SEARCH: { description: 'The customer searched; detail may carry the term (no personal data, please). productCode optional.' },
    CALCULATOR_USE: { description: 'A loan or deposit calculator was used. productCode is required.' },
  },
});

@InputType({ description: 'One behaviour event. A batch is stored whole or not at all.' })
export class BehaviourEventInput {
  @Field(() => BehaviourEventKind, { description: 'What happened.' })
  kind!: BehaviourEventKind;

  @Field(() => String, { nullable: true, description: 'A product code of the catalogue (query products); an unknown one refuses the batch with BAD_USER_INPUT (extensions.field).' })
  productCode?: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it happened on the device (default: when the gateway receives it). More than 2 minutes ahead of the gateway’s clock is clamped to the gateway’s time; older than 24 hours refuses the batch.',
  })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Page path, search term or calculator name, at most 200 characters.' })
  detail?: string | null;
}

@ObjectType({ description: 'What trackEvents stored.' })
export class TrackEventsResult {
  @Field(() => Int, { description: 'How many events were stored (the whole batch).' })
  accepted!: number;

  @Field(() => Int, { description: 'How many of them had a time ahead of the gateway’s and were clamped to it.' })
  clamped!: number;

  @Field(() => Int, { description: 'How many offers the batch led to (they also arrive on offerReceived).' })
  offersMade!: number;
}

export enum Need {
  HOME_PURCHASE = 'HOME_PURCHASE',
  SAVINGS = 'SAVINGS',
  PERSONAL_FINANCING = 'PERSONAL_FINANCING',
}
registerEnumType(Need, {
  name: 'Need',
  description: 'A financial need the gateway’s rules inferred from behaviour and banking data.',
  valuesConfig: {
    HOME_PURCHASE: { description: 'Looking to buy a home (repeated mortgage product views).' },
    SAVINGS: { description: 'Earns a salary but holds no savings product.' },
    PERSONAL_FINANCING: { description: 'Researching a personal loan (repeated calculator use).' },
  },
});

export enum AdvisorStatus {
  NOT_NEEDED = 'NOT_NEEDED',
  PENDING = 'PENDING',
  ASSIGNED = 'ASSIGNED',
  NO_MANAGER = 'NO_MANAGER',
  NO_CONSENT = 'NO_CONSENT',
}
registerEnumType(AdvisorStatus, {
  name: 'AdvisorStatus',
  description: 'Whether a relationship manager follows up on the customer’s needs.',
  valuesConfig: {
    NOT_NEEDED: { description: 'No detected need calls for an advisor.' },
    PENDING: { description: 'An advisor is needed but CRM has not answered yet; retried at the next evaluation or staff read.' },
    ASSIGNED: { description: 'The customer’s relationship manager from CRM (advisorId) follows up.' },
    NO_MANAGER: { description: 'CRM names no relationship manager for this customer (most mass-market customers).' },
    NO_CONSENT: { description: 'An advisor would be assigned, but the customer has not granted marketing consent.' },
  },
});

@ObjectType({ description: 'A need on the profile and when the rules saw it.' })
export class DetectedNeed {
  @Field(() => Need, { description: 'The need.' })
  need!: Need;

  @Field(() => String, { description: 'The rule that detected it (e.g. MORTGAGE_VIEWS), for the advisor.' })
  rule!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was first detected.' })
  firstSeenAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it was last detected; it drops off 90 days later.' })
  lastSeenAt!: Date;
}

@ObjectType({ description: 'A customer’s needs profile: detected needs, advisor and marketing consent.' })
export class NeedsProfile {
  @Field(() => String, { description: 'The customer number.' })
  customerId!: string;

  @Field(() => [DetectedNeed], { description: 'Needs detected in the last 90 days, by need.' })
  needs!: DetectedNeed[];

  @Field(() => AdvisorStatus, { description: 'Whether a relationship manager follows up.' })
  advisorStatus!: AdvisorStatus;

  @Field(() => String, { nullable: true, description: 'The relationship manager’s CRM id when ASSIGNED; null otherwise.' })
  advisorId!: string | null;

  @Field(() => Boolean, { description: 'True while the customer allows marketing offers. Without it no offer is made and no advisor assigned.' })
  marketingConsent!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the consent was last granted or revoked; null if never.' })
  consentChangedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the rules last ran for this customer; null if never.' })
  evaluatedAt!: Date | null;
}

export enum OfferStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  DISMISSED = 'DISMISSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(OfferStatus, {
  name: 'OfferStatus',
  description: 'Where an offer stands.',
  valuesConfig: {
    OPEN: { description: 'Made and not answered yet.' },
    ACCEPTED: { description: 'The customer accepted it (take them to the product’s application).' },
    DISMISSED: { description: 'The customer dismissed it.' },
    WITHDRAWN: { description: 'Withdrawn because the customer revoked marketing consent.' },
  },
});

export enum OfferResponse {
  ACCEPTED = 'ACCEPTED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(OfferResponse, {
  name: 'OfferResponse',
  description: 'The customer’s answer to an offer.',
  valuesConfig: { ACCEPTED: { description: 'Interested: accept it.' }, DISMISSED: { description: 'Not interested: dismiss it.' } },
});

@ObjectType({ description: 'An offer the rules made to the customer.' })
export class Offer {
  @Field(() => ID, { description: 'The offer id (pass it to respondToOffer).' })
  id!: string;

  @Field(() => Need, { description: 'The need it answers.' })
  need!: Need;

  @Field(() => String, { description: 'The offered product’s code (query products for its terms).' })
  productCode!: string;

  @Field(() => OfferStatus, { description: 'Where it stands.' })
  status!: OfferStatus;

  @Field(() => GraphQLISODateTime, { description: 'When it was made.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer first received it in myOffers; null until then.' })
  shownAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was accepted, dismissed or withdrawn; null while OPEN.' })
  respondedAt!: Date | null;
}

@ObjectType({ description: 'A new offer in the customer’s offer stream, in order.' })
export class OfferEvent {
  @Field(() => Int, { description: 'Position in your offer stream (1 = first offer ever); resume offerReceived with the last one seen.' })
  seq!: number;

  @Field(() => String, { description: 'OFFER_MADE.' })
  type!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the offer was made.' })
  at!: Date;

  /** For the field resolver. */
  offerId!: string;
}
