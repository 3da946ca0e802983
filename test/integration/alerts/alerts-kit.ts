/** Seed kit for risk-alert tests: raising alerts directly, and following `riskAlertRaised`. */
import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { expect } from 'vitest';
import { RiskAlertRaisedDocument, type RiskAlertRaisedSubscription } from '../../generated/graphql.js';
import { raiseAlert, type RaiseAlertInput } from '../../../src/modules/alerts/alerts.raise.js';
import type { Database } from '../../../src/platform/db/database.js';
import { wsClient } from '../../support/graphql-client.js';
import type { TestGateway } from '../../support/gateway.js';

export type RaisedAlert = RiskAlertRaisedSubscription['riskAlertRaised'];

/** Raises an alert the way a module does: in a transaction, with its RAISED event. */
export async function seedAlert(t: TestGateway, input: Partial<RaiseAlertInput> = {}, raisedAt = new Date()): Promise<string> {
  const { id } = await t.gateway.database.db.transaction((tx) =>
    raiseAlert(
      tx as unknown as Database,
      { kind: 'TRANSFER_HELD', severity: 'HIGH', customerId: 'C000001', subject: `transfer:${randomUUID()}`, summary: 'Held for review', ...input },
      raisedAt,
    ),
  );
  return id;
}

/**
 * Opens `riskAlertRaised` for `accessToken` and waits until it is live (a probe alert arrives),
 * so that nothing raised afterwards can be missed.
 */
export async function followAlerts(t: TestGateway, accessToken: string) {
  const client = wsClient(t.wsUrl, { authorization: `Bearer ${accessToken}` });
  const received: RaisedAlert[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<RiskAlertRaisedSubscription>(
    { query: print(RiskAlertRaisedDocument) },
    {
      next: (result) => (result.errors ? errors.push(result.errors) : received.push(result.data!.riskAlertRaised)),
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  const probe = `probe:${randomUUID()}`;
  await expect
    .poll(
      async () => {
        if (!received.some((a) => a.subject === probe)) await seedAlert(t, { kind: 'TRANSFER_HELD', severity: 'LOW', customerId: null, subject: probe });
        return received.some((a) => a.subject === probe) || errors.length > 0;
      },
      { timeout: 5000, interval: 100 },
    )
    .toBe(true);
  expect(errors).toEqual([]);
  return {
    received,
    errors,
    /** The alerts about `subject` received so far. */
    about: (subject: string) => received.filter((a) => a.subject === subject),
    close: async () => {
      stop();
      await client.dispose();
    },
  };
}
