/**
 * `npm run check:isolation`: fails when a table outside the global-table allowlist lacks tenant
 * row-level security. With DATABASE_OWNER_URL (or DATABASE_URL) it checks that database as it
 * is; without, it migrates a throwaway embedded PostgreSQL and checks what the migrations build.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GLOBAL_TABLES } from '../app/global-tables.js';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres.js';
import { checkTenantIsolation, type IsolationProblem } from '../platform/db/isolation-check.js';
import { runMigrations } from '../platform/db/migrator.js';
import { provisionDatabase } from '../platform/db/provision.js';
import { createLogger } from '../platform/logging/logger.js';

async function checkMigrationsOnScratchDatabase(): Promise<IsolationProblem[]> {
  const logger = createLogger({ level: 'warn', name: 'folio-check-isolation' });
  const dataDir = await mkdtemp(join(tmpdir(), 'folio-isolation-'));
  const postgres = await startEmbeddedPostgres({ dataDir, logger });
  try {
    const { ownerUrl } = await provisionDatabase(postgres.superuserUrl, {
      database: 'folio_isolation_check',
      ownerRole: 'folio_owner',
      ownerPassword: 'isolation-check-owner',
      runtimeRole: 'folio_app',
      runtimePassword: 'isolation-check-app',
    });
    await runMigrations({ ownerUrl, logger });
    return await checkTenantIsolation(ownerUrl, GLOBAL_TABLES);
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs the guard; returns the process exit code. */
export async function checkIsolationCommand(
  env: Record<string, string | undefined>,
): Promise<number> {
  const url = env.DATABASE_OWNER_URL || env.DATABASE_URL;
  const problems = url
    ? await checkTenantIsolation(url, GLOBAL_TABLES)
    : await checkMigrationsOnScratchDatabase();
  if (problems.length === 0) {
    process.stdout.write(
      `isolation check passed: every table outside [${GLOBAL_TABLES.join(', ')}] is tenant-isolated\n`,
    );
    return 0;
  }
  process.stderr.write(
    `isolation check FAILED:\n${problems.map((p) => `  ${p.table}: ${p.problem}`).join('\n')}\n`,
  );
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  checkIsolationCommand(process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `isolation check could not run: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(2);
    },
  );
}
