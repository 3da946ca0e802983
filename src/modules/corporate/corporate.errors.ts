/** Expected failures of the corporate module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type CorporateErrorCode =
  /** No such request, case or company for this viewer (someone else's looks the same). Retrying does not help. */
  | 'NOT_FOUND'
  /** The viewer's role may not do this. Retrying does not help. */
  | 'FORBIDDEN'
  /** Malformed input; `fieldErrors: [{ field, code, message }]` says which. Fix the input, then retry. */
  | 'BAD_USER_INPUT'
  /** The idempotency key was used for another request. Use a new key. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The request or case is not in a status that allows this (`status` in the details). Reload it. */
  | 'INVALID_TRANSITION'
  /** The expert has not claimed it (or nobody has, for a release). Claim first. */
  | 'NOT_CLAIMED'
  /** Another expert has claimed it. Pick another one from the queue. */
  | 'ALREADY_CLAIMED'
  /** Above the four-eyes threshold a second, different expert must approve. Another expert retries. */
  | 'FOUR_EYES_REQUIRED'
  /** The expert is linked to the company (representative, director, shareholder): never theirs to review. */
  | 'CONFLICT_OF_INTEREST'
  /** The settlement account is not an active account of the company in that currency. Pick another. */
  | 'ACCOUNT_NOT_ELIGIBLE'
  /** No document of this kind is requested now. Retrying does not help. */
  | 'DOCUMENT_NOT_REQUESTED'
  /** The document is larger than allowed (`maxBytes`). Send a smaller file. */
  | 'DOCUMENT_TOO_LARGE'
  /** Not a PDF, PNG or JPEG by its content. Send one of those. */
  | 'DOCUMENT_TYPE_NOT_ALLOWED'
  /** The person signing is not a legal representative or authorised signatory of the company. */
  | 'SIGNATORY_NOT_AUTHORISED'
  /** Identity verification did not pass for the signing person: nothing was signed. Check the document and retry. */
  | 'IDENTITY_NOT_VERIFIED';

export class CorporateError extends DomainError<CorporateErrorCode> {}

export const refuse = (code: CorporateErrorCode, message: string, details?: Record<string, unknown>): never => {
  throw new CorporateError(code, message, details);
};
