/**
 * Process-health benchmark (`npm run bench:health`): `processHealth` over the last 30 days when the
 * database holds 10k and then 1M stored events (rows of the tables the indicators read: audit
 * logins with a valid hash chain, transfers, loan applications and their decision events, risk
 * alerts, account openings, ratings), spread over a year of history. Reported per size as p50 of
 * 5 runs and as a ratio to a baseline in the same run: one plain indexed SELECT of the window's
 * transfers (the least any report over the window must read).
 *
 * In-process: PGlite in memory, or `BENCH_DATABASE_URL=postgres://…` (an empty, throwaway database).
 * Sizes: `BENCH_HEALTH_SIZES=10000,1000000` (default).
 */
import 'reflect-metadata';
import { sql } from 'drizzle-orm';
import { GENESIS_PREV_HASH, hashEntry } from '../src/modules/audit/audit.rules.js';
import { createHealthRepository } from '../src/modules/health/health.repository.js';
import { createHealthService } from '../src/modules/health/health.service.js';
import { createReportStore } from '../src/modules/health/report.store.js';
import { createLogger } from '../src/platform/logger.js';
import { createLeases } from '../src/platform/work/leases.js';
import { parseDatabaseUrl } from '../src/platform/config.js';
import { defaultMigrationsFolder, openDatabase, type Database } from '../src/platform/db/database.js';

const SIZES = (process.env.BENCH_HEALTH_SIZES ?? '10000,1000000').split(',').map(Number);
const RUNS = 5;
const DAY = 86_400_000;
const END = Date.parse('2026-06-30T00:00:00Z');
const HISTORY_DAYS = 365;
const START = END - HISTORY_DAYS * DAY;

const deadline = setTimeout(() => {
  console.error('health bench: watchdog fired after 20 min');
  process.exit(1);
}, 20 * 60_000);

const config = parseDatabaseUrl(process.env.BENCH_DATABASE_URL ?? 'memory://', process.cwd());
if (typeof config === 'string') throw new Error(config);
const handle = await openDatabase(config);
await handle.migrate(defaultMigrationsFolder());
const db = handle.db;

/** The share of stored events each table gets, per 20 events. */
const MIX = { audit: 6, transfers: 4, loans: 2, loanEvents: 4, alerts: 2, openings: 1, ratings: 1 } as const;


