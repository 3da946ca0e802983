/**
 * The WebSocket subscription benchmark (`npm run bench:ws`): one event broadcast to N subscribers
 * of the review-queue feed, N = 1k / 5k / 10k, on three servers in the same run, with the same
 * client harness and the same publisher:
 *
 * - `gateway` — the production build (`dist/src/main.js`, `npm run start:prod`'s flags), multiplexed
 *   (`WS_MULTIPLEX=true`, the default);
 * - `gateway-unmultiplexed` — the same build with `WS_MULTIPLEX=false` (graphql-ws executing and
 *   serialising once per subscriber): the A/B of the multiplexing itself;
 * - `bare` — bare graphql-ws + ws + graphql-js (bench/ws-bare-server.ts), no gateway code at all.
 *
 * Every server listens to the same PostgreSQL NOTIFY channel; the benchmark appends one event per
 * broadcast to the event log (as another gateway instance would) with its send time in `reason`,
 * and each of the N raw graphql-transport-ws clients records when its `next` arrived.
 *
 * Measured per server and N: broadcast latency p50/p95 over all deliveries (commit → client;
 * it includes the harness's own time to read N frames on the same machine), server CPU per
 * delivery (user+system of the server process from /proc, ÷ deliveries), heap and RSS per
 * connection (growth from the empty server ÷ N; heap as the server reports it, no forced GC).
 *
 * Needs PostgreSQL (`BENCH_PG_URL`, default postgres://postgres@127.0.0.1:5432/postgres): a
 * throwaway database is created and dropped. `BENCH_WS_SIZES` (default 1000,5000,10000),
 * `BENCH_WS_EVENTS` (broadcasts per size, default 10), `BENCH_WS_SERVERS` (default all three).
 * Writes the `ws` section of bench/results.json.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import WebSocket from 'ws';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.js';
import { appendEvent } from '../src/platform/events/event-log.js';
import { ChildSupervisor, findFreePorts, type RunningChild } from './support/children.js';
import { loginStaff } from './support/client.js';
import { buildReference, productionCommand, ROOT, startGatewayChild } from './support/stack.js';
import { RESULTS_FILE, writeResult } from './support/results.js';

const SIZES = (process.env.BENCH_WS_SIZES ?? '1000,5000,10000').split(',').map(Number);
const EVENTS = Number(process.env.BENCH_WS_EVENTS ?? 10);
const SERVERS = (process.env.BENCH_WS_SERVERS ?? 'gateway,gateway-unmultiplexed,bare').split(',');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STAFF_PASSWORD = 'staff-Passw0rd';
const METRICS_TOKEN = `bench-${randomUUID()}`;
const QUERY = 'subscription Queue { loanReviewQueueChanged { applicationId seq type status reason } }';
const ONE = 'subscription One($id: ID!) { loanApplicationUpdated(id: $id) { applicationId seq type status reason } }';
/** Per-subject scenario: watchers (each its own application, of its own customer) and events per second. */
const SUBJECTS = Number(process.env.BENCH_WS_SUBJECTS ?? 10_000);
const SUBJECT_RATE = Number(process.env.BENCH_WS_SUBJECT_RATE ?? 500);
const SUBJECT_SECONDS = Number(process.env.BENCH_WS_SUBJECT_SECONDS ?? 10);
const CONNECT_CONCURRENCY = 100;
/** How long one broadcast may take to reach every subscriber before the run gives up on it. */
const BROADCAST_TIMEOUT_MS = 60_000;

interface Row {
  server: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  cpuPerDeliveryUs: number;
  heapPerConnectionBytes: number;
  rssPerConnectionBytes: number;
  deliveries: number;
  connectSeconds: number;
}

const supervisor = new ChildSupervisor(ROOT);
process.on('exit', () => supervisor.killAllNow());
process.on('SIGINT', () => process.exit(130));

