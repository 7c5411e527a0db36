import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { allEntities } from '../app/entities.js';
import { createDataSource } from '../platform/db/data-source.js';
import { runMigrations } from '../platform/db/migrator.js';
import { dropDatabase, provisionDatabase } from '../platform/db/provision.js';
import { createLogger } from '../platform/logging/logger.js';

/** Shared by every test database: created once per server, reused (and re-asserted) by each file. */
export const TEST_OWNER_ROLE = 'folio_test_owner';
export const TEST_RUNTIME_ROLE = 'folio_test_app';
const TEST_OWNER_PASSWORD = 'folio-test-owner-password';
const TEST_RUNTIME_PASSWORD = 'folio-test-app-password';

export interface TestDatabase {
  /** The owner role: owns the tables, runs migrations; RLS is forced on it too. */
  ownerUrl: string;
  /** The runtime role the app uses: a member of folio_runtime, subject to RLS. */
  runtimeUrl: string;
  superuserUrl: string;
  database: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file (`beforeAll`), on the server that the
 * integration global setup published in TEST_PG_SUPERUSER_URL. Names are unique, so files running
 * in parallel workers never share data.
 */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const superuserUrl = process.env.TEST_PG_SUPERUSER_URL;
  if (!superuserUrl) {
    throw new Error(
      'TEST_PG_SUPERUSER_URL is not set: run integration tests with `--selectProjects integration`',
    );
  }
  const slug =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 32) || 'db';
  const database = `folio_t_${slug}_${randomBytes(5).toString('hex')}`;
  const { ownerUrl, runtimeUrl } = await provisionDatabase(superuserUrl, {
    database,
    ownerRole: TEST_OWNER_ROLE,
    ownerPassword: TEST_OWNER_PASSWORD,
    runtimeRole: TEST_RUNTIME_ROLE,
    runtimePassword: TEST_RUNTIME_PASSWORD,
  });
  try {
    await runMigrations({
      ownerUrl,
      logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'test-db' }),
    });
  } catch (error) {
    await dropDatabase(superuserUrl, database);
    throw error;
  }
  return {
    ownerUrl,
    runtimeUrl,
    superuserUrl,
    database,
    drop: () => dropDatabase(superuserUrl, database),
  };
}

/**
 * An initialised DataSource of the runtime role on a test database — subject to row-level
 * security exactly as a node's is — with every entity; the caller destroys it.
 */
export async function connectRuntime(
  db: Pick<TestDatabase, 'runtimeUrl'>,
  label: string,
  poolSize = 2,
): Promise<DataSource> {
  const ds = createDataSource({
    url: db.runtimeUrl,
    poolSize,
    entities: allEntities,
    applicationName: `${label}-test`,
    logger: createLogger({ level: 'silent' }),
  });
  await ds.initialize();
  return ds;
}
