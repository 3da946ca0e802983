import { Arg, Authorized, Ctx, GraphQLISODateTime, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import type { HealthReport } from './health.service.js';
import { AnnualInspectionRun, type CompanyInspection, GeneratedOperationsReport, type InspectionOutcome, OperationsDailyReport, type ReconciliationStatus, type ReportStoreOutcome } from './report.type.js';
import type { InspectionRow } from './inspection.service.js';
import type { OperationsReport } from './health.service.js';
import {
  type HealthDimension,
  HealthGranularity,
  type HealthIndicator,
  type HealthStatus,
  type HealthUnit,
  ProcessHealthReport,
  type TargetDirection,
} from './health.type.js';

/** The service's report as the schema shows it. */
export function toProcessHealthReport(report: HealthReport): ProcessHealthReport {
  return {
    from: report.from,
    to: report.to,
    asOf: report.asOf,
    granularity: report.granularity as HealthGranularity,
    indicators: report.indicators.map(
      (r): HealthIndicator => ({
        id: r.spec.id,
        name: r.spec.name,
        dimension: r.spec.dimension as HealthDimension,
        unit: r.spec.unit as HealthUnit,
        value: r.measured.value,
        sample: r.measured.sample,
        noDataReason: r.measured.value === null ? r.measured.reason : null,
        target: r.spec.target.value,
        targetDirection: r.spec.target.direction as TargetDirection,
        status: r.status as HealthStatus,
        source: r.spec.source,
        breakdown: r.measured.value !== null ? (r.measured.breakdown ?? []) : [],
        series: r.series.map((p) => ({ from: p.from, to: p.to, value: p.measured.value, sample: p.measured.sample, status: p.status as HealthStatus })),
      }),
    ),
  };
}

@Resolver(() => ProcessHealthReport)
export class HealthResolver {
  @Authorized('OPS_ANALYST', 'ADMIN') // Aggregates only, but of every customer's activity: operations staff.
  @Query(() => ProcessHealthReport, {
    description: 'The process-health assessment over [from, to): every indicator with value, target, status and a series per bucket. At most 100 days.',
  })
  async processHealth(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLISODateTime, { description: 'Start of the window (inclusive), ISO-8601 UTC.' }) from: Date,
    @Arg('to', () => GraphQLISODateTime, { description: 'End of the window (exclusive), ISO-8601 UTC; after from, at most 100 days later.' }) to: Date,
    @Arg('granularity', () => HealthGranularity, { defaultValue: HealthGranularity.DAY, description: 'Bucket length of each series.' })
    granularity: HealthGranularity,
  ): Promise<ProcessHealthReport> {
    return toProcessHealthReport(await ctx.services.health.processHealth(ctx.viewer, { from, to, granularity }));
  }

  @Authorized('OPS_ANALYST', 'ADMIN')
  @Query(() => OperationsDailyReport, {
    description: 'The operations report of one day in the bank’s time zone: volumes, outcomes, alerts, SLA breaches and the items waiting for a person.',
  })
  async operationsDailyReport(
    @Ctx() ctx: RequestContext,
    @Arg('date', () => String, { description: 'The local calendar day, YYYY-MM-DD; not in the future.' }) date: string,
  ): Promise<OperationsDailyReport> {
    return toOperationsDailyReport(await ctx.services.health.operationsDailyReport(ctx.viewer, date, ctx.scope));
  }

  @Authorized('OPS_ANALYST', 'ADMIN')
  @Mutation(() => GeneratedOperationsReport, {
    description:
      'Computes a finished day’s operations report again and stores it: the same content leaves the stored report as it was (UNCHANGED), changed content replaces it (UPDATED, new generatedAt). Today or a future day is BAD_USER_INPUT.',
  })
  async generateOperationsReport(
    @Ctx() ctx: RequestContext,
    @Arg('date', () => String, { description: 'The local calendar day, YYYY-MM-DD; a day already over.' }) date: string,
  ): Promise<GeneratedOperationsReport> {
    const { outcome, report } = await ctx.services.health.generateOperationsReport(ctx.viewer, date, ctx.scope);
    return { outcome: outcome as ReportStoreOutcome, report: toOperationsDailyReport(report) };
  }

  @Authorized('ADMIN')
  @Mutation(() => AnnualInspectionRun, {
    description:
      'Runs the corporate annual inspection now for every corporate customer: the CRM’s registration data against the business registry. Results also appear in today’s operations report. A backend that cannot be asked gives UNAVAILABLE (never MATCHED).',
  })
  async runAnnualInspection(@Ctx() ctx: RequestContext): Promise<AnnualInspectionRun> {
    const run = await ctx.services.inspection.runAnnualInspection(ctx.viewer, ctx.scope);
    return { ...run, companies: run.companies.map(toCompanyInspection) };
  }
}

function toCompanyInspection(row: InspectionRow): CompanyInspection {
  return { ...row, outcome: row.outcome as InspectionOutcome };
}

function toOperationsDailyReport(report: OperationsReport): OperationsDailyReport {
  return {
    ...report,
    reconciliation: { ...report.reconciliation, status: report.reconciliation.status as ReconciliationStatus },
    inspections: report.inspections.map(toCompanyInspection),
  };
}
