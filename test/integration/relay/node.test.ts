import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  MyAccountsDocument,
  MyViewDocument,
  NodeDocument,
  NodesDocument,
  StartAccountOpeningDocument,
  SubmitTransferDocument,
  TransferByIdDocument,
  WithdrawLoanApplicationDocument,
} from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { globalId, localId } from '../../support/ids.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { seedAlert } from '../alerts/alerts-kit.js';

let t: TestGateway;
let owner: Record<string, string>;
let stranger: Record<string, string>;
let teller: Record<string, string>;
let officer: Record<string, string>;
let reviewer: Record<string, string>;
/** Global ids of li.na's objects, one of every Node type customers own. */
const mine: Record<'Customer' | 'Account' | 'Transfer' | 'LoanApplication' | 'AccountOpening', string> = {} as never;

beforeAll(async () => {
  t = await sharedGateway();
  // One after another: a login may need the latest one-time code.
  owner = (await loginCustomer(t, 'li.na')).headers;
  stranger = (await loginCustomer(t, 'chen.jie')).headers;
  teller = (await loginStaff(t, 'teller.li')).headers;
  officer = (await loginStaff(t, 'risk.zhang')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
  const me = (await execute(t.url, MyAccountsDocument, undefined, owner)).data!.me;
  const account = me.accounts!.find((a) => a.kind === 'CURRENT' || a.kind === 'SAVINGS')!;
  const transfer = await execute(
    t.url,
    SubmitTransferDocument,
    { input: { fromAccountId: account.id, payeeAccountNumber: '6222021234567890123', payeeName: 'Zhang San', amount: '1.00', currency: account.currency }, idempotencyKey: `node-${randomUUID()}` },
    owner,
  );
  expect(transfer.errors).toBeUndefined();
  const loan = await execute(
    t.url,
    ApplyForLoanDocument,
    { input: { productCode: 'PERSONAL_CONSUMER', amount: '20000.00', currency: 'CNY', termMonths: 12, purpose: 'Node test' }, idempotencyKey: `node-${randomUUID()}` },
    owner,
  );
  expect(loan.errors).toBeUndefined();
  const opening = await execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'CNY', idempotencyKey: `node-${randomUUID()}` }, owner);
  expect(opening.errors).toBeUndefined();
  Object.assign(mine, {
    Customer: me.id,
    Account: account.id,
    Transfer: transfer.data!.submitTransfer.id,
    LoanApplication: loan.data!.applyForLoan.id,
    AccountOpening: opening.data!.startAccountOpening.id,
  });
  await execute(t.url, WithdrawLoanApplicationDocument, { id: mine.LoanApplication }, owner);
});

describe('Query.node', () => {
  it('refetches every object a customer owns by the id it read, as the right type', async () => {
    for (const [typeName, id] of Object.entries(mine)) {
      const { data, errors } = await execute(t.url, NodeDocument, { id }, owner);
      expect(errors, typeName).toBeUndefined();
      expect(data!.node).toMatchObject({ __typename: typeName, id });
    }
  });

  it("answers another customer's objects exactly like ids that do not exist (BOLA)", async () => {
    const missing = await execute(t.url, NodeDocument, { id: globalId('Transfer', randomUUID()) }, stranger);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    for (const [typeName, id] of Object.entries(mine)) {
      const foreign = await execute(t.url, NodeDocument, { id }, stranger);
      expect(foreign.data?.node, typeName).toBeNull();
      expect(errorCode(foreign), typeName).toBe('NOT_FOUND');
      expect(foreign.errors![0]!.message).toBe(missing.errors![0]!.message);
    }
  });

  it('applies the staff rules of each type: tellers see customers, risk officers transfers, reviewers applications', async () => {
    const customer = await execute(t.url, NodeDocument, { id: mine.Customer }, teller);
    expect(customer.data!.node).toMatchObject({ __typename: 'Customer', customerNumber: localId(mine.Customer) });
    const account = await execute(t.url, NodeDocument, { id: mine.Account }, teller);
    expect(account.data!.node).toMatchObject({ __typename: 'Account', id: mine.Account });
    expect((await execute(t.url, NodeDocument, { id: mine.Transfer }, officer)).data!.node).toMatchObject({ __typename: 'Transfer' });
    expect((await execute(t.url, NodeDocument, { id: mine.LoanApplication }, reviewer)).data!.node).toMatchObject({ __typename: 'LoanApplication' });
    // transfer(id) is for customers and risk officers only; so is its node.
    expect(errorCode(await execute(t.url, NodeDocument, { id: mine.Transfer }, teller))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, NodeDocument, { id: mine.LoanApplication }, officer))).toBe('FORBIDDEN');
  });

  it('shows risk alerts to risk officers only', async () => {
    const alert = globalId('RiskAlert', await seedAlert(t, { customerId: 'C000004' }));
    expect((await execute(t.url, NodeDocument, { id: alert }, officer)).data!.node).toMatchObject({ __typename: 'RiskAlert', id: alert, alertStatus: 'OPEN' });
    expect(errorCode(await execute(t.url, NodeDocument, { id: alert }, owner))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, NodeDocument, { id: alert }, teller))).toBe('FORBIDDEN');
  });

  it('asks anonymous callers to log in, and answers NOT_FOUND to ids that are not ours', async () => {
    expect(errorCode(await execute(t.url, NodeDocument, { id: mine.Transfer }))).toBe('UNAUTHENTICATED');
    for (const id of ['', 'nonsense', localId(mine.Transfer), globalId('Product', 'PERSONAL_CONSUMER'), globalId('Transfer', 'not-a-uuid'), `${mine.Transfer}=`]) {
      const response = await execute(t.url, NodeDocument, { id }, owner);
      expect(response.data?.node, id).toBeNull();
      expect(errorCode(response), id).toBe('NOT_FOUND');
    }
  });

  it('lets the id a client read be passed to the type’s own query and mutations too', async () => {
    const { data, errors } = await execute(t.url, TransferByIdDocument, { id: mine.Transfer }, owner);
    expect(errors).toBeUndefined();
    expect(data!.transfer!.id).toBe(mine.Transfer);
    const me = await execute(t.url, MyViewDocument, undefined, owner);
    expect(me.data!.me).toMatchObject({ id: mine.Customer, customerNumber: localId(mine.Customer) });
  });
});

describe('Query.nodes', () => {
  it('answers in the order asked, with null and its own error for what the viewer may not see', async () => {
    const foreign = (await execute(t.url, MyAccountsDocument, undefined, stranger)).data!.me.accounts![0]!.id;
    const { data, errors } = await execute(t.url, NodesDocument, { ids: [mine.Transfer, foreign, mine.Account] }, owner);
    expect(data!.nodes.map((n) => n?.__typename ?? null)).toEqual(['Transfer', null, 'Account']);
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['nodes', 1], extensions: { code: 'NOT_FOUND' } });
  });

  it('refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, () => mine.Transfer);
    expect(errorCode(await execute(t.url, NodesDocument, { ids }, owner))).toBe('BAD_USER_INPUT');
  });
});
