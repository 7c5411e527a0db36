import {
  DataSource,
  type EntitySchema,
  type MigrationInterface,
  type Logger as TypeOrmLogger,
} from 'typeorm';
import type { Logger } from '../logging/logger.js';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  /** Entities are EntitySchema objects: the project uses no decorators. */
  entities: EntitySchema[];
  migrations?: (new () => MigrationInterface)[];
  /** Shows in pg_stat_activity, so operators can tell api, collab, worker and migrate sessions apart. */
  applicationName: string;
  logger: Logger;
  /** Queries slower than this are logged at warn. */
  slowQueryMs?: number;
  /** How long to wait for a free pool connection or a new connection. */
  connectTimeoutMs?: number;
}

const MAX_LOGGED_SQL = 2000;

/**
 * A TypeORM DataSource for PostgreSQL, not yet initialised. The schema is owned by migrations:
 * synchronize and migrationsRun stay off. Extensions are never installed from here (the runtime
 * role may not), and UUIDs come from the built-in gen_random_uuid().
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    poolSize: options.poolSize,
    applicationName: options.applicationName,
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    connectTimeoutMS: options.connectTimeoutMs ?? 10_000,
    maxQueryExecutionTime: options.slowQueryMs ?? 500,
    logger: new PinoTypeOrmLogger(options.logger),
    poolErrorHandler: (error: unknown) => {
      // An idle client lost its server (restart, failover); the pool replaces it on next use.
      options.logger.warn({ error }, 'idle database connection failed');
    },
  });
}

/**
 * Readiness probe for /readyz: true when a trivial query answers within timeoutMs. Never throws,
 * so a hung pool or a down server reports "failing" rather than hanging the probe.
 */
export async function checkDatabase(ds: DataSource, timeoutMs = 2000): Promise<boolean> {
  if (!ds.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = ds.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Routes TypeORM's logging through pino. Parameters are never logged: they carry password
 * hashes, tokens and document content. Every query goes to trace, so the default level stays quiet.
 */
export class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(query: string): void {
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ sql: truncate(query) }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    // Constraint violations and serialization failures are expected and handled by callers (409,
    // retry); anything else (syntax, privileges, RLS denials) points at a bug or an attack.
    const code = typeof error === 'object' && 'code' in error ? String(error.code) : '';
    const expected = code.startsWith('23') || code.startsWith('40');
    this.logger[expected ? 'debug' : 'warn']({ error, sql: truncate(query) }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ durationMs: time, sql: truncate(query) }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    // TypeORM reports only migration failures here; the migrator logs what ran.
    this.logger.warn(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.logger.warn(text);
    else this.logger.debug(text);
  }
}

function truncate(sql: string): string {
  return sql.length > MAX_LOGGED_SQL ? `${sql.slice(0, MAX_LOGGED_SQL)}…` : sql;
}
