/**
 * The production build in child processes, shared by the benchmarks that measure over the wire
 * (run.ts, loans.ts, transfers.ts): the mock backends (`node dist/mocks/main.js`), the gateway as
 * `npm run start:prod` runs it (node flags and entry point read from package.json), and the
 * run-to-completion wrapper that always stops them (success, failure, watchdog, Ctrl-C).
 * Everything listens on 127.0.0.1 on free random ports.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { ChildSupervisor, findFreePorts, type RunningChild } from './children.js';
import { BACKEND_NAMES, closeClient, type BackendName } from './client.js';

/** The repository root: children run with it as their working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The production build's node flags and entry point, read from `npm run start:prod`
 * (`node <flags…> dist/src/main.js`), so the benchmark measures what production runs.
 * @throws when start:prod has another shape, or the build is missing
 */
export function productionCommand(): { nodeArgs: string[]; script: string } {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  // `exec node …`: the shell replaces itself with node, so signals reach the server.
  const [command, ...args] = (scripts['start:prod'] ?? '').replace(/^exec\s+/, '').split(/\s+/);
  const script = args.pop();
  if (command !== 'node' || !script?.endsWith('.js')) throw new Error(`start:prod is not "node <flags> <script.js>": ${scripts['start:prod']}`);
  if (!existsSync(path.join(ROOT, script))) throw new Error(`${script} is missing: run npm run build first (the npm bench scripts do)`);
  return { nodeArgs: args, script };
}

/** This process's environment without `MOCK_*` (the mocks get only what the bench sets). */
export function benchEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MOCK_')));
}

export interface RunningMocks {
  child: RunningChild;
  /** Base URL of each backend, e.g. `http://127.0.0.1:31200`. */
  urls: Record<BackendName, string>;
}

/** Starts `node dist/mocks/main.js` on six free consecutive ports; resolves when it is listening. */
export async function startMockChild(supervisor: ChildSupervisor, env: NodeJS.ProcessEnv = benchEnv()): Promise<RunningMocks> {
  const base = await findFreePorts(BACKEND_NAMES.length);
  const urls = Object.fromEntries(BACKEND_NAMES.map((name, i) => [name, `http://127.0.0.1:${base + i}`])) as Record<BackendName, string>;
  const child = await supervisor.start({
    name: 'mocks',
    script: 'dist/mocks/main.js',
    env: { ...env, MOCK_PORT_BASE: String(base) },
    ready: /^\s*identity\s+http:\/\/127\.0\.0\.1:\d+/,
  });
  return { child, urls };
}

export interface GatewayChildOptions {
  /** The mock backends' URLs; without them the gateway runs its in-process mocks (bench:ws). */
  mocks?: Record<BackendName, string>;
  /** `memory://` (PGlite) or an empty, throwaway PostgreSQL. */
  databaseUrl: string;
  /** A free port, found by the caller when it needs to know it early; found here otherwise. */
  port?: number;
  /** Extra node flags after start:prod's own (e.g. `--cpu-prof`). */
  extraNodeArgs?: readonly string[];
  /** Set after the defaults below (rate limits, WebSocket caps, demo customers, …). */
  env?: NodeJS.ProcessEnv;
  /** @default benchEnv() */
  baseEnv?: NodeJS.ProcessEnv;
  /** @default 'gateway' */
  name?: string;
  /** Another build's entry point instead of start:prod's (bench/ab.ts: a build of another commit). */
  script?: string;
  /** @default 90000 */
  readyTimeoutMs?: number;
}

export interface RunningGateway {
  child: RunningChild;
  /** `http://127.0.0.1:<port>/graphql`. */
  url: string;
  /** `ws://127.0.0.1:<port>/graphql`. */
  wsUrl: string;
}

/**
 * Starts the gateway from the production build (start:prod's flags) against the given mocks.
 * NODE_ENV is development because production refuses PGlite, generated signing keys and the demo
 * logins the benchmarks sign in with; SEED_DEMO seeds those logins.
 */
export async function startGatewayChild(supervisor: ChildSupervisor, options: GatewayChildOptions): Promise<RunningGateway> {
  const production = productionCommand();
  const port = options.port ?? (await findFreePorts(1));
  const { mocks } = options;
  const child = await supervisor.start({
    name: options.name ?? 'gateway',
    script: options.script ?? production.script,
    nodeArgs: [...production.nodeArgs, ...(options.extraNodeArgs ?? [])],
    env: {
      ...(options.baseEnv ?? benchEnv()),
      DATABASE_URL: options.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      SEED_DEMO: 'true',
      SHUTDOWN_GRACE_MS: '1000',
      ...(mocks && {
        CORE_BANKING_URL: mocks.coreBanking,
        CRM_URL: mocks.crm,
        CREDIT_BUREAU_URL: mocks.creditBureau,
        RISK_URL: mocks.risk,
        IDENTITY_URL: mocks.identity,
        BUSINESS_REGISTRY_URL: mocks.businessRegistry,
      }),
      ...options.env,
    },
    ready: /GraphQL \(HTTP\):\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/,
    readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
  });
  const url = child.readyMatch[1] as string;
  return { child, url, wsUrl: url.replace(/^http/, 'ws') };
}

/**
 * Runs `main` with a supervisor that owns every child, and exits: 0 when `main` resolved, 1 when
 * it threw (or a child died, or the watchdog fired), 130 on SIGINT/SIGTERM. Every child is stopped
 * first. A failure caused by a child's death is reported as that death (its output quoted).
 */
export function runWithChildren(name: string, watchdogMs: number, main: (supervisor: ChildSupervisor) => Promise<void>): void {
  const supervisor = new ChildSupervisor(ROOT);
  let interrupted = false;
  process.once('exit', () => supervisor.killAllNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping the ${name} benchmark …`);
      void supervisor.stopAll(2_000).finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`The ${name} benchmark did not finish within ${watchdogMs / 1000} s; stopping.`);
    void supervisor.stopAll(2_000).finally(() => process.exit(1));
  }, watchdogMs);

  const started = performance.now();
  main(supervisor)
    .then(
      () => 0,
      async (error: unknown) => {
        if (interrupted) return 130;
        // A request that failed because a child died says less than the child's exit and output;
        // the exit event may land just after the failed request, so give it a moment.
        await sleep(500);
        const cause = supervisor.death ?? error;
        console.error(`\n${name} benchmark FAILED: ${cause instanceof Error ? cause.message : String(cause)}`);
        return 1;
      },
    )
    .then(async (code) => {
      clearTimeout(watchdog);
      await closeClient().catch(() => {});
      await supervisor.stopAll();
      console.log(`\n(${code === 0 ? 'finished' : 'aborted'} in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
      process.exit(code);
    });
}

/**
 * A reference server of the benchmark (bench/<name>.ts), compiled to plain JavaScript like the
 * gateway: running it through tsx instead would charge it tsx's per-function-creation naming
 * helper, which the build does not have.
 * @returns the compiled script's path, relative to the repository
 */
export function buildReference(name: 'baseline-server' | 'bare-apollo' | 'ws-bare-server'): string {
  const outfile = `dist/bench/${name}.js`;
  buildSync({ entryPoints: [path.join(ROOT, `bench/${name}.ts`)], outfile: path.join(ROOT, outfile), platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  return outfile;
}
