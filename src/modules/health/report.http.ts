/** `GET /reports/operations/<YYYY-MM-DD>.csv`: the daily operations report as CSV, for operations analysts and administrators. */
import type { HttpRoute } from '../../platform/http/graphql-http.js';
import type { HealthService } from './health.service.js';

const PATH = /^\/reports\/operations\/([^/]{1,40})\.csv$/;

export function operationsReportCsvRoute(health: HealthService): HttpRoute {
  return {
    match(pathname) {
      const m = PATH.exec(pathname);
      return m ? { date: m[1]! } : undefined;
    },
    async handle({ viewer, params, scope }) {
      const date = params.date!;
      const body = await health.operationsDailyReportCsv(viewer, date, scope);
      return { contentType: 'text/csv; charset=utf-8', body, filename: `operations-${date}.csv` };
    },
  };
}
