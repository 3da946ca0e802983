/**
 * `npm start`: the gateway on the configuration in the environment (embedded defaults when unset).
 * Prints where to reach it and a demo login; stops gracefully on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { DEMO_LOGINS, DEMO_PASSWORD } from './modules/auth/auth.seed.js';
import { loadConfig, ConfigError, redact } from './platform/config.js';
import { startGateway } from './platform/gateway.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const gateway = await startGateway(config);
  const demo = DEMO_LOGINS[0];
  const lines = [
    '',
    `  Channel gateway ready (${gateway.database.kind}${gateway.mocks ? ', in-process mock backends' : ''})`,
    `  GraphQL (HTTP):      ${gateway.url}`,
    `  GraphQL (WebSocket): ${gateway.wsUrl}`,
    ...(config.seedDemoData ? [`  Demo customer login: ${demo.username} / ${DEMO_PASSWORD}`] : []),
    `  Try: curl -s ${gateway.url} -H 'content-type: application/json' -d '{"query":"{ products { code name kind } }"}'`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    gateway.log.info({ signal }, 'signal received');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        gateway.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Cannot start the gateway: ${redact((error as Error).message ?? String(error))}`;
  process.stderr.write(message + '\n');
  process.exit(1);
});
