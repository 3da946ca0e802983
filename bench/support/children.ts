/**
 * Child processes of the benchmark: started with `node <script>` (through tsx for TypeScript), watched while they
 * run, and always stopped again — on success, on error and on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What to start and how to tell it is ready. */
export interface ChildSpec {
  /** Shown in messages, e.g. `gateway`. */
  name: string;
  /**
   * Script path relative to the working directory: TypeScript (`src/main.ts`, run through tsx) or
   * built JavaScript (`dist/src/main.js`, run by plain node).
   */
  script: string;
  /** The child's whole environment (nothing else is inherited). */
  env: NodeJS.ProcessEnv;
  /** Matched against each line of stdout; the first match means "ready". */
  ready: RegExp;
  /** How long to wait for `ready` before giving up. @default 60000 */
  readyTimeoutMs?: number;
  /** Extra node flags before the script, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

/** A started child. */
export interface RunningChild {
  readonly name: string;
  readonly pid: number;
  /** The stdout line that matched `ready`, with its groups. */
  readonly readyMatch: RegExpExecArray;
  /** CPU time (user + system) the process has used so far, in ms; `undefined` without /proc. */
  cpuMs(): number | undefined;
  /** The same, user time only (the process's own code; system time is mostly the kernel's TCP work). */
  userCpuMs(): number | undefined;
  /** The last few KB of its stdout and stderr, for error messages. */
  output(): string;
}

const OUTPUT_KEEP = 8_000;
/** USER_HZ: 100 on every mainstream Linux build; /proc/<pid>/stat counts in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Starts children and owns them: every child it started is signalled by its own pid when
 * `stopAll` runs (or killed synchronously when the benchmark process exits).
 */
export class ChildSupervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private rejectFailure: (error: Error) => void = () => {};
  private firstDeath: Error | undefined;
  /** Rejects as soon as a child that was ready exits on its own: race every phase against it. */
  readonly failure: Promise<never>;

  constructor(private readonly cwd: string) {
    this.failure = new Promise<never>((_, reject) => {
      this.rejectFailure = reject;
    });
    // Observed through Promise.race by the caller; this only prevents an unhandled rejection.
    this.failure.catch(() => {});
  }

  /** Why a ready child exited on its own, if one did (the root cause when requests then fail). */
  get death(): Error | undefined {
    return this.firstDeath;
  }

  /**
   * Starts a child and waits until a line of its stdout matches `spec.ready`.
   * @throws when the child exits or stays silent for `readyTimeoutMs` first (its output is quoted)
   */
  start(spec: ChildSpec): Promise<RunningChild> {
    const loader = spec.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), ...loader, spec.script], {
      cwd: this.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(spec.name, child);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
    };
    // Both pipes are always drained: a full pipe would block the child mid-benchmark.
    child.stderr.on('data', keep);
    const pid = child.pid;

    return new Promise<RunningChild>((resolve, reject) => {
      let ready = false;
      let pending = '';
      const timer = setTimeout(() => {
        reject(new Error(`${spec.name} was not ready after ${spec.readyTimeoutMs ?? 60_000} ms:\n${output}`));
      }, spec.readyTimeoutMs ?? 60_000);

      child.stdout.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (ready) return;
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const match = spec.ready.exec(line);
          if (match && pid !== undefined) {
            ready = true;
            clearTimeout(timer);
            resolve({
              name: spec.name,
              pid,
              readyMatch: match,
              cpuMs: () => readCpuMs(pid),
              userCpuMs: () => readCpuMs(pid, 'user'),
              output: () => output,
            });
            return;
          }
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name} could not be started: ${error.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        this.children.delete(spec.name);
        if (this.stopping) return;
        const error = new Error(`${spec.name} (pid ${pid}) exited unexpectedly (code ${code}, signal ${signal}):\n${output}`);
        this.firstDeath ??= error;
        if (ready) this.rejectFailure(error);
        else reject(error);
      });
    });
  }

  /** SIGTERM to each child by pid, then SIGKILL to any still running after `graceMs`. */
  async stopAll(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const running = [...this.children.values()];
    const exited = running.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
        }),
    );
    for (const child of running) signal(child, 'SIGTERM');
    const deadline = sleep(graceMs).then(() => 'timeout' as const);
    if ((await Promise.race([Promise.all(exited), deadline])) === 'timeout') {
      for (const child of running) signal(child, 'SIGKILL');
      await Promise.race([Promise.all(exited), sleep(1_000)]);
    }
  }

  /** Last resort from a synchronous `exit` handler: SIGKILL every child still running. */
  killAllNow(): void {
    this.stopping = true;
    for (const child of this.children.values()) signal(child, 'SIGKILL');
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, name);
  } catch {
    // Already gone.
  }
}

/** utime + stime (or utime alone) of a process from /proc, in ms. */
function readCpuMs(pid: number, which: 'all' | 'user' = 'all'): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields are counted after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + (which === 'all' ? Number(fields[12]) : 0);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a TCP port on 127.0.0.1 can be bound right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A random base port in [min, max) such that `count` consecutive ports from it are free.
 * @throws after `attempts` unlucky draws
 */
export async function findFreePorts(count: number, min = 20_000, max = 40_000, attempts = 50): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const base = min + Math.floor(Math.random() * (max - min - count));
    let free = true;
    for (let offset = 0; offset < count && free; offset += 1) free = await isPortFree(base + offset);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found in ${min}-${max} after ${attempts} attempts`);
}
