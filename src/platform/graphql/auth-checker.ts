/**
 * type-graphql's `@Authorized(...)` check. Roles name who may call:
 * `CUSTOMER`, `PARTNER`, `STAFF` (any staff), a staff role (`TELLER`, `ADMIN`, …), or a partner
 * scope as `scope:<name>`. Any one of them suffices. Ownership of the objects is checked where
 * they are loaded, not here.
 */
import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { RequestContext, Viewer } from '../context.js';

export function grants(viewer: Viewer, role: string): boolean {
  switch (viewer.kind) {
    case 'anonymous':
      return false;
    case 'customer':
      return role === 'CUSTOMER';
    case 'partner':
      return role === 'PARTNER' || (role.startsWith('scope:') && (viewer.scopes as string[]).includes(role.slice(6)));
    case 'staff':
      return role === 'STAFF' || (viewer.roles as string[]).includes(role);
  }
}

export const authChecker: AuthChecker<RequestContext> = ({ context }, roles) => {
  if (context.viewer.kind === 'anonymous') {
    throw new GraphQLError('Log in first.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  if (roles.length === 0 || roles.some((role) => grants(context.viewer, role))) return true;
  throw new GraphQLError('You may not do this.', { extensions: { code: 'FORBIDDEN' } });
};