/** The smallest of a few samples: the heap right after a collection, near enough (no GC is forced). */
async function settledHeap(target: Target): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 5; i++) {
    least = Math.min(least, await target.heap());
    await sleep(300);
  }
  return least;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

interface Target {
  name: string;
  wsUrl: string;
  child: RunningChild;
  connectionParams: Record<string, unknown>;
  heap(): Promise<number>;
  /** The `id` variable a client sends for application `uuid`. */
  applicationId(uuid: string): string;
}

const baseEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MOCK_') && key !== 'DATABASE_URL'));

async function startGateway(name: string, databaseUrl: string, multiplex: boolean): Promise<Target> {
  // The in-process mocks (no backend URLs): the harness needs no backend, only the event log.
  const { child } = await startGatewayChild(supervisor, {
    name,
    databaseUrl,
    baseEnv,
    readyTimeoutMs: 120_000,
    env: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
      WS_MAX_UNAUTHENTICATED: '1000000',
      WS_MULTIPLEX: String(multiplex),
      METRICS_TOKEN,
      SWEEP_INTERVAL_MS: '0',
      WITHDRAWAL_FEED_POLL_MS: '0',
      FEEDBACK_ESCALATION_INTERVAL_MS: '0',
    },
  });
  const url = child.readyMatch[1] as string;
  const headers = await loginStaff(url, 'reviewer.wu', STAFF_PASSWORD);
  return {
    name,
    child,
    wsUrl: url.replace(/^http/, 'ws'),
    connectionParams: { authorization: headers.authorization, channel: 'STAFF' },
    applicationId: (uuid) => Buffer.from(`LoanApplication:${uuid}`, 'utf8').toString('base64url'),
    heap: async () => {
      const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      return Number(/^nodejs_heap_size_used_bytes\s+(\S+)/m.exec(text)?.[1] ?? NaN);
    },
  };
}

async function startBare(databaseUrl: string): Promise<Target> {
  const outfile = buildReference('ws-bare-server');
  const port = await findFreePorts(1);
  const child = await supervisor.start({
    name: 'bare',
    script: outfile,
    nodeArgs: productionCommand().nodeArgs,
    env: { ...baseEnv, PORT: String(port), DATABASE_URL: databaseUrl },
    ready: /Bare listening on (ws:\/\/127\.0\.0\.1:\d+\/graphql)/,
  });
  const wsUrl = child.readyMatch[1] as string;
  return {
    name: 'bare',
    child,
    wsUrl,
    connectionParams: {},
    applicationId: (uuid) => uuid,
    heap: async () => ((await (await fetch(wsUrl.replace(/^ws/, 'http').replace(/\/graphql$/, '/stats'))).json()) as { heapUsed: number }).heapUsed,
  };
}

/** The client side: N raw graphql-transport-ws sockets, each with one subscription. */
class Harness {
  readonly sockets: WebSocket[] = [];
  /** Send time (ms, performance clock) of each measured broadcast, by its tag. */
  private readonly sentAt = new Map<string, number>();
  private readonly arrivals = new Map<string, number>();
  latencies: number[] = [];
  warm = 0;

  constructor(private readonly target: Target) {}

  private onMessage(data: WebSocket.RawData): void {
    const text = String(data);
    // The reason field carries the tag; found without parsing the whole frame (cheap for the harness).
    const at = text.indexOf('"reason":"');
    if (at < 0) return;
    const tag = text.slice(at + 10, text.indexOf('"', at + 10));
    if (tag.startsWith('warm')) {
      this.warm += 1;
      return;
    }
    const sent = this.sentAt.get(tag);
    if (sent === undefined) return;
    this.latencies.push(performance.now() - sent);
    this.arrivals.set(tag, (this.arrivals.get(tag) ?? 0) + 1);
  }

