/** Expected failures of form drafts: each code declared once. */
import { DomainError } from '../../platform/errors.js';

export type DraftErrorCode =
  /** Only customers keep drafts. */
  | 'FORBIDDEN'
  /** Unknown kind, payload not an object, or too large (`extensions.field`, `maxBytes`). */
  | 'BAD_USER_INPUT'
  /** Another channel saved first (`extensions.currentVersion`): load the draft, merge, save with that version. */
  | 'DRAFT_CONFLICT';

export class DraftError extends DomainError<DraftErrorCode> {}
