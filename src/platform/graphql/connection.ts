import { GraphQLError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';

/** Where a page of a cursor connection ends (Relay's PageInfo), shared by every connection. */
@ObjectType({ description: 'Where a page of a connection ends: pass `endCursor` as `after` for the next page.', simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when another page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge on this page; null on an empty page.' })
  endCursor!: string | null;
}

/** Where a keyset page resumes: the sort time and id of the last row a client saw. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

/** The opaque cursor of a row sorted by (time, id). Pure. */
export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/**
 * The position an `after` cursor names; null for none.
 * @throws GraphQLError BAD_USER_INPUT (`field: after`) for a cursor this gateway did not issue
 */
export function decodeKeysetCursor(after: string | null | undefined): KeysetCursor | null {
  if (after === null || after === undefined) return null;
  const [at, id, ...rest] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (rest.length > 0 || !id || Number.isNaN(date.getTime()) || encodeKeysetCursor({ at: date, id }) !== after) {
    throw new GraphQLError('after: not a cursor from this list.', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  }
  return { at: date, id };
}

/**
 * A page from `rows` fetched with `limit: first + 1`: the extra row only says another page follows.
 * Pure.
 */
export function keysetPage<Row>(rows: Row[], first: number, position: (row: Row) => KeysetCursor) {
  const items = rows.slice(0, first);
  const edges = items.map((node) => ({ cursor: encodeKeysetCursor(position(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
