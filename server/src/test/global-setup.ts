/**
 * Jest global setup for integration tests: makes sure a real PostgreSQL and a real Redis are
 * available and publishes where they are through the environment (TEST_PG_SUPERUSER_URL,
 * TEST_REDIS_URL), which every test worker inherits. Local servers on the standard ports are used
 * when reachable; otherwise private ones are started for this run and stopped in teardown.
 */
import Module from 'node:module';

/**
 * Jest loads global setup through its CommonJS require hook, where Node's resolver does not map
 * the `.js` suffixes of our ESM sources to their `.ts` files (test files get Jest's resolver and
 * moduleNameMapper instead). Teach the resolver that one mapping, for this process only.
 */
function resolveTsFromJsSuffix(): void {
  type Resolve = (request: string, ...rest: unknown[]) => string;
  const mod = Module as unknown as { _resolveFilename: Resolve };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    try {
      return original.call(this, request, ...rest);
    } catch (error) {
      if (request.startsWith('.') && request.endsWith('.js')) {
        return original.call(this, `${request.slice(0, -3)}.ts`, ...rest);
      }
      throw error;
    }
  };
}

export default async function globalSetup(): Promise<void> {
  resolveTsFromJsSuffix();
  const { ensureTestPostgres } = await import('./services/postgres.js');
  const { ensureTestRedis } = await import('./services/redis.js');
  const [pg, redis] = await Promise.all([ensureTestPostgres(), ensureTestRedis()]);
  process.env.TEST_PG_SUPERUSER_URL = pg.superuserUrl;
  process.env.TEST_REDIS_URL = redis.url;
  const stops = [pg.stop, redis.stop];
  (globalThis as { __folioTestServicesStop?: () => Promise<void> }).__folioTestServicesStop =
    async () => {
      await Promise.all(stops.map((stop) => stop()));
    };
}
