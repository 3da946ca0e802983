/** A small seed kit for the counter-service tests: terminals, logins, sample values, mock reads. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import {
  ConfirmServiceRequestDocument,
  RegisterBranchTerminalDocument,
  StartServiceRequestDocument,
  UpdateServiceRequestDocument,
  VerifyServiceIdentityDocument,
  type TerminalCredentialsInput,
} from '../../generated/graphql.js';
import { SERVICE_TEMPLATES, type ServiceTemplateSpec } from '../../../src/modules/services/services.catalogue.js';
import { lastOtp, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import type { TestGateway } from '../../support/gateway.js';

export const key = (prefix = 'k') => `${prefix}-${randomUUID()}`;
export const templateOf = (code: string): ServiceTemplateSpec => SERVICE_TEMPLATES.find((t) => t.code === code)!;

/** A value that passes each field's checks (accounts are pre-filled, so they are left alone). */
export function sampleFields(template: ServiceTemplateSpec): { name: string; value: string }[] {
  const samples: Record<string, string> = {
    cardLast4: '4821',
    creditCode: '91110000600037341L',
    payeeAccountNumber: '6222020200112233445',
    dayOfMonth: '15',
    copies: '2',
  };
  return template.fields
    .filter((f) => f.required && f.type !== 'OWN_ACCOUNT' && (!f.prefill || f.prefill === 'EARLIER_REQUEST'))
    .map((f) => {
      const value =
        samples[f.name] ??
        { TEXT: 'Test value', ENUM: f.options?.[0] ?? '', MONEY: '1500.00', DATE: '2027-01-15', PHONE: '13800138000', EMAIL: 'a@example.com', OWN_ACCOUNT: '' }[f.type];
      return { name: f.name, value };
    });
}

/** The customer's ID number as the CRM holds it (what the teller reads off the ID card). */
export async function idNumberOf(t: TestGateway, customerId: string): Promise<string> {
  const response = await fetch(`${t.backends.crm}/customers:batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerIds: [customerId] }) });
  const { results } = (await response.json()) as { results: { idNumber: string }[] };
  return results[0]!.idNumber;
}

/** Core banking's service orders for a customer (what "the account shows"). */
export async function serviceOrdersOf(t: TestGateway, customerId: string): Promise<{ orderId: string; operation: string; accountId: string | null }[]> {
  const response = await fetch(`${t.backends.coreBanking}/service-orders?customerId=${customerId}`);
  return ((await response.json()) as { items: { orderId: string; operation: string; accountId: string | null }[] }).items;
}

export async function crmChangesOf(t: TestGateway, customerId: string): Promise<{ changeId: string; operation: string }[]> {
  const response = await fetch(`${t.backends.crm}/customers/${customerId}/changes`);
  return ((await response.json()) as { items: { changeId: string; operation: string }[] }).items;
}

/** A teller signed in on a newly registered terminal of `branchId`. */
export async function tellerAt(t: TestGateway, branchId: string): Promise<{ headers: Record<string, string>; terminal: TerminalCredentialsInput }> {
  const admin = await loginStaff(t, 'admin.ma');
  const registered = await execute(t.url, RegisterBranchTerminalDocument, { branchId, label: 'Counter 1' }, admin.headers);
  expect(registered.errors).toBeUndefined();
  const { terminalId, secret } = registered.data!.registerBranchTerminal;
  const teller = await loginStaff(t, 'teller.li');
  return { headers: teller.headers, terminal: { terminalId, secret } };
}

/** Customer self-service: start → verify (code when needed) → fill → confirm. */
export async function selfService(t: TestGateway, headers: Record<string, string>, code: string) {
  const template = templateOf(code);
  const started = await execute(t.url, StartServiceRequestDocument, { templateCode: code, idempotencyKey: key() }, headers);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startServiceRequest.id;
  const otp = template.identityLevel === 'SESSION' ? null : await lastOtp(t);
  const verified = await execute(t.url, VerifyServiceIdentityDocument, { id, code: otp }, headers);
  expect(verified.errors).toBeUndefined();
  const updated = await execute(t.url, UpdateServiceRequestDocument, { id, fields: sampleFields(template) }, headers);
  expect(updated.errors).toBeUndefined();
  const confirmed = await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: key() }, headers);
  return { id, verified, updated, confirmed };
}

/** The branch variant: a teller on a terminal starts it for the customer at the counter. */
export async function atCounter(t: TestGateway, desk: { headers: Record<string, string>; terminal: TerminalCredentialsInput }, customerId: string, code: string) {
  const template = templateOf(code);
  const { headers, terminal } = desk;
  const started = await execute(t.url, StartServiceRequestDocument, { templateCode: code, idempotencyKey: key(), customerId, terminal }, headers);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startServiceRequest.id;
  const verified = await execute(t.url, VerifyServiceIdentityDocument, { id, idDocumentNumber: await idNumberOf(t, customerId), terminal }, headers);
  expect(verified.errors).toBeUndefined();
  const updated = await execute(t.url, UpdateServiceRequestDocument, { id, fields: sampleFields(template), terminal }, headers);
  expect(updated.errors).toBeUndefined();
  const confirmed = await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: key(), terminal }, headers);
  return { id, confirmed };
}
