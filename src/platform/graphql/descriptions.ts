/**
 * The schema's documentation check: every type, field, argument, input field and enum value a
 * client can see must say what it is for. Pure; the CLI (src/cli/check-descriptions.ts) runs it
 * over the emitted schema in CI.
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLSchema,
} from 'graphql';

const blank = (text: string | null | undefined) => !text || text.trim() === '';

/**
 * The schema coordinates that have no description, sorted: `Type`, `Type.field`,
 * `Type.field(argument)`, `Input.field`, `Enum.VALUE`. Introspection types and graphql's own
 * scalars are not ours to document; federation's `_Service`/`_Any`/`_Entity` are Apollo's.
 */
export function missingDescriptions(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type) || type.name.startsWith('_')) continue;
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith('_')) continue;
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    } else if (isUnionType(type)) {
      // A union's members are types of their own, checked above.
    }
  }
  return missing.sort();
}
