import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { migrations } from '../../../../migrations/index.js';
import type { Logger } from '../logging/logger.js';
import { createDataSource } from './data-source.js';

export interface RunMigrationsOptions {
  ownerUrl: string;
  logger: Logger;
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

/** Advisory locks are per database, so one key serialises the migrators of one database only. */
const LOCK_SQL = `pg_advisory_lock(7410, hashtext('folio:migrations'))`;
const TRY_LOCK_SQL = `pg_try_advisory_lock(7410, hashtext('folio:migrations'))`;
const UNLOCK_SQL = `pg_advisory_unlock(7410, hashtext('folio:migrations'))`;

/**
 * Applies pending migrations as the owner role, each in its own transaction, while holding an
 * advisory lock so that fleet members starting together migrate once. Returns the names applied.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<string[]> {
  const { logger } = options;
  // Two connections: one holds the lock for the whole run, the other runs the migrations.
  const ds = createDataSource({
    url: options.ownerUrl,
    poolSize: 2,
    entities: [],
    migrations,
    applicationName: 'folio-migrate',
    logger,
  });
  await ds.initialize();
  try {
    const lock = ds.createQueryRunner();
    await lock.connect();
    try {
      await acquireLock(lock, logger, options.lockTimeoutMs ?? 300_000);
      const started = Date.now();
      const applied = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
      if (applied.length === 0) logger.info('database schema is up to date');
      else
        logger.info(
          { migrations: applied, durationMs: Date.now() - started },
          `applied ${applied.length} migration(s)`,
        );
      return applied;
    } finally {
      await lock.query(`SELECT ${UNLOCK_SQL}`).catch(() => undefined);
      await lock.release();
    }
  } finally {
    await ds.destroy();
  }
}

async function acquireLock(lock: QueryRunner, logger: Logger, timeoutMs: number): Promise<void> {
  const [row] = (await lock.query(`SELECT ${TRY_LOCK_SQL} AS locked`)) as { locked: boolean }[];
  if (row?.locked) return;
  logger.info({ timeoutMs }, 'another process is migrating this database; waiting for it');
  await lock.query(`SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
  try {
    await lock.query(`SELECT ${LOCK_SQL}`);
  } catch (error) {
    throw new Error(
      `gave up waiting ${timeoutMs} ms for the migration lock held by another process`,
      {
        cause: error,
      },
    );
  } finally {
    await lock.query('RESET lock_timeout');
  }
}

/**
 * Refuses a runtime connection that could get around row-level security: a superuser, a role with
 * BYPASSRLS (or able to SET ROLE to one), or a role that owns (or inherits ownership of) any
 * relation, schema or the database itself. Throws an Error naming every problem.
 */
export async function verifyRuntimeRole(runtimeUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: runtimeUrl, application_name: 'folio-verify' });
  await client.connect();
  try {
    const problems: string[] = [];
    const { rows: me } = await client.query<{ name: string; super: boolean; bypass: boolean }>(
      `SELECT rolname AS name, rolsuper AS super, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`,
    );
    const role = me[0]?.name ?? '(unknown)';
    if (me[0]?.super) problems.push('is a superuser');
    if (me[0]?.bypass) problems.push('has BYPASSRLS');
    if (problems.length === 0) {
      const { rows: elevated } = await client.query<{ name: string }>(
        `SELECT rolname AS name FROM pg_roles
          WHERE (rolsuper OR rolbypassrls) AND rolname <> current_user AND pg_has_role(current_user, oid, 'MEMBER')`,
      );
      for (const r of elevated)
        problems.push(`can SET ROLE to ${r.name}, which is a superuser or has BYPASSRLS`);
      const { rows: owned } = await client.query<{ name: string }>(
        `SELECT format('%s %I.%I', CASE WHEN c.relkind IN ('r', 'p') THEN 'table' ELSE 'relation' END,
                       n.nspname, c.relname) AS name
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE pg_has_role(current_user, c.relowner, 'USAGE')
            AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
         UNION ALL
         SELECT format('schema %I', n.nspname) FROM pg_namespace n
          WHERE pg_has_role(current_user, n.nspowner, 'USAGE') AND n.nspname NOT LIKE 'pg\\_temp\\_%'
            AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
         UNION ALL
         SELECT format('database %I', d.datname) FROM pg_database d
          WHERE d.datname = current_database() AND pg_has_role(current_user, d.datdba, 'USAGE')
          ORDER BY 1 LIMIT 20`,
      );
      for (const o of owned) problems.push(`owns ${o.name}`);
    }
    if (problems.length > 0) {
      throw new Error(
        `DATABASE_URL must connect as a role that row-level security applies to, but role "${role}" ` +
          `${problems.join('; ')}. Use a NOSUPERUSER NOBYPASSRLS login role that is a member of folio_runtime and owns nothing.`,
      );
    }
  } finally {
    await client.end();
  }
}
