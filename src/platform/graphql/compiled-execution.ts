/**
 * Queries and mutations over HTTP run as compiled code (graphql-jit) instead of graphql-js's
 * interpreter, once a document has proved it is used again. graphql-js re-reads the document and
 * the schema for every field of every object it completes (which definition, which resolver, which
 * arguments, which type); a compiled document is a function that walks exactly its selection. For
 * a page of a hundred transactions that interpretation was most of the request's CPU.
 *
 * Apollo still parses, validates (our limits included), runs our plugins, formats errors and writes
 * the response; only the execution step changes, through Apollo's gateway interface — the extension
 * point Apollo gives for running the same schema with another executor. Subscriptions over
 * WebSocket keep graphql-js (graphql-ws.ts and the multiplexer).
 *
 * The short route: the gateway's plugin runs the operation in `responseForOperation` (`respond`),
 * Apollo's hook for answering an operation without executing it (a response cache's), and hands an
 * answer without errors back there. Apollo's execution step (a gateway request context with two
 * header wrappers, an Accept negotiation for incremental delivery, two rounds of execution hooks,
 * error formatting of no errors) is then skipped: in an A/B (`npm run bench:ab`) 22 µs of the 65
 * of `{ __typename }`, 62 of the 296 of the customer view. Where the answer's content type is
 * certain, it is set there too, and Apollo does not negotiate it. An answer with errors, or an
 * operation that threw, is kept for the request and returned by the executor when Apollo runs its
 * execution step next, so it is formatted, logged and given its status exactly as before, and
 * nothing runs twice.
 *
 * Tiers, as Mercurius does it: a document runs on graphql-js for its first `after` executions and
 * is compiled at the next one. Compiling costs far more than validating, and a document sent once
 * (a client probing, or an attacker sending a new document with every request) never pays it.
 * Compiled documents are kept by parsed document (Apollo's document store gives every request with
 * the same text the same DocumentNode), at most {@link MAX_COMPILED}, a document not used lately
 * dropped first: their code is not counted by Apollo's store, so it is bounded here.
 *
 * One rule for resolvers follows (held by the test suite, which compiles every document on first
 * use): a field without a resolver must hold its value, not a promise of it — compiled code reads
 * it directly, where graphql-js's default resolver would wait for it.
 *
 * Where graphql-jit and graphql-js differ otherwise, graphql-js's behaviour is kept:
 * - a variable with a default that the request omits gets its default (graphql-jit would refuse
 *   `$first: Int! = 20` as "not provided");
 * - a request that fails before anything runs (variables that do not coerce) is failed by
 *   graphql-js, with the errors Apollo answers as BAD_USER_INPUT (and 400 where the client accepts
 *   application/graphql-response+json); nothing runs twice;
 * - every error is a graphql-js GraphQLError with an `extensions` object (Apollo reads its code);
 * - abstract types need a type resolver that answers at once, not a promise (relay.ts sets Node's);
 * - a list whose items are promises keeps every item in its place when some fail: graphql-jit 0.8.9
 *   appended the null of a failed item to the end of the list (`nodes(ids)` lost its last entries
 *   when they failed first); patches/graphql-jit+0.8.9.patch puts it at its index, applied by
 *   `npm ci` (postinstall: patch-package).
 */
