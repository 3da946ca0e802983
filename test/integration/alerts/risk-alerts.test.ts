import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AcknowledgeRiskAlertDocument,
  ResolveRiskAlertDocument,
  RiskAlertDocument,
  RiskAlertRaisedDocument,
  RiskAlertsDocument,
} from '../../generated/graphql.js';
import type { RaiseAlertInput } from '../../../src/modules/alerts/alerts.raise.js';
import { riskAlerts } from '../../../src/modules/alerts/alerts.tables.js';
import { events } from '../../../src/platform/events/events.tables.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { globalId, localId } from '../../support/ids.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { followAlerts, seedAlert as kitSeed } from './alerts-kit.js';

let t: TestGateway;
let customer: Record<string, string>;
let customerToken: string;
const s: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await sharedGateway();
  const session = await loginCustomer(t, 'wang.fang');
  customer = session.headers;
  customerToken = session.accessToken;
  for (const username of ['risk.zhang', 'teller.li', 'admin.ma']) s[username] = (await loginStaff(t, username)).headers;
});

const seedAlert = (input: Partial<RaiseAlertInput> = {}, raisedAt = new Date()) => kitSeed(t, input, raisedAt);

const alertEvents = (id: string) =>
  t.gateway.database.db.select().from(events).where(eq(events.stream, `alert:${id}`)).orderBy(asc(events.seq));

describe('Query.riskAlerts', () => {
  it('pages newest first with an opaque cursor, and filters', async () => {
    const customerId = `C9${Date.now().toString().slice(-5)}`;
    const base = Date.now() - 60_000;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await seedAlert({ customerId, severity: i === 0 ? 'LOW' : 'HIGH' }, new Date(base + i * 1000)));

    const first = await execute(t.url, RiskAlertsDocument, { first: 2, filter: { customerId } }, s['risk.zhang']);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.riskAlerts;
    expect(page1.edges.map((e) => localId(e.node.id))).toEqual([ids[2], ids[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.pageInfo.endCursor).not.toContain(ids[1]!);
    expect(page1.totalCount).toBe(3);

    const second = await execute(t.url, RiskAlertsDocument, { first: 2, after: page1.pageInfo.endCursor, filter: { customerId } }, s['risk.zhang']);
    expect(second.data!.riskAlerts.edges.map((e) => localId(e.node.id))).toEqual([ids[0]]);
    expect(second.data!.riskAlerts.pageInfo.hasNextPage).toBe(false);

    const low = await execute(t.url, RiskAlertsDocument, { filter: { customerId: globalId('Customer', customerId), severity: 'LOW', status: 'OPEN', kind: 'TRANSFER_HELD' } }, s['risk.zhang']);
    expect(low.data!.riskAlerts.edges.map((e) => localId(e.node.id))).toEqual([ids[0]]);
    expect(low.data!.riskAlerts.totalCount).toBe(1);
  });

  it('lets an administrator read alerts', async () => {
    const id = await seedAlert();
    const response = await execute(t.url, RiskAlertDocument, { id }, s['admin.ma']);
    expect(response.errors).toBeUndefined();
    expect(response.data!.riskAlert).toMatchObject({ id: globalId('RiskAlert', id), status: 'OPEN', timeToAcknowledgeSeconds: null, timeToResolveSeconds: null });
  });

  it('refuses customers and tellers: they never see risk internals', async () => {
    for (const headers of [customer, s['teller.li']!]) {
      const response = await execute(t.url, RiskAlertsDocument, {}, headers);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(response.data?.riskAlerts ?? null).toBeNull();
    }
  });

  it('refuses a cursor it did not issue', async () => {
    const response = await execute(t.url, RiskAlertsDocument, { after: 'not-a-cursor' }, s['risk.zhang']);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [randomUUID(), 'nope']) {
      expect(errorCode(await execute(t.url, RiskAlertDocument, { id }, s['risk.zhang']))).toBe('NOT_FOUND');
      expect(errorCode(await execute(t.url, AcknowledgeRiskAlertDocument, { id }, s['risk.zhang']))).toBe('NOT_FOUND');
    }
  });
});

