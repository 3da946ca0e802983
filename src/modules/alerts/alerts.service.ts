/**
 * Risk alerts for risk officers: a newest-first list, acknowledge, resolve, and the live feed of
 * new alerts. Alerts are raised by other modules inside their own transactions (alerts.raise.ts);
 * each status change here is written with its event in one transaction (alerts.repository.ts).
 */
import type { Viewer } from '../../platform/context.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import { isUuid } from '../../platform/ids.js';
import { requireStaff } from '../../platform/guards.js';
import type { Change } from '../../platform/write/write-path.js';
import { AlertError } from './alerts.errors.js';
import type { AlertFilter, AlertRow, AlertsRepository } from './alerts.repository.js';
import { ALERTS_TOPIC, decodeCursor, encodeCursor, type AlertStatus } from './alerts.rules.js';

export interface AlertsServiceDeps {
  repo: AlertsRepository;
  fanout: EventFanout;
  now: () => Date;
}

export interface AlertPage {
  edges: { cursor: string; node: AlertRow }[];
  hasNextPage: boolean;
  /** How many alerts match the filter in all. */
  totalCount: number;
}

/** Page sizes a client may ask for. */
export const MAX_PAGE = 100;

export function createAlertsService(deps: AlertsServiceDeps) {
  const { repo, now } = deps;

  const refuse = (code: AlertError['code'], message: string, details?: Record<string, unknown>): never => {
    throw new AlertError(code, message, details);
  };

  /** Risk officers work alerts; administrators may read them. Nobody else learns they exist. */
  const requireReader = (viewer: Viewer) => requireStaff(viewer, ['RISK_OFFICER', 'ADMIN'], 'Risk officers only.');
  const requireOfficer = (viewer: Viewer) => requireStaff(viewer, ['RISK_OFFICER'], 'Risk officers only.').staffId;

  async function change(id: string, decide: (row: AlertRow) => Change<AlertRow, AlertStatus>): Promise<AlertRow> {
    if (!isUuid(id)) return refuse('NOT_FOUND', 'No such risk alert.');
    return (await repo.change(id, now(), decide)).row;
  }

  return {
    /** A newest-first page of alerts. @throws AlertError FORBIDDEN, BAD_USER_INPUT (first, after) */
    async list(viewer: Viewer, args: { first: number; after?: string | null; filter: AlertFilter }): Promise<AlertPage> {
      requireReader(viewer);
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE) {
        refuse('BAD_USER_INPUT', `first must be 1-${MAX_PAGE}.`, { field: 'first' });
      }
      const after = args.after ? decodeCursor(args.after) : undefined;
      if (args.after && !after) refuse('BAD_USER_INPUT', 'The cursor is not valid.', { field: 'after' });
      const [rows, totalCount] = await Promise.all([repo.list(args.filter, after, args.first + 1), repo.count(args.filter)]);
      const page = rows.slice(0, args.first);
      return {
        edges: page.map((node) => ({ cursor: encodeCursor({ raisedAt: node.raisedAt, id: node.id }), node })),
        hasNextPage: rows.length > args.first,
        totalCount,
      };
    },

    /** @throws AlertError FORBIDDEN, NOT_FOUND */
    async get(viewer: Viewer, id: string): Promise<AlertRow> {
      requireReader(viewer);
      const row = isUuid(id) ? await repo.findById(id) : undefined;
      return row ?? refuse('NOT_FOUND', 'No such risk alert.');
    },

    /** OPEN → ACKNOWLEDGED, recording who and when. @throws AlertError FORBIDDEN, NOT_FOUND, INVALID_TRANSITION */
    acknowledge(viewer: Viewer, id: string): Promise<AlertRow> {
      const staffId = requireOfficer(viewer);
      return change(id, () => ({
        set: { status: 'ACKNOWLEDGED', acknowledgedAt: now(), acknowledgedBy: staffId },
        event: { type: 'ACKNOWLEDGED', actor: `staff:${staffId}`, payload: { alertId: id } },
      }));
    },

    /** OPEN or ACKNOWLEDGED → RESOLVED with a reason. @throws AlertError FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, INVALID_TRANSITION */
    resolve(viewer: Viewer, id: string, resolution: string): Promise<AlertRow> {
      const staffId = requireOfficer(viewer);
      const reason = resolution.trim();
      if (!reason) refuse('BAD_USER_INPUT', 'Say how the alert was resolved.', { field: 'resolution' });
      if (reason.length > 2000) refuse('BAD_USER_INPUT', 'The resolution may be at most 2000 characters.', { field: 'resolution' });
      return change(id, () => ({
        set: { status: 'RESOLVED', resolvedAt: now(), resolvedBy: staffId, resolution: reason },
        event: { type: 'RESOLVED', actor: `staff:${staffId}`, reason, payload: { alertId: id } },
      }));
    },

    /** Live `RAISED` events of every new alert. @throws AlertError FORBIDDEN */
    raised(viewer: Viewer, signal: AbortSignal): AsyncIterableIterator<StoredEvent> {
      requireOfficer(viewer);
      return onlyOfType(deps.fanout.live(ALERTS_TOPIC, { signal }), 'RAISED');
    },

    findById: (id: string) => repo.findById(id),
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;

/**
 * Passes through the events of one type. Not an async generator: its return() must reach the
 * inner iterator at once (unsubscribing), even while a next() is pending.
 */
function onlyOfType(inner: AsyncIterableIterator<StoredEvent>, type: string): AsyncIterableIterator<StoredEvent> {
  return {
    async next() {
      for (;;) {
        const result = await inner.next();
        if (result.done || result.value.type === type) return result;
      }
    },
    return: async () => (await inner.return?.()) ?? { value: undefined, done: true },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
