import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

// Row level security: every tenant-owned table created here gets ENABLE + FORCE ROW LEVEL SECURITY
// and the tenant policy through enableTenantRls; user_recovery_codes is global (allowlisted).
/**
 * Identity and access: tenant settings, custom domains, per-tenant roles, invitations, API keys,
 * refresh-token families, MFA and the audit log.
 *
 * Some lookups must happen before the tenant is known (a request's Host, an API key on a bare
 * host, the tenant switcher). Those tables stay under row-level security and get one extra,
 * read-only policy that reveals exactly the row named by a transaction-local "lookup" setting —
 * never a table scan's worth of other tenants' rows.
 */
export class IdentityAndAccess1795340000000 implements MigrationInterface {
  name = 'IdentityAndAccess1795340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenants
        ADD COLUMN features jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(features) = 'object'),
        ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
        ADD COLUMN quotas jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(quotas) = 'object'),
        ADD COLUMN maintenance_retry_after integer NOT NULL DEFAULT 300 CHECK (maintenance_retry_after > 0)`);

    await q.query(`
      ALTER TABLE users
        ADD COLUMN is_staff boolean NOT NULL DEFAULT false,
        ADD COLUMN totp_secret_encrypted text,
        ADD COLUMN totp_pending_encrypted text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint,
        ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz`);
    await q.query(`
      CREATE TABLE user_recovery_codes (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);

    await q.query(`
      CREATE TABLE roles (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{1,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        permissions text[] NOT NULL DEFAULT '{}',
        is_builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
    await enableTenantRls(q, 'roles');
    await q.query(`INSERT INTO roles (tenant_id, key, name, is_builtin)
      SELECT t.id, r.key, r.name, true FROM tenants t
      CROSS JOIN (VALUES ('owner','Owner'),('admin','Admin'),('editor','Editor'),('reviewer','Reviewer'),('viewer','Viewer')) AS r(key, name)`);
    await q.query(`ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_role_check`);
    await q.query(`ALTER TABLE memberships
      ADD CONSTRAINT memberships_role_fkey FOREIGN KEY (tenant_id, role) REFERENCES roles (tenant_id, key) ON UPDATE CASCADE`);
    await q.query(`CREATE INDEX memberships_tenant_id_role_idx ON memberships (tenant_id, role)`);
    // The tenant switcher lists one user's memberships across tenants, named by app.user_id.
    await q.query(`CREATE INDEX memberships_user_id_idx ON memberships (user_id)`);
    await q.query(`CREATE POLICY own_memberships ON memberships FOR SELECT
      USING (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid)`);

    await q.query(`
      CREATE TABLE domains (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        host text NOT NULL CHECK (host = lower(host) AND length(host) BETWEEN 3 AND 253),
        is_primary boolean NOT NULL DEFAULT false,
        verification_token text NOT NULL,
        verified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, host)
      )`);
    await q.query(`CREATE UNIQUE INDEX domains_host_key ON domains (host)`);
    await q.query(
      `CREATE UNIQUE INDEX domains_one_primary ON domains (tenant_id) WHERE is_primary`,
    );
    await enableTenantRls(q, 'domains');
    await q.query(`CREATE POLICY resolve_host ON domains FOR SELECT
      USING (verified_at IS NOT NULL AND host = NULLIF(current_setting('app.lookup_host', true), ''))`);

    await q.query(`
      CREATE TABLE invitations (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL,
        token_hash text NOT NULL,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, role) REFERENCES roles (tenant_id, key) ON UPDATE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX invitations_open_email ON invitations (tenant_id, email)
      WHERE accepted_at IS NULL AND revoked_at IS NULL`);
    await enableTenantRls(q, 'invitations');

    await q.query(`
      CREATE TABLE api_keys (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL,
        secret_hash text NOT NULL,
        scopes text[] NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix)`);
    await enableTenantRls(q, 'api_keys');
    await q.query(`CREATE POLICY resolve_api_key ON api_keys FOR SELECT
      USING (prefix = NULLIF(current_setting('app.lookup_api_key', true), ''))`);

    await q.query(`
      CREATE TABLE refresh_token_families (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        generation integer NOT NULL DEFAULT 0,
        current_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        ip inet,
        user_agent text,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX refresh_token_families_user_idx ON refresh_token_families (tenant_id, user_id)`,
    );
    await enableTenantRls(q, 'refresh_token_families');

    await q.query(`
      CREATE TABLE audit_log (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id bigint GENERATED ALWAYS AS IDENTITY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL,
        actor_id text,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        before jsonb,
        after jsonb,
        diff jsonb,
        ip inet,
        request_id text,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX audit_log_tenant_time_idx ON audit_log (tenant_id, occurred_at DESC, id DESC)`,
    );
    await enableTenantRls(q, 'audit_log');
    // The audit log is append-only for the application.
    await q.query(`REVOKE UPDATE, DELETE ON audit_log FROM folio_runtime`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, refresh_token_families, api_keys, invitations, domains`);
    await q.query(`DROP POLICY own_memberships ON memberships`);
    await q.query(`DROP INDEX memberships_user_id_idx`);
    await q.query(`DROP INDEX memberships_tenant_id_role_idx`);
    await q.query(`ALTER TABLE memberships DROP CONSTRAINT memberships_role_fkey`);
    await q.query(`ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
      CHECK (role IN ('owner', 'admin', 'editor', 'reviewer', 'viewer'))`);
    await q.query(`DROP TABLE roles`);
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`ALTER TABLE users DROP COLUMN is_staff, DROP COLUMN totp_secret_encrypted,
      DROP COLUMN totp_pending_encrypted, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step,
      DROP COLUMN failed_logins, DROP COLUMN locked_until`);
    await q.query(`ALTER TABLE tenants DROP COLUMN features, DROP COLUMN settings, DROP COLUMN quotas,
      DROP COLUMN maintenance_retry_after`);
  }
}
