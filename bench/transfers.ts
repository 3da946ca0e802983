/**
 * Transfer risk benchmark (`npm run bench:transfers`, also part of `npm run bench`): the latency the
 * real-time risk check and the gateway's write path add to an allowed transfer, p50/p95, as a ratio to
 * the least any gateway must do for it — read the account, post through core banking — alternating,
 * every backend at 20 ms.
 *
 * In-process (PGlite in memory, mocks in-process); traffic stays on 127.0.0.1; stops by itself.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/platform/config.js';
import { startGateway } from '../src/app.js';
import { machineInfo, writeResult } from './support/results.js';
import os from 'node:os';

const loadBefore = os.loadavg()[0] ?? NaN;

const SAMPLES = Number(process.env.BENCH_TRANSFER_SAMPLES ?? 100);
const DELAY_MS = 20;

const deadline = setTimeout(() => {
  console.error('transfers bench: watchdog fired after 120 s');
  process.exit(1);
}, 120_000);

const gateway = await startGateway(
  loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: 'memory://', PORT: '0', LOG_LEVEL: 'warn', CORE_BANKING_URL: '', CRM_URL: '', CREDIT_BUREAU_URL: '', RISK_URL: '', IDENTITY_URL: '', BUSINESS_REGISTRY_URL: '' }),
);
try {
  const viewer = { kind: 'customer' as const, customerId: 'C000001', sessionId: randomUUID(), sessionChannel: 'APP', tokenExpiresAt: new Date(Date.now() + 3600_000) };
  const input = { fromAccountId: 'C000001-A01', payeeAccountNumber: '6222021234567890123', payeeName: 'Known Payee', amount: '1.00', currency: 'CNY' };
  const transfers = gateway.services.transfers;
  // The payee becomes known with a first (scored) transfer.
  await transfers.submit(viewer, input, `bench-${randomUUID()}`, 'APP');
  for (const server of Object.values(gateway.mocks!.servers)) server.setFaults({ delayMs: DELAY_MS });

  const core = gateway.backends.coreBanking;
  /** The baseline: the account read and the posting, nothing else. */
  const postOnly = async () => {
    await core.getAccountsByIds([input.fromAccountId]);
    const posted = await core.postTransfer({
      idempotencyKey: `bench-${randomUUID()}`,
      fromAccountId: input.fromAccountId,
      toAccountNumber: input.payeeAccountNumber,
      toName: input.payeeName,
      amount: { amount: input.amount, currency: input.currency },
    });
    if (!posted.ok) throw new Error(`core banking refused the baseline posting: ${posted.code}`);
  };
  const timed = { scored: [] as number[], skipped: [] as number[] };
  for (let i = 0; i < SAMPLES * 2; i++) {
    const baseline = i % 2 === 1;
    const started = performance.now();
    if (baseline) await postOnly();
    else {
      const result = await transfers.submit(viewer, input, `bench-${randomUUID()}`, 'APP');
      if (result.status !== 'POSTED') throw new Error(`expected an allowed, posted transfer, got ${result.status} (${result.signals.join(', ')})`);
    }
    (baseline ? timed.skipped : timed.scored).push(performance.now() - started);
  }
  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  };
  console.log(`\nTransfer risk check — every backend at ${DELAY_MS} ms, ${SAMPLES} allowed transfers each way`);
  writeResult('transfers', {
    command: 'npm run bench:transfers',
    machine: machineInfo(loadBefore),
    harness: 'in-process service calls through tsx (not yet the production build over HTTP)',
    backendDelayMs: DELAY_MS,
    samplesEachWay: SAMPLES,
    ...Object.fromEntries(
      [50, 95].map((p) => {
        const scored = pct(timed.scored, p);
        const skipped = pct(timed.skipped, p);
        return [`p${p}`, { scoredMs: Number(scored.toFixed(1)), postOnlyMs: Number(skipped.toFixed(1)), ratio: Number((scored / skipped).toFixed(3)) }];
      }),
    ),
  });
  for (const p of [50, 95]) {
    const scored = pct(timed.scored, p);
    const skipped = pct(timed.skipped, p);
    console.log(`  p${p}: gateway transfer ${scored.toFixed(1)} ms, account read + posting only ${skipped.toFixed(1)} ms → ratio ${(scored / skipped).toFixed(2)}×, added ${(scored - skipped).toFixed(1)} ms`);
  }
} finally {
  clearTimeout(deadline);
  await gateway.close();
}
