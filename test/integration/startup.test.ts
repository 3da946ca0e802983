/**
 * `npm start` as a user runs it: the real entry point in a child process.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs src/main.ts with `env`; resolves when it exits or when `until` matches its stdout. */
function runMain(env: Record<string, string>, until?: RegExp): Promise<Run & { stop?: () => Promise<Run> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { code: null, stdout: '', stderr: '' };
    const exited = new Promise<Run>((done) =>
      child.on('exit', (code) => {
        run.code = code;
        done(run);
      }),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (until?.test(run.stdout)) {
        resolve({
          ...run,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('error', reject);
    void exited.then(resolve);
  });
}

describe('npm start', () => {
  it('prints the GraphQL URL, the WebSocket URL and a demo login, serves, and stops on SIGTERM', async () => {
    const database = await createTestDatabase();
    try {
      const started = await runMain({ DATABASE_URL: database.url, PORT: '0' }, /Demo customer login: .+\n/);
      expect(started.stdout).toMatch(/GraphQL \(HTTP\): +http:\/\/127\.0\.0\.1:\d+\/graphql/);
      expect(started.stdout).toMatch(/GraphQL \(WebSocket\): +ws:\/\/127\.0\.0\.1:\d+\/graphql/);
      expect(started.stdout).toMatch(/Demo customer login: wang\.fang \/ \S+/);
      const url = /GraphQL \(HTTP\): +(\S+)/.exec(started.stdout)![1]!;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ products { code } }' }),
      });
      expect(response.status).toBe(200);
      const stopped = await started.stop!();
      expect(stopped.code).toBe(0);
    } finally {
      await database.drop();
    }
  });

  // Each case is a separate process that exits at once: run them side by side.
  it.concurrent.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/bank' }, /DATABASE_URL: unsupported scheme/],
    ['PORT', { PORT: 'eighty' }, /PORT: must be a whole number/],
    ['PORT', { PORT: '70000' }, /PORT: must be at most 65535/],
    ['BACKEND_TIMEOUT_MS', { BACKEND_TIMEOUT_MS: '-5' }, /BACKEND_TIMEOUT_MS: must be a whole number/],
    ['CRM_URL', { CRM_URL: 'crm.bank.local' }, /CRM_URL: must be an http:\/\/ or https:\/\/ URL/],
  ])('stops at once with a message naming %s when its value is bad', async (_name, env, message) => {
    const run = await runMain({ DATABASE_URL: 'memory://', ...env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).not.toMatch(/ready/);
  });

  it('stops with a message naming DATABASE_URL when PostgreSQL cannot be reached, without leaking the password', async () => {
    const run = await runMain({ DATABASE_URL: 'postgres://bank:s3cret@127.0.0.1:1/gateway' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_URL: cannot connect to PostgreSQL/);
    expect(run.stderr + run.stdout).not.toContain('s3cret');
  });

  it('stops with a message naming PORT when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runMain({ DATABASE_URL: 'memory://', PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`PORT: cannot listen: port ${port} on 127.0.0.1 is already in use`));
    } finally {
      blocker.close();
    }
  });
});
