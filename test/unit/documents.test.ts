import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/platform/documents.js';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const upload = (content: Buffer, contentType = 'application/pdf', extra: Record<string, string> = {}) => ({ fileName: 'a/b<c>.pdf', contentType, contentBase64: content.toString('base64'), ...extra });
const codeOf = (work: () => unknown) => {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('checkDocument (the upload rules loans and corporate requests share)', () => {
  it('decodes an accepted file, hashes it and makes the name safe', () => {
    const checked = checkDocument(upload(PDF), 1024);
    expect(checked).toMatchObject({ fileName: 'a_b_c_.pdf', sizeBytes: PDF.length, contentType: 'application/pdf' });
    expect(checked.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a type by its content, an unknown type, a large file, bad base64 and a wrong checksum', () => {
    expect(codeOf(() => checkDocument(upload(Buffer.from('MZ')), 1024))).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
    expect(codeOf(() => checkDocument(upload(PDF, 'text/html'), 1024))).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
    expect(codeOf(() => checkDocument(upload(PDF), 4))).toBe('DOCUMENT_TOO_LARGE');
    expect(codeOf(() => checkDocument({ ...upload(PDF), contentBase64: 'not base64!' }, 1024))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkDocument(upload(PDF, 'application/pdf', { sha256: '0'.repeat(64) }), 1024))).toBe('BAD_USER_INPUT');
  });
});
