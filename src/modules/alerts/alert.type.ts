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
  valuesConfig: { FEEDBACK_OVERDUE: { description: 'A feedback item was not answered by its due time and went to the supervisors’ queue.' } },
});

export enum RiskAlertSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(RiskAlertSeverity, { name: 'RiskAlertSeverity' });

export enum RiskAlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(RiskAlertStatus, { name: 'RiskAlertStatus' });

@ObjectType({ implements: Node, description: 'A risk alert for risk officers. Customers never see alerts.' })
export class RiskAlert {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => RiskAlertKind)
  kind!: RiskAlertKind;

  @Field(() => RiskAlertSeverity)
  severity!: RiskAlertSeverity;

  @Field(() => String, { nullable: true })
  customerId!: string | null;

  @Field(() => String, { description: 'What it is about, e.g. `account-opening:<id>`, `transfer:<id>`.' })
  subject!: string;

  @Field(() => String)
  summary!: string;

  @Field(() => RiskAlertStatus)
  status!: RiskAlertStatus;

  @Field(() => GraphQLISODateTime)
  raisedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'How the alert was resolved.' })
  resolution!: string | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from raised to acknowledged; null until then (plan indicator).' })
  timeToAcknowledgeSeconds!: number | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from raised to resolved; null until then (plan indicator).' })
  timeToResolveSeconds!: number | null;
}

@ObjectType()
export class RiskAlertEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => RiskAlert)
  node!: RiskAlert;
}

@ObjectType({ description: 'Risk alerts, newest first (Relay connection).' })
export class RiskAlertConnection {
  @Field(() => [RiskAlertEdge])
  edges!: RiskAlertEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
