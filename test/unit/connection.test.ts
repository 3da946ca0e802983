import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeKeysetCursor, encodeKeysetCursor, pageRequest, toConnection } from '../../src/platform/graphql/connection.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? [error.extensions.code, error.extensions.field] : error;
  }
  return 'no error';
};

describe('keyset cursors', () => {
  const at = new Date('2026-11-30T08:15:00.123Z');

  it('decode what they encode, in the list that issued them', () => {
    const cursor = encodeKeysetCursor({ at, id: 'a1b2' }, 'myFeedback');
    expect(decodeKeysetCursor(cursor, 'myFeedback')).toEqual({ at, id: 'a1b2' });
    expect(decodeKeysetCursor(null, 'myFeedback')).toBeNull();
  });

  it('refuse a cursor of another list, a garbled one and a hand-made one as BAD_USER_INPUT on after', () => {
    const cursor = encodeKeysetCursor({ at, id: 'a1b2' }, 'myFeedback');
    expect(codeOf(() => decodeKeysetCursor(cursor, 'myTransfers'))).toEqual(['BAD_USER_INPUT', 'after']);
    expect(codeOf(() => decodeKeysetCursor('garbage!', 'myFeedback'))).toEqual(['BAD_USER_INPUT', 'after']);
    expect(codeOf(() => decodeKeysetCursor(`${cursor}=`, 'myFeedback'))).toEqual(['BAD_USER_INPUT', 'after']);
    const noTime = Buffer.from('myFeedback|yesterday|a1b2').toString('base64url');
    expect(codeOf(() => decodeKeysetCursor(noTime, 'myFeedback'))).toEqual(['BAD_USER_INPUT', 'after']);
  });
});

describe('pageRequest', () => {
  it('takes first 1-100 and asks for one row more', () => {
    expect(pageRequest('l', 1, null)).toEqual({ list: 'l', first: 1, after: null, limit: 2 });
    expect(pageRequest('l', 100, undefined).limit).toBe(101);
  });

  it.each([0, -1, 101, 2.5])('refuses first %s as BAD_USER_INPUT on first', (first) => {
    expect(codeOf(() => pageRequest('l', first, null))).toEqual(['BAD_USER_INPUT', 'first']);
  });
});

describe('toConnection', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `r${n}`, at: new Date(Date.UTC(2026, 0, n)) }));

  it('cuts the extra row, says another page follows and ends on the last edge', () => {
    const page = pageRequest('l', 2, null);
    const connection = toConnection(page, rows, 7, (row) => row, (row) => ({ name: row.id }));
    expect(connection.nodes).toEqual([{ name: 'r1' }, { name: 'r2' }]);
    expect(connection.edges.map((e) => e.node)).toEqual(connection.nodes);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: connection.edges[1]!.cursor });
    expect(decodeKeysetCursor(connection.pageInfo.endCursor, 'l')).toEqual(rows[1]);
    expect(connection.totalCount).toBe(7);
  });

  it('ends an empty page with no cursor', () => {
    expect(toConnection(pageRequest('l', 2, null), [], 0, (row: (typeof rows)[number]) => row, (row) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
