import { Field, ID, InputType } from 'type-graphql';
import { RiskAlertKind, RiskAlertSeverity, RiskAlertStatus } from './alert.type.js';

@InputType({ description: 'Every field narrows the list; all are optional.' })
export class RiskAlertFilter {
  @Field(() => RiskAlertStatus, { description: 'Only alerts in this status.', nullable: true })
  status?: RiskAlertStatus | null;

  @Field(() => RiskAlertKind, { description: 'Only alerts of this kind.', nullable: true })
  kind?: RiskAlertKind | null;

  @Field(() => RiskAlertSeverity, { description: 'Only alerts of this severity.', nullable: true })
  severity?: RiskAlertSeverity | null;

  @Field(() => ID, { description: 'Only alerts about this customer: its global id (`Customer.id`, as `RiskAlert.customerId` shows it) or its customer number.', nullable: true })
  customerId?: string | null;
}
