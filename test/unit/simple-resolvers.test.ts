import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/schema.js';
import { createInProcessPubSub } from '../../src/platform/pubsub.js';

// `simpleResolvers: true` lets graphql-js read plain data fields directly (no per-field wrapper on the
// customer view's hot path), but type-graphql then silently skips @Authorized and middlewares on
// those fields. This keeps anyone from adding either to such a type and believing it is enforced.
describe('object types with simple resolvers', () => {
  it('carry no field-level authorization or middleware, which type-graphql would not run', async () => {
    await buildGatewaySchema(createInProcessPubSub());
    const simple = getMetadataStorage().objectTypes.filter((type) => type.simpleResolvers);
    expect(simple.map((type) => type.name)).toEqual(expect.arrayContaining(['Account', 'Money', 'CustomerProfile']));
    const guarded = simple.flatMap((type) =>
      (type.fields ?? [])
        .filter((field) => field.simple !== false && ((field.roles?.length ?? 0) > 0 || (field.middlewares?.length ?? 0) > 0))
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(guarded).toEqual([]);
  });
});
