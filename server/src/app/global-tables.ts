/**
 * Tables that deliberately hold no tenant's rows, and so carry no row-level security. Everything
 * else in the database must be tenant-isolated (`npm run check:isolation`). Adding a table here
 * is a design decision: say why beside it.
 */
export const GLOBAL_TABLES = [
  'schema_migrations', // migration history, owned and written by the owner role only
  'tenants', // resolved by host before any tenant is known; the tenant row itself
  'users', // one identity across tenants; what it may do lives in tenant-owned memberships
  'user_recovery_codes', // belongs to a global user, not to a tenant
] as const;
