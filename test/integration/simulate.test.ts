/**
 * The simulated branch week in miniature: `npm run simulate -- --customers 5 --days 2` as a
 * separate process (it installs its simulated clock in its own process and starts its own gateway).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('drives a gateway over the wire for 2 simulated days and prints ≥ 20 indicators with values, targets and status', { timeout: 240_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'simulate-test-'));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/simulate.ts', '--customers', '8', '--days', '2', '--seed', '7', '--quiet', '--out', out], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    maxBuffer: 10 * 1024 * 1024,
  });

  const health = JSON.parse(readFileSync(join(out, 'process-health.json'), 'utf8')) as {
    indicators: { id: string; value: number | null; target: number; status: string; sample: number }[];
  };
  const measured = health.indicators.filter((i) => i.value !== null);
  expect(measured.length).toBeGreaterThanOrEqual(20);
  for (const i of measured) {
    expect(i.status).toMatch(/^(ON_TARGET|AT_RISK|OFF_TARGET)$/);
    expect(i.sample).toBeGreaterThan(0);
  }
  // The branch and backend indicators come from what the simulation did.
  for (const id of ['counter_handling_minutes_p50', 'backend_availability', 'login_success_rate', 'audit_chain_integrity']) {
    expect(measured.map((i) => i.id)).toContain(id);
  }
  // Every document the simulation sends still matches the schema.
  expect(stdout).not.toMatch(/GRAPHQL_VALIDATION_FAILED/);
  // The printed table: a row per indicator with its value, target and status.
  for (const i of health.indicators) expect(stdout).toMatch(new RegExp(`^${i.id}\\s+.*\\s${i.status}\\s`, 'm'));

  // One operations report per simulated day, each for its own local date.
  const reports = readdirSync(out).filter((f) => f.startsWith('operations-report-')).sort();
  expect(reports).toHaveLength(2);
  const dates = reports.map((f) => (JSON.parse(readFileSync(join(out, f), 'utf8')) as { date: string }).date);
  expect(dates).toEqual(reports.map((f) => f.slice('operations-report-'.length, -'.json'.length)));
  expect(new Date(`${dates[1]}T00:00:00Z`).getTime() - new Date(`${dates[0]}T00:00:00Z`).getTime()).toBe(86_400_000);
});