describe('Mutation.acknowledgeRiskAlert', () => {
  it('records who acknowledged and when, with the time to acknowledge, and an event in the same transaction', async () => {
    const id = await seedAlert({}, new Date(Date.now() - 90_000));
    const response = await execute(t.url, AcknowledgeRiskAlertDocument, { id }, s['risk.zhang']);
    expect(response.errors).toBeUndefined();
    const alert = response.data!.acknowledgeRiskAlert;
    expect(alert.status).toBe('ACKNOWLEDGED');
    expect(alert.acknowledgedAt).not.toBeNull();
    expect(alert.timeToAcknowledgeSeconds).toBeGreaterThanOrEqual(90);
    expect(alert.timeToResolveSeconds).toBeNull();

    const [row] = await t.gateway.database.db.select().from(riskAlerts).where(eq(riskAlerts.id, id));
    expect(row!.acknowledgedBy).toBe('S0004');
    const stream = await alertEvents(id);
    // The row carries its stream's position, like every aggregate written through the write path.
    expect(row!.seq).toBe(2);
    expect(stream.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'RAISED', 'system'],
      [2, 'ACKNOWLEDGED', 'staff:S0004'],
    ]);
    expect(stream[1]!.topics).toEqual([`alert:${id}`, 'risk-alerts']);
  });

  it('refuses to acknowledge twice', async () => {
    const id = await seedAlert();
    await execute(t.url, AcknowledgeRiskAlertDocument, { id }, s['risk.zhang']);
    const again = await execute(t.url, AcknowledgeRiskAlertDocument, { id }, s['risk.zhang']);
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
  });

  it('is for risk officers only: administrators, tellers and customers are FORBIDDEN', async () => {
    const id = await seedAlert();
    for (const headers of [s['admin.ma']!, s['teller.li']!, customer]) {
      expect(errorCode(await execute(t.url, AcknowledgeRiskAlertDocument, { id }, headers))).toBe('FORBIDDEN');
    }
    const [row] = await t.gateway.database.db.select().from(riskAlerts).where(eq(riskAlerts.id, id));
    expect(row!.status).toBe('OPEN');
  });
});

describe('Mutation.resolveRiskAlert', () => {
  it('resolves an acknowledged alert with a reason and records the time to resolve', async () => {
    const id = await seedAlert({}, new Date(Date.now() - 120_000));
    await execute(t.url, AcknowledgeRiskAlertDocument, { id }, s['risk.zhang']);
    const response = await execute(t.url, ResolveRiskAlertDocument, { id, resolution: 'Customer confirmed the payee by phone.' }, s['risk.zhang']);
    expect(response.errors).toBeUndefined();
    const alert = response.data!.resolveRiskAlert;
    expect(alert).toMatchObject({ status: 'RESOLVED', resolution: 'Customer confirmed the payee by phone.' });
    expect(alert.timeToResolveSeconds).toBeGreaterThanOrEqual(120);
    expect(alert.timeToResolveSeconds!).toBeGreaterThanOrEqual(alert.timeToAcknowledgeSeconds!);
    const [row] = await t.gateway.database.db.select().from(riskAlerts).where(eq(riskAlerts.id, id));
    expect(row!.resolvedBy).toBe('S0004');
    expect((await alertEvents(id)).map((e) => [e.type, e.reason])).toEqual([
      ['RAISED', null],
      ['ACKNOWLEDGED', null],
      ['RESOLVED', 'Customer confirmed the payee by phone.'],
    ]);
  });

  it('resolves an OPEN alert directly', async () => {
    const id = await seedAlert();
    const response = await execute(t.url, ResolveRiskAlertDocument, { id, resolution: 'False positive' }, s['risk.zhang']);
    expect(response.data!.resolveRiskAlert).toMatchObject({ status: 'RESOLVED', acknowledgedAt: null, timeToAcknowledgeSeconds: null });
  });

  it('requires a reason and refuses to resolve twice', async () => {
    const id = await seedAlert();
    expect(errorCode(await execute(t.url, ResolveRiskAlertDocument, { id, resolution: '   ' }, s['risk.zhang']))).toBe('BAD_USER_INPUT');
    await execute(t.url, ResolveRiskAlertDocument, { id, resolution: 'Done' }, s['risk.zhang']);
    expect(errorCode(await execute(t.url, ResolveRiskAlertDocument, { id, resolution: 'Again' }, s['risk.zhang']))).toBe('INVALID_TRANSITION');
    const resolved = await t.gateway.database.db
      .select()
      .from(events)
      .where(and(eq(events.stream, `alert:${id}`), eq(events.type, 'RESOLVED')));
    expect(resolved).toHaveLength(1);
  });
});

describe('Subscription.riskAlertRaised', () => {
  it('delivers new alerts to risk officers, live', async () => {
    const staff = await loginStaff(t, 'risk.zhang');
    const feed = await followAlerts(t, staff.accessToken);
    try {
      const subject = `transfer:${randomUUID()}`;
      const id = await seedAlert({ kind: 'SUSPICIOUS_WITHDRAWAL', severity: 'CRITICAL', subject });
      await expect.poll(() => feed.about(subject).length).toBe(1);
      expect(feed.about(subject)[0]).toMatchObject({ id: globalId('RiskAlert', id), kind: 'SUSPICIOUS_WITHDRAWAL', severity: 'CRITICAL', status: 'OPEN', customerId: globalId('Customer', 'C000001') });
    } finally {
      await feed.close();
    }
  });

  it('refuses a customer', async () => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${customerToken}` });
    try {
      const outcome = await take(client, RiskAlertRaisedDocument, 1).catch((error: unknown) => error);
      expect(JSON.stringify(outcome)).toContain('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });
});
