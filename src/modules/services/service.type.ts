import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, type ConnectionValue } from '../../platform/graphql/connection.js';

export enum ServiceFieldType {
  TEXT = 'TEXT',
  ENUM = 'ENUM',
  MONEY = 'MONEY',
  DATE = 'DATE',
  OWN_ACCOUNT = 'OWN_ACCOUNT',
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
}
registerEnumType(ServiceFieldType, {
  name: 'ServiceFieldType',
  description: 'How a form field is checked; every value is sent as a string.',
  valuesConfig: {
    TEXT: { description: 'Free text, matching `pattern` when there is one.' },
    ENUM: { description: 'One of `options`.' },
    MONEY: { description: 'A decimal amount above zero with at most two decimals, e.g. "1500.00".' },
    DATE: { description: 'A calendar date, YYYY-MM-DD.' },
    OWN_ACCOUNT: { description: "The id of one of the customer's own active accounts." },
    PHONE: { description: 'An 11-digit mobile number.' },
    EMAIL: { description: 'An e-mail address.' },
  },
});

export enum ServicePrefillSource {
  CRM_PHONE = 'CRM_PHONE',
  CRM_EMAIL = 'CRM_EMAIL',
  CRM_ADDRESS_LINE = 'CRM_ADDRESS_LINE',
  CRM_CITY = 'CRM_CITY',
  FIRST_ACCOUNT = 'FIRST_ACCOUNT',
  EARLIER_REQUEST = 'EARLIER_REQUEST',
}
registerEnumType(ServicePrefillSource, {
  name: 'ServicePrefillSource',
  description: 'Where a field is pre-filled from when identity is verified.',
  valuesConfig: {
    CRM_PHONE: { description: 'The phone the CRM holds.' },
    CRM_EMAIL: { description: 'The e-mail the CRM holds.' },
    CRM_ADDRESS_LINE: { description: 'The address line the CRM holds.' },
    CRM_CITY: { description: 'The city the CRM holds.' },
    FIRST_ACCOUNT: { description: "The customer's first active account in core banking." },
    EARLIER_REQUEST: { description: "The value of the customer's last finished request of the same template." },
  },
});

export enum ServiceIdentityLevel {
  SESSION = 'SESSION',
  OTP = 'OTP',
  TELLER_VERIFIED_ID = 'TELLER_VERIFIED_ID',
}
registerEnumType(ServiceIdentityLevel, {
  name: 'ServiceIdentityLevel',
  description: 'The identity check a template needs before it can be confirmed.',
  valuesConfig: {
    SESSION: { description: 'The signed-in session is enough: verifyServiceIdentity needs no code.' },
    OTP: { description: 'A one-time code sent to the phone when the request starts.' },
    TELLER_VERIFIED_ID: { description: 'A teller checks the ID document at a branch; prepare at home, then issueBranchTicket.' },
  },
});

export enum ServiceStartChannel {
  APP = 'APP',
  WEB = 'WEB',
  MINI_PROGRAM = 'MINI_PROGRAM',
  BRANCH_TERMINAL = 'BRANCH_TERMINAL',
  TELLER = 'TELLER',
}
registerEnumType(ServiceStartChannel, {
  name: 'ServiceStartChannel',
  description: 'Where a request may be started.',
  valuesConfig: {
    APP: { description: 'Customer self-service in the mobile app.' },
    WEB: { description: 'Customer self-service on the web.' },
    MINI_PROGRAM: { description: 'Customer self-service in the mini-program.' },
    BRANCH_TERMINAL: { description: 'A registered branch terminal, operated with a teller signed in.' },
    TELLER: { description: "A teller's desk (also on a registered terminal)." },
  },
});

export enum ServiceRequestStatus {
  VERIFYING = 'VERIFYING',
  FILLING = 'FILLING',
  EXPERT_REVIEW = 'EXPERT_REVIEW',
  PROCESSING = 'PROCESSING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ServiceRequestStatus, {
  name: 'ServiceRequestStatus',
  description: 'Where a service request is in its four steps.',
  valuesConfig: {
    VERIFYING: { description: 'Step 1: waiting for verifyServiceIdentity (code, or the teller’s ID check).' },
    FILLING: { description: 'Steps 2-3: the pre-filled form; updateServiceRequest, then confirmServiceRequest.' },
    EXPERT_REVIEW: { description: 'A teller handed it to the expert queue; it comes back to FILLING with the decision.' },
    PROCESSING: { description: 'Step 4: the bank is executing it. If it stays here after an outage, retryServiceRequest.' },
    DONE: { description: 'Executed; `outcomeReference` is the backend reference.' },
    FAILED: { description: 'The bank refused it; `failureReason` says why. Nothing was changed.' },
    CANCELLED: { description: 'Cancelled by the customer or teller, or ended by an ID mismatch (`failureReason`).' },
  },
});

