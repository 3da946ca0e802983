/** Shared helpers of the corporate suites: sessions of the demo representatives, experts and tellers, and a valid submission. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { DEMO_CUSTOMERS } from '../../../mocks/index.js';
import { SubmitCorporateRequestDocument, type SubmitCorporateRequestMutationVariables } from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import type { TestGateway } from '../../support/gateway.js';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image')]);

/** Huaxin Technology (Huang Wei signs for it; Wang Fang, who is expert.lin, sits on its board) and Jiangnan Trading (Gao Jun). */
export const HUAXIN = { companyId: 'CO000001', account: 'CO000001-A01', usdAccount: 'CO000001-A02', rep: 'huang.wei', person: DEMO_CUSTOMERS.huangWei };
export const JIANGNAN = { companyId: 'CO000002', account: 'CO000002-A01', rep: 'gao.jun', person: DEMO_CUSTOMERS.gaoJun };

export type Headers = Record<string, string>;
export interface Sessions {
  customer: Record<string, Headers & { token?: string }>;
  tokens: Record<string, string>;
  staff: Record<string, Headers>;
}

/** Logs in the representatives, a private customer, the three experts, a teller and a loan reviewer. */
export async function sessions(t: TestGateway): Promise<Sessions> {
  const s: Sessions = { customer: {}, tokens: {}, staff: {} };
  for (const username of ['huang.wei', 'gao.jun', 'wang.fang']) {
    const session = await loginCustomer(t, username);
    s.customer[username] = session.headers;
    s.tokens[username] = session.accessToken;
  }
  for (const username of ['expert.qian', 'expert.lin', 'expert.xu', 'teller.li', 'reviewer.wu', 'admin.ma']) {
    const session = await loginStaff(t, username);
    s.staff[username] = session.headers;
    s.tokens[username] = session.accessToken;
  }
  return s;
}

/** A date `days` from today, YYYY-MM-DD (UTC). */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const doc = (kind: string, content: Buffer = PDF, contentType = 'application/pdf') => ({
  kind,
  fileName: `${kind.toLowerCase()}.pdf`,
  contentType,
  contentBase64: content.toString('base64'),
});

type Input = SubmitCorporateRequestMutationVariables['input'];

export function billDiscounting(company: { companyId: string; account: string }, amount = '800000.00', overrides: Partial<Input> = {}): Input {
  return {
    companyId: company.companyId,
    kind: 'BILL_DISCOUNTING' as Input['kind'],
    amount,
    currency: 'CNY',
    settlementAccountId: company.account,
    purpose: 'Working capital against a customer bill',
    bill: { billNumber: `BA-${Date.now().toString(36).toUpperCase()}`, acceptor: 'Bank of Shanghai', maturityDate: inDays(120) },
    documents: [doc('BILL'), doc('TRADE_CONTRACT')],
    ...overrides,
  };
}

export function guaranteeRequest(company: { companyId: string; account: string }, amount = '300000.00'): Input {
  return {
    companyId: company.companyId,
    kind: 'LETTER_OF_GUARANTEE' as Input['kind'],
    amount,
    currency: 'CNY',
    settlementAccountId: company.account,
    purpose: 'Performance guarantee for a supply contract',
    guarantee: { beneficiary: 'Shanghai Metro Construction Co.', guaranteeType: 'PERFORMANCE', expiryDate: inDays(365) },
    documents: [doc('UNDERLYING_CONTRACT')],
  };
}

/** Submits and expects success. */
export async function submit(t: TestGateway, headers: Headers, input: Input, idempotencyKey = `corp-${randomUUID()}`) {
  const { data, errors } = await execute(t.url, SubmitCorporateRequestDocument, { input, idempotencyKey }, headers);
  expect(errors).toBeUndefined();
  return data!.submitCorporateRequest;
}

export const code = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.code;
