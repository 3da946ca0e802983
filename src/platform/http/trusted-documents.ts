/**
 * Trusted documents: the operations the client kit ships (schema/trusted-documents.json, generated
 * from packages/client/operations by `npm run kit:manifest`), keyed by the sha256 of their text.
 *
 * A request names a document by hash — `documentId: "sha256:<hex>"` (GraphQL over HTTP's persisted
 * documents) or Apollo's `extensions.persistedQuery.sha256Hash` — and the gateway runs the manifest's
 * text. Channels listed in `TRUSTED_DOCUMENTS_ONLY` (partners by default) may run nothing else: a
 * document body, an unknown hash or a hash released for other channels is PERSISTED_QUERY_NOT_ALLOWED.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../context.js';

/** One trusted document. */
export interface TrustedDocument {
  /** The document text the hash was computed from. */
  document: string;
  /** Channels whose kit folder holds it: only these may run it where trusted documents are enforced. */
  channels: Channel[];
}

/** The manifest: `sha256:<hex>` → document. */
export type TrustedDocuments = ReadonlyMap<string, TrustedDocument>;

const manifestSchema = z.record(
  z.string().regex(/^sha256:[0-9a-f]{64}$/),
  z.object({ document: z.string().min(1), channels: z.array(z.enum(CHANNELS)).min(1) }),
);

/**
 * Reads and checks the manifest.
 * @throws Error when the file is missing or malformed, or a hash is not the sha256 of its document
 */
export async function loadTrustedDocuments(file: string): Promise<TrustedDocuments> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS_FILE: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`TRUSTED_DOCUMENTS_FILE: ${file} is not a trusted-documents manifest: ${parsed.error.issues[0]?.message}`);
  const documents = new Map<string, TrustedDocument>();
  for (const [hash, entry] of Object.entries(parsed.data)) {
    if (hash !== sha256Id(entry.document)) throw new Error(`TRUSTED_DOCUMENTS_FILE: ${hash} is not the sha256 of its document`);
    documents.set(hash, entry);
  }
  return documents;
}

/** `sha256:<hex>` of a document's text. */
export function sha256Id(document: string): string {
  return `sha256:${createHash('sha256').update(document).digest('hex')}`;
}

export interface TrustedDocumentPolicy {
  documents: TrustedDocuments;
  /** Channels that may run only manifest documents released for them, and only by hash. */
  onlyChannels: ReadonlySet<Channel>;
  /** Unknown hashes go on to Apollo's automatic persisted queries (development only). */
  apqRegistration: boolean;
}

type Body = { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown> };

/**
 * The request body Apollo should run, with a trusted document's text in place of its hash.
 * @throws GraphQLError PERSISTED_QUERY_NOT_ALLOWED (trusted-only channel: a body, a GET, an unknown
 *   or foreign hash), PERSISTED_QUERY_NOT_FOUND (an unknown hash without a body, no registration)
 */
export function resolveTrustedDocument(method: string, body: unknown, channel: Channel, policy: TrustedDocumentPolicy): unknown {
  const trustedOnly = policy.onlyChannels.has(channel);
  if (method !== 'POST') {
    if (trustedOnly) throw notAllowed(`The ${channel} channel runs trusted documents only: POST the document's hash.`);
    return body;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const request = body as Body;
  const hash = hashOf(request);
  const hasText = typeof request.query === 'string' && request.query !== '';
  if (trustedOnly) {
    if (hasText) throw notAllowed(`The ${channel} channel may not send document text: send the hash of a kit operation.`);
    const trusted = hash ? policy.documents.get(hash) : undefined;
    if (!trusted || !trusted.channels.includes(channel)) {
      throw notAllowed(`This document is not released for the ${channel} channel.`);
    }
    return withDocument(request, trusted.document);
  }
  if (!hash) return body;
  const trusted = policy.documents.get(hash);
  if (trusted) return withDocument(request, trusted.document);
  if (policy.apqRegistration) return body; // Apollo answers PERSISTED_QUERY_NOT_FOUND or registers it
  if (!hasText) {
    throw new GraphQLError('No trusted document has this hash; send the document text.', {
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
    });
  }
  return withDocument(request, request.query as string); // run the text; register nothing
}

function hashOf(request: Body): string | undefined {
  if (typeof request.documentId === 'string') return request.documentId;
  const apq = request.extensions?.persistedQuery?.sha256Hash;
  return typeof apq === 'string' ? `sha256:${apq}` : undefined;
}

function withDocument(request: Body, document: string): Body {
  const { documentId: _id, extensions, ...rest } = request;
  const { persistedQuery: _apq, ...otherExtensions } = extensions ?? {};
  return { ...rest, query: document, ...(extensions ? { extensions: otherExtensions } : {}) };
}

function notAllowed(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED', http: { status: 400 } } });
}
