import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MyAccountsDocument, MyTransfersDocument, SubmitTransferDocument, type MyTransfersQuery } from '../../generated/graphql.js';
import { errorCode, loginCustomer } from '../../support/auth.js';
import { execute, type GraphQLResponse } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
let liu: Record<string, string>;
const sent: string[] = [];

beforeAll(async () => {
  t = await sharedGateway();
  liu = (await loginCustomer(t, 'liu.yang')).headers;
  const account = (await execute(t.url, MyAccountsDocument, undefined, liu)).data!.me.accounts!.find((a) => a.kind === 'CURRENT' || a.kind === 'SAVINGS')!;
  for (let i = 0; i < 3; i++) {
    const { data, errors } = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: account.id, payeeAccountNumber: '6222021234567890123', payeeName: 'Zhang San', amount: '1.00', currency: account.currency }, idempotencyKey: `page-${randomUUID()}` },
      liu,
    );
    expect(errors).toBeUndefined();
    sent.push(data!.submitTransfer.id);
  }
});

describe('Query.myTransfers', () => {
  it('pages newest first by cursor, with no transfer twice or missed, and counts them all', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let pages = 0; pages < 50; pages++) {
      const response: GraphQLResponse<MyTransfersQuery> = await execute(t.url, MyTransfersDocument, { first: 2, after }, liu);
      expect(response.errors).toBeUndefined();
      const page: MyTransfersQuery['myTransfers'] = response.data!.myTransfers;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      total = page.totalCount;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    // The three sent here are the newest, newest first.
    expect(seen.slice(0, 3)).toEqual([...sent].reverse());
  });

  it('resumes after any edge, not only the last of a page', async () => {
    const first = (await execute(t.url, MyTransfersDocument, { first: 3 }, liu)).data!.myTransfers;
    const resumed = (await execute(t.url, MyTransfersDocument, { first: 1, after: first.edges[0]!.cursor }, liu)).data!.myTransfers;
    expect(resumed.edges.map((e) => e.node.id)).toEqual([first.edges[1]!.node.id]);
  });

  it('names the account of each transfer by its global id, which node(id) and the accounts list know', async () => {
    const response = await execute<{ myTransfers: { nodes: { id: string; fromAccountId: string }[] }; me: { accounts: { id: string }[] } }, unknown>(
      t.url,
      '{ myTransfers(first: 3) { nodes { id fromAccountId } } me { accounts { id } } }',
      undefined,
      liu,
    );
    expect(response.errors).toBeUndefined();
    const { myTransfers, me } = response.data!;
    expect(myTransfers.nodes.map((n) => n.id)).toEqual([...sent].reverse());
    for (const transfer of myTransfers.nodes) expect(me.accounts.map((a) => a.id)).toContain(transfer.fromAccountId);
    const node = await execute<{ node: { __typename: string; id: string } }, unknown>(t.url, `{ node(id: "${myTransfers.nodes[0]!.fromAccountId}") { __typename id } }`, undefined, liu);
    expect(node.data?.node).toEqual({ __typename: 'Account', id: myTransfers.nodes[0]!.fromAccountId });
  });

  it('keeps its place when a transfer is sent between two pages: nothing twice, nothing skipped', async () => {
    const firstPage = (await execute(t.url, MyTransfersDocument, { first: 2 }, liu)).data!.myTransfers;
    const account = (await execute(t.url, MyAccountsDocument, undefined, liu)).data!.me.accounts!.find((a) => a.kind === 'CURRENT' || a.kind === 'SAVINGS')!;
    const { errors } = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: account.id, payeeAccountNumber: '6222021234567890123', payeeName: 'Zhang San', amount: '1.00', currency: account.currency }, idempotencyKey: `page-${randomUUID()}` },
      liu,
    );
    expect(errors).toBeUndefined();
    const rest = (await execute(t.url, MyTransfersDocument, { first: 100, after: firstPage.pageInfo.endCursor }, liu)).data!.myTransfers;
    const all = (await execute(t.url, MyTransfersDocument, { first: 100 }, liu)).data!.myTransfers;
    // The new transfer is the newest: on a fresh first page, not in the rest of the old walk.
    expect([...firstPage.edges, ...rest.edges].map((e) => e.node.id)).toEqual(all.edges.slice(1).map((e) => e.node.id));
    expect(rest.totalCount).toBe(firstPage.totalCount + 1);
  });

  it("refuses a page size outside 1-100 and a cursor it did not issue, and shows nobody else's transfers", async () => {
    expect(errorCode(await execute(t.url, MyTransfersDocument, { first: 0 }, liu))).toBe('BAD_USER_INPUT');
    expect(errorCode(await execute(t.url, MyTransfersDocument, { first: 101 }, liu))).toBe('BAD_USER_INPUT');
    expect(errorCode(await execute(t.url, MyTransfersDocument, { first: 2, after: 'bm90LWEtY3Vyc29y' }, liu))).toBe('BAD_USER_INPUT');
    const other = await loginCustomer(t, 'sun.mei');
    const theirs = (await execute(t.url, MyTransfersDocument, { first: 100 }, other.headers)).data!.myTransfers;
    expect(theirs.edges.map((e) => e.node.id)).not.toEqual(expect.arrayContaining([sent[0]]));
    expect(theirs.totalCount).toBe(theirs.edges.length);
  });
});
