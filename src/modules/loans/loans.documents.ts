/** Documents a reviewer asked for: checked by the shared upload rules (src/platform/documents.ts) and stored with the change they complete. */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/context.js';
import { checkDocument, type DocumentUpload } from '../../platform/documents.js';
import { requireCustomer } from '../../platform/guards.js';
import { REVIEW_QUEUE_TOPIC } from './loans.repository.js';
import { refuse, type LoanKit } from './loans.kit.js';

export interface UploadInput extends DocumentUpload {
  applicationId: string;
  kind: string;
}

export function createLoanDocuments(kit: LoanKit) {
  const { deps, repo, now, change, visible } = kit;
  return {
    /** The customer supplies a requested document; the last one sends the application back to review. */
    async uploadDocument(viewer: Viewer, input: UploadInput, channel: string) {
      const customer = requireCustomer(viewer);
      await visible(viewer, input.applicationId);
      // The shared upload rules (type by content, size, checksum, safe name): src/platform/documents.ts.
      const { content, sha256: digest, fileName } = checkDocument(input, deps.config.documentMaxBytes);
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
