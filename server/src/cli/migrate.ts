/**
 * `npm run migrate`: applies pending migrations with DATABASE_OWNER_URL and, when DATABASE_URL is
 * also set, checks that the runtime role cannot bypass row-level security. Exit code 0 or 1.
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createLogger, type Logger } from '../platform/logging/logger.js';
import { runMigrations, verifyRuntimeRole } from '../platform/db/migrator.js';

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return ['postgres:', 'postgresql:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be a URL starting with postgres:// or postgresql://');

const migrateEnv = z.object({
  DATABASE_OWNER_URL: postgresUrl,
  DATABASE_URL: postgresUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Runs the command against an environment; returns the process exit code. */
export async function migrateCommand(
  env: Record<string, string | undefined>,
  logger?: Logger,
): Promise<number> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = migrateEnv.safeParse(cleaned);
  const log =
    logger ??
    createLogger({ level: parsed.success ? parsed.data.LOG_LEVEL : 'info', name: 'folio-migrate' });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const variable = String(i.path[0] ?? '(environment)');
      return `${variable}: ${variable === 'DATABASE_OWNER_URL' && !cleaned[variable] ? 'is required (the role that owns the database and runs migrations)' : i.message}`;
    });
    log.error({ problems }, `cannot migrate: ${problems.join('; ')}`);
    return 1;
  }
  try {
    await runMigrations({ ownerUrl: parsed.data.DATABASE_OWNER_URL, logger: log });
    if (parsed.data.DATABASE_URL) {
      await verifyRuntimeRole(parsed.data.DATABASE_URL);
      log.info('runtime role verified: it cannot bypass row-level security');
    }
    return 0;
  } catch (error) {
    log.error(
      { error },
      `migration failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await migrateCommand(process.env);
}
