/** Expected failures of process health: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

/**
 * FORBIDDEN: the viewer is not an operations analyst or administrator (retrying does not help).
 * BAD_USER_INPUT: the window is empty, reversed or too long; `details.field` names it (fix, then retry).
 */
export type HealthErrorCode = 'FORBIDDEN' | 'BAD_USER_INPUT';

export class HealthError extends DomainError<HealthErrorCode> {}
