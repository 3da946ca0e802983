-- A staff member's roles changing (or the member being removed), by whatever writer, evicts the
-- cached grants of their sessions on every gateway instance, as a revocation does: the NOTIFY
-- channel and payload are those of src/modules/auth/grant-cache.ts (AUTH_REVOKED_CHANNEL, grantSubject).
CREATE FUNCTION staff_members_grants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gateway_auth_revoked', 'STAFF:' || OLD.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER staff_members_roles_changed AFTER UPDATE OF roles ON staff_members
  FOR EACH ROW WHEN (OLD.roles IS DISTINCT FROM NEW.roles) EXECUTE FUNCTION staff_members_grants_changed();
--> statement-breakpoint
CREATE TRIGGER staff_members_removed AFTER DELETE ON staff_members
  FOR EACH ROW EXECUTE FUNCTION staff_members_grants_changed();
