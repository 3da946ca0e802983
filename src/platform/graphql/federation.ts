/**
 * The schema as an Apollo Federation 2 subgraph: the same types and resolvers, plus `@key` on the
 * entity types, `Query._service` (our SDL for the router) and `Query._entities` (entities by key,
 * through the reference resolvers the caller passes — the modules' own access rules).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { Kind, parse, printSchema, type DocumentNode, type GraphQLSchema, type ObjectTypeDefinitionNode } from 'graphql';
import { createResolversMap } from 'type-graphql';

/** Loads one entity from its representation (`{ __typename, id }`); throws as the type's own query would. */
export type ReferenceResolver = (representation: { id: string }, context: unknown) => Promise<unknown>;

const LINK = 'https://specs.apollo.dev/federation/v2.3';

/** The SDL of `schema` with `@key(fields: "id")` on each of `entities` and the federation link. Pure. */
export function subgraphTypeDefs(schema: GraphQLSchema, entities: readonly string[]): DocumentNode {
  const document = parse(printSchema(schema));
  const keyed = new Set(entities);
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || !keyed.has(definition.name.value)) return definition;
    keyed.delete(definition.name.value);
    const key = parse(`type T @key(fields: "id") { id: ID }`).definitions[0] as ObjectTypeDefinitionNode;
    return { ...definition, directives: [...(definition.directives ?? []), ...(key.directives ?? [])] };
  });
  if (keyed.size > 0) throw new Error(`No such entity type: ${[...keyed].join(', ')}`);
  const link = parse(`extend schema @link(url: "${LINK}", import: ["@key"])`).definitions;
  return { ...document, definitions: [...link, ...definitions] };
}

/**
 * Rebuilds `schema` (type-graphql's) as a federation subgraph. Passes that wrap resolvers after the
 * build (global ids, string guards) must run on the result.
 */
export function buildSubgraph(schema: GraphQLSchema, references: Readonly<Record<string, ReferenceResolver>>): GraphQLSchema {
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, resolveReference] of Object.entries(references)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({ typeDefs: subgraphTypeDefs(schema, Object.keys(references)), resolvers });
}