  private connectOne(subscribe: { query: string; variables?: Record<string, unknown> }): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.target.wsUrl, 'graphql-transport-ws');
      let acked = false;
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: this.target.connectionParams })));
      socket.on('message', (data) => {
        if (!acked) {
          const message = JSON.parse(String(data)) as { type: string };
          if (message.type === 'connection_ack') {
            acked = true;
            socket.send(JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: subscribe }));
            this.sockets.push(socket);
            resolve();
          }
          return;
        }
        this.onMessage(data);
      });
      socket.on('error', (error) => reject(error));
      socket.on('close', (code, reason) => {
        if (!acked) reject(new Error(`closed before ack: ${code} ${String(reason)}`));
      });
    });
  }

  /** @param subscription what socket number i subscribes to (default: the review queue) */
  async grow(to: number, subscription: (i: number) => { query: string; variables?: Record<string, unknown> } = () => ({ query: QUERY })): Promise<void> {
    let next = this.sockets.length;
    const worker = async () => {
      while (next < to) {
        const i = next;
        next += 1;
        await this.connectOne(subscription(i));
      }
    };
    await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  }

  /** Until every socket received a warm-up event (its subscription is live on the server). */
  async warmUp(publish: (tag: string) => Promise<void>): Promise<void> {
    for (let round = 0; ; round++) {
      this.warm = 0;
      await publish(`warm-${round}`);
      const deadline = performance.now() + BROADCAST_TIMEOUT_MS;
      while (this.warm < this.sockets.length && performance.now() < deadline) await sleep(50);
      if (this.warm >= this.sockets.length) return;
      if (round > 20) throw new Error(`${this.target.name}: only ${this.warm} of ${this.sockets.length} sockets got the warm-up event`);
    }
  }

  /** One measured broadcast: publish, then wait until every socket has it. */
  async broadcast(publish: (tag: string) => Promise<void>, tag: string): Promise<void> {
    this.sentAt.set(tag, performance.now());
    await publish(tag);
    const deadline = performance.now() + BROADCAST_TIMEOUT_MS;
    while ((this.arrivals.get(tag) ?? 0) < this.sockets.length) {
      if (performance.now() > deadline) throw new Error(`${this.target.name}: broadcast ${tag} reached ${this.arrivals.get(tag) ?? 0} of ${this.sockets.length}`);
      await sleep(5);
    }
  }

  /** Tags sent so far and how many arrived, for the per-subject scenario. */
  sent(tag: string): void {
    this.sentAt.set(tag, performance.now());
  }

  arrived(): number {
    let total = 0;
    for (const count of this.arrivals.values()) total += count;
    return total;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.length = 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(target: Target, publish: (tag: string) => Promise<void>): Promise<Row[]> {
  const rows: Row[] = [];
  const harness = new Harness(target);
  await sleep(1000);
  const heap0 = await settledHeap(target);
  const rss0 = rssOf(target.child.pid);
  try {
    for (const n of SIZES) {
      const started = performance.now();
      await harness.grow(n);
      const connectSeconds = (performance.now() - started) / 1000;
      await harness.warmUp(publish);
      await sleep(1000);
      const heap = await settledHeap(target);
      const rss = rssOf(target.child.pid);
      harness.latencies = [];
      const cpu0 = target.child.cpuMs()!;
      for (let i = 0; i < EVENTS; i++) {
        await harness.broadcast(publish, `m-${n}-${i}`);
        await sleep(100);
      }
      const cpuMs = target.child.cpuMs()! - cpu0;
      const sorted = [...harness.latencies].sort((a, b) => a - b);
      const deliveries = sorted.length;
      const row: Row = {
        server: target.name,
        n,
        p50Ms: round(percentile(sorted, 50)),
        p95Ms: round(percentile(sorted, 95)),
        maxMs: round(sorted[sorted.length - 1] ?? NaN),
        cpuPerDeliveryUs: round((cpuMs * 1000) / deliveries),
        heapPerConnectionBytes: Math.round((heap - heap0) / n),
        rssPerConnectionBytes: Math.round((rss - rss0) / n),
        deliveries,
        connectSeconds: round(connectSeconds),
      };
      console.log(
        `  ${row.server.padEnd(22)} N=${String(n).padStart(5)}  p50 ${fmt(row.p50Ms)} ms  p95 ${fmt(row.p95Ms)} ms  CPU/delivery ${fmt(row.cpuPerDeliveryUs)} µs  heap/conn ${row.heapPerConnectionBytes} B  RSS/conn ${row.rssPerConnectionBytes} B  (connect ${fmt(row.connectSeconds)} s)`,
      );
      rows.push(row);
    }
  } finally {
    harness.close();
  }
  return rows;
}

interface SubjectRow {
  server: string;
  watchers: number;
  eventsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  cpuPerDeliveryUs: number;
  deliveries: number;
}

/**
 * Per-subject events: `SUBJECTS` sockets, each following its own application (of its own
 * customer), and `SUBJECT_RATE` events a second, each to one of them, for `SUBJECT_SECONDS`.
 */
async function measureSubjects(target: Target, db: DatabaseHandle['db'], applications: string[]): Promise<SubjectRow> {
  const harness = new Harness(target);
  const appendTo = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], uuid: string, tag: string) =>
    appendEvent(tx, { stream: `loan:${uuid}`, type: 'NOTE', actor: 'system', reason: tag, payload: { status: 'REJECTED' }, topics: [] }, new Date());
  try {
    await harness.grow(applications.length, (i) => ({ query: ONE, variables: { id: target.applicationId(applications[i]!) } }));
    // Every watcher gets one event first: then its subscription is live on the server.
    harness.warm = 0;
    for (let from = 0; from < applications.length; from += 500) {
      await db.transaction(async (tx) => {
        for (const uuid of applications.slice(from, from + 500)) await appendTo(tx, uuid, `warm-${uuid}`);
      });
    }
    const deadline = performance.now() + BROADCAST_TIMEOUT_MS;
    while (harness.warm < applications.length && performance.now() < deadline) await sleep(50);
    if (harness.warm < applications.length) throw new Error(`${target.name}: only ${harness.warm} of ${applications.length} watchers got their warm-up event`);
    await sleep(1000);
    harness.latencies = [];
    const cpu0 = target.child.cpuMs()!;
    const tickMs = 100;
    const perTick = Math.round((SUBJECT_RATE * tickMs) / 1000);
    const ticks = Math.round((SUBJECT_SECONDS * 1000) / tickMs);
    let sent = 0;
    const start = performance.now();
    for (let tick = 0; tick < ticks; tick++) {
      // Paced against the clock, so a slow commit does not lower the rate.
      const due = start + tick * tickMs;
      if (performance.now() < due) await sleep(due - performance.now());
      const batch = Array.from({ length: perTick }, () => applications[Math.floor(Math.random() * applications.length)]!);
      await db.transaction(async (tx) => {
        for (const uuid of batch) {
          const tag = `s-${sent++}`;
          harness.sent(tag);
          await appendTo(tx, uuid, tag);
        }
      });
    }
    const waitUntil = performance.now() + BROADCAST_TIMEOUT_MS;
    while (harness.arrived() < sent && performance.now() < waitUntil) await sleep(20);
    const cpuMs = target.child.cpuMs()! - cpu0;
    const sorted = [...harness.latencies].sort((a, b) => a - b);
    const row: SubjectRow = {
      server: target.name,
      watchers: applications.length,
      eventsPerSecond: Math.round((sent * 1000) / (performance.now() - start)),
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      maxMs: round(sorted[sorted.length - 1] ?? NaN),
      cpuPerDeliveryUs: round((cpuMs * 1000) / Math.max(1, sorted.length)),
      deliveries: sorted.length,
    };
    if (row.deliveries < sent) console.log(`  (${target.name}: ${sent - row.deliveries} of ${sent} per-subject events not delivered in time)`);
    console.log(
      `  ${row.server.padEnd(22)} ${row.watchers} watchers, ${SUBJECT_RATE} events/s: p50 ${fmt(row.p50Ms)} ms  p95 ${fmt(row.p95Ms)} ms  CPU/delivery ${fmt(row.cpuPerDeliveryUs)} µs`,
    );
    return row;
  } finally {
    harness.close();
  }
}

