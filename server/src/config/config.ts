import { isIP } from 'node:net';
import { z } from 'zod';

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be an integer')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    )
    .optional();

/** `address` or `address/prefix` (IPv4 or IPv6), checked without any module's help. */
function isCidr(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An on/off variable: true|false|1|0|yes|no|on|off. */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const positiveInt = z.coerce.number().int().min(1);

const ROLES = ['api', 'collab', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** The whole process environment Folio reads, parsed once at boot. docs/configuration.md mirrors it. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(7410),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    ROLES: z
      .string()
      .default('api,collab,worker')
      .transform((v) =>
        v
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.enum(ROLES, { message: `each role must be one of ${ROLES.join(', ')}` })).min(1),
      ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    DATABASE_OWNER_URL: optionalUrl(['postgres:', 'postgresql:']),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: optionalUrl(['redis:', 'rediss:']),
    REDIS_CLUSTER_NODES: z
      .string()
      .trim()
      .min(1)
      .transform((v) => v.split(',').map((n) => n.trim()))
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each node must be host:port')))
      .optional(),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, dot, dash or underscore (at most 40)')
      .default('folio'),
    FOLIO_BASE_DOMAIN: z.string().trim().toLowerCase().min(1).default('localhost'),
    FOLIO_DATA_DIR: z.string().trim().min(1).default('./.folio'),
    FOLIO_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    FOLIO_EMBEDDED_PG_PORT: port.optional(),
    FOLIO_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    FOLIO_PUBLIC_URL: optionalUrl(['http:', 'https:']),
    FOLIO_TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().refine(isCidr, 'each entry must be an IP address or CIDR range'))),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
    // Collaboration engine (docs/configuration.md, "Collaboration"); a plan's documentBytes quota
    // bounds each document on top of these.
    COLLAB_MAX_ROOMS: positiveInt.default(10_000),
    COLLAB_MAX_MESSAGE_BYTES: positiveInt.default(4 * 1024 * 1024),
    COLLAB_MAX_CONNECTIONS_PER_ROOM: positiveInt.default(250),
    COLLAB_MAX_BUFFERED_BYTES: positiveInt.default(8 * 1024 * 1024),
    COLLAB_UPDATES_PER_SECOND: positiveInt.default(100),
    COLLAB_UPDATE_BURST: positiveInt.default(200),
    COLLAB_AWARENESS_PER_SECOND: positiveInt.default(30),
    COLLAB_AWARENESS_BURST: positiveInt.default(60),
    COLLAB_IDLE_UNLOAD_MS: z.coerce.number().int().min(0).default(30_000),
    COLLAB_FLUSH_DELAY_MS: z.coerce.number().int().min(1).max(50).default(40),
    COLLAB_COMPACT_AFTER_UPDATES: positiveInt.default(1000),
    COLLAB_COMPACT_AFTER_BYTES: positiveInt.default(1024 * 1024),
    COLLAB_COMPACT_AFTER_MS: positiveInt.default(60_000),
    ACCESS_RECHECK_MS: z.coerce.number().int().min(1000).default(300_000),
    API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
    FLEET_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    // Automatic version checkpoints: after this long without edits, or every interval of activity.
    VERSION_CHECKPOINT_IDLE_MS: z.coerce.number().int().min(100).default(60_000),
    VERSION_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(600_000),
    // Publishing: published-content cache, CDN invalidation, GraphQL limits.
    PUBLISHED_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(300),
    CDN_CLOUDFRONT_DISTRIBUTION_ID: z.string().min(1).optional(),
    GRAPHQL_MAX_DEPTH: positiveInt.default(10),
    GRAPHQL_MAX_COST: positiveInt.default(5000),
    GRAPHIQL: flag.optional(),
    // Rate limits per tenant (by plan), per credential and per client IP, per minute.
    RATE_LIMIT_ENABLED: flag.default(true),
    RATE_LIMIT_PER_TOKEN_PER_MINUTE: positiveInt.default(1200),
    RATE_LIMIT_PER_IP_PER_MINUTE: positiveInt.default(600),
    // Webhooks: private, loopback and link-local targets are refused unless this is set.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.default(false),
    WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
    WEBHOOK_MAX_ATTEMPTS: positiveInt.default(8),
  })
  .superRefine((env, ctx) => {
    if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_CLUSTER_NODES'],
        message: 'set either REDIS_URL or REDIS_CLUSTER_NODES, not both',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** How this process was started: `npm start` (embedded services) or `npm run serve` (fleet member). */
export type StartMode = 'embedded' | 'serve';

export interface Config extends Env {
  mode: StartMode;
  roles: ReadonlySet<Role>;
}

/** Raised when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>, mode: StartMode): Config {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  const problems: { variable: string; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message });
    }
  }
  if (parsed.success && mode === 'serve') {
    if (!parsed.data.DATABASE_URL) {
      problems.push({
        variable: 'DATABASE_URL',
        message: 'is required by `npm run serve` (fleet members use no embedded database)',
      });
    }
    if (!parsed.data.FOLIO_SECRET) {
      problems.push({
        variable: 'FOLIO_SECRET',
        message: 'is required by `npm run serve` (every fleet member must share one)',
      });
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return { ...parsed.data, mode, roles: new Set(parsed.data.ROLES) };
}
