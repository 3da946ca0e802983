/**
 * The gateway's entry point (`npm start`, `npm run start:prod`, the container).
 *
 * Order matters for an operator: the configuration is read and validated, and the port bound,
 * before anything else is imported, so a bad variable or a busy port is reported in well under a
 * second with a one-line message. Only then is the application (src/app.ts) loaded and started.
 * SIGTERM/SIGINT stop it gracefully, at any point of the start.
 */
import v8 from 'node:v8';
import { ConfigError, loadConfig, redact, type Config } from './platform/config.js';
import { bindServer, ListenError } from './platform/http/server.js';

import type { Gateway } from './app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // The embedded database (PGlite) is PostgreSQL compiled to WebAssembly. By default V8 recompiles
  // its hot functions with the optimising compiler on background threads, and those compilations'
  // scratch memory stays in the threads' malloc arenas for good: ~60 MB of the idle RSS. Baseline
  // (Liftoff) code costs no measurable CPU per request here (bench/README.md, "Footprint"). Set
  // before anything compiles WebAssembly (PGlite, undici's HTTP parser); only for PGlite, so a
  // gateway on PostgreSQL (production) keeps V8's defaults, and so do tests and tools that call
  // startGateway without this entry point.
  if (config.database.kind !== 'postgres') v8.setFlagsFromString('--liftoff-only');
  const bound = await bindServer({ host: config.host, port: config.port });

  let gateway: Gateway | undefined = undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (!gateway) {
      // Still starting: nothing is in flight; stop listening and leave.
      bound.server.close();
      process.exit(0);
    }
    gateway.log.info({ signal }, 'signal received');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        gateway!.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const { startGateway } = await import('./app.js');
  gateway = await startGateway(config, {
    server: bound,
    // The mocks "send" one-time codes nowhere; a developer reads them here.
    onMockOtp: (otp) => process.stdout.write(`[sms] ${otp.phone}: ${otp.code} (${otp.purpose})\n`),
  });
  process.stdout.write(await banner(config, gateway));
}

async function banner(config: Config, gateway: Gateway): Promise<string> {
  const lines = [
    '',
    `  Channel gateway ready (${gateway.database.kind}${gateway.mocks ? ', in-process mock backends' : ''})`,
    `  GraphQL (HTTP):      ${gateway.url}`,
    `  GraphQL (WebSocket): ${gateway.wsUrl}`,
    ...(config.explorer.enabled ? [`  Explorer (offline):  ${gateway.url.replace(/\/graphql$/, '/explorer')}`] : []),
  ];
  if (gateway.mocks) {
    lines.push(
      `  Mock backends:       ${Object.entries(gateway.mocks.urls).map(([name, url]) => `${name} ${url}`).join(', ')}`,
      `  One-time codes:      printed here as [sms] <phone>: <code>; also at ${gateway.mocks.urls.identity}/__admin/messages`,
    );
  }
  if (config.seedDemoData) {
    const { DEMO_LOGINS, DEMO_PASSWORD } = await import('./modules/auth/auth.seed.js');
    lines.push(`  Demo customer login: ${DEMO_LOGINS[0]!.username} / ${DEMO_PASSWORD}`);
  }
  lines.push(
    `  Try: curl -s ${gateway.url} -H 'content-type: application/json' -d '{"query":"{ products { code name kind } }"}'`,
    '',
  );
  return lines.join('\n') + '\n';
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof ListenError
      ? error.message
      : `Cannot start the gateway: ${redact((error as Error).message ?? String(error))}`;
  process.stderr.write(message + '\n');
  process.exit(1);
});
