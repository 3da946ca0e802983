/**
 * The database handle: one type for both drivers, so modules never know which one runs.
 * PGlite (embedded, the default) and PostgreSQL through `pg` run the same queries and migrations.
 */
import { createHash } from 'node:crypto';
import { access, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { withSpan } from '../observability/tracing.js';
import * as schema from './schema.js';

export type Schema = typeof schema;

/** PGlite's version: a `memory://` template made by another version is not reused. */
const PGLITE_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('@electric-sql/pglite')), 'utf8')) as { version: string }
).version;
/** The drizzle handle every repository receives, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  /** `pglite`, `pglite-memory` or `postgres`: for logs and /readyz only. */
  kind: DatabaseConfig['kind'];
  /** Applies the migrations in `migrationsFolder`; safe to call on every start. */
  migrate(migrationsFolder: string): Promise<void>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  /**
   * Calls `onPayload` with the payload of every NOTIFY on `channel` committed by anyone on this
   * database. PGlite: its own LISTEN (one process only). PostgreSQL: one dedicated connection per
   * handle, outside the pool, that reconnects with backoff when it drops and then calls
   * `options.onReconnect`: notifications sent while it was down are lost, so listeners re-read
   * what they need from the tables.
   * @returns a function that stops this listener (the channel is UNLISTENed after its last one).
   * @throws when the first LISTEN fails (the database cannot be reached).
   */
  listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** Closes the pool or PGlite, and the listening connection. */
  close(): Promise<void>;
  /** PostgreSQL's pool now (for /metrics); absent with PGlite (one in-process connection). */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** Every `db.transaction(…)` becomes a span (`db.transaction`), whichever module opens it. */
function traceTransactions(db: Database): Database {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => withSpan('db.transaction', { 'db.system': 'postgresql' }, () => transaction(run, config))) as Database['transaction'];
  return db;
}

export interface ListenOptions {
  /** Called after the listening connection was lost and is back: notifications may have been missed. */
  onReconnect?: () => void;
  /** Called when the listening connection fails or a reconnect attempt fails; it keeps retrying. */
  onError?: (error: Error) => void;
}

/**
 * PGlite's start parameters for the gateway: PGlite's own defaults plus less shared memory.
 * PostgreSQL's shared memory lives in PGlite's WebAssembly memory, is touched in full at start
 * and is never given back, so every MB of it is a MB of idle RSS (bench/README.md, "Footprint"):
 * - `shared_buffers` 8 MB instead of PostgreSQL's 128 MB: the gateway's working set is a few MB
 *   of pages, and PGlite reads through the OS page cache anyway (16 → 8 MB: −8 MB idle, CPU per
 *   request unchanged within noise);
 * - `max_connections` 10 instead of 100: PGlite is one backend, and the lock and process tables
 *   are sized by it (−2 to −4 MB). The lock table (max_locks_per_transaction × the backend slots)
 *   still takes every migration from an empty cluster in one run (the template is built so).
 */
export const PGLITE_OPTIONS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB', '-c', 'max_connections=10'],
} as const satisfies PGliteOptions;

/**
 * Opens the database named by the configuration and checks that it answers.
 * @throws when the database cannot be reached or opened; the message says which.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') return openPostgres(config.url);
  let client: PGlite;
  if (config.kind === 'pglite') {
    await mkdir(config.dataDir, { recursive: true });
    // A new, empty folder starts as a copy of the cached migrated cluster: initdb in this process
    // would take seconds and leave its second WebAssembly instance's memory behind (~740 MB idle).
    // Without a usable temp folder PGlite runs initdb itself, as before.
    if ((await readdir(config.dataDir)).length === 0) {
      await memoryTemplate(os.tmpdir()).then((template) => cp(template, config.dataDir, { recursive: true })).catch(async () => {
        await rm(config.dataDir, { recursive: true, force: true });
        await mkdir(config.dataDir, { recursive: true });
      });
    }
    client = new PGlite(config.dataDir, PGLITE_OPTIONS);
  } else {
    return openMemoryPglite();
  }
  await client.waitReady;
  return pgliteHandle(client, config.kind);
}

/** Folders of `memory://` databases: `<prefix><pid>-<random>` under the OS temp folder. */
const MEMORY_DIR_PREFIX = 'channel-gateway-memory-';
/** The cached clusters `memory://` databases are copied from: `<prefix><key>`. */
const TEMPLATE_PREFIX = 'channel-gateway-pglite-template-';

