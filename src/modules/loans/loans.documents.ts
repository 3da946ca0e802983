/** Documents a reviewer asked for: checked (type by content, size, checksum) and stored with the change they complete. */
import { createHash, randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/context.js';
import { requireCustomer } from '../../platform/guards.js';
import { REVIEW_QUEUE_TOPIC } from './loans.repository.js';
import { refuse, type LoanKit } from './loans.kit.js';

export interface UploadInput {
  applicationId: string;
  kind: string;
  fileName: string;
  contentType: string;
  contentBase64: string;
  /** Optional SHA-256 (hex) the client computed; a mismatch refuses the upload. */
  sha256?: string | null;
}

/** Document types a customer may upload, with the bytes each must start with. */
const DOCUMENT_TYPES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function createLoanDocuments(kit: LoanKit) {
  const { deps, repo, now, change, visible } = kit;
  return {
    /** The customer supplies a requested document; the last one sends the application back to review. */
    async uploadDocument(viewer: Viewer, input: UploadInput, channel: string) {
      const customer = requireCustomer(viewer);
      await visible(viewer, input.applicationId);
      const check = DOCUMENT_TYPES[input.contentType];
      if (!check) refuse('DOCUMENT_TYPE_NOT_ALLOWED', `Upload ${Object.keys(DOCUMENT_TYPES).join(', ')}.`, { field: 'contentType' });
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64) || input.contentBase64.length % 4 !== 0) {
        refuse('BAD_USER_INPUT', 'contentBase64 is not base64.', { field: 'contentBase64' });
      }
      const content = Buffer.from(input.contentBase64, 'base64');
      if (content.length === 0) refuse('BAD_USER_INPUT', 'The document is empty.', { field: 'contentBase64' });
      if (content.length > deps.config.documentMaxBytes) {
        refuse('DOCUMENT_TOO_LARGE', `Documents may be at most ${deps.config.documentMaxBytes} bytes.`, { maxBytes: deps.config.documentMaxBytes });
      }
      if (!check!(content)) refuse('DOCUMENT_TYPE_NOT_ALLOWED', `The file is not a ${input.contentType}.`, { field: 'contentType' });
      const digest = sha256Hex(content);
      if (input.sha256 && input.sha256.toLowerCase() !== digest) refuse('BAD_USER_INPUT', 'The checksum does not match the content.', { field: 'sha256' });
      const fileName = input.fileName.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'document';
      const { row } = await change(input.applicationId, (r) => {
        if (r.status !== 'DOCUMENTS_REQUESTED' || !r.requestedDocuments.includes(input.kind)) {
          refuse('DOCUMENT_NOT_REQUESTED', `No ${input.kind} document is requested for this application.`, { field: 'kind' });
        }
        const remaining = r.requestedDocuments.filter((k) => k !== input.kind);
        const document = {
          id: randomUUID(),
          applicationId: r.id,
          kind: input.kind,
          fileName,
          contentType: input.contentType,
          sizeBytes: content.length,
          sha256: digest,
          content,
          channel,
          uploadedAt: now(),
        };
        if (remaining.length > 0) {
          return {
            set: { requestedDocuments: remaining },
            event: { type: 'DOCUMENT_UPLOADED', actor: `customer:${customer.customerId}`, payload: { kind: input.kind, remaining } },
            records: [repo.documentRecord(document)],
          };
        }
        return {
          set: { status: 'MANUAL_REVIEW', requestedDocuments: [] },
          event: { type: 'DOCUMENTS_RECEIVED', actor: `customer:${customer.customerId}`, payload: { kind: input.kind }, topics: [REVIEW_QUEUE_TOPIC] },
          records: [repo.documentRecord(document)],
        };
      });
      return row;
    },

    documents: (id: string) => repo.documentsOf(id),
  };
}
