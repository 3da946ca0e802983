/**
 * Relay's global object identification: the `Node` interface, opaque global ids and the schema
 * pass that makes them work everywhere.
 *
 * A global id is `base64url("<Type>:<local id>")`. Clients must treat it as opaque: the encoding
 * may change, the id stays valid for as long as the object exists.
 *
 * `applyGlobalIds(schema)`:
 * - the `id` field of every type implementing `Node` answers the global id (the local id — customer
 *   number, account id, row uuid — stays on the object for every other resolver);
 * - every `ID` argument and `ID` input field accepts either a global id of a `Node` type or the
 *   local id, and resolvers only ever see the local id. So `transfer(id:)`, `confirmTransfer(id:)`
 *   or `TransferInput.fromAccountId` take the `id` a client just read, and the local ids shown
 *   elsewhere (`Transfer.fromAccountId`, `RiskAlert.customerId`) keep working too.
 *   `Query.node(id)` / `Query.nodes(ids)` are left alone: they need the type.
 */
import {
  defaultFieldResolver,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Field, ID, InterfaceType } from 'type-graphql';

/** Which object type a value returned through `Node` is (set by whoever loads it). */
const nodeTypes = new WeakMap<object, string>();

/** `Node`'s type resolution: the type name `asNode` gave the value. Answers at once (compiled execution needs it so). */
const nodeTypeOf = (value: unknown) => nodeTypes.get(value as object);

/** Marks `value` as an object of GraphQL type `typeName` for `Node`'s type resolution. */
export function asNode<T extends object>(value: T, typeName: string): T {
  nodeTypes.set(value, typeName);
  return value;
}

@InterfaceType('Node', {
  description:
    'An object with a global id: pass its `id` to `node(id)` or `nodes(ids)` to fetch it again, with the same access rules as its own query.',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id: store it and pass it back as it is; never parse it.' })
  id!: string;
}

/** The global id of the object `localId` of `typeName`. Pure. */
export function toGlobalId(typeName: string, localId: string): string {
  return Buffer.from(`${typeName}:${localId}`, 'utf8').toString('base64url');
}

const GLOBAL_ID = /^[A-Za-z0-9_-]{4,}$/;
const DECODED = /^([A-Z][A-Za-z]*):(.+)$/s;

/** The type and local id a global id names, or undefined for anything else. Pure. */
export function fromGlobalId(globalId: string): { typeName: string; localId: string } | undefined {
  if (!GLOBAL_ID.test(globalId)) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  // A value that is not its own canonical encoding (stray bits, padding) was never one of ours.
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== globalId) return undefined;
  const match = DECODED.exec(decoded);
  return match ? { typeName: match[1]!, localId: match[2]! } : undefined;
}

/** `value` with every global id of a Node type replaced by its local id, along `type`. */
function localise(value: unknown, type: GraphQLInputType, nodeTypeNames: ReadonlySet<string>): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return localise(value, type.ofType, nodeTypeNames);
  if (isListType(type)) return Array.isArray(value) ? value.map((item) => localise(item, type.ofType, nodeTypeNames)) : localise(value, type.ofType, nodeTypeNames);
  if (isInputObjectType(type)) {
    // Keep the instance (type-graphql's validation reads its class): change fields in a copy of it.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>, value);
    for (const [name, field] of Object.entries(type.getFields())) {
      if (name in copy) copy[name] = localise(copy[name], field.type, nodeTypeNames);
    }
    return copy;
  }
  if (isScalarType(type) && type.name === 'ID' && typeof value === 'string') {
    const parsed = fromGlobalId(value);
    return parsed && nodeTypeNames.has(parsed.typeName) ? parsed.localId : value;
  }
  return value;
}

function carriesIds(type: GraphQLInputType, seen = new Set<string>()): boolean {
  if (isNonNullType(type) || isListType(type)) return carriesIds(type.ofType, seen);
  if (isScalarType(type)) return type.name === 'ID';
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((field) => carriesIds(field.type, seen));
  }
  return false;
}

const UNTOUCHED = new Set(['Query.node', 'Query.nodes', 'Query._entities']);

/**
 * Global ids out (`id` of every Node type, and the `references` fields that name a Node, by
 * coordinate → type name), local ids in (every ID argument). Run it on the built schema before any
 * other pass that wraps resolvers and should see what the client sent.
 * @returns the names of the Node types
 */
export function applyGlobalIds(schema: GraphQLSchema, references: Readonly<Record<string, string>> = {}): string[] {
  const nodeTypeNames = new Set(
    Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === 'Node'))
      .map((type) => type.name),
  );
  // type-graphql wraps the declared `resolveType` in an async function; compiled execution
  // (compiled-execution.ts) needs the answer at once, so the schema gets the function itself.
  const node = schema.getType('Node');
  if (isInterfaceType(node)) node.resolveType = nodeTypeOf;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const encodeAs = nodeTypeNames.has(type.name) && field.name === 'id' ? type.name : references[`${type.name}.${field.name}`];
      if (encodeAs) {
        const resolve = field.resolve ?? defaultFieldResolver;
        const encode = (localId: unknown) => (localId === null || localId === undefined ? localId : toGlobalId(encodeAs, String(localId)));
        field.resolve = (source, args, context, info) => {
          const localId: unknown = resolve(source, args, context, info);
          return localId instanceof Promise ? localId.then(encode) : encode(localId);
        };
      }
      if (UNTOUCHED.has(`${type.name}.${field.name}`) || !field.args.some((arg) => carriesIds(arg.type))) continue;
      const localArgs = (args: Record<string, unknown>) => {
        const copy = { ...args };
        for (const arg of field.args) if (arg.name in copy) copy[arg.name] = localise(copy[arg.name], arg.type, nodeTypeNames);
        return copy;
      };
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => resolve(source, localArgs(args), context, info);
      const subscribe = field.subscribe;
      if (subscribe) field.subscribe = (source, args, context, info) => subscribe(source, localArgs(args), context, info);
    }
  }
  return [...nodeTypeNames];
}
