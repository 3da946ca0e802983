/**
 * The one set of rules for a document a customer uploads (a loan supplement, a corporate
 * request's papers): the type is checked against the content's first bytes, the size against a
 * limit, the optional client checksum against the content, and the file name is made safe.
 * Shared by every module that accepts documents, so that they refuse the same files the same way.
 */
import { createHash } from 'node:crypto';
import { DomainError } from './errors.js';

/** Codes a refused upload carries; none is helped by retrying the same file. */
export type DocumentErrorCode = 'BAD_USER_INPUT' | 'DOCUMENT_TOO_LARGE' | 'DOCUMENT_TYPE_NOT_ALLOWED';

/** What a client sends for one document. */
export interface DocumentUpload {
  fileName: string;
  contentType: string;
  contentBase64: string;
  /** Optional SHA-256 (hex) the client computed; a mismatch refuses the upload. */
  sha256?: string | null;
}

/** A document that passed every check: its bytes, their SHA-256 (hex) and a safe file name. */
export interface CheckedDocument {
  fileName: string;
  contentType: string;
  content: Buffer;
  sizeBytes: number;
  sha256: string;
}

/** Document types a customer may upload, with the bytes each must start with. */
const DOCUMENT_TYPES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

/** The content types {@link checkDocument} accepts. */
export const DOCUMENT_CONTENT_TYPES: readonly string[] = Object.freeze(Object.keys(DOCUMENT_TYPES));

const refuse = (code: DocumentErrorCode, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};

/**
 * Checks an upload and decodes it. Pure apart from hashing.
 * @throws DomainError DOCUMENT_TYPE_NOT_ALLOWED (a type not accepted, or content that is not that
 *   type), DOCUMENT_TOO_LARGE (`maxBytes` in the details), BAD_USER_INPUT (not base64, empty, or
 *   a checksum that does not match; `field` in the details)
 */
export function checkDocument(input: DocumentUpload, maxBytes: number): CheckedDocument {
  const check = DOCUMENT_TYPES[input.contentType];
  if (!check) refuse('DOCUMENT_TYPE_NOT_ALLOWED', `Upload ${DOCUMENT_CONTENT_TYPES.join(', ')}.`, { field: 'contentType' });
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64) || input.contentBase64.length % 4 !== 0) {
    refuse('BAD_USER_INPUT', 'contentBase64 is not base64.', { field: 'contentBase64' });
  }
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) refuse('BAD_USER_INPUT', 'The document is empty.', { field: 'contentBase64' });
  if (content.length > maxBytes) refuse('DOCUMENT_TOO_LARGE', `Documents may be at most ${maxBytes} bytes.`, { maxBytes });
  if (!check!(content)) refuse('DOCUMENT_TYPE_NOT_ALLOWED', `The file is not a ${input.contentType}.`, { field: 'contentType' });
  const digest = createHash('sha256').update(content).digest('hex');
  if (input.sha256 && input.sha256.toLowerCase() !== digest) refuse('BAD_USER_INPUT', 'The checksum does not match the content.', { field: 'sha256' });
  const fileName = input.fileName.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'document';
  return { fileName, contentType: input.contentType, content, sizeBytes: content.length, sha256: digest };
}
