import { Field, Float, GraphQLISODateTime, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum HealthDimension {
  CUSTOMER_EXPERIENCE = 'CUSTOMER_EXPERIENCE',
  OPERATIONAL_EFFICIENCY = 'OPERATIONAL_EFFICIENCY',
  RISK_AND_COMPLIANCE = 'RISK_AND_COMPLIANCE',
}
registerEnumType(HealthDimension, {
  name: 'HealthDimension',
  description: 'The three dimensions of the process-health assessment.',
  valuesConfig: {
    CUSTOMER_EXPERIENCE: { description: 'What customers feel: satisfaction, speed, online share, logins.' },
    OPERATIONAL_EFFICIENCY: { description: 'How much work the bank spends: automation, throughput, errors.' },
    RISK_AND_COMPLIANCE: { description: 'Risk response times, held transfers, SLA breaches, audit integrity.' },
  },
});

export enum HealthUnit {
  PERCENT = 'PERCENT',
  MINUTES = 'MINUTES',
  HOURS = 'HOURS',
  SCORE = 'SCORE',
  COUNT = 'COUNT',
  PER_DAY = 'PER_DAY',
}
registerEnumType(HealthUnit, {
  name: 'HealthUnit',
  description: 'The unit of an indicator value and its target.',
  valuesConfig: {
    PERCENT: { description: '0-100.' },
    MINUTES: { description: 'Minutes.' },
    HOURS: { description: 'Hours.' },
    SCORE: { description: 'A score on the indicator’s own scale (NPS: -100 to 100).' },
    COUNT: { description: 'A number of occurrences in the window.' },
    PER_DAY: { description: 'Occurrences per day (per person where the name says so).' },
  },
});

export enum HealthStatus {
  ON_TARGET = 'ON_TARGET',
  AT_RISK = 'AT_RISK',
  OFF_TARGET = 'OFF_TARGET',
  NO_DATA = 'NO_DATA',
}
registerEnumType(HealthStatus, {
  name: 'HealthStatus',
  description: 'How a value compares with its target.',
  valuesConfig: {
    ON_TARGET: { description: 'Meets the target.' },
    AT_RISK: { description: 'Misses the target by at most 10% of it.' },
    OFF_TARGET: { description: 'Misses the target by more than 10% of it.' },
    NO_DATA: { description: 'No value: nothing to measure in the window, or no data source yet (see noDataReason).' },
  },
});

export enum TargetDirection {
  AT_LEAST = 'AT_LEAST',
  AT_MOST = 'AT_MOST',
}
registerEnumType(TargetDirection, {
  name: 'TargetDirection',
  description: 'Whether higher or lower values are better.',
  valuesConfig: {
    AT_LEAST: { description: 'The value should be at least the target.' },
    AT_MOST: { description: 'The value should be at most the target.' },
  },
});

export enum HealthGranularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(HealthGranularity, {
  name: 'HealthGranularity',
  description: 'The length of the buckets of each indicator’s time series.',
  valuesConfig: {
    DAY: { description: 'UTC calendar days.' },
    WEEK: { description: 'Seven-day buckets starting at the UTC midnight of `from`.' },
  },
});

@ObjectType({ description: 'One part of an indicator, e.g. the share of one channel.' })
export class HealthBreakdownEntry {
  @Field(() => String, { description: 'What the part is, e.g. a channel (`APP`) or a reviewer id.' })
  key!: string;

  @Field(() => Float, { description: 'The part’s value, in the indicator’s unit.' })
  value!: number;

  @Field(() => Int, { description: 'How many rows the part covers.' })
  sample!: number;
}

@ObjectType({ description: 'An indicator over one bucket of the window.' })
export class HealthPoint {
  @Field(() => GraphQLISODateTime, { description: 'Start of the bucket (inclusive).' })
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the bucket (exclusive).' })
  to!: Date;

  @Field(() => Float, { nullable: true, description: 'The value in the bucket; null when there was nothing to measure.' })
  value!: number | null;

  @Field(() => Int, { description: 'How many rows the value is computed from.' })
  sample!: number;

  @Field(() => HealthStatus, { description: 'The bucket’s value against the target.' })
  status!: HealthStatus;
}

@ObjectType({ description: 'One process-health indicator over the window, with its target and daily series.' })
export class HealthIndicator {
  @Field(() => String, { description: 'Stable id, e.g. `loan_decision_hours_p95`; targets are configured by it.' })
  id!: string;

  @Field(() => String, { description: 'What it measures, for people.' })
  name!: string;

  @Field(() => HealthDimension, { description: 'Which of the three dimensions it belongs to.' })
  dimension!: HealthDimension;

  @Field(() => HealthUnit, { description: 'Unit of value and target.' })
  unit!: HealthUnit;

  @Field(() => Float, { nullable: true, description: 'The value over the whole window; null with noDataReason when it cannot be computed.' })
  value!: number | null;

  @Field(() => Int, { description: 'How many rows the value is computed from (0 when none).' })
  sample!: number;

  @Field(() => String, { nullable: true, description: 'Why value is null (no rows in the window, or no data source yet); null when there is a value.' })
  noDataReason!: string | null;

  @Field(() => Float, { description: 'The target from the plan (or as configured).' })
  target!: number;

  @Field(() => TargetDirection, { description: 'Whether the value should be at least or at most the target.' })
  targetDirection!: TargetDirection;

  @Field(() => HealthStatus, { description: 'The value against the target.' })
  status!: HealthStatus;

  @Field(() => String, { description: 'Where the data comes from.' })
  source!: string;

  @Field(() => [HealthBreakdownEntry], { description: 'Parts of the value (e.g. per channel, per reviewer); empty when the indicator has none.' })
  breakdown!: HealthBreakdownEntry[];

  @Field(() => [HealthPoint], { description: 'The indicator per bucket of the window, oldest first.' })
  series!: HealthPoint[];
}

@ObjectType({ description: 'The process-health assessment of a window: every indicator, with targets and status.' })
export class ProcessHealthReport {
  @Field(() => GraphQLISODateTime, { description: 'Start of the window (inclusive).' })
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the window (exclusive).' })
  to!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it was computed; open items (e.g. unacknowledged alerts) are aged to this time.' })
  asOf!: Date;

  @Field(() => HealthGranularity, { description: 'Bucket length of the series.' })
  granularity!: HealthGranularity;

  @Field(() => [HealthIndicator], { description: 'Every indicator, grouped by dimension in report order.' })
  indicators!: HealthIndicator[];
}
