/**
 * `npm run staff -- grant|revoke <email>` and `npm run staff -- list`: who may use the
 * platform-admin surface (/platform/v1). Connects with DATABASE_OWNER_URL, else DATABASE_URL (the
 * runtime role may update the global users table). Exit code 0, 1 on failure, 2 on bad usage.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createLogger, type Logger } from '../platform/logging/logger.js';

const USAGE = 'usage: staff grant <email> | staff revoke <email> | staff list';

type StaffArgs = { action: 'grant' | 'revoke'; email: string } | { action: 'list' };

function parseArgs(argv: readonly string[]): StaffArgs | null {
  const [action, email, extra] = argv;
  if (action === 'list' && email === undefined) return { action };
  if ((action === 'grant' || action === 'revoke') && email && extra === undefined) {
    const normalised = email.trim().toLowerCase();
    return /^[^\s@]+@[^\s@]+$/.test(normalised) ? { action, email: normalised } : null;
  }
  return null;
}

/** Runs the command; returns the process exit code. Revoking takes effect on the next request. */
export async function staffCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  logger: Logger = createLogger({ level: env.LOG_LEVEL || 'info', name: 'folio-staff' }),
): Promise<number> {
  const args = parseArgs(argv);
  if (!args) {
    logger.error(USAGE);
    return 2;
  }
  const url = env.DATABASE_OWNER_URL || env.DATABASE_URL;
  if (!url) {
    logger.error('cannot change staff: set DATABASE_OWNER_URL or DATABASE_URL');
    return 1;
  }
  const client = new pg.Client({ connectionString: url, application_name: 'folio:staff' });
  try {
    await client.connect();
    if (args.action === 'list') {
      const { rows } = await client.query<{ email: string }>(
        `SELECT email FROM users WHERE is_staff ORDER BY email`,
      );
      logger.info({ staff: rows.map((r) => r.email) }, `${rows.length} staff user(s)`);
      return 0;
    }
    const { rows } = await client.query<{ id: string }>(
      `UPDATE users SET is_staff = $2, updated_at = now() WHERE email = $1 RETURNING id`,
      [args.email, args.action === 'grant'],
    );
    const user = rows[0];
    if (!user) {
      logger.error({ email: args.email }, `no user with email ${args.email}`);
      return 1;
    }
    logger.info(
      { userId: user.id, email: args.email, isStaff: args.action === 'grant' },
      `${args.action === 'grant' ? 'granted' : 'revoked'} platform staff for ${args.email}`,
    );
    return 0;
  } catch (error) {
    logger.error(
      { error },
      `staff ${args.action} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    await client
      .end()
      .catch((error: unknown) => logger.warn({ error }, 'closing the connection failed'));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await staffCommand(process.argv.slice(2), process.env);
}
