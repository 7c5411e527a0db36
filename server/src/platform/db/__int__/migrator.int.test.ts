import pg from 'pg';
import { migrations } from '../../../../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createLogger } from '../../logging/logger.js';
import { dropDatabase, provisionDatabase, withCredentials } from '../provision.js';
import { runMigrations, verifyRuntimeRole } from '../migrator.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('migrator');
});

afterAll(async () => {
  await db?.drop();
});

describe('runMigrations', () => {
  it('records every migration once, and a second run is a no-op', async () => {
    const rows = await query<{ name: string }>(
      db.ownerUrl,
      'SELECT name FROM schema_migrations ORDER BY id',
    );
    expect(rows.map((r) => r.name)).toEqual(migrations.map((M) => new M().name));
    await expect(runMigrations({ ownerUrl: db.ownerUrl, logger })).resolves.toEqual([]);
    expect(await query(db.ownerUrl, 'SELECT name FROM schema_migrations')).toHaveLength(
      migrations.length,
    );
  });

  it('lets concurrent migrators apply each migration exactly once', async () => {
    const fresh = await createFreshDatabase('migrator_race');
    try {
      const runs = await Promise.all(
        [1, 2, 3].map(() => runMigrations({ ownerUrl: fresh.ownerUrl, logger })),
      );
      expect(runs.flat().sort()).toEqual(migrations.map((M) => new M().name).sort());
    } finally {
      await fresh.drop();
    }
  });
});

describe('the runtime role', () => {
  it('is not a superuser, has no BYPASSRLS and cannot create tables in public', async () => {
    const [me] = await query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      db.runtimeUrl,
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(me).toEqual({ rolsuper: false, rolbypassrls: false });
    await expect(query(db.runtimeUrl, 'CREATE TABLE sneaky (id int)')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('cannot touch the migrations table', async () => {
    await expect(query(db.runtimeUrl, 'SELECT * FROM schema_migrations')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('passes verifyRuntimeRole, while a superuser or a table owner does not', async () => {
    await expect(verifyRuntimeRole(db.runtimeUrl)).resolves.toBeUndefined();
    const superuserOnDb = withCredentials(db.superuserUrl, { database: db.database });
    await expect(verifyRuntimeRole(superuserOnDb)).rejects.toThrow(/is a superuser/);
    await expect(verifyRuntimeRole(db.ownerUrl)).rejects.toThrow(/owns (table|database|schema)/);
  });
});

async function createFreshDatabase(
  label: string,
): Promise<{ ownerUrl: string; drop(): Promise<void> }> {
  const database = `folio_t_${label}_${Date.now().toString(36)}`;
  const { ownerUrl } = await provisionDatabase(db.superuserUrl, {
    database,
    ownerRole: 'folio_test_owner',
    ownerPassword: 'folio-test-owner-password',
    runtimeRole: 'folio_test_app',
    runtimePassword: 'folio-test-app-password',
  });
  return { ownerUrl, drop: () => dropDatabase(db.superuserUrl, database) };
}