export enum ServiceStepName {
  VERIFY_IDENTITY = 'VERIFY_IDENTITY',
  PREFILL = 'PREFILL',
  CONFIRM = 'CONFIRM',
  PROCESS = 'PROCESS',
}
registerEnumType(ServiceStepName, {
  name: 'ServiceStepName',
  description: 'The four timed steps.',
  valuesConfig: {
    VERIFY_IDENTITY: { description: 'From the start (or a branch redemption) to identity verified.' },
    PREFILL: { description: 'Loading the pre-filled form.' },
    CONFIRM: { description: 'From the form loaded to the customer confirming.' },
    PROCESS: { description: 'From confirmation to DONE or FAILED.' },
  },
});

@ObjectType({ description: 'One field of a service template form.' })
export class ServiceField {
  @Field(() => String, { description: 'The name to send in updateServiceRequest.' })
  name!: string;

  @Field(() => String, { description: 'A label to show.' })
  label!: string;

  @Field(() => ServiceFieldType, { description: 'How the value is checked.' })
  type!: ServiceFieldType;

  @Field(() => Boolean, { description: 'Whether confirming needs a value.' })
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'A regular expression the whole value must match (TEXT).' })
  pattern!: string | null;

  @Field(() => [String], { nullable: true, description: 'The allowed values (ENUM).' })
  options!: string[] | null;

  @Field(() => Int, { description: 'The longest accepted value.' })
  maxLength!: number;

  @Field(() => ServicePrefillSource, { nullable: true, description: 'Where the value is pre-filled from, if anywhere.' })
  prefill!: ServicePrefillSource | null;
}

@ObjectType({ description: 'A counter service the customer or a teller can run as a four-step request.' })
export class ServiceTemplate {
  @Field(() => String, { description: 'Stable code, e.g. REPORT_LOST_CARD; also the draft kind.' })
  code!: string;

  @Field(() => String, { description: 'Name to show.' })
  name!: string;

  @Field(() => String, { description: 'What the service does.' })
  description!: string;

  @Field(() => [ServiceField], { description: 'The form, in display order.' })
  fields!: ServiceField[];

  @Field(() => ServiceIdentityLevel, { description: 'The identity check needed before confirming.' })
  identityLevel!: ServiceIdentityLevel;

  @Field(() => [ServiceStartChannel], { description: 'Where it may be started.' })
  startChannels!: ServiceStartChannel[];

  @Field(() => String, { description: 'The backend action it runs when confirmed, e.g. CARD_BLOCK.' })
  action!: string;

  @Field(() => Int, { description: 'Target handling time, start to done, in minutes.' })
  targetMinutes!: number;
}

@ObjectType({ description: 'A value of a request form.' })
export class ServiceFieldValue {
  @Field(() => String, { description: 'The field name.' })
  name!: string;

  @Field(() => String, { description: 'The value as entered or pre-filled.' })
  value!: string;
}

@ObjectType({ description: 'One timed step of a request.' })
export class ServiceRequestStep {
  @Field(() => ServiceStepName, { description: 'Which step.' })
  step!: ServiceStepName;

  @Field(() => String, { description: 'Where it ran: APP, WEB, MINI_PROGRAM, BRANCH_TERMINAL or TELLER.' })
  channel!: string;

  @Field(() => String, { nullable: true, description: 'The branch, when it ran at one.' })
  branchId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the step started.' })
  startedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it ended; null while it runs.' })
  endedAt!: Date | null;
}

@ObjectType({ description: 'A counter-service request in its four steps.' })
export class ServiceRequest {
  @Field(() => ID, { description: 'The request id.' })
  id!: string;

  @Field(() => String, { description: 'The template code.' })
  templateCode!: string;

  @Field(() => ServiceRequestStatus, { description: 'Where it is.' })
  status!: ServiceRequestStatus;