/**
 * `memory://`: a PGlite whose files live in a private folder under the OS temp folder, deleted on
 * close (and, after a crash, by the next `memory://` start). PGlite's in-memory filesystem kept
 * every file as a JavaScript buffer and ran initdb in a second WebAssembly instance on every start:
 * ~350 MB idle and seconds of initdb. The folder starts as a copy of an initdb'd cluster cached
 * once per PGlite version in the temp folder, so initdb runs once per machine, not per start.
 */
async function openMemoryPglite(): Promise<DatabaseHandle> {
  const tmp = os.tmpdir();
  await sweepStaleMemoryDirs(tmp);
  const template = await memoryTemplate(tmp);
  const dir = await mkdtemp(path.join(tmp, `${MEMORY_DIR_PREFIX}${process.pid}-`));
  try {
    await cp(template, dir, { recursive: true });
    const client = new PGlite(dir, PGLITE_OPTIONS);
    await client.waitReady;
    const handle = pgliteHandle(client, 'pglite-memory');
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A migrated, empty cluster in the temp folder, made once per PGlite version, settings and set of
 * migrations (journal and SQL files) (the gateway's own migrate step then finds nothing to do: a cluster migrated at start
 * keeps its DDL's catalog pages in PGlite's memory for good).
 */
async function memoryTemplate(tmp: string): Promise<string> {
  const migrations = defaultMigrationsFolder();
  const journal = await readFile(path.join(migrations, 'meta', '_journal.json'), 'utf8').catch(() => '');
  const hash = createHash('sha256').update(JSON.stringify([PGLITE_VERSION, PGLITE_OPTIONS, journal]));
  // An edited migration file makes a new template too, not only a new entry in the journal.
  const files = (await readdir(migrations).catch(() => [] as string[])).filter((name) => name.endsWith('.sql')).sort();
  for (const name of files) hash.update(name).update(await readFile(path.join(migrations, name)));
  const key = hash.digest('hex').slice(0, 16);
  const template = path.join(tmp, `${TEMPLATE_PREFIX}${key}`);
  if (await exists(path.join(template, 'PG_VERSION'))) {
    // Marks it as in use for sweepOldTemplates.
    const now = new Date();
    await utimes(template, now, now).catch(() => {});
    return template;
  }
  // Made aside and renamed into place, so two starts at once never see half a cluster.
  const building = await mkdtemp(path.join(tmp, `${MEMORY_DIR_PREFIX}${process.pid}-template-`));
  try {
    const client = new PGlite(building, PGLITE_OPTIONS);
    try {
      await client.waitReady;
      if (journal) await pgliteHandle(client, 'pglite-memory').migrate(migrations);
    } finally {
      await client.close();
    }
    await rename(building, template).catch(async (error: NodeJS.ErrnoException) => {
      // Another start won the race: its template is as good as ours.
      if (!(await exists(path.join(template, 'PG_VERSION')))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  await sweepOldTemplates(tmp, template);
  return template;
}

/** Templates of other migrations or PGlite versions, unused for an hour (a start copying one takes seconds). */
async function sweepOldTemplates(tmp: string, keep: string): Promise<void> {
  const names = (await readdir(tmp).catch(() => [] as string[])).filter((name) => name.startsWith(TEMPLATE_PREFIX));
  for (const name of names) {
    const folder = path.join(tmp, name);
    if (folder === keep) continue;
    const info = await stat(folder).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 3_600_000) await rm(folder, { recursive: true, force: true }).catch(() => {});
  }
}

/** Removes the folders of `memory://` databases whose process is gone (killed before close). */
async function sweepStaleMemoryDirs(tmp: string): Promise<void> {
  const names = await readdir(tmp).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(MEMORY_DIR_PREFIX))
      .filter((name) => !processAlive(Number(name.slice(MEMORY_DIR_PREFIX.length).split('-')[0])))
      .map((name) => rm(path.join(tmp, name), { recursive: true, force: true }).catch(() => {})),
  );
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * A handle on a PGlite that is already open: what {@link openDatabase} returns for `pglite://` and
 * `memory://`, and what a caller that opened PGlite its own way (e.g. from a `dumpDataDir` copy of a
 * migrated database, many times faster than a new cluster) hands to the gateway.
 */
export function pgliteHandle(client: PGlite, kind: 'pglite' | 'pglite-memory'): DatabaseHandle {
  const db = traceTransactions(drizzlePglite({ client, schema }) as unknown as Database);
  return {
    db,
    kind,
    migrate: (migrationsFolder) =>
      migratePglite(db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    // PGlite is in-process: its connection never drops, so onReconnect is never called.
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL: ${(error as Error).message}`, { cause: error });
  }
  const db = traceTransactions(drizzlePg({ client: pool, schema }) as unknown as Database);
  const listener = createPgListener(url);
  return {
    db,
    kind: 'postgres',
    migrate: (migrationsFolder) =>
      migratePg(db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    listen: (channel, onPayload, options) => listener.listen(channel, onPayload, options),
    close: async () => {
      await Promise.all([listener.close(), pool.end()]);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** How long the listening connection waits before its first reconnect attempt, then doubling. */
const RECONNECT_BASE_MS = 100;
const RECONNECT_MAX_MS = 5_000;

interface PgListenerEntry {
  onPayload: (payload: string) => void;
  options: ListenOptions | undefined;
}

/**
 * LISTEN for PostgreSQL on one dedicated `pg.Client`: a pooled connection would be handed to other
 * queries and lose its LISTENs. Opened on the first `listen`, re-LISTENs every channel after a reconnect.
 */
function createPgListener(url: string) {
  const channels = new Map<string, Set<PgListenerEntry>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let closed = false;

  const entries = () => [...channels.values()].flatMap((set) => [...set]);
  const reportError = (error: Error) => {
    for (const entry of entries()) entry.options?.onError?.(error);
  };

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({
      connectionString: url,
      application_name: 'gateway-events-listener',
      // A half-open connection (server or network gone) is noticed by TCP keepalive, not by a query.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
    });
    next.on('notification', (message) => {
      for (const entry of channels.get(message.channel) ?? []) entry.onPayload(message.payload ?? '');
    });
    next.on('error', (error) => {
      reportError(error);
      lost(next);
    });
    next.on('end', () => lost(next));
    try {
      await next.connect();
      for (const channel of channels.keys()) await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      throw new Error('the database handle is closed');
    }
    client = next;
    return next;
  }

  function ensureConnected(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  function lost(which: pg.Client): void {
    if (client !== which) return;
    client = undefined;
    which.end().catch(() => {});
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || channels.size === 0) return;
    const delay = Math.min(RECONNECT_BASE_MS * 2 ** attempt, RECONNECT_MAX_MS);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      ensureConnected().then(
        () => {
          attempt = 0;
          for (const entry of entries()) entry.options?.onReconnect?.();
        },
        (error: Error) => {
          if (closed) return;
          reportError(error);
          scheduleReconnect();
        },
      );
    }, delay);
    // A pending reconnect must not keep the process alive on its own.
    reconnectTimer.unref();
  }

  return {
    async listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>> {
      if (closed) throw new Error('the database handle is closed');
      const entry: PgListenerEntry = { onPayload, options };
      let set = channels.get(channel);
      const first = !set;
      if (!set) channels.set(channel, (set = new Set()));
      set.add(entry);
      try {
        const connection = await ensureConnected();
        // connect() already LISTENed to every channel known when it started; LISTEN twice is harmless.
        if (first) await connection.query(`LISTEN ${connection.escapeIdentifier(channel)}`);
      } catch (error) {
        set.delete(entry);
        if (set.size === 0) channels.delete(channel);
        throw new Error(`cannot LISTEN on ${channel}: ${(error as Error).message}`, { cause: error });
      }
      return async () => {
        if (!set.delete(entry) || set.size > 0) return;
        channels.delete(channel);
        // Best effort: after a drop the new connection simply does not LISTEN to it any more.
        await client?.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => {});
      };
    },
    async close(): Promise<void> {
      closed = true;
      clearTimeout(reconnectTimer);
      channels.clear();
      await connecting?.catch(() => {});
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

/** The migrations folder, resolved from the working directory (not import.meta.url: the production build runs from dist/). */
export function defaultMigrationsFolder(cwd = process.cwd()): string {
  return path.resolve(cwd, 'migrations');
}
