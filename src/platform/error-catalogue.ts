/**
 * The error catalogue: every `extensions.code` a client can receive, declared once, with what it
 * means, who may see it and whether retrying helps.
 *
 * Each module declares its codes in its `*.errors.ts` with {@link defineErrorCodes} and derives its
 * code union from them (`type LoanErrorCode = keyof typeof LOAN_ERRORS`), so a code cannot be thrown
 * without a catalogue entry. Codes several modules share (NOT_FOUND, FORBIDDEN, …) are declared once
 * in {@link COMMON_ERRORS} and picked by the modules with {@link pickErrorCodes}. `npm run errors:emit`
 * collects every `*.errors.ts` (new modules included, with no list to maintain) into docs/errors.md
 * and the client kit's `ErrorCode` union; CI fails when either differs from the code.
 */

/** Who may receive a code: anyone (no login), a customer, a partner mini-program, bank staff. */
export type ErrorAudience = 'anyone' | 'customer' | 'partner' | 'staff';

/** One catalogue entry. */
export interface ErrorCodeSpec {
  /** What happened, in a sentence a front-end developer can act on. */
  readonly meaning: string;
  /** Who may receive it (`anyone` covers every caller, logged in or not). */
  readonly audience: readonly ErrorAudience[];
  /**
   * Whether sending the same request again can succeed: `true` for transient failures (later, with
   * backoff), `false` when the request or the caller's situation must change first.
   */
  readonly retryable: boolean;
  /** What the client should do (optional when the meaning says it). */
  readonly action?: string;
}

const CATALOGUE_PART = Symbol.for('channel-gateway.error-codes');

/** A set of codes declared with {@link defineErrorCodes}. */
export type ErrorCodes<C extends string = string> = Readonly<Record<C, ErrorCodeSpec>> & { readonly [CATALOGUE_PART]: true };

/** The code union of a set: `type LoanErrorCode = CodeOf<typeof LOAN_ERRORS>`. */
export type CodeOf<T extends ErrorCodes> = Extract<keyof T, string>;

/**
 * Declares error codes with their catalogue entries. Keys are the codes (SCREAMING_SNAKE_CASE).
 * @throws Error when a key is not SCREAMING_SNAKE_CASE or an entry has no meaning or audience
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeSpec>>(codes: T): ErrorCodes<Extract<keyof T, string>> {
  for (const [code, spec] of Object.entries(codes)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${code} is not SCREAMING_SNAKE_CASE`);
    if (!spec.meaning.trim() || spec.audience.length === 0) throw new Error(`error code ${code} needs a meaning and an audience`);
  }
  const part = { ...codes };
  Object.defineProperty(part, CATALOGUE_PART, { value: true, enumerable: false });
  return Object.freeze(part) as unknown as ErrorCodes<Extract<keyof T, string>>;
}

/** Reuses codes declared elsewhere (the same entries: the catalogue sees one declaration). */
export function pickErrorCodes<C extends string, K extends C>(from: ErrorCodes<C>, ...codes: K[]): Record<K, ErrorCodeSpec> {
  return Object.fromEntries(codes.map((code) => [code, from[code]])) as unknown as Record<K, ErrorCodeSpec>;
}

/** True for a value made by {@link defineErrorCodes}. */
export function isErrorCodes(value: unknown): value is ErrorCodes {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CATALOGUE_PART] === true;
}

/** A catalogue entry with the code and where it was declared. */
export interface CatalogueEntry extends ErrorCodeSpec {
  readonly code: string;
  /** The file (or module) that declared it first, e.g. `src/modules/loans/loans.errors.ts`. */
  readonly declaredIn: string;
}

/**
 * Merges the code sets exported by several files into one catalogue, sorted by code.
 * @param sources file → its exports (any value that is not a code set is ignored)
 * @throws Error when two files declare the same code with different entries (declare it once; pick it)
 */
export function mergeCatalogue(sources: Record<string, Record<string, unknown>>): CatalogueEntry[] {
  const byCode = new Map<string, { spec: ErrorCodeSpec; declaredIn: string }>();
  for (const [file, exports] of Object.entries(sources)) {
    for (const value of Object.values(exports)) {
      if (!isErrorCodes(value)) continue;
      for (const [code, spec] of Object.entries(value)) {
        const seen = byCode.get(code);
        if (!seen) byCode.set(code, { spec, declaredIn: file });
        else if (seen.spec !== spec) throw new Error(`error code ${code} is declared in ${seen.declaredIn} and again in ${file}: declare it once and pick it`);
      }
    }
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, { spec, declaredIn }]) => ({ code, ...spec, declaredIn }));
}