/** Applications to follow, one per customer (closed ones: no open-application rule is touched). */
async function seedApplications(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `insert into loan_applications (id, customer_id, product_code, amount, currency, term_months, purpose, channel, status, seq, idempotency_key, request_hash, created_at, updated_at)
       select gen_random_uuid(), 'BENCH' || g, 'PERSONAL_CONSUMER', 10000, 'CNY', 12, 'bench', 'APP', 'REJECTED', 0, 'bench-key-' || g, 'bench', now(), now()
       from generate_series(1, $1::int) g returning id`,
      [count],
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;
const ratio = (value: number, floor: number) => Math.round((value / floor) * 100) / 100;
const fmt = (value: number) => value.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const dbName = `bench_ws_${process.pid}`;
  await admin.query(`create database ${dbName}`);
  const databaseUrl = Object.assign(new URL(PG_URL), { pathname: `/${dbName}` }).toString();
  let handle: DatabaseHandle | undefined;
  const rows: Row[] = [];
  const subjectRows: SubjectRow[] = [];
  let applications: string[] | undefined;
  const load = loadavg();
  console.log(`WebSocket broadcast benchmark: N = ${SIZES.join(', ')}, ${EVENTS} broadcasts each; load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
  try {
    for (const name of SERVERS) {
      const target = name === 'bare' ? await startBare(databaseUrl) : await startGateway(name, databaseUrl, name === 'gateway');
      // The gateway migrated the database; the publisher appends like another gateway instance would.
      handle ??= await openDatabase({ kind: 'postgres', url: databaseUrl });
      const db = handle.db;
      const publish = async (tag: string) => {
        await db.transaction((tx) =>
          appendEvent(tx, { stream: `loan:${randomUUID()}`, type: 'ENTERED_REVIEW', actor: 'system', reason: tag, payload: { status: 'MANUAL_REVIEW' }, topics: ['review-queue'] }, new Date()),
        );
      };
      try {
        rows.push(...(await measure(target, publish)));
        if (SUBJECTS > 0 && name !== 'gateway-unmultiplexed') {
          applications ??= await seedApplications(databaseUrl, SUBJECTS);
          subjectRows.push(await measureSubjects(target, db, applications));
        }
      } finally {
        await supervisor.stopAll();
      }
    }
  } finally {
    await handle?.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }

  const ratios: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    const bare = rows.find((r) => r.server === 'bare' && r.n === row.n);
    if (!bare || row.server === 'bare') continue;
    ratios[`${row.server}/bare@${row.n}`] = {
      p95: ratio(row.p95Ms, bare.p95Ms),
      cpuPerDelivery: ratio(row.cpuPerDeliveryUs, bare.cpuPerDeliveryUs),
      heapPerConnection: ratio(row.heapPerConnectionBytes, bare.heapPerConnectionBytes),
    };
  }
  writeResult('ws', {
    command: 'npm run bench:ws',
    at: new Date().toISOString(),
    loadAverage: load.map((l) => Math.round(l * 100) / 100),
    loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    events: EVENTS,
    targets: { cpuPerDeliveryUsAt10k: 20, broadcastP95MsAt10k: 250, heapPerConnection: '≤ bare' },
    rows,
    ratios,
    perSubject: { watchers: SUBJECTS, eventsPerSecond: SUBJECT_RATE, seconds: SUBJECT_SECONDS, target: { p95Ms: 50 }, rows: subjectRows },
  });
  console.log(`Wrote the ws section of ${path.relative(ROOT, RESULTS_FILE)}; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