import { HeaderMap, type ApolloServerOptionsWithGateway, type GraphQLRequestListener, type GraphQLResponse } from '@apollo/server';
import {
  execute,
  getOperationAST,
  GraphQLError,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type * as GraphQLJit from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';

type Compiler = typeof GraphQLJit;

type GatewayInterface = ApolloServerOptionsWithGateway<object>['gateway'];
type ExecuteArgs = Pick<ExecutionArgs, 'document' | 'contextValue' | 'variableValues' | 'operationName'>;
type PromiseOrValue<T> = Promise<T> | T;
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type RespondHook = NonNullable<GraphQLRequestListener<object>['responseForOperation']>;
/** What `respond` ran and Apollo must still answer (it carries errors, or it threw). */
type Ran = { result: ExecutionResult } | { thrown: unknown };

/** Compiled documents kept at most (one not used lately dropped first); each holds its generated code. */
export const MAX_COMPILED = 1000;

export interface CompiledExecutionOptions {
  /** Executions on graphql-js before a document is compiled (0: compiled on first use, the compiler loaded at start). */
  after: number;
  /** Compiled documents kept at most; {@link MAX_COMPILED} when absent. */
  maxCompiled?: number;
}

export interface CompiledExecution {
  /** Pass as ApolloServer's `gateway` (instead of `schema`). */
  gateway: GatewayInterface;
  /** Runs one operation as Apollo's executor would (tiers included). */
  execute(args: ExecuteArgs): Promise<ExecutionResult>;
  /**
   * For the gateway's one plugin listener, as `responseForOperation`: runs the operation there and
   * answers it when it has no errors (see {@link compiledExecution}'s note on the short route).
   */
  respond: RespondHook;
  /** Whether `document` is compiled and kept now. */
  isCompiled(document: DocumentNode): boolean;
  /** Operations executed so far by the engine that answered them, and the documents compiled and kept now. */
  stats(): { compiled: number; interpreted: number; documents: number };
  /** Loads the compiler now (it is loaded at the first operation otherwise; until then documents run on graphql-js). */
  ready(): Promise<void>;
}

/** One operation of a document, compiled. */
interface Compiled {
  query: CompiledQuery['query'];
  /** Variables with a default in the operation, as a client would send them. */
  defaults: readonly (readonly [string, unknown])[];
}

export function compiledExecution(schema: GraphQLSchema, options: CompiledExecutionOptions): CompiledExecution {
  const maxCompiled = options.maxCompiled ?? MAX_COMPILED;
  /** Interpreted executions so far of documents not compiled yet. Dropped with the document. */
  const runs = new WeakMap<DocumentNode, number>();
  /**
   * Compiled documents, oldest first. `used`: asked for since it was last passed over for
   * eviction (second chance: a hit sets a flag instead of moving the entry, so a hit costs no Map
   * writes, and a document in use is not the one dropped).
   */
  const compiled = new Map<DocumentNode, { byName: Map<string, Compiled | null>; used: boolean }>();
  const executions = { compiled: 0, interpreted: 0 };
  let compiler: Compiler | undefined;
  let loading: Promise<void> | undefined;
  // graphql-jit is loaded with the first operation, not at start: with fast-json-stringify (which it
  // imports though we do not use it) it is ~14 MB of RSS and ~150 ms to load, which an idle
  // gateway, or one with compiled execution off, does not need.
  const load = () =>
    (loading ??= import('graphql-jit').then((module) => {
      compiler = module;
    }));

  function interpret(args: ExecuteArgs) {
    executions.interpreted++;
    return execute({ schema, ...args });
  }

  function compiledFor(document: DocumentNode, operationName: string | undefined): Compiled | null | undefined {
    if (!compiler) {
      // Failing to load is failing to compile: graphql-js answers (and the next operation tries again).
      load().catch(() => (loading = undefined));
      return undefined;
    }
    let byName: Map<string, Compiled | null>;
    const kept = compiled.get(document);
    if (kept) {
      kept.used = true;
      byName = kept.byName;
    } else {
      const seen = runs.get(document) ?? 0;
      if (seen < options.after) {
        runs.set(document, seen + 1);
        return undefined;
      }
      runs.delete(document);
      if (compiled.size >= maxCompiled) evictOne();
      byName = new Map();
      compiled.set(document, { byName, used: false });
    }
    const key = operationName ?? '';
    let entry = byName.get(key);
    if (entry === undefined) {
      entry = compile(document, operationName);
      byName.set(key, entry);
    }
    return entry;
  }

  /** Drops the oldest document not asked for since it was last passed over. */
  function evictOne() {
    for (const [document, entry] of compiled) {
      compiled.delete(document);
      if (!entry.used) return;
      entry.used = false;
      compiled.set(document, entry);
    }
  }

  function compile(document: DocumentNode, operationName: string | undefined): Compiled | null {
    const { compileQuery, isCompiledQuery } = compiler!;
    // Leaves are serialised by their scalars, as graphql-js does; Apollo writes the response, so
    // graphql-jit's own JSON writer is not used. Its own errors need no stack (they carry a path).
    let result: CompiledQuery | ExecutionResult;
    try {
      result = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
    } catch {
      return null;
    }
    // Not compilable (no such operation; a construct the compiler refuses): graphql-js answers it.
    if (!isCompiledQuery(result)) return null;
    const operation = getOperationAST(document, operationName);
    return {
      query: result.query,
      defaults: (operation?.variableDefinitions ?? []).flatMap((definition) =>
        definition.defaultValue ? [[definition.variable.name.value, valueFromASTUntyped(definition.defaultValue)] as const] : [],
      ),
    };
  }

  /** Answers at once when nothing in the operation waits (no promise, no extra tick). */
  function run(args: ExecuteArgs): PromiseOrValue<ExecutionResult> {
    const { document, contextValue, variableValues, operationName } = args;
    const entry = compiledFor(document, operationName ?? undefined);
    if (!entry) return interpret(args);
    let variables = variableValues ?? undefined;
    for (const [name, value] of entry.defaults) {
      if (!variables || !Object.hasOwn(variables, name)) variables = { ...variables, [name]: value };
    }
    const result = entry.query(undefined, contextValue, variables);
    return result instanceof Promise ? result.then((settled) => finish(settled, args)) : finish(result, args);
  }

  function finish(result: ExecutionResult, args: ExecuteArgs): PromiseOrValue<ExecutionResult> {
    if (result.data === undefined) return interpret(args);
    executions.compiled++;
    if (result.errors) return { ...result, errors: result.errors.map(asGraphQLError) };
    return result;
  }

  /**
   * Operations `respond` ran that Apollo answers through the executor, by context (one per request;
   * the executor takes its entry, so nothing outlives the request).
   */
  const ran = new WeakMap<object, Ran>();

  const respond: RespondHook = async ({ document, request, contextValue, operation }) => {
    // A federation router asking for a field-level trace gets Apollo's own execution step, whose
    // hooks the trace plugin times the fields with.
    if (operation.operation === 'subscription' || request.http?.headers.get(FEDERATION_TRACE_HEADER) === 'ftv1') return null;
    let result: ExecutionResult;
    try {
      result = await run({ document, contextValue, variableValues: request.variables, operationName: request.operationName });
    } catch (thrown) {
      ran.set(contextValue, { thrown });
      return null;
    }
    if (result.errors === undefined) {
      const http = request.http?.headers.get('accept') === GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE_HEAD : NO_HEAD;
      return { http, body: { kind: 'single', singleResult: result } };
    }
    ran.set(contextValue, { result });
    return null;
  };

  const executor: GatewayExecutor = ({ document, request, context }) => {
    const early = ran.get(context);
    if (early) {
      ran.delete(context);
      return 'thrown' in early ? Promise.reject(early.thrown) : Promise.resolve(early.result);
    }
    return Promise.resolve(run({ document, contextValue: context, variableValues: request.variables, operationName: request.operationName }));
  };

  return {
    gateway: {
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => {};
      },
      // Compiling at first use needs the compiler there from the start; otherwise it loads with the first operation.
      load: async () => {
        if (options.after === 0) await load();
        return { executor };
      },
      stop: async () => {},
    },
    execute: async (args) => run(args),
    respond,
    isCompiled: (document) => compiled.has(document),
    stats: () => ({ ...executions, documents: compiled.size }),
    ready: load,
  };
}

