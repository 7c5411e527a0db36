import pg from 'pg';
import { RUNTIME_GROUP_ROLE } from './provision.js';

/** Why a table fails the tenant-isolation guard. */
export interface IsolationProblem {
  table: string;
  problem: string;
}

interface TableRow {
  table: string;
  rls: boolean;
  forced: boolean;
  policies: number;
  tenant_column_not_null: boolean | null;
  pk_leads_with_tenant: boolean | null;
  is_partition: boolean;
  runtime_can_read: boolean;
}

/**
 * The isolation guard: every table in `public` that is not on the explicit allowlist of global
 * tables — partitions included — must carry a NOT NULL `tenant_id` leading its primary key, have
 * row-level security enabled AND forced, and have at least one policy; a partition must also be
 * closed to the runtime role. Returns every problem found (empty = pass).
 */
export async function checkTenantIsolation(
  databaseUrl: string,
  globalTables: readonly string[],
): Promise<IsolationProblem[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<TableRow>(
      `
      SELECT c.relname AS table,
             c.relrowsecurity AS rls,
             c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
             (SELECT a.attnotnull FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenant_column_not_null,
             (SELECT a.attname = 'tenant_id' FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
               WHERE i.indrelid = c.oid AND i.indisprimary) AS pk_leads_with_tenant,
             c.relispartition AS is_partition,
             EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = $1)
               AND has_table_privilege($1, c.oid, 'SELECT') AS runtime_can_read
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       ORDER BY c.relname`,
      [RUNTIME_GROUP_ROLE],
    );
    const allowed = new Set(globalTables);
    const problems: IsolationProblem[] = [];
    for (const row of rows) {
      if (allowed.has(row.table)) continue;
      const add = (problem: string) => problems.push({ table: row.table, problem });
      if (row.tenant_column_not_null === null)
        add('has no tenant_id column (or add it to the global-table allowlist)');
      else if (!row.tenant_column_not_null) add('tenant_id is nullable');
      if (row.pk_leads_with_tenant !== true) add('primary key does not start with tenant_id');
      if (!row.rls) add('row level security is not enabled');
      if (!row.forced) add('row level security is not forced (the table owner would bypass it)');
      if (row.policies === 0) add('has no row level security policy');
      // A query on a partition skips its parent's policies: only the parent may be granted.
      if (row.is_partition && row.runtime_can_read)
        add('is a partition the runtime role can query directly (revoke; grant on the parent)');
    }
    return problems;
  } finally {
    await client.end();
  }
}
