/** Expected failures of form drafts: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The drafts module's codes. */
export const DRAFT_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'BAD_USER_INPUT'),
  DRAFT_CONFLICT: {
    meaning: 'Another channel saved the draft first (`extensions.currentVersion` is the version now stored).',
    audience: ['customer'],
    retryable: false,
    action: 'Load the draft, merge, then save with that version.',
  },
});

export type DraftErrorCode = CodeOf<typeof DRAFT_ERRORS>;

export class DraftError extends DomainError<DraftErrorCode> {}
