/**
 * The periodic sweep every instance runs: each task finds the work nobody holds a lease on any
 * more and finishes it (see leases.ts). Runs one pass at a time, every `intervalMs` (± 20 %
 * jitter so instances do not sweep in step); a failing task is logged and tried again next pass.
 */
import type { Logger } from '../logger.js';

export interface SweepTask {
  name: string;
  /** One pass; @returns how many items it settled. */
  run(): Promise<number>;
}

export interface Sweeper {
  /** Runs one pass of every task now (after the pass in progress, if any). */
  sweepNow(): Promise<number>;
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
}

export function startSweeper(options: { intervalMs: number; tasks: SweepTask[]; log: Logger }): Sweeper {
  const { intervalMs, tasks, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);

  async function pass(): Promise<number> {
    let settled = 0;
    for (const task of tasks) {
      if (stopped) break;
      try {
        const n = await task.run();
        if (n > 0) log.info({ task: task.name, settled: n }, 'sweep settled abandoned work');
        settled += n;
      } catch (error) {
        log.warn({ err: error, task: task.name }, 'sweep task failed; tried again next pass');
      }
    }
    return settled;
  }

  const sweepNow = () => (running = running.then(pass, pass));

  function schedule() {
    if (stopped || intervalMs <= 0) return;
    const wait = Math.round(intervalMs * (0.8 + Math.random() * 0.4));
    timer = setTimeout(() => {
      void sweepNow().finally(schedule);
    }, wait);
    timer.unref();
  }
  schedule();

  return {
    sweepNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
