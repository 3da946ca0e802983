/**
 * Who may call a use case, checked where the use case starts. One refusal for every module:
 * FORBIDDEN with a message that says who may.
 */
import type { StaffRole, Viewer } from './context.js';
import { DomainError } from './errors.js';

export type CustomerViewer = Extract<Viewer, { kind: 'customer' }>;
export type StaffViewer = Extract<Viewer, { kind: 'staff' }>;

/** The viewer as a signed-in customer. @throws DomainError FORBIDDEN for anyone else */
export function requireCustomer(viewer: Viewer, message = 'Only the customer can do this.'): CustomerViewer {
  if (viewer.kind !== 'customer') throw new DomainError('FORBIDDEN', message);
  return viewer;
}

/** True when the viewer is staff holding any of `roles`. */
export function hasStaffRole(viewer: Viewer, roles: readonly StaffRole[]): viewer is StaffViewer {
  return viewer.kind === 'staff' && viewer.roles.some((role) => roles.includes(role));
}

/** The viewer as staff holding one of `roles`. @throws DomainError FORBIDDEN for anyone else */
export function requireStaff(viewer: Viewer, roles: readonly StaffRole[], message: string): StaffViewer {
  if (!hasStaffRole(viewer, roles)) throw new DomainError('FORBIDDEN', message);
  return viewer;
}
