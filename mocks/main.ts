/**
 * `npm run mocks`: starts the six mock backends on 127.0.0.1, ports MOCK_PORT_BASE (4100)
 * to MOCK_PORT_BASE + 5, until SIGINT or SIGTERM.
 */
import { readMockEnv } from './config.js';
import { startMocks } from './index.js';

const LABELS = {
  coreBanking: 'core banking',
  crm: 'crm',
  creditBureau: 'credit bureau',
  risk: 'risk',
  identity: 'identity',
  businessRegistry: 'registry',
} as const;

async function main(): Promise<void> {
  const { portBase, seed } = readMockEnv(process.env);
  // MOCK_HOST=0.0.0.0 lets other containers reach them (compose.yaml); 127.0.0.1 otherwise.
  const mocks = await startMocks({ basePort: portBase, env: process.env, host: process.env.MOCK_HOST || '127.0.0.1' });
  console.log(`Mock backends running (seed ${seed}):`);
  for (const [name, label] of Object.entries(LABELS) as Array<[keyof typeof LABELS, string]>) {
    console.log(`  ${label.padEnd(14)} ${mocks.urls[name]}`);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping mock backends…`);
    mocks.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
