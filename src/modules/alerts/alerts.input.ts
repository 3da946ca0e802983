import { Field, InputType } from 'type-graphql';
import { RiskAlertKind, RiskAlertSeverity, RiskAlertStatus } from './alert.type.js';

@InputType({ description: 'Every field narrows the list; all are optional.' })
export class RiskAlertFilter {
  @Field(() => RiskAlertStatus, { nullable: true })
  status?: RiskAlertStatus | null;

  @Field(() => RiskAlertKind, { nullable: true })
  kind?: RiskAlertKind | null;

  @Field(() => RiskAlertSeverity, { nullable: true })
  severity?: RiskAlertSeverity | null;

  @Field(() => String, { nullable: true })
  customerId?: string | null;
}
