/**
 * One rule for every string a client sends as an argument: a maximum length, and no characters
 * that make no sense in it (control characters, broken UTF-16). It runs before any resolver,
 * middleware or authorization check of a field, so no module has to remember it and nothing
 * downstream (throttle keys, SQL parameters, logs, backends) ever sees such a value.
 *
 * The policy is by kind, not by field:
 * - `LINE` (the default, every String and ID argument and input field): at most 200 characters,
 *   one line — no C0/C1 control character (tab and line breaks included), no DEL;
 * - `TEXT` (free text a person writes: reasons, resolutions, purposes): at most 2000 characters,
 *   tab and line breaks allowed, other control characters not;
 * - `BLOB` (encoded content, e.g. a document's base64): bounded by the HTTP body limit and the
 *   module's own size check; control characters still refused.
 * Lone UTF-16 surrogates are refused everywhere (PostgreSQL cannot store them).
 *
 * A value that breaks the rule is refused with BAD_USER_INPUT, `field` (the argument path, e.g.
 * `input.username`) and `reason` (`TOO_LONG`, `CONTROL_CHARACTER`, `INVALID_UNICODE`).
 */
import {
  defaultFieldResolver,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

export type StringKind = 'LINE' | 'TEXT' | 'BLOB';

export const STRING_LIMITS: Readonly<Record<StringKind, number>> = Object.freeze({
  LINE: 200,
  TEXT: 2000,
  BLOB: Number.POSITIVE_INFINITY,
});

/**
 * The arguments and input fields that are not one short line, by schema coordinate
 * (`Type.field(argument)` for arguments, `InputType.field` for input fields).
 */
export const STRING_KINDS: Readonly<Record<string, StringKind>> = Object.freeze({
  'Mutation.decideLoanApplication(reason)': 'TEXT',
  'Mutation.requestLoanDocuments(reason)': 'TEXT',
  'Mutation.withdrawLoanApplication(reason)': 'TEXT',
  'Mutation.releaseHeldTransfer(reason)': 'TEXT',
  'Mutation.rejectHeldTransfer(reason)': 'TEXT',
  'Mutation.reviewAccountOpening(reason)': 'TEXT',
  'Mutation.resolveRiskAlert(resolution)': 'TEXT',
  'LoanApplicationInput.purpose': 'TEXT',
  'LoanDocumentInput.contentBase64': 'BLOB',
  'CorporateDocumentInput.contentBase64': 'BLOB',
  'CorporateSupplementInput.contentBase64': 'BLOB',
  'CorporateRequestInput.purpose': 'TEXT',
  'ExpertGuidanceInput.summary': 'TEXT',
  'Mutation.requestCorporateDocuments(reason)': 'TEXT',
  'Mutation.releaseCorporateRequestClaim(reason)': 'TEXT',
  'Mutation.withdrawCorporateRequest(reason)': 'TEXT',
  'Mutation.approveCorporateRequest(note)': 'TEXT',
  'Mutation.approveCorporateRequest(conditions)': 'TEXT',
  'Mutation.returnCorporateRequest(reasons)': 'TEXT',
  'Mutation.decideExpertGuidanceCase(statements)': 'TEXT',
  'Mutation.cancelExpertGuidanceCase(reason)': 'TEXT',
  'Mutation.cancelServiceRequest(reason)': 'TEXT',
  // Bounded by FORM_DRAFT_MAX_BYTES in the resolver, before it is parsed.
  'Mutation.saveFormDraft(payload)': 'BLOB',
});

// C0 controls and DEL and C1 controls; TEXT allows tab, LF and CR. Matching them is the point.
// eslint-disable-next-line no-control-regex
const LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// With the u flag a surrogate class matches only unpaired halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Why `value` breaks the rule of `kind`, or undefined when it does not. Pure. */
export function stringProblem(value: string, kind: StringKind): 'TOO_LONG' | 'CONTROL_CHARACTER' | 'INVALID_UNICODE' | undefined {
  if (value.length > STRING_LIMITS[kind]) return 'TOO_LONG';
  if ((kind === 'TEXT' ? TEXT_FORBIDDEN : LINE_FORBIDDEN).test(value)) return 'CONTROL_CHARACTER';
  if (LONE_SURROGATE.test(value)) return 'INVALID_UNICODE';
  return undefined;
}

const MESSAGES = {
  TOO_LONG: (field: string, kind: StringKind) => `${field} is too long: at most ${STRING_LIMITS[kind]} characters.`,
  CONTROL_CHARACTER: (field: string) => `${field} contains a control character.`,
  INVALID_UNICODE: (field: string) => `${field} is not valid Unicode text.`,
} as const;

/** Checks one (coerced) value of `type` at `path`; `coordinate` names the argument or input field. */
function check(value: unknown, type: GraphQLInputType, path: string, coordinate: string): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return check(value, type.ofType, path, coordinate);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, i) => check(item, type.ofType, `${path}[${i}]`, coordinate));
    else check(value, type.ofType, path, coordinate);
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [name, field] of Object.entries(fields)) {
      check((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, `${type.name}.${name}`);
    }
    return;
  }
  if (isScalarType(type) && (type.name === 'String' || type.name === 'ID') && typeof value === 'string') {
    const kind = STRING_KINDS[coordinate] ?? 'LINE';
    const problem = stringProblem(value, kind);
    if (problem) {
      throw new GraphQLError(MESSAGES[problem](path, kind), {
        extensions: {
          code: 'BAD_USER_INPUT',
          field: path,
          reason: problem,
          ...(problem === 'TOO_LONG' ? { maxLength: STRING_LIMITS[kind] } : {}),
        },
      });
    }
  }
}

function carriesStrings(type: GraphQLInputType, seen = new Set<string>()): boolean {
  if (isNonNullType(type) || isListType(type)) return carriesStrings(type.ofType, seen);
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID';
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((field) => carriesStrings(field.type, seen));
  }
  return false;
}

function checkArguments(typeName: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): void {
  for (const arg of field.args as readonly GraphQLArgument[]) {
    check(args[arg.name], arg.type, arg.name, `${typeName}.${field.name}(${arg.name})`);
  }
}

/**
 * Puts the check in front of every field of `schema` that takes a string (directly, in a list or
 * inside an input object): its resolver and, for subscriptions, its subscribe function.
 * @returns the coordinates of the fields it guards (for tests and start-up logs)
 */
export function guardStringArguments(schema: GraphQLSchema): string[] {
  const guarded: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => carriesStrings(arg.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        checkArguments(type.name, field, args);
        return resolve(source, args, context, info);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, context, info) => {
          checkArguments(type.name, field, args);
          return subscribe(source, args, context, info);
        };
      }
      guarded.push(`${type.name}.${field.name}`);
    }
  }
  return guarded;
}
