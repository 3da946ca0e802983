/**
 * Multiplexed live subscriptions: subscribers of the same live topic with the same document,
 * variables and visibility class share one execution. On an event the selection runs once for the
 * group, the payload is serialised once, and each socket gets the same bytes inside its own
 * `{"id":…,"type":"next","payload":…}` frame (the graphql-ws protocol, byte for byte what
 * graphql-ws itself would send).
 *
 * graphql-ws is unchanged: for a multiplexed operation its `subscribe` gets a parked iterator that
 * yields nothing. The group writes `next` frames to the socket itself; when the group's stream ends
 * or fails, the parked iterator ends or throws, so graphql-ws sends `complete` or `error` as usual;
 * when the client completes or the socket closes, graphql-ws calls the parked iterator's return(),
 * which leaves the group (the last one out stops the shared stream).
 *
 * A result with errors is not shared: each member formats it with its own request id, as the
 * unmultiplexed path does.
 *
 * Back-pressure: a socket with more than `maxBufferedBytes` waiting to be sent is closed with
 * {@link SLOW_CONSUMER_CLOSE_CODE} instead of buffering without bound; the others in its group are
 * not held up by it.
 */
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { Channel, Viewer } from '../context.js';

/** 1013 "Try Again Later": the socket fell too far behind; the client reconnects and refetches. */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;

/**
 * Live (no replay) subscriptions whose payload depends only on the event, the document, the
 * variables and the viewer's visibility class ({@link visibilityClass}) — never on the session or
 * on anything else of the individual subscriber. Replaying subscriptions (`afterSeq`) are not
 * multiplexed: each subscriber reads its own history from its own point.
 */
export const MULTIPLEXED_FIELDS: ReadonlySet<string> = new Set([
  'loanReviewQueueChanged',
  'riskAlertRaised',
  'expertQueueChanged',
  'myLoanApplicationsUpdated',
]);

/**
 * Viewers in one class see exactly the same fields of the same rows: the subject a customer or a
 * partner acts for (and the partner's consent and scopes), a staff member's roles (staff access is
 * by role: guards.ts `findVisible`, customers.rules.ts `customerAccess`), and the channel.
 */
export function visibilityClass(channel: Channel, viewer: Viewer): string {
  switch (viewer.kind) {
    case 'anonymous':
      return `${channel}|anonymous`;
    case 'customer':
      return `${channel}|customer|${viewer.customerId}`;
    case 'partner':
      return `${channel}|partner|${viewer.partnerId}|${viewer.customerId}|${viewer.consentId}|${[...viewer.scopes].sort().join(',')}`;
    case 'staff':
      return `${channel}|staff|${[...viewer.roles].sort().join(',')}`;
  }
}

/** The group key of an operation: one execution per distinct key. */
export function groupKey(visibility: string, query: string, operationName: string | null | undefined, variables: unknown): string {
  return `${visibility}\n${operationName ?? ''}\n${JSON.stringify(variables ?? null)}\n${query}`;
}

export interface MuxMember {
  socket: WebSocket;
  /** The graphql-ws operation id on that socket. */
  id: string;
  /** The `next` payload for a result with errors, formatted for this member (its own request id). */
  withErrors(result: ExecutionResult): unknown;
}

type Started = AsyncIterableIterator<ExecutionResult> | ExecutionResult;

export interface MultiplexerOptions {
  maxBufferedBytes: number;
  /** Called once per socket closed for falling behind. */
  onSlowConsumer?: (socket: WebSocket) => void;
}

export interface Multiplexer {
  /**
   * Joins the group of `key`, starting its shared stream with `start` (the graphql `subscribe` of
   * this member) when there is none. Returns what graphql-ws should iterate for this member: a
   * parked iterator, or `start`'s own result when it refused (an ExecutionResult with errors).
   */
  join(key: string, member: MuxMember, start: () => Promise<Started>): Promise<Started>;
  /** Groups and members now (for tests and metrics). */
  stats(): { groups: number; members: number };
}

const OPEN = 1;