/** Adds rows so the database holds `total` events, spread evenly over the year (ids continue from earlier sizes). */
async function seedTo(total: number, already: number): Promise<void> {
  const add = total - already;
  const n = (part: number) => Math.round((add * part) / 20);
  // Audit logins with a valid chain, hashed here and inserted in batches from JSON. The chain is
  // rebuilt for the whole size (seq order is time order), the other tables grow by `add`.
  await db.execute(sql`delete from audit_entries`);
  let last = { seq: 0, hash: GENESIS_PREV_HASH };
  const audits = Math.round((total * MIX.audit) / 20);
  const step = (HISTORY_DAYS * DAY) / audits;
  for (let offset = 0; offset < audits; offset += 10_000) {
    const batch = [];
    for (let i = offset; i < Math.min(audits, offset + 10_000); i++) {
      const ok = i % 10 !== 0;
      const entry = {
        seq: last.seq + 1,
        at: new Date(Math.floor(START + i * step)),
        actor: ok ? `customer:C${String(i % 5000).padStart(6, '0')}` : 'anonymous',
        action: ok ? 'LOGIN_SUCCEEDED' : 'LOGIN_FAILED',
        subject: null,
        detail: ok ? { channel: 'APP' } : { address: '127.0.0.1' },
        prevHash: last.hash,
      };
      last = { seq: entry.seq, hash: hashEntry(entry) };
      batch.push({ ...entry, at: entry.at.toISOString(), hash: last.hash });
    }
    await db.execute(sql`insert into audit_entries (seq, at, actor, action, subject, detail, prev_hash, hash)
      select seq, at, actor, action, subject, detail, "prevHash", hash
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(seq bigint, at timestamptz, actor text, action text, subject text, detail jsonb, "prevHash" text, hash text)`);
  }
  // The rest straight from generate_series: times spread over the year.
  const spread = (count: number) => sql`to_timestamp(${START / 1000} + (g::float8 / ${Math.max(count, 1)}) * ${HISTORY_DAYS * 86400})`;
  const tr = n(MIX.transfers);
  await db.execute(sql`insert into transfers (id, customer_id, from_account_id, payee_account_number, payee_name, amount, currency, channel, status, decision, score, signals, seq, idempotency_key, request_hash, created_at, updated_at)
    select gen_random_uuid(), 'C' || lpad((g % 5000)::text, 6, '0'), 'A', '6222', 'P', 10, 'CNY',
      (array['APP','WEB','MINI_PROGRAM','BRANCH'])[1 + g % 4],
      case when g % 50 = 0 then 'HELD' when g % 200 = 1 then 'FAILED' else 'POSTED' end,
      case when g % 50 = 0 then 'HOLD' else 'ALLOW' end, 0, '[]'::jsonb, 2, 'b${sql.raw(String(already))}-' || g, 'h', ${spread(tr)}, ${spread(tr)}
    from generate_series(1, ${tr}) g`);
  const loans = n(MIX.loans);
  await db.execute(sql`insert into loan_applications (id, customer_id, product_code, amount, currency, term_months, purpose, channel, status, seq, idempotency_key, request_hash, created_at, updated_at)
    select gen_random_uuid(), 'C' || lpad((g % 5000)::text, 6, '0'), 'PERSONAL_CONSUMER', 1000, 'CNY', 12, 'p',
      (array['APP','WEB','BRANCH'])[1 + g % 3], case when g % 3 = 0 then 'REJECTED' else 'DISBURSED' end, 3,
      'b${sql.raw(String(already))}-' || g, 'h', ${spread(loans)}, ${spread(loans)}
    from generate_series(1, ${loans}) g`);
  // Two events per new loan: every fourth goes to a reviewer (manual review, then the reviewer's decision).
  await db.execute(sql`insert into events (stream, seq, type, actor, payload, topics, occurred_at)
    select 'loan:' || l.id, s.seq,
      case when s.seq = 1 then 'SUBMITTED' when hashtext(l.id::text) % 4 = 0 then 'APPROVED_BY_REVIEWER' else 'AUTOMATIC_APPROVED' end,
      case when s.seq = 2 and hashtext(l.id::text) % 4 = 0 then 'staff:S000' || (1 + abs(hashtext(l.id::text)) % 3) else 'system' end,
      '{}'::jsonb, '{}'::text[], l.created_at + (s.seq - 1) * interval '20 minutes'
    from loan_applications l cross join (values (1), (2)) as s(seq)
    where l.idempotency_key like 'b${sql.raw(String(already))}-%'`);
  const alerts = n(MIX.alerts);
  await db.execute(sql`insert into risk_alerts (id, kind, severity, subject, summary, status, raised_at, acknowledged_at, resolved_at)
    select gen_random_uuid(), 'TRANSFER_HELD', 'HIGH', 'transfer:x', 's', 'RESOLVED', ${spread(alerts)},
      ${spread(alerts)} + (g % 30) * interval '1 hour', ${spread(alerts)} + (g % 30 + 5) * interval '1 hour'
    from generate_series(1, ${alerts}) g`);
  const openings = n(MIX.openings);
  await db.execute(sql`insert into account_openings (id, customer_id, kind, currency, status, prefill, idempotency_key, created_at, updated_at, seq)
    select gen_random_uuid(), 'C' || lpad((g % 5000)::text, 6, '0'), 'SAVINGS', 'CNY', 'OPENED', '{}'::jsonb, 'b${sql.raw(String(already))}-' || g,
      ${spread(openings)}, ${spread(openings)} + (5 + g % 20) * interval '1 minute', 2
    from generate_series(1, ${openings}) g`);
  const ratings = n(MIX.ratings);
  await db.execute(sql`insert into experience_ratings (id, customer_id, flow, subject_id, channel, csat, nps, rated_at)
    select gen_random_uuid(), 'C' || lpad((g % 5000)::text, 6, '0'), 'TRANSFER', gen_random_uuid(), 'APP', 1 + g % 5, g % 11, ${spread(ratings)}
    from generate_series(1, ${ratings}) g`);
  await db.execute(sql`analyze`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const log = createLogger({ logLevel: 'silent' });
const service = createHealthService({
  repo: createHealthRepository(db as Database),
  targets: {},
  timeZone: 'Asia/Shanghai',
  now: () => new Date(END),
  // The daily report's parts; this benchmark measures processHealth only.
  store: createReportStore(db as Database),
  coreBanking: { listPostings: () => Promise.resolve([]) },
  leases: createLeases({ db: db as Database, log, leaseMs: 15_000 }),
  inspections: { between: () => Promise.resolve([]) },
  log,
  schedule: { delayMs: 0, catchUpDays: 1 },
});
const viewer = { kind: 'staff' as const, staffId: 'S0005', roles: ['OPS_ANALYST' as const], sessionId: 'bench', tokenExpiresAt: new Date(END + DAY) };
const window = { from: new Date(END - 30 * DAY), to: new Date(END), granularity: 'DAY' as const };

const results: { size: number; windowRows: number; healthMs: number; baselineMs: number }[] = [];
let already = 0;
try {
  for (const size of SIZES) {
    const seedStarted = performance.now();
    await seedTo(size, already);
    already = size;
    console.error(`seeded ${size} events in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const report = await service.processHealth(viewer, window);
    const windowRows = report.indicators.find((i) => i.spec.id === 'login_success_rate')!.measured.sample;
    const healthMs = await time(() => service.processHealth(viewer, window));
    const baselineMs = await time(() => db.execute(sql`select * from transfers where created_at >= ${window.from.toISOString()}::timestamptz and created_at < ${window.to.toISOString()}::timestamptz`));
    results.push({ size, windowRows, healthMs, baselineMs });
  }
  console.log(`processHealth, 30 days of ${HISTORY_DAYS} days of history, DAY series, ${config.kind}, p50 of ${RUNS}:`);
  console.log('| stored events | logins in window | processHealth | baseline (SELECT window transfers) | ratio |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.size.toLocaleString('en')} | ${r.windowRows.toLocaleString('en')} | ${r.healthMs.toFixed(1)} ms | ${r.baselineMs.toFixed(1)} ms | ${(r.healthMs / r.baselineMs).toFixed(1)}× |`);
  }
  // What an analyst sees for the last size's window (synthetic data: the figures show the shape, not the bank).
  const last = await service.processHealth(viewer, window);
  console.log('\n| indicator | value | target | status |');
  console.log('| --- | ---: | ---: | --- |');
  for (const r of last.indicators) {
    const value = r.measured.value === null ? `— (${r.measured.reason})` : `${r.measured.value} ${r.spec.unit.toLowerCase()}`;
    console.log(`| \`${r.spec.id}\` | ${value} | ${r.spec.target.direction === 'AT_LEAST' ? '≥' : '≤'} ${r.spec.target.value} | ${r.status} |`);
  }
  if (results.length > 1) {
    const [a, b] = [results[0]!, results.at(-1)!];
    console.log(`growth: ${(b.size / a.size).toFixed(0)}× the events → ${(b.healthMs / a.healthMs).toFixed(1)}× the processHealth time (${(b.baselineMs / a.baselineMs).toFixed(1)}× the baseline)`);
  }
} finally {
  clearTimeout(deadline);
  await handle.close();
}