/**
 * The HTTP head of an answer without errors: nothing to add to what Apollo sets. Shared and never
 * written: Apollo only reads a plugin's head, merging it into the request's own.
 */
const NO_HEAD: GraphQLResponse['http'] = { status: undefined, headers: new HeaderMap() };

/**
 * An answer's content type, where it is certain without negotiating: for `Accept:
 * application/graphql-response+json` alone (what the HTTP handler sends Apollo for the headers
 * that negotiated to it, graphql-http.ts), Apollo's negotiation (a few µs of every request) can
 * only choose that type. Set here, it is not negotiated again; every other Accept header is left
 * to Apollo.
 */
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
/** The header with which a federation router asks a subgraph for a trace of each field (`ftv1`). */
const FEDERATION_TRACE_HEADER = 'apollo-federation-include-trace';
const GRAPHQL_RESPONSE_HEAD: GraphQLResponse['http'] = {
  status: undefined,
  headers: new HeaderMap([['content-type', `${GRAPHQL_RESPONSE}; charset=utf-8`]]),
};

/**
 * graphql-jit's errors are GraphQLErrors by prototype only: one made from an error without
 * `extensions` has none, where graphql-js's always has an object — and Apollo reads
 * `error.extensions.code` (it would turn a backend's UPSTREAM_UNAVAILABLE into a masked internal
 * error). Each becomes what graphql-js would have made: same message, path, locations and cause.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (made as { locations: GraphQLError['locations'] }).locations = error.locations;
  return made;
}
