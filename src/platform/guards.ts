/**
 * Who may call a use case, checked where the use case starts. One refusal for every module:
 * FORBIDDEN with a message that says who may.
 */
import type { StaffRole, Viewer } from './context.js';
import { DomainError } from './errors.js';
import { isUuid } from './ids.js';

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

/**
 * The row `id` names, if the viewer may see it: the customer it belongs to, or staff holding one
 * of `staffRoles`. Anything else — a malformed id, a missing row, another customer's — is the same
 * NOT_FOUND, so nobody learns what exists.
 * @throws DomainError NOT_FOUND (`No such <what>.`)
 */
export async function findVisible<Row extends { customerId: string | null }>(
  viewer: Viewer,
  id: string,
  find: (id: string) => Promise<Row | undefined>,
  staffRoles: readonly StaffRole[],
  what: string,
): Promise<Row> {
  const row = isUuid(id) ? await find(id) : undefined;
  const mayRead = row && ((viewer.kind === 'customer' && viewer.customerId === row.customerId) || hasStaffRole(viewer, staffRoles));
  if (!row || !mayRead) throw new DomainError('NOT_FOUND', `No such ${what}.`);
  return row;
}
