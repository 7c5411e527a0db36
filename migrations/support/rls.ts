import type { QueryRunner } from 'typeorm';

/** The policy every tenant-owned table carries; the tenancy module and the RLS check rely on the name. */
export const TENANT_POLICY = 'tenant_isolation';

/**
 * The tenant of the current transaction, or NULL when none is set. NULLIF matters: once a session
 * has run `set_config('app.tenant_id', …, true)`, the setting reverts to '' (not NULL) after
 * commit, and `''::uuid` would raise instead of matching nothing on a pooled connection.
 */
export const CURRENT_TENANT_SQL = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;

/** Quotes a possibly schema-qualified name ("public.documents") as SQL identifiers. */
export function quoteQualifiedName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) {
    throw new Error(`invalid table name: ${JSON.stringify(name)}`);
  }
  return parts.map((p) => `"${p.replaceAll('"', '""')}"`).join('.');
}

/**
 * Puts a table under tenant isolation: RLS enabled and forced (so the table owner is subject too),
 * one policy for every command that lets a row be seen or written only inside a transaction whose
 * `app.tenant_id` equals its `tenant_id`. Without the setting, nothing is visible.
 */
export async function enableTenantRls(queryRunner: QueryRunner, table: string): Promise<void> {
  const t = quoteQualifiedName(table);
  await queryRunner.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY ${TENANT_POLICY} ON ${t} USING (tenant_id = ${CURRENT_TENANT_SQL}) ` +
      `WITH CHECK (tenant_id = ${CURRENT_TENANT_SQL})`,
  );
}

/** Reverses enableTenantRls, for a migration's `down`. */
export async function disableTenantRls(queryRunner: QueryRunner, table: string): Promise<void> {
  const t = quoteQualifiedName(table);
  await queryRunner.query(`DROP POLICY IF EXISTS ${TENANT_POLICY} ON ${t}`);
  await queryRunner.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
}
