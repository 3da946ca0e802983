import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createContext, type ContextDeps } from '../../src/platform/context.js';

function capturingDeps(): { deps: ContextDeps; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level: 'info' }, stream);
  const deps = { log, services: {}, db: {}, backends: {}, config: {} } as unknown as ContextDeps;
  return { deps, lines: () => out.join('').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const request = { requestId: 'req-12345678', channel: 'APP', viewer: { kind: 'anonymous' }, clientAddress: '127.0.0.1' } as const;

describe('request context', () => {
  it('logs every line of a request with its request id and channel', () => {
    const { deps, lines } = capturingDeps();
    const context = createContext(deps, request);
    context.log.info('first');
    context.log.warn({ extra: 1 }, 'second');
    expect(lines()).toMatchObject([
      { msg: 'first', requestId: 'req-12345678', channel: 'APP' },
      { msg: 'second', requestId: 'req-12345678', channel: 'APP', extra: 1 },
    ]);
  });

  it('still logs with the request id from a copy made the way Apollo copies a context', () => {
    const { deps, lines } = capturingDeps();
    const context = createContext(deps, request);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(context) as object) as object, context) as typeof context;
    copy.log.error('from the copy');
    expect(copy.requestId).toBe('req-12345678');
    expect(lines()).toMatchObject([{ msg: 'from the copy', requestId: 'req-12345678', channel: 'APP' }]);
  });
});