const ANYONE: readonly ErrorAudience[] = ['anyone'];
const SIGNED_IN: readonly ErrorAudience[] = ['customer', 'partner', 'staff'];

/**
 * Codes raised by the gateway itself (transport, limits, masking) and codes several modules share.
 * Apollo's own request-error codes are declared here too: clients receive them.
 */
export const COMMON_ERRORS = defineErrorCodes({
  UNAUTHENTICATED: {
    meaning: 'No valid access token: missing, malformed, expired or revoked. HTTP 401 when no data is returned.',
    audience: ANYONE,
    retryable: false,
    action: 'Refresh the session (refreshSession) once, then log in again.',
  },
  FORBIDDEN: {
    meaning: 'The caller is known but may not do this (role, channel or scope).',
    audience: SIGNED_IN,
    retryable: false,
  },
  NOT_FOUND: {
    meaning: 'No such object for this caller: it does not exist or belongs to someone else (never told apart), or nothing is served at this HTTP path.',
    audience: ANYONE,
    retryable: false,
  },
  BAD_USER_INPUT: {
    meaning: 'An argument or variable is invalid; `extensions.field` (or `fields`) names it when known.',
    audience: ANYONE,
    retryable: false,
    action: 'Fix the named field and send again.',
  },
  INVALID_TRANSITION: {
    meaning: 'The object is not in a status that allows this step (e.g. it was withdrawn or already decided meanwhile).',
    audience: SIGNED_IN,
    retryable: false,
    action: 'Reload the object and offer the steps its current status allows.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    meaning: 'The idempotency key was already used for a different request.',
    audience: ['customer', 'partner'],
    retryable: false,
    action: 'Use a new key for a new request; resend the same payload with the same key to replay.',
  },
  ACCOUNT_NOT_ELIGIBLE: {
    meaning: 'The chosen account cannot be used here (not the caller\'s, not active, or another currency).',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  OWN_APPLICATION: {
    meaning: 'A staff member may not decide an application of their own (segregation of duties).',
    audience: ['staff'],
    retryable: false,
  },
  TOO_MANY_ATTEMPTS: {
    meaning: 'Too many attempts in a window (logins, one-time codes, confirmations); `extensions.retryAfterSeconds` when known.',
    audience: ANYONE,
    retryable: true,
    action: 'Wait as long as told before trying again.',
  },
  UPSTREAM_UNAVAILABLE: {
    meaning: 'A backend system (named in `extensions.backend`) is down or its circuit is open; the field is null.',
    audience: ANYONE,
    retryable: true,
    action: 'Show the rest of the data; retry later with backoff.',
  },
  UPSTREAM_TIMEOUT: {
    meaning: 'A backend system (named in `extensions.backend`) did not answer in time; the field is null.',
    audience: ANYONE,
    retryable: true,
  },
  UPSTREAM_INVALID: {
    meaning: 'A backend system (named in `extensions.backend`) answered something the gateway cannot accept (wrong shape, not JSON, an unexpected 4xx); the field is null.',
    audience: ANYONE,
    retryable: false,
    action: 'Show the rest of the data; retrying does not help until one side is fixed: report the request id.',
  },
  UPSTREAM_THROTTLED: {
    meaning: 'A backend system (named in `extensions.backend`) asked the gateway to slow down (HTTP 429) for longer than the request could wait; the field is null.',
    audience: ANYONE,
    retryable: true,
    action: 'Retry after `extensions.retryAfterSeconds` when given, otherwise later with backoff.',
  },
  INTERNAL_SERVER_ERROR: {
    meaning: 'Something unexpected failed; the details are in the gateway log under `extensions.requestId`.',
    audience: ANYONE,
    retryable: true,
    action: 'Retry once; report the request id if it persists.',
  },
  STARTING: {
    meaning: 'The gateway instance is still starting (HTTP 503 with Retry-After).',
    audience: ANYONE,
    retryable: true,
  },
  BAD_CHANNEL: {
    meaning: 'The X-Channel header names no known channel (HTTP 400).',
    audience: ANYONE,
    retryable: false,
  },
  CHANNEL_MISMATCH: {
    meaning: 'The X-Channel header differs from the channel the access token was issued for (HTTP 400).',
    audience: SIGNED_IN,
    retryable: false,
  },
  BAD_REQUEST: {
    meaning: 'The HTTP request is not GraphQL over HTTP (bad JSON body, method, missing query, CSRF preflight header missing on GET).',
    audience: ANYONE,
    retryable: false,
  },
  METHOD_NOT_ALLOWED: {
    meaning: 'A download route (e.g. `/reports/operations/<date>.csv`) was asked with a method other than GET or HEAD (HTTP 405, `Allow` header).',
    audience: ANYONE,
    retryable: false,
    action: 'Send GET.',
  },
  PAYLOAD_TOO_LARGE: {
    meaning: 'The request body is over the gateway\'s size limit (HTTP 413).',
    audience: ANYONE,
    retryable: false,
  },
  QUERY_TOO_COMPLEX: {
    meaning: 'The operation is over a limit (`extensions.limit`: depth, fields, aliases or tokens).',
    audience: ANYONE,
    retryable: false,
    action: 'Split the operation.',
  },
  GRAPHQL_PARSE_FAILED: {
    meaning: 'The document is not valid GraphQL syntax.',
    audience: ANYONE,
    retryable: false,
  },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'The document does not validate against the schema.',
    audience: ANYONE,
    retryable: false,
  },
  OPERATION_RESOLUTION_FAILURE: {
    meaning: 'operationName names no operation of the document, or the document has several and none is named.',
    audience: ANYONE,
    retryable: false,
  },
  PERSISTED_QUERY_NOT_FOUND: {
    meaning: 'The document hash is not known to the gateway (not in the trusted-documents manifest, nor registered).',
    audience: ANYONE,
    retryable: false,
    action: 'First-party channels: send the document body with the hash (where allowed). Partners: use a released kit operation.',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    meaning: 'Registering operations at run time (automatic persisted queries) is off on this gateway.',
    audience: ANYONE,
    retryable: false,
  },
  PERSISTED_QUERY_NOT_ALLOWED: {
    meaning: 'This caller may run only trusted documents allowed for its channel: the document body was refused or the hash is not allowed.',
    audience: ['partner', 'customer', 'staff'],
    retryable: false,
    action: 'Send the hash of a kit operation released for your channel.',
  },
  EVENTS_MISSED: {
    meaning: 'A subscription could not keep up or its listening connection dropped, so events after the last one delivered may be missing; it ends with `extensions.lastSeq` (within its stream) and `extensions.lastEventId` (null when none was delivered). Every event queued before the gap was delivered.',
    audience: SIGNED_IN,
    retryable: true,
    action: 'Refetch what the screen shows, then subscribe again.',
  },
  NOT_CLAIMED: {
    meaning: 'The reviewer must claim the application or request first, or nobody holds it to release.',
    audience: ['staff'],
    retryable: false,
    action: 'Claim it first.',
  },
  ALREADY_CLAIMED: {
    meaning: 'Another reviewer has claimed this application or request.',
    audience: ['staff'],
    retryable: false,
    action: 'Pick another one from the queue.',
  },
  FOUR_EYES_REQUIRED: {
    meaning: 'This decision needs a second, different reviewer (four-eyes rule); the same person cannot complete it.',
    audience: ['staff'],
    retryable: false,
    action: 'Another reviewer decides.',
  },
  DOCUMENT_NOT_REQUESTED: {
    meaning: 'No document of this kind is requested (now) for the application or request.',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  DOCUMENT_TOO_LARGE: {
    meaning: 'The uploaded document is over the size limit (`extensions.maxBytes`).',
    audience: ['customer', 'partner'],
    retryable: false,
    action: 'Send a smaller file.',
  },
  DOCUMENT_TYPE_NOT_ALLOWED: {
    meaning: 'The document\'s content type is not accepted (PDF, PNG or JPEG by content), or the content is not of the declared type.',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  IDENTITY_NOT_VERIFIED: {
    meaning: 'Identity verification did not confirm the person (an applicant, or the person signing for a company); nothing was done.',
    audience: ['customer', 'partner', 'staff'],
    retryable: false,
    action: 'Check the identity document, or ask the person to verify their identity (e.g. at a branch), then try again.',
  },
  CODE_INVALID: {
    meaning: 'The one-time confirmation code is wrong; `extensions.attemptsLeft` says how many tries remain.',
    audience: ['customer', 'staff'],
    retryable: false,
    action: 'Enter the correct code.',
  },
  CODE_EXPIRED: {
    meaning: 'The one-time confirmation code expired (or, for a service request, was never sent).',
    audience: ['customer', 'staff'],
    retryable: false,
    action: 'Start again: submit the transfer or start a new service request.',
  },
});