  @Field(() => Int, { description: 'The seq of its latest event: resume serviceRequestUpdated after it.' })
  seq!: number;

  @Field(() => String, { description: 'Where it was started.' })
  startedOn!: string;

  @Field(() => String, { description: 'Where it is being worked now (BRANCH_TERMINAL once redeemed at a branch).' })
  channel!: string;

  @Field(() => [ServiceFieldValue], { description: 'The form values so far (pre-filled ones included).' })
  fields!: ServiceFieldValue[];

  @Field(() => String, { nullable: true, description: 'How identity was verified: SESSION, OTP or TELLER; null while VERIFYING.' })
  verifiedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'The branch it is attached to, if any.' })
  branchId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED or was CANCELLED, as a code (e.g. ID_MISMATCH, ACCOUNT_CUSTOMER_MISMATCH).' })
  failureReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The backend reference of the executed action, once DONE.' })
  outcomeReference!: string | null;

  @Field(() => String, { nullable: true, description: 'The expert queue reference while in EXPERT_REVIEW.' })
  expertReference!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was started.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it last changed.' })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it became DONE or FAILED.' })
  completedAt!: Date | null;
}

@ObjectType({ description: 'A change to a service request (from the event log).' })
export class ServiceRequestEvent {
  @Field(() => ID, { description: 'The request.' })
  requestId!: string;

  @Field(() => Int, { description: 'Position in the request’s stream; resume after it.' })
  seq!: number;

  @Field(() => String, { description: 'What happened, e.g. STARTED, IDENTITY_VERIFIED, CONFIRMED, DONE.' })
  type!: string;

  @Field(() => ServiceRequestStatus, { description: 'The status after the change.' })
  status!: ServiceRequestStatus;

  @Field(() => String, { nullable: true, description: 'A reason code, when there is one.' })
  reason!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  occurredAt!: Date;
}

@ObjectType({ description: 'Percentiles of one step (or of the whole request) in seconds.' })
export class StepTiming {
  @Field(() => String, { description: 'A step name, or OVERALL (start to DONE).' })
  step!: string;

  @Field(() => Int, { description: 'How many finished steps were measured.' })
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Median seconds; null when none.' })
  p50Seconds!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile seconds; null when none.' })
  p90Seconds!: number | null;
}

@ObjectType({ description: "A template's step timings against its target." })
export class ServiceStepTimings {
  @Field(() => String, { description: 'The template code.' })
  templateCode!: string;

  @Field(() => Int, { description: 'The target handling time in seconds.' })
  targetSeconds!: number;

  @Field(() => [StepTiming], { description: 'Per step, in flow order (steps without data are left out).' })
  steps!: StepTiming[];

  @Field(() => StepTiming, { description: 'Start to DONE.' })
  overall!: StepTiming;

  @Field(() => Boolean, { nullable: true, description: 'Whether the overall p90 is within the target; null without data.' })
  p90WithinTarget!: boolean | null;
}

@ObjectType({ description: 'Requests a teller finished on one UTC day.' })
export class TellerThroughput {
  @Field(() => String, { description: 'The teller’s staff id.' })
  tellerId!: string;

  @Field(() => String, { description: 'The branch.' })
  branchId!: string;

  @Field(() => String, { description: 'The UTC day, YYYY-MM-DD.' })
  day!: string;

  @Field(() => Int, { description: 'Requests DONE.' })
  done!: number;
}

@InputType({ description: 'A value for one form field; an empty string clears it.' })
export class ServiceFieldInput {
  @Field(() => String, { description: 'The field name (from ServiceTemplate.fields).' })
  name!: string;

  @Field(() => String, { description: 'The value as a string (see ServiceFieldType).' })
  value!: string;
}

@InputType({ description: "A branch terminal's credential, sent with every teller action on it." })
export class TerminalCredentialsInput {
  @Field(() => String, { description: 'The terminal id from registerBranchTerminal.' })
  terminalId!: string;

  @Field(() => String, { description: 'The terminal secret from registerBranchTerminal.' })
  secret!: string;
}

/** A page of service requests (Relay connection): `myServiceRequests`, newest first. */
export const ServiceRequestConnection = connectionType(ServiceRequest, 'ServiceRequest', 'service requests');
export type ServiceRequestConnection = ConnectionValue<ServiceRequest>;