export function createMultiplexer(options: MultiplexerOptions): Multiplexer {
  const { maxBufferedBytes } = options;
  const groups = new Map<string, Group>();
  /** Groups whose shared stream is being started: joiners wait for it. */
  const starting = new Map<string, Promise<Group | undefined>>();
  const slowClosed = new WeakSet<WebSocket>();

  function slow(socket: WebSocket): void {
    if (slowClosed.has(socket)) return;
    slowClosed.add(socket);
    socket.close(SLOW_CONSUMER_CLOSE_CODE, `Slow consumer: more than ${maxBufferedBytes} bytes were waiting to be sent`);
    options.onSlowConsumer?.(socket);
  }

  class Member {
    /** `{"id":"<id>","type":"next","payload":` — the part of the frame before the shared payload. */
    readonly head: string;
    private resolveEnd: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
    private rejectEnd: ((error: unknown) => void) | undefined;
    private ended: { error?: unknown; failed: boolean } | undefined;
    left = false;
    readonly parked: AsyncIterableIterator<ExecutionResult>;

    constructor(
      readonly info: MuxMember,
      private readonly group: Group,
    ) {
      this.head = `{"id":${JSON.stringify(info.id)},"type":"next","payload":`;
      // graphql-ws treats an object with return() and Symbol.asyncIterator as a generator: a
      // `complete` that arrives before it starts iterating still calls return().
      this.parked = {
        next: () => {
          if (this.ended) return this.ended.failed ? Promise.reject(this.ended.error) : Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve, reject) => {
            this.resolveEnd = resolve;
            this.rejectEnd = reject;
          });
        },
        return: () => {
          this.leave();
          return Promise.resolve({ value: undefined, done: true });
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    }

    send(frame: string): void {
      const socket = this.info.socket;
      if (socket.readyState !== OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) return slow(socket);
      socket.send(frame);
    }

    /** The shared stream ended (`error` undefined) or failed: graphql-ws sends complete or error. */
    end(failed: boolean, error?: unknown): void {
      if (this.ended) return;
      this.ended = { failed, error };
      if (failed) this.rejectEnd?.(error);
      else this.resolveEnd?.({ value: undefined, done: true });
    }

    leave(): void {
      if (this.left) return;
      this.left = true;
      this.end(false);
      this.group.remove(this);
    }
  }

  class Group {
    readonly members = new Set<Member>();
    private stopped = false;

    constructor(
      readonly key: string,
      private readonly source: AsyncIterableIterator<ExecutionResult>,
    ) {}

    add(info: MuxMember): Member {
      const member = new Member(info, this);
      this.members.add(member);
      return member;
    }

    remove(member: Member): void {
      if (!this.members.delete(member) || this.members.size > 0) return;
      this.stop();
    }

    /** The last member left: no one joins this group any more, and its stream is closed. */
    private stop(): void {
      if (this.stopped) return;
      this.stopped = true;
      if (groups.get(this.key) === this) groups.delete(this.key);
      void this.source.return?.();
    }

    get alive(): boolean {
      return !this.stopped;
    }

    async run(): Promise<void> {
      let failure: { error: unknown } | undefined;
      try {
        for (;;) {
          const step = await this.source.next();
          if (step.done || this.stopped) break;
          this.deliver(step.value);
        }
      } catch (error) {
        failure = { error };
      }
      if (groups.get(this.key) === this) groups.delete(this.key);
      this.stopped = true;
      for (const member of [...this.members]) member.end(failure !== undefined, failure?.error);
      this.members.clear();
    }

    private deliver(result: ExecutionResult): void {
      if (result.errors) {
        for (const member of [...this.members]) {
          member.send(JSON.stringify({ id: member.info.id, type: 'next', payload: member.info.withErrors(result) }));
        }
        return;
      }
      // Serialised once; graphql-ws would send `{...result}` without errors, which is the same JSON.
      const payload = JSON.stringify(result) + '}';
      for (const member of this.members) member.send(member.head + payload);
    }
  }

  return {
    async join(key, info, start) {
      const existing = groups.get(key);
      if (existing?.alive) return existing.add(info).parked;
      const pending = starting.get(key);
      if (pending) {
        const group = await pending;
        if (group?.alive) return group.add(info).parked;
        // The first one was refused (or its group already ended): this member starts its own.
        return joinFresh(key, info, start);
      }
      return joinFresh(key, info, start);
    },
    stats() {
      let members = 0;
      for (const group of groups.values()) members += group.members.size;
      return { groups: groups.size, members };
    },
  };

  async function joinFresh(key: string, info: MuxMember, start: () => Promise<Started>): Promise<Started> {
    let settle!: (group: Group | undefined) => void;
    const pending = new Promise<Group | undefined>((resolve) => (settle = resolve));
    starting.set(key, pending);
    let group: Group | undefined;
    try {
      const started = await start();
      if (!isAsyncIterator(started)) return started;
      group = new Group(key, started);
      groups.set(key, group);
      // The first member is in before the stream is read, so that even a refusal at once reaches it.
      const member = group.add(info);
      void group.run();
      return member.parked;
    } finally {
      settle(group);
      if (starting.get(key) === pending) starting.delete(key);
    }
  }
}

function isAsyncIterator(value: unknown): value is AsyncIterableIterator<ExecutionResult> {
  return typeof value === 'object' && value !== null && typeof (value as { next?: unknown }).next === 'function' && Symbol.asyncIterator in value;
}
