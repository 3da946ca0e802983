import { and, eq, gt, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

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

/**
 * The opaque cursor of a row sorted by (time, id) in the list named `list` (a cursor only works in
 * the list that issued it). Pure.
 */
export function encodeKeysetCursor(cursor: KeysetCursor, list: string): string {
  return Buffer.from(`${list}|${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

const badCursor = () => new GraphQLError('after: not a cursor from this list.', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });

/**
 * The position an `after` cursor of `list` names; null for none.
 * @throws GraphQLError BAD_USER_INPUT (`field: after`) for a cursor this list did not issue
 */
export function decodeKeysetCursor(after: string | null | undefined, list: string): KeysetCursor | null {
  if (after === null || after === undefined) return null;
  const [name, at, id, ...rest] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (name !== list || rest.length > 0 || !id || Number.isNaN(date.getTime()) || encodeKeysetCursor({ at: date, id }, list) !== after) throw badCursor();
  return { at: date, id };
}

/** What a client asked of a keyset connection, checked: `first` in range, `after` from this list. */
export interface PageRequest {
  list: string;
  first: number;
  after: KeysetCursor | null;
  /** Rows to fetch: one more than `first`, to know whether another page follows. */
  limit: number;
}

/**
 * The page a client asked for in the connection `list`.
 * @throws GraphQLError BAD_USER_INPUT (`field: first`) for `first` outside 1-`max`, (`field: after`) for a foreign or garbled cursor
 */
export function pageRequest(list: string, first: number, after: string | null | undefined, max = 100): PageRequest {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new GraphQLError(`first: 1-${max}.`, { extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  }
  return { list, first, after: decodeKeysetCursor(after, list), limit: first + 1 };
}

/**
 * The rows after `after` in the order (time, id) ascending or descending: a keyset condition
 * for drizzle's `where` (undefined on the first page).
 */
export function afterKeyset(time: AnyColumn, id: AnyColumn, after: KeysetCursor | null, order: 'asc' | 'desc'): SQL | undefined {
  if (!after) return undefined;
  const beyond = order === 'asc' ? gt : lt;
  return or(beyond(time, after.at), and(eq(time, after.at), beyond(id, after.id)));
}

/**
 * A page from `rows` fetched with `limit: first + 1`: the extra row only says another page follows.
 * Pure.
 */
export function keysetPage<Row>(rows: Row[], first: number, position: (row: Row) => KeysetCursor, list: string) {
  const items = rows.slice(0, first);
  const edges = items.map((node) => ({ cursor: encodeKeysetCursor(position(node), list), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** A Relay connection's value: edges, the same nodes without cursors, pageInfo and totalCount. */
export interface ConnectionValue<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** The connection of a page of `rows` (fetched with `page.limit`), each turned into its GraphQL object. Pure. */
export function toConnection<Row, Node>(page: PageRequest, rows: Row[], totalCount: number, position: (row: Row) => KeysetCursor, toNode: (row: Row) => Node): ConnectionValue<Node> {
  const { edges, pageInfo } = keysetPage(rows, page.first, position, page.list);
  const mapped = edges.map(({ cursor, node }) => ({ cursor, node: toNode(node) }));
  return { edges: mapped, nodes: mapped.map((edge) => edge.node), pageInfo, totalCount };
}

/**
 * The Edge and Connection object types of a node type (`<name>Edge`, `<name>Connection`), with
 * `edges`, `nodes`, `pageInfo` and `totalCount`.
 * @param plural what the nodes are, for descriptions ("transfers")
 */
export function connectionType<Node extends object>(node: ClassType<Node>, name: string, plural: string): ClassType<ConnectionValue<Node>> {
  @ObjectType(`${name}Edge`, { description: `One of the ${plural} of a page, with the cursor to resume after it.`, simpleResolvers: true })
  class Edge {
    @Field(() => String, { description: `Pass as \`after\` to get the ${plural} that follow this one.` })
    cursor!: string;

    @Field(() => node, { description: `The node: one of the ${plural}.` })
    node!: Node;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${plural} (Relay connection), in the order the field that returns it states: pass \`pageInfo.endCursor\` as \`after\` for the next page.`,
    simpleResolvers: true,
  })
  class Connection {
    @Field(() => [Edge], { description: `The ${plural} of this page with their cursors, in the list's order.` })
    edges!: Edge[];

    @Field(() => [node], { description: `The ${plural} of this page, in the list's order (the edges' nodes, without cursors).` })
    nodes!: Node[];

    @Field(() => PageInfo, { description: 'Whether more follow, and the cursor to ask for them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${plural} the list holds in all, on every page (the same access rules and filter as the list).` })
    totalCount!: number;
  }
  return Connection;
}
