import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How many items had one value, e.g. a channel or an outcome.' })
export class ReportCount {
  @Field(() => String, { description: 'The value counted, e.g. `APP`, `PERSONAL_CONSUMER`, `APPROVED`.' })
  key!: string;

  @Field(() => Int, { description: 'How many items of the day had it.' })
  count!: number;
}

@ObjectType({ description: 'An item of the day that waits for a person.' })
export class ReportException {
  @Field(() => String, { description: 'What it is, e.g. `loan:<id>`, `transfer:<id>`, `account-opening:<id>`, `alert:<id>`.' })
  subject!: string;

  @Field(() => String, { description: 'Its status now.' })
  status!: string;

  @Field(() => String, { description: 'Who must do what.' })
  why!: string;
}

@ObjectType({ description: 'Volumes of the day per channel, product and kind.' })
export class ReportVolumes {
  @Field(() => [ReportCount], { description: 'Loan applications per channel.' })
  loansByChannel!: ReportCount[];

  @Field(() => [ReportCount], { description: 'Loan applications per product code.' })
  loansByProduct!: ReportCount[];

  @Field(() => [ReportCount], { description: 'Transfers per channel.' })
  transfersByChannel!: ReportCount[];

  @Field(() => [ReportCount], { description: 'Account openings per account kind.' })
  openingsByKind!: ReportCount[];
}

@ObjectType({ description: 'Where the day’s items stand now.' })
export class ReportDecisions {
  @Field(() => [ReportCount], { description: 'Loan applications per status.' })
  loans!: ReportCount[];

  @Field(() => [ReportCount], { description: 'Transfers per risk decision (ALLOW, STEP_UP, HOLD, BLOCK).' })
  transfers!: ReportCount[];

  @Field(() => [ReportCount], { description: 'Account openings per status.' })
  openings!: ReportCount[];
}

@ObjectType({ description: 'Risk alerts raised on the day.' })
export class ReportAlerts {
  @Field(() => [ReportCount], { description: 'Per alert kind.' })
  byKind!: ReportCount[];

  @Field(() => [ReportCount], { description: 'Per status now (OPEN, ACKNOWLEDGED, RESOLVED).' })
  byStatus!: ReportCount[];
}

@ObjectType({ description: 'The daily operations report of one local calendar day in the bank’s time zone.' })
export class OperationsDailyReport {
  @Field(() => String, { description: 'The day, YYYY-MM-DD, in timeZone.' })
  date!: string;

  @Field(() => String, { description: 'The IANA time zone the day is counted in (REPORT_TIME_ZONE).' })
  timeZone!: string;

  @Field(() => GraphQLISODateTime, { description: 'The day’s start in UTC (inclusive).' })
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'The day’s end in UTC (exclusive).' })
  to!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the report was computed: statuses are as of then.' })
  asOf!: Date;

  @Field(() => ReportVolumes, { description: 'Volumes per channel and product.' })
  volumes!: ReportVolumes;

  @Field(() => ReportDecisions, { description: 'Outcomes of the day’s items.' })
  decisions!: ReportDecisions;

  @Field(() => ReportAlerts, { description: 'The day’s risk alerts.' })
  alerts!: ReportAlerts;

  @Field(() => Int, { description: 'Alerts of the day acknowledged after 24 h, or still unacknowledged past 24 h at asOf.' })
  slaBreaches!: number;

  @Field(() => [ReportException], { description: 'The day’s items still waiting for a person, with who must do what.' })
  exceptions!: ReportException[];
}
