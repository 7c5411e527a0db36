import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres.js';
import { runMigrations } from '../platform/db/migrator.js';
import { provisionDatabase } from '../platform/db/provision.js';
import type { Logger } from '../platform/logging/logger.js';
import { loadOrCreateSecrets, type EmbeddedSecrets } from './secrets.js';

export interface EmbeddedDatabase {
  runtimeUrl: string;
  ownerUrl: string | undefined;
  secrets: EmbeddedSecrets;
  /** Stops the embedded PostgreSQL (no-op when an external database was configured). */
  stop(): Promise<void>;
}

/**
 * Prepares the all-in-one node's database: the configured one when DATABASE_URL is set,
 * otherwise a real PostgreSQL kept in FOLIO_DATA_DIR, provisioned with the owner and runtime roles
 * and migrated, so the rest of the app runs exactly as a fleet member would.
 */
export async function prepareEmbeddedDatabase(
  config: Config,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const dataDir = resolve(config.FOLIO_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const secrets = await loadOrCreateSecrets(dataDir);

  if (config.DATABASE_URL) {
    if (config.DATABASE_OWNER_URL)
      await runMigrations({ ownerUrl: config.DATABASE_OWNER_URL, logger });
    return {
      runtimeUrl: config.DATABASE_URL,
      ownerUrl: config.DATABASE_OWNER_URL,
      secrets,
      stop: async () => {},
    };
  }

  const postgres = await startEmbeddedPostgres({
    dataDir,
    ...(config.FOLIO_EMBEDDED_PG_PORT === undefined ? {} : { port: config.FOLIO_EMBEDDED_PG_PORT }),
    logger,
  });
  try {
    const { ownerUrl, runtimeUrl } = await provisionDatabase(postgres.superuserUrl, {
      database: 'folio',
      ownerRole: 'folio_owner',
      ownerPassword: secrets.ownerPassword,
      runtimeRole: 'folio_app',
      runtimePassword: secrets.runtimePassword,
    });
    await runMigrations({ ownerUrl, logger });
    logger.info({ port: postgres.port, dataDir }, 'embedded PostgreSQL ready');
    return { runtimeUrl, ownerUrl, secrets, stop: () => postgres.stop() };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}
