import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '../../../../../migrations/support/rls.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createLogger } from '../../logging/logger.js';
import { checkDatabase, createDataSource } from '../data-source.js';
import { withTenant, withTenantSnapshot } from '../unit-of-work.js';

const logger = createLogger({ level: 'silent' });
const tenantA = randomUUID();
const tenantB = randomUUID();
let db: TestDatabase;
let owner: DataSource;
let app: DataSource;

/** A transaction scoped to one tenant, the way the tenancy module will run one. */
function asTenant<T>(tenantId: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  return app.transaction(async (tx) => {
    await tx.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return fn(tx);
  });
}

const titles = async (tx: EntityManager | DataSource) =>
  (await tx.query<{ title: string }[]>('SELECT title FROM rls_demo ORDER BY title')).map(
    (r) => r.title,
  );

beforeAll(async () => {
  db = await createTestDatabase('rls');
  owner = createDataSource({
    url: db.ownerUrl,
    poolSize: 1,
    entities: [],
    applicationName: 'test-owner',
    logger,
  });
  // One connection, so every test below reuses the session that earlier transactions ran on.
  app = createDataSource({
    url: db.runtimeUrl,
    poolSize: 1,
    entities: [],
    applicationName: 'test-app',
    logger,
  });
  await Promise.all([owner.initialize(), app.initialize()]);
  const qr = owner.createQueryRunner();
  try {
    await qr.query(
      `CREATE TABLE rls_demo (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, title text NOT NULL)`,
    );
    await enableTenantRls(qr, 'rls_demo');
  } finally {
    await qr.release();
  }
  await asTenant(tenantA, (tx) =>
    tx.query(`INSERT INTO rls_demo (tenant_id, title) VALUES ($1, 'a1'), ($1, 'a2')`, [tenantA]),
  );
  await asTenant(tenantB, (tx) =>
    tx.query(`INSERT INTO rls_demo (tenant_id, title) VALUES ($1, 'b1')`, [tenantB]),
  );
});

afterAll(async () => {
  await Promise.all([owner?.destroy(), app?.destroy()]);
  await db?.drop();
});

describe('tenant row-level security (enableTenantRls)', () => {
  it('shows a tenant only its own rows', async () => {
    expect(await asTenant(tenantA, titles)).toEqual(['a1', 'a2']);
    expect(await asTenant(tenantB, titles)).toEqual(['b1']);
  });

  it('blocks writing a row for another tenant (WITH CHECK)', async () => {
    await expect(
      asTenant(tenantA, (tx) =>
        tx.query(`INSERT INTO rls_demo (tenant_id, title) VALUES ($1, 'x')`, [tenantB]),
      ),
    ).rejects.toMatchObject({ driverError: { code: '42501' } });
    await expect(
      asTenant(tenantA, (tx) =>
        tx.query(`UPDATE rls_demo SET tenant_id = $1 WHERE title = 'a1'`, [tenantB]),
      ),
    ).rejects.toMatchObject({ driverError: { code: '42501' } });
    expect(await asTenant(tenantB, titles)).toEqual(['b1']);
  });

  it('shows nothing without a tenant, also on a connection that had one before', async () => {
    expect(await titles(app)).toEqual([]);
    expect(await app.transaction((tx) => titles(tx))).toEqual([]);
  });

  it('forgets the tenant when the transaction commits', async () => {
    await asTenant(tenantA, async () => undefined);
    const [row] = await app.query<{ tenant: string | null }[]>(
      `SELECT current_setting('app.tenant_id', true) AS tenant`,
    );
    expect(row?.tenant ?? '').toBe('');
  });

  it('applies to the table owner too (FORCE)', async () => {
    expect(await titles(owner)).toEqual([]);
  });

  it('is reversible', async () => {
    const qr = owner.createQueryRunner();
    try {
      await qr.query('CREATE TABLE rls_undo (tenant_id uuid NOT NULL)');
      await enableTenantRls(qr, 'rls_undo');
      await disableTenantRls(qr, 'rls_undo');
      const [row] = (await qr.query(
        `SELECT relrowsecurity, relforcerowsecurity, (SELECT count(*)::int FROM pg_policy WHERE polrelid = c.oid) AS policies
           FROM pg_class c WHERE relname = 'rls_undo'`,
      )) as { relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }[];
      expect(row).toEqual({ relrowsecurity: false, relforcerowsecurity: false, policies: 0 });
    } finally {
      await qr.release();
    }
  });
});

describe('withTenant and withTenantSnapshot', () => {
  /** Reads the tenant's titles twice, committing a new row of theirs from another session between. */
  async function readAroundACommit(run: typeof withTenant): Promise<[string[], string[]]> {
    const title = `c-${randomUUID().slice(0, 8)}`;
    try {
      return await run(app, tenantA, async (tx) => {
        const before = await titles(tx);
        await owner.transaction(async (other) => {
          await other.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
          await other.query(`INSERT INTO rls_demo (tenant_id, title) VALUES ($1, $2)`, [
            tenantA,
            title,
          ]);
        });
        return [before, await titles(tx)];
      });
    } finally {
      await owner.transaction(async (other) => {
        await other.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
        await other.query(`DELETE FROM rls_demo WHERE title = $1`, [title]);
      });
    }
  }

  it('withTenant sees a commit that lands between two of its reads (READ COMMITTED)', async () => {
    const [before, after] = await readAroundACommit(withTenant);
    expect(before).toEqual(['a1', 'a2']);
    expect(after).toHaveLength(3);
  });

  it('withTenantSnapshot reads one snapshot throughout, still scoped to the tenant', async () => {
    const [before, after] = await readAroundACommit(withTenantSnapshot);
    expect(before).toEqual(['a1', 'a2']);
    expect(after).toEqual(['a1', 'a2']);
    await expect(withTenantSnapshot(app, 'not-a-uuid', titles)).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('checkDatabase', () => {
  it('is true for a live data source and false, without throwing, otherwise', async () => {
    expect(await checkDatabase(app)).toBe(true);
    const unreachable = createDataSource({
      url: 'postgres://nobody:x@127.0.0.1:1/none',
      poolSize: 1,
      entities: [],
      applicationName: 'test-unreachable',
      logger,
    });
    expect(await checkDatabase(unreachable)).toBe(false);
  });

  it('answers false within its timeout when no connection is free', async () => {
    const held = app.createQueryRunner();
    await held.connect();
    try {
      const started = Date.now();
      expect(await checkDatabase(app, 200)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await held.release();
    }
  });
});
