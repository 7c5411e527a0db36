import pg from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { enableTenantRls } from '../../../../migrations/support/rls.js';
import { checkTenantIsolation } from '../../platform/db/isolation-check.js';
import { connectRuntime, createTestDatabase, type TestDatabase } from '../../test/database.js';
import { GLOBAL_TABLES } from '../global-tables.js';
import { seedDemoTenant } from '../seed-demo.js';

/** What a careless migration looks like: a tenant table with no row-level security. */
class AddWidgetsWithoutRls implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE widgets (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE widgets`);
  }
}

async function runAsOwner(db: TestDatabase, sql: (q: QueryRunner) => Promise<void>): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: db.ownerUrl });
  await ds.initialize();
  const q = ds.createQueryRunner();
  try {
    await sql(q);
  } finally {
    await q.release();
    await ds.destroy();
  }
}

describe('tenant isolation guard (npm run check:isolation)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('isolation');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('passes on the schema the migrations build', async () => {
    expect(await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES)).toEqual([]);
  });

  it('hides every tenant-owned row from raw SQL of the runtime role without the tenant setting', async () => {
    const ds = await connectRuntime(db, 'isolation');
    await seedDemoTenant(ds, 'demo-password-123');
    await ds.destroy();
    const client = new pg.Client({ connectionString: db.runtimeUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ relname: string; relispartition: boolean }>(
        `SELECT relname, relispartition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity`,
      );
      expect(rows.map((r) => r.relname)).toEqual(
        expect.arrayContaining(['memberships', 'roles', 'audit_log', 'document_updates']),
      );
      for (const { relname, relispartition } of rows) {
        const counted = client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${relname}"`);
        if (relispartition) {
          // Partitions are reachable only through their parent, whose policy applies.
          await expect(counted).rejects.toThrow(/permission denied/);
          continue;
        }
        const count = await counted;
        expect({ table: relname, rows: count.rows[0]!.n }).toEqual({ table: relname, rows: 0 });
      }
    } finally {
      await client.end();
    }
  });

  it('fails when a migration adds a tenant table without row-level security', async () => {
    await runAsOwner(db, (q) => new AddWidgetsWithoutRls().up(q));
    try {
      const problems = await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES);
      expect(problems).toEqual(
        expect.arrayContaining([
          { table: 'widgets', problem: 'row level security is not enabled' },
          {
            table: 'widgets',
            problem: 'row level security is not forced (the table owner would bypass it)',
          },
          { table: 'widgets', problem: 'has no row level security policy' },
        ]),
      );
      expect(problems.every((p) => p.table === 'widgets')).toBe(true);

      await runAsOwner(db, (q) =>
        q.query(`ALTER TABLE widgets ENABLE ROW LEVEL SECURITY`).then(() => undefined),
      );
      const stillUnforced = await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES);
      expect(stillUnforced.map((p) => p.problem)).toContain(
        'row level security is not forced (the table owner would bypass it)',
      );

      await runAsOwner(db, async (q) => {
        await q.query(`ALTER TABLE widgets DISABLE ROW LEVEL SECURITY`);
        await enableTenantRls(q, 'widgets');
      });
      expect(await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES)).toEqual([]);
    } finally {
      await runAsOwner(db, (q) => new AddWidgetsWithoutRls().down(q));
    }
  });

  it('flags a partition without row-level security or open to the runtime role', async () => {
    await runAsOwner(db, async (q) => {
      await q.query(
        `CREATE TABLE gadgets (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))
         PARTITION BY HASH (tenant_id)`,
      );
      await q.query(
        `CREATE TABLE gadgets_p0 PARTITION OF gadgets FOR VALUES WITH (MODULUS 1, REMAINDER 0)`,
      );
      await enableTenantRls(q, 'gadgets');
    });
    try {
      const problems = await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES);
      expect(problems).toEqual([
        { table: 'gadgets_p0', problem: 'row level security is not enabled' },
        {
          table: 'gadgets_p0',
          problem: 'row level security is not forced (the table owner would bypass it)',
        },
        { table: 'gadgets_p0', problem: 'has no row level security policy' },
        {
          table: 'gadgets_p0',
          problem:
            'is a partition the runtime role can query directly (revoke; grant on the parent)',
        },
      ]);
      await runAsOwner(db, async (q) => {
        await q.query(`REVOKE ALL ON gadgets_p0 FROM PUBLIC, folio_runtime`);
        await enableTenantRls(q, 'gadgets_p0');
      });
      expect(await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES)).toEqual([]);
    } finally {
      await runAsOwner(db, (q) => q.query(`DROP TABLE gadgets`).then(() => undefined));
    }
  });

  it('flags tables without a tenant_id, with a nullable one, or with a key not led by it', async () => {
    await runAsOwner(db, async (q) => {
      await q.query(`CREATE TABLE stray (id uuid PRIMARY KEY)`);
      await q.query(`CREATE TABLE loose (id uuid PRIMARY KEY, tenant_id uuid)`);
      await enableTenantRls(q, 'loose');
    });
    try {
      const problems = await checkTenantIsolation(db.ownerUrl, GLOBAL_TABLES);
      expect(problems).toEqual(
        expect.arrayContaining([
          {
            table: 'stray',
            problem: 'has no tenant_id column (or add it to the global-table allowlist)',
          },
          { table: 'loose', problem: 'tenant_id is nullable' },
          { table: 'loose', problem: 'primary key does not start with tenant_id' },
        ]),
      );
    } finally {
      await runAsOwner(db, (q) => q.query(`DROP TABLE stray, loose`).then(() => undefined));
    }
  });
});
