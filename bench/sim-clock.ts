/**
 * A simulated wall clock for the simulation (bench/simulate.ts), when it runs the gateway in its own
 * process on embedded PGlite: `Date` is replaced by a subclass whose "now" is the real time plus an
 * offset the driver moves forward. Everything that reads the time through `Date` follows it — the
 * gateway's code, jose's token times, and PGlite, whose `now()` (compiled to WebAssembly) asks
 * `Date.now()` too (checked at start by {@link verifyDatabaseClock}). Timers (`setTimeout`) and
 * `performance.now()` stay real: request budgets and timeouts are not affected.
 *
 * Install it before anything creates dates (before the gateway is imported), so that every `Date`
 * in the process is one of these (`instanceof Date` holds either way: it is a subclass).
 */
const RealDate = Date;
let offsetMs = 0;

class SimulatedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}

export const simulatedClock = {
  install(): void {
    globalThis.Date = SimulatedDate as DateConstructor;
  },
  now(): number {
    return RealDate.now() + offsetMs;
  },
  /** Moves the clock to `at` (ms since the epoch); never backwards once started, except by {@link set}. */
  advanceTo(at: number): void {
    const now = RealDate.now() + offsetMs;
    if (at > now) offsetMs += at - now;
  },
  /** Sets the clock to `at`, backwards too (only before the gateway starts). */
  set(at: number): void {
    offsetMs = at - RealDate.now();
  },
};

/** Fails unless the database's `now()` follows the simulated clock (within a minute). */
export async function verifyDatabaseClock(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<void> {
  const result = await query('select extract(epoch from now())::float8 * 1000 as ms');
  const dbNow = Number((result.rows[0] as { ms: number }).ms);
  if (Math.abs(dbNow - simulatedClock.now()) > 60_000) {
    throw new Error(`The database clock does not follow the simulated clock (database ${new RealDate(dbNow).toISOString()}, simulated ${new RealDate(simulatedClock.now()).toISOString()}).`);
  }
}
