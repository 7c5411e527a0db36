/**
 * A throwaway, migrated database for one benchmark run, made with the compiled server's own
 * helpers (the ones server/src/test/database.ts uses), so the schema is exactly what Folio runs.
 * The server is compiled JavaScript without declarations: the few functions used are typed here.
 */
import { randomBytes } from 'node:crypto';
import { serverModuleUrl } from './paths.js';

interface ProvisionModule {
  provisionDatabase(
    superuserUrl: string,
    options: {
      database: string;
      ownerRole: string;
      ownerPassword: string;
      runtimeRole: string;
      runtimePassword: string;
    },
  ): Promise<{ ownerUrl: string; runtimeUrl: string }>;
  dropDatabase(superuserUrl: string, name: string): Promise<void>;
}

/** The server's pino logger, passed through untouched. */
type ServerLogger = object;

interface MigratorModule {
  runMigrations(options: { ownerUrl: string; logger: ServerLogger }): Promise<string[]>;
}

interface LoggerModule {
  createLogger(options: { level: string; name?: string }): ServerLogger;
}

/** Cluster-wide roles, reused by every run (like the test harness's); only the database is new. */
const OWNER_ROLE = 'folio_bench_owner';
const RUNTIME_ROLE = 'folio_bench_app';
// The local server trusts loopback connections; the passwords only satisfy the role definitions.
const OWNER_PASSWORD = 'folio-bench-owner-password';
const RUNTIME_PASSWORD = 'folio-bench-app-password';

export interface BenchDatabase {
  readonly name: string;
  /** The runtime role's URL: what Folio gets as DATABASE_URL. */
  readonly runtimeUrl: string;
  drop(): Promise<void>;
}

/** Provisions and migrates `folio_bench_<random>`; drops it again if migrating fails. */
export async function createBenchDatabase(superuserUrl: string): Promise<BenchDatabase> {
  const provision = (await import(serverModuleUrl('platform/db/provision.js'))) as ProvisionModule;
  const migrator = (await import(serverModuleUrl('platform/db/migrator.js'))) as MigratorModule;
  const logging = (await import(serverModuleUrl('platform/logging/logger.js'))) as LoggerModule;

  const name = `folio_bench_${randomBytes(5).toString('hex')}`;
  const { ownerUrl, runtimeUrl } = await provision.provisionDatabase(superuserUrl, {
    database: name,
    ownerRole: OWNER_ROLE,
    ownerPassword: OWNER_PASSWORD,
    runtimeRole: RUNTIME_ROLE,
    runtimePassword: RUNTIME_PASSWORD,
  });
  const drop = () => provision.dropDatabase(superuserUrl, name);
  try {
    await migrator.runMigrations({
      ownerUrl,
      logger: logging.createLogger({ level: 'warn', name: 'bench-migrate' }),
    });
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, runtimeUrl, drop };
}
