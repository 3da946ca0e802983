/**
 * `npm run bench:footprint`: start-to-ready and idle RSS of the production build on each database
 * setting, next to a bare `node` process measured in the same run.
 *
 * For each setting the gateway (`node dist/src/main.js`, built by the npm script) is started twice:
 * the first start may build caches (initdb of a new data folder, the `memory://` template), the
 * second is the warm start the targets speak of. Ready = spawn until `GET /readyz` answers 200;
 * the CPU time the process used until then is reported too (on a loaded machine it is the steadier
 * figure). Idle RSS = `VmRSS` from /proc/<pid>/status after `SETTLE_MS` without traffic.
 * Writes the `footprint` key of bench/results.json (other benchmarks keep theirs) and prints a table.
 *
 * Variables: `FOOTPRINT_SETTLE_MS` (default 10000), `FOOTPRINT_PG` (PostgreSQL server URL without
 * database, default postgres://postgres@127.0.0.1:5432; a fresh database is created and dropped;
 * `off` skips it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { fixed, table } from './support/table.js';

const SETTLE_MS = Number(process.env.FOOTPRINT_SETTLE_MS ?? 10_000);
const PG_SERVER = process.env.FOOTPRINT_PG ?? 'postgres://postgres@127.0.0.1:5432';
const READY_TIMEOUT_MS = 120_000;
const CLOCK_TICKS_PER_SECOND = 100;

interface Start {
  readyMs: number;
  cpuToReadyMs: number;
  idleRssMb: number;
  peakRssMb: number;
}

interface Row {
  setting: string;
  first: Start;
  warm: Start;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function procStatus(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

/** Starts `args` with `env`, waits for `isReady`, settles, measures, stops. */
async function measure(args: string[], env: NodeJS.ProcessEnv, isReady: (port: number) => Promise<boolean>, port: number): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: process.cwd(), env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  try {
    const pid = child.pid!;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${stderr}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready after ${READY_TIMEOUT_MS} ms:\n${stderr}`);
      if (await isReady(port)) break;
      await sleep(25);
    }
    const readyMs = performance.now() - started;
    const cpuToReadyMs = await cpuMs(pid);
    await sleep(SETTLE_MS);
    const { rssMb, peakMb } = await procStatus(pid);
    return { readyMs, cpuToReadyMs, idleRssMb: rssMb, peakRssMb: peakMb };
  } finally {
    await stop(child);
  }
}

async function readyz(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function gateway(databaseUrl: string): Promise<Start> {
  const port = await freePort();
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  return measure(['dist/src/main.js'], env, readyz, port);
}

async function rawNode(): Promise<Start> {
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
  return measure(['-e', script], { PATH: process.env.PATH }, async (p) => {
    try {
      return (await fetch(`http://127.0.0.1:${p}/`)).ok;
    } catch {
      return false;
    }
  }, port);
}

async function twice(setting: string, run: () => Promise<Start>): Promise<Row> {
  const first = await run();
  const warm = await run();
  process.stderr.write(`${setting}: warm ready ${fixed(warm.readyMs, 0)} ms, idle RSS ${fixed(warm.idleRssMb, 0)} MB\n`);
  return { setting, first, warm };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  rows.push(await twice('raw node (http server)', rawNode));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'footprint-pglite-'));
  try {
    rows.push(await twice('embedded default (pglite://<folder>)', () => gateway(`pglite://${dataDir}`)));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  rows.push(await twice('memory://', () => gateway('memory://')));
  if (PG_SERVER !== 'off') {
    const name = `footprint_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
      rows.push(await twice('PostgreSQL', () => gateway(`${PG_SERVER}/${name}`)));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    }
  }

  const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
  const report = table(
    ['setting', 'ready first (ms)', 'ready warm (ms)', 'CPU to ready warm (ms)', 'idle RSS warm (MB)', 'peak RSS warm (MB)', 'idle RSS first (MB)'],
    rows.map((row) => [
      row.setting,
      fixed(row.first.readyMs, 0),
      fixed(row.warm.readyMs, 0),
      fixed(row.warm.cpuToReadyMs, 0),
      fixed(row.warm.idleRssMb, 0),
      fixed(row.warm.peakRssMb, 0),
      fixed(row.first.idleRssMb, 0),
    ]),
  );
  process.stdout.write(`\nFootprint (production build, idle after ${SETTLE_MS} ms; load average ${load} on ${os.cpus().length} CPUs)\n\n${report}\n`);

  const resultsFile = path.resolve('bench/results.json');
  const results = JSON.parse(await readFile(resultsFile, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  results.footprint = { measuredAt: new Date().toISOString(), settleMs: SETTLE_MS, loadAverage: os.loadavg(), cpus: os.cpus().length, rows };
  await writeFile(resultsFile, JSON.stringify(results, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
