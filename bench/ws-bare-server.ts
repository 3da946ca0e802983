/**
 * The floor the gateway's WebSocket side is measured against (bench/ws.ts): bare graphql-ws on
 * `ws`, graphql-js's default execution, one schema with the review-queue subscription the bench
 * uses, fed by the same PostgreSQL LISTEN on the gateway's event channel. No authentication,
 * validation rules, tracing, metrics, access log or multiplexing: one execution and one
 * serialisation per subscriber, which is what graphql-ws does by itself.
 *
 * Started by bench/ws.ts with PORT and DATABASE_URL; prints `Bare listening on ws://127.0.0.1:<port>/graphql`
 * when ready. GET /stats answers `{ heapUsed, rss }`. SIGTERM stops it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import pg from 'pg';
import { WebSocketServer } from 'ws';

interface Event {
  stream: string;
  seq: number;
  type: string;
  reason: string | null;
  payload: { status?: string };
  topics: string[];
}

const schema = buildSchema(`
  type Query { ok: Boolean }
  type QueueEvent { applicationId: ID! seq: Int! type: String! status: String reason: String }
  type Subscription { loanReviewQueueChanged: QueueEvent! loanApplicationUpdated(id: ID!): QueueEvent! }
`);

/** Live listeners of the review-queue topic, each an async iterator's push. */
const listeners = new Set<(event: Event) => void>();
/** Live listeners of one application's stream (`loan:<id>`). */
const streamListeners = new Map<string, Set<(event: Event) => void>>();

function live(set: Set<(event: Event) => void> = listeners, onEmpty: () => void = () => {}): AsyncIterableIterator<Event> {
  const queue: Event[] = [];
  let waiting: ((result: IteratorResult<Event>) => void) | undefined;
  let done = false;
  const push = (event: Event) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
    } else queue.push(event);
  };
  set.add(push);
  const iterator: AsyncIterableIterator<Event> = {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => {
      done = true;
      set.delete(push);
      if (set.size === 0) onEmpty();
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

const fields = schema.getSubscriptionType()!.getFields();
const toQueueEvent = (event: Event) => ({
  applicationId: event.stream.replace(/^loan:/, ''),
  seq: event.seq,
  type: event.type,
  status: event.payload.status ?? null,
  reason: event.reason,
});
fields.loanReviewQueueChanged!.subscribe = () => live();
fields.loanReviewQueueChanged!.resolve = toQueueEvent;
fields.loanApplicationUpdated!.subscribe = (_root, args: { id: string }) => {
  const stream = `loan:${args.id}`;
  let set = streamListeners.get(stream);
  if (!set) streamListeners.set(stream, (set = new Set()));
  return live(set, () => streamListeners.delete(stream));
};
fields.loanApplicationUpdated!.resolve = toQueueEvent;

const server = createServer((req, res) => {
  if (req.url === '/stats') {
    const memory = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ heapUsed: memory.heapUsed, rss: memory.rss, connections: wss.clients.size }));
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server, path: '/graphql' });
useServer({ schema }, wss);

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
client.on('notification', (message) => {
  if (!message.payload) return;
  const event = JSON.parse(message.payload) as Event;
  for (const listener of streamListeners.get(event.stream) ?? []) listener(event);
  if (!event.topics?.includes('review-queue')) return;
  for (const listener of listeners) listener(event);
});
await client.query('LISTEN gateway_events');

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`Bare listening on ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});
process.on('SIGTERM', () => {
  for (const socket of wss.clients) socket.terminate();
  void client.end().finally(() => process.exit(0));
});
