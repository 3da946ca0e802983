/**
 * Baseline limits on what one operation may ask for: selection depth, field count and alias count,
 * counted after fragments are expanded. The token limit is the parser's (`maxTokens`).
 *
 * Introspection fields (`__schema`, `__type`) are not counted: the standard introspection query is
 * deep by design, and introspection itself is switched off in production.
 */
import {
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { QueryLimitError } from '../errors.js';

export interface QueryLimits {
  maxDepth: number;
  maxFields: number;
  maxAliases: number;
}

interface Measure {
  depth: number;
  fields: number;
  aliases: number;
}

/** A graphql-js validation rule enforcing `limits` on every operation of a document. */
export function createLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const measure = measureSelectionSet(operation.selectionSet, fragments, new Map());
      const name = operation.name ? `Operation "${operation.name.value}"` : 'The operation';
      if (measure.depth > limits.maxDepth) {
        context.reportError(
          new QueryLimitError('depth', `${name} is nested ${measure.depth} levels deep; the maximum is ${limits.maxDepth}.`),
        );
      }
      if (measure.fields > limits.maxFields) {
        context.reportError(
          new QueryLimitError('fields', `${name} selects ${measure.fields} fields; the maximum is ${limits.maxFields}.`),
        );
      }
      if (measure.aliases > limits.maxAliases) {
        context.reportError(
          new QueryLimitError('aliases', `${name} uses ${measure.aliases} aliases; the maximum is ${limits.maxAliases}.`),
        );
      }
      return false;
    },
  });
}

/**
 * Depth counts field levels, leaves included: `{ a { b } }` is 2. Each fragment is measured once
 * and reused, so a document that spreads fragments into each other many times (a "fragment bomb")
 * is measured in linear time while its expanded size is still counted in full.
 */
function measureSelectionSet(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  // Finished fragments hold their measure; those being measured hold `null`: a spread back into
  // one of them is a cycle, which graphql's own NoFragmentCycles rule reports. We just stop there.
  memo: Map<string, Measure | null>,
): Measure {
  const total: Measure = { depth: 0, fields: 0, aliases: 0 };
  const add = (m: Measure, depthOffset: number) => {
    total.depth = Math.max(total.depth, m.depth + depthOffset);
    total.fields += m.fields;
    total.aliases += m.aliases;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__') && selection.name.value !== '__typename') continue;
      total.fields += 1;
      if (selection.alias) total.aliases += 1;
      total.depth = Math.max(total.depth, 1);
      if (selection.selectionSet) add(measureSelectionSet(selection.selectionSet, fragments, memo), 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(measureSelectionSet(selection.selectionSet, fragments, memo), 0);
    } else {
      const name = selection.name.value;
      const known = memo.get(name);
      if (known) {
        add(known, 0);
        continue;
      }
      const fragment = fragments.get(name);
      if (!fragment || known === null) continue;
      memo.set(name, null);
      const measure = measureSelectionSet(fragment.selectionSet, fragments, memo);
      memo.set(name, measure);
      add(measure, 0);
    }
  }
  return total;
}
