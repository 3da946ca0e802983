import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../platform/graphql/connection.js';
import { Node } from '../../platform/graphql/relay.js';

export enum RiskAlertKind {
  TRANSFER_HELD = 'TRANSFER_HELD',
  TRANSFER_BLOCKED = 'TRANSFER_BLOCKED',
  HIGH_RISK_APPLICANT = 'HIGH_RISK_APPLICANT',
  SCREENING_PARTIAL_MATCH = 'SCREENING_PARTIAL_MATCH',
  SCREENING_UNAVAILABLE = 'SCREENING_UNAVAILABLE',
  SUSPICIOUS_WITHDRAWAL = 'SUSPICIOUS_WITHDRAWAL',
  FEEDBACK_OVERDUE = 'FEEDBACK_OVERDUE',
}
registerEnumType(RiskAlertKind, {
  name: 'RiskAlertKind',
  description: 'What raised a risk alert.',
  valuesConfig: {
    TRANSFER_HELD: { description: 'A transfer was held for a risk officer (see heldTransfers).' },
    TRANSFER_BLOCKED: { description: 'A transfer was blocked by the risk check.' },
    HIGH_RISK_APPLICANT: { description: 'An account opening was terminated on a screening hit.' },
    SCREENING_PARTIAL_MATCH: { description: 'An account opening is held for review on a partial screening match.' },
    SCREENING_UNAVAILABLE: { description: 'An account opening is held for review because screening was unavailable.' },
    SUSPICIOUS_WITHDRAWAL: { description: "Core banking's withdrawal feed showed a suspicious pattern." },
    FEEDBACK_OVERDUE: { description: 'A feedback item was not answered by its due time and went to the supervisors’ queue.' },
  },
});

export enum RiskAlertSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(RiskAlertSeverity, {
  name: 'RiskAlertSeverity',
  description: 'How urgent a risk alert is.',
  valuesConfig: {
    LOW: { description: 'Low.' },
    MEDIUM: { description: 'Medium.' },
    HIGH: { description: 'High.' },
    CRITICAL: { description: 'Critical: act at once.' },
  },
});

export enum RiskAlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(RiskAlertStatus, {
  name: 'RiskAlertStatus',
  description: 'Where a risk alert stands: OPEN → ACKNOWLEDGED → RESOLVED (or OPEN → RESOLVED).',
  valuesConfig: {
    OPEN: { description: 'Raised; nobody has taken it on yet.' },
    ACKNOWLEDGED: { description: 'A risk officer has taken it on.' },
    RESOLVED: { description: 'Closed with a resolution. Final.' },
  },
});

@ObjectType({ implements: Node, description: 'A risk alert for risk officers. Customers never see alerts.' })
export class RiskAlert {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => RiskAlertKind, { description: 'What raised the alert.' })
  kind!: RiskAlertKind;

  @Field(() => RiskAlertSeverity, { description: 'How urgent it is.' })
  severity!: RiskAlertSeverity;

  @Field(() => ID, {
    description: 'Global id (`Customer.id`) of the customer concerned (pass it to `node(id)` or `RiskAlertFilter.customerId`); null when the alert is about no single customer.',
    nullable: true,
  })
  customerId!: string | null;

  @Field(() => String, { description: 'What it is about, e.g. `account-opening:<id>`, `transfer:<id>`.' })
  subject!: string;

  @Field(() => String, { description: 'Human-readable summary of what happened.' })
  summary!: string;

  @Field(() => RiskAlertStatus, { description: 'Where the alert stands: OPEN, ACKNOWLEDGED or RESOLVED.' })
  status!: RiskAlertStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the alert was raised (ISO-8601, UTC).' })
  raisedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When a risk officer acknowledged it (ISO-8601, UTC); null while OPEN.', nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was resolved (ISO-8601, UTC); null until RESOLVED.', nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'How the alert was resolved.' })
  resolution!: string | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from raised to acknowledged; null until then (plan indicator).' })
  timeToAcknowledgeSeconds!: number | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from raised to resolved; null until then (plan indicator).' })
  timeToResolveSeconds!: number | null;
}

@ObjectType({ description: 'One alert in a page, with its cursor.' })
export class RiskAlertEdge {
  @Field(() => String, { description: 'Opaque cursor; pass it as `after` to get the alerts after this one.' })
  cursor!: string;

  @Field(() => RiskAlert, { description: 'The alert.' })
  node!: RiskAlert;
}

@ObjectType({ description: 'Risk alerts, newest first (Relay connection).' })
export class RiskAlertConnection {
  @Field(() => [RiskAlertEdge], { description: 'This page of alerts, newest first.' })
  edges!: RiskAlertEdge[];

  @Field(() => [RiskAlert], { description: 'This page of alerts, newest first (the edges\' nodes, without cursors).' })
  nodes!: RiskAlert[];

  @Field(() => PageInfo, { description: 'Cursor of the last edge and whether there are more.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many alerts match the filter in all, on every page.' })
  totalCount!: number;
}
