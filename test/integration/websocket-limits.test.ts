/**
 * WebSocket limits: the HTTP body limit applies to every message, and connections are capped per
 * client address and, for sockets that have not authenticated, overall.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCustomer } from '../support/auth.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
const open: WebSocket[] = [];

beforeAll(async () => {
  t = await startTestGateway({ MAX_BODY_BYTES: String(64 * 1024), WS_MAX_CONNECTIONS_PER_ADDRESS: '4', WS_MAX_UNAUTHENTICATED: '2' });
});
afterAll(async () => {
  for (const socket of open) socket.terminate();
  await t?.close();
});

/** Opens a graphql-ws socket and waits for connection_ack; rejects with the HTTP status of a refusal. */
function connect(payload: Record<string, unknown> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(t.wsUrl, 'graphql-transport-ws');
    socket.on('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') {
        open.push(socket);
        resolve(socket);
      }
    });
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

describe('WS /graphql', () => {
  it('closes the socket with 1009 for a message over the body limit, without running it', async () => {
    const socket = await connect();
    const big = `{ products { code } } # ${'x'.repeat(128 * 1024)}`;
    const answers: string[] = [];
    socket.on('message', (data) => answers.push(String(data)));
    const code = closed(socket);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: big } }));
    expect(await code).toBe(1009);
    expect(answers).toEqual([]);
  });

  it('caps sockets that have not authenticated, overall, and those from one address', async () => {
    const tokens = await loginCustomer(t, 'wang.fang');
    const authenticated = { authorization: `Bearer ${tokens.accessToken}`, channel: 'APP' };

    const a = await connect();
    await connect(authenticated); // an authenticated socket does not count as unauthenticated
    const c = await connect();
    await expect(connect()).rejects.toThrow('refused 503'); // a third unauthenticated one

    const cClosed = closed(c);
    c.close();
    await cClosed;
    await connect(authenticated);
    await connect(); // unauthenticated again: a and this one; four from this address now
    await expect(connect(authenticated)).rejects.toThrow('refused 429');

    const aClosed = closed(a);
    a.close();
    await aClosed;
    await expect(connect(authenticated)).resolves.toBeInstanceOf(WebSocket);
  }, 30_000);
});
