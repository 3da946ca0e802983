/**
 * What the README says to run, stopped the way a supervisor stops it: SIGTERM to the pid it started.
 * npm must hand the signal to node (the scripts `exec` node), and node must close the port.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('stops serving and exits 0 when the npm process gets SIGTERM', async () => {
    const child = spawn('npm', ['start'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'memory://', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /GraphQL \(HTTP\): +(http:\/\/\S+)\/graphql/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`npm start exited before it was ready:\n${stdout}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    child.kill('SIGTERM'); // the npm process only, as `kill <pid>` or a supervisor would
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 90_000);
});
