import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';

export enum ReconciliationStatus {
  RECONCILED = 'RECONCILED',
  MISMATCHED = 'MISMATCHED',
  UNAVAILABLE = 'UNAVAILABLE',
}
registerEnumType(ReconciliationStatus, {
  name: 'ReconciliationStatus',
  description: 'How the gateway’s posted transfers of the day compare with core banking’s postings.',
  valuesConfig: {
    RECONCILED: { description: 'Every transfer is on both sides with the same amount.' },
    MISMATCHED: { description: 'At least one transfer is on one side only or with another amount: see the lists.' },
    UNAVAILABLE: { description: 'Core banking could not be asked: nothing was compared (reason says why); generate the report again later.' },
  },
});

export enum ReportStoreOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(ReportStoreOutcome, {
  name: 'ReportStoreOutcome',
  description: 'What storing a regenerated report did.',
  valuesConfig: {
    CREATED: { description: 'The day had no stored report: it has one now.' },
    UPDATED: { description: 'The content had changed: the stored report was replaced (new generatedAt).' },
    UNCHANGED: { description: 'The content was the same: the stored report was left as it was (same generatedAt).' },
  },
});

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

export enum InspectionOutcome {
  MATCHED = 'MATCHED',
  MISMATCHED = 'MISMATCHED',
  NOT_IN_REGISTRY = 'NOT_IN_REGISTRY',
  UNAVAILABLE = 'UNAVAILABLE',
}
registerEnumType(InspectionOutcome, {
  name: 'InspectionOutcome',
  description: 'What the corporate annual inspection found for one company.',
  valuesConfig: {
    MATCHED: { description: 'The CRM’s registration data agrees with the business registry.' },
    MISMATCHED: { description: 'At least one field differs: see mismatches; a relationship manager follows up.' },
    NOT_IN_REGISTRY: { description: 'The registry does not know the company’s registration number.' },
    UNAVAILABLE: { description: 'The CRM or the registry could not be asked (note says which): nothing was compared; the company stays due.' },
  },
});

@ObjectType({ description: 'One registration field the bank and the business registry disagree on.' })
export class RegistrationMismatch {
  @Field(() => String, { description: '`name`, `legalRepresentative`, `registeredAddress`, `status` or `registrationNumber`.' })
  field!: string;

  @Field(() => String, { description: 'What the bank’s CRM holds (empty when it holds nothing).' })
  bank!: string;

  @Field(() => String, { description: 'What the business registry says (empty when it has no record).' })
  registry!: string;
}

@ObjectType({ description: 'One company’s corporate annual inspection: the CRM’s registration data against the business registry.' })
export class CompanyInspection {
  @Field(() => String, { description: 'The company (corporate customer) id, e.g. `CO000001`.' })
  companyId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the inspection ran.' })
  inspectedAt!: Date;

  @Field(() => InspectionOutcome, { description: 'What it found.' })
  outcome!: InspectionOutcome;

  @Field(() => [RegistrationMismatch], { description: 'The fields that differ (empty unless MISMATCHED or NOT_IN_REGISTRY).' })
  mismatches!: RegistrationMismatch[];

  @Field(() => String, { nullable: true, description: 'Why it is UNAVAILABLE, e.g. `business registry: UPSTREAM_UNAVAILABLE`; null otherwise.' })
  note!: string | null;

  @Field(() => String, { description: 'Who ran it: `scheduler` or `staff:<id>`.' })
  runBy!: string;
}

@ObjectType({ description: 'A run of the corporate annual inspection.' })
export class AnnualInspectionRun {
  @Field(() => GraphQLISODateTime, { description: 'When it ran.' })
  inspectedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why no company was inspected (the CRM’s list of corporate customers could not be read); null otherwise.' })
  reason!: string | null;

  @Field(() => [CompanyInspection], { description: 'One result per corporate customer.' })
  companies!: CompanyInspection[];
}

@ObjectType({ description: 'A transfer the gateway and core banking disagree on.' })
export class ReconciliationItem {
  @Field(() => String, { description: 'The gateway’s reference, `transfer:<id>` (the key it was sent to core banking under).' })
  reference!: string;

  @Field(() => String, { nullable: true, description: 'Core banking’s transfer id; null when core banking does not have it.' })
  coreTransferId!: string | null;

  @Field(() => Money, { nullable: true, description: 'The amount the gateway recorded; null when the gateway has no posted transfer under this reference.' })
  gatewayAmount!: Money | null;

  @Field(() => Money, { nullable: true, description: 'The amount core banking booked; null when core banking has no posting under this reference.' })
  coreAmount!: Money | null;
}

@ObjectType({ description: 'The day’s transfers as the gateway recorded them (POSTED) against core banking’s postings of the day.' })
export class ReportReconciliation {
  @Field(() => ReconciliationStatus, { description: 'RECONCILED, MISMATCHED, or UNAVAILABLE when core banking could not be asked.' })
  status!: ReconciliationStatus;

  @Field(() => String, { nullable: true, description: 'Why nothing was compared (UNAVAILABLE), e.g. `core banking: UPSTREAM_UNAVAILABLE`; null otherwise.' })
  reason!: string | null;

  @Field(() => Int, { description: 'Transfers on both sides with the same amount.' })
  matched!: number;

  @Field(() => [ReconciliationItem], { description: 'Posted in the gateway, not in core banking’s postings.' })
  gatewayOnly!: ReconciliationItem[];

  @Field(() => [ReconciliationItem], { description: 'In core banking’s postings, not posted in the gateway (unknown, or still waiting for confirmation).' })
  coreOnly!: ReconciliationItem[];

  @Field(() => [ReconciliationItem], { description: 'On both sides with different amounts or currencies.' })
  amountMismatches!: ReconciliationItem[];
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

  @Field(() => [ReportException], { description: 'The day’s items still waiting for a person, with who must do what (reconciliation mismatches included).' })
  exceptions!: ReportException[];

  @Field(() => ReportReconciliation, { description: 'The day’s posted transfers reconciled with core banking.' })
  reconciliation!: ReportReconciliation;

  @Field(() => [CompanyInspection], { description: 'The corporate annual inspection’s runs of the day; differences are also listed as exceptions (`company:<id>`).' })
  inspections!: CompanyInspection[];

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the report was stored (a snapshot as of asOf); null when computed live for this request.' })
  generatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who stored it: `scheduler` or `staff:<id>`; null when computed live.' })
  generatedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of the stored content without asOf: the same checksum means the same report; null when computed live.' })
  checksum!: string | null;
}

@ObjectType({ description: 'A day’s report computed again and stored.' })
export class GeneratedOperationsReport {
  @Field(() => ReportStoreOutcome, { description: 'Whether the stored report was created, replaced or left as it was.' })
  outcome!: ReportStoreOutcome;

  @Field(() => OperationsDailyReport, { description: 'The stored report now.' })
  report!: OperationsDailyReport;
}
