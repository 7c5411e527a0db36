import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFolio, type FolioNode } from '../app/folio.js';
import type { TxtResolver } from '../modules/tenancy/index.js';
import { loadConfig } from '../config/config.js';
import { Lifecycle, type ShutdownResult } from '../platform/lifecycle/lifecycle.js';
import { createLogger } from '../platform/logging/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestServer {
  node: FolioNode;
  /** `http://127.0.0.1:<port>` */
  url: string;
  database: TestDatabase;
  lifecycle: Lifecycle;
  /** Gracefully stops the node (as SIGTERM would), then drops its database and data dir. */
  close(): Promise<ShutdownResult>;
}

export interface TestServerOptions {
  /** Names the test database. */
  label?: string;
  /** Use the test Redis (bus and bull queues) instead of the in-process ones. */
  redis?: boolean;
  /** Reuse a database (for several nodes on one database); it is then not dropped on close. */
  database?: TestDatabase;
  /** Extra environment, as a fleet member would get it. */
  env?: Record<string, string>;
  /** A fake DNS for custom-domain verification. */
  dnsResolver?: TxtResolver;
}

/**
 * The real Folio app on port 0 against a database of its own, configured exactly like
 * `npm run serve` (a fleet member: environment only, no embedded services, no seeding).
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase(options.label ?? 'server'));
  const dataDir = await mkdtemp(join(tmpdir(), 'folio-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.runtimeUrl,
    FOLIO_SECRET: randomBytes(32).toString('base64url'),
    FOLIO_DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: '5000',
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}`,
    // Tests make far more requests per minute than any plan allows; the rate-limit tests opt in.
    RATE_LIMIT_ENABLED: 'false',
    ...(options.redis ? { REDIS_URL: requiredEnv('TEST_REDIS_URL') } : {}),
    ...options.env,
  };
  const config = loadConfig(env, 'serve');
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'folio-test' });
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  let node: FolioNode;
  try {
    node = await startFolio({
      config,
      logger,
      lifecycle,
      databaseUrl: database.runtimeUrl,
      secret: env.FOLIO_SECRET!,
      ...(options.dnsResolver ? { dnsResolver: options.dnsResolver } : {}),
    });
  } catch (error) {
    await lifecycle.shutdown('start failed');
    if (!options.database) await database.drop();
    throw error;
  }
  return {
    node,
    url: `http://127.0.0.1:${node.port}`,
    database,
    lifecycle,
    close: async () => {
      const result = await lifecycle.shutdown('test finished');
      if (!options.database) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run integration tests with --selectProjects integration`);
  return value;
}

/**
 * In-process fleet members on one database: `size` nodes sharing one FOLIO_SECRET and one
 * REDIS_KEY_PREFIX, plus `env` (where Redis is, timings). Each is closed by the caller.
 */
export async function startTestFleet(
  database: TestDatabase,
  options: { size: number; env: Record<string, string> },
): Promise<TestServer[]> {
  const env = {
    FOLIO_SECRET: randomBytes(32).toString('base64url'),
    REDIS_KEY_PREFIX: `fleet${randomBytes(3).toString('hex')}`,
    ...options.env,
  };
  const nodes: TestServer[] = [];
  for (let i = 0; i < options.size; i += 1) nodes.push(await startTestServer({ database, env }));
  return nodes;
}
