import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config.js';
import type { EventBus } from '../platform/bus/bus.port.js';
import { currentContext, runWithContextPatch, type Actor } from '../platform/context.js';
import type { SecretBox } from '../platform/crypto/secret-box.js';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logging/logger.js';
import type { JobQueue } from '../platform/queue/queue.port.js';
import type { ApiMount } from '../platform/http/folio-module.js';
import { openApiRoutes } from '../platform/http/openapi/openapi.routes.js';
import { rateLimitMiddleware, RateLimits, type RateBucket } from '../platform/http/rate-limit.js';
import type { Lifecycle } from '../platform/lifecycle/lifecycle.js';
import { closeRedis, createRedis } from '../platform/redis/connection.js';
import { createKeyspace } from '../platform/redis/keys.js';
import { API_TITLE, buildApiDocument } from './openapi.js';
import type { Principal } from '../modules/access/index.js';
import { auditRoutes } from '../modules/audit/index.js';
import { documentsRoutes, type ContentTypeCatalogue } from '../modules/documents/index.js';
import { findContentType } from '../modules/content/index.js';

/** Documents may only be created with a content type the tenant has (built-in or its own). */
const contentTypeCatalogue: ContentTypeCatalogue = {
  exists: async (tx, tenantId, key) => (await findContentType(tx, tenantId, key)) !== null,
};
import {
  apiKeysRoutes,
  type AccessChanges,
  authenticateMiddleware,
  authRoutes,
  mfaRoutes,
  principalSlot,
  SessionIssuer,
  type AccessTokens,
  type Authenticator,
} from '../modules/identity/index.js';
import {
  effectiveQuotas,
  domainsRoutes,
  invitationRoutes,
  memberRoutes,
  roleRoutes,
  signupRoutes,
  tenantSwitcherRoutes,
  resolveTenantMiddleware,
  tenantGatesMiddleware,
  tenantSettingsRoutes,
  tenantSlot,
  tenantSourceSlot,
  type TenantResolver,
  type TxtResolver,
} from '../modules/tenancy/index.js';

/** Everything the HTTP adapters of the modules may be built from. */
export interface ApiDeps {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  bus: EventBus;
  queue: JobQueue;
  secrets: SecretBox;
  accessTokens: AccessTokens;
  authenticator: Authenticator;
  /** Announces revoked access so open realtime connections follow on every node. */
  accessChanges: AccessChanges;
  resolver: TenantResolver;
  /** Looks up TXT records for custom-domain verification (tests inject a fake). */
  dnsResolver?: TxtResolver;
  /** The feature modules' routers, mounted after the core routes. */
  mounts?: readonly ApiMount[];
  /** Closes the rate limiter's Redis connection at shutdown. */
  lifecycle?: Pick<Lifecycle, 'onStop'>;
}

function actorOf(principal: Principal): Actor {
  return principal.kind === 'member'
    ? { kind: 'user', userId: principal.userId }
    : { kind: 'apiKey', apiKeyId: principal.apiKeyId };
}

/**
 * Binds the request to exactly one tenant: the one its host or header names, which a token must
 * belong to, or — on a host that names none — the token's own. The tenant and actor then join the
 * request context, so every log line and audit entry carries them.
 */
function bindTenant(resolver: TenantResolver): RequestHandler {
  return async (_req, res, next) => {
    const principal = principalSlot.get(res);
    let resolved = tenantSlot.get(res);
    if (principal && resolved && resolved.tenant.id !== principal.tenantId) {
      throw new AppError('forbidden', 'The credentials belong to another tenant');
    }
    if (principal && !resolved) {
      const own = await resolver.byId(principal.tenantId);
      if (!own)
        throw new AppError('unauthenticated', 'The tenant of these credentials no longer exists');
      resolved = own;
      tenantSlot.set(res, own);
      tenantSourceSlot.set(res, 'token');
    }
    runWithContextPatch(
      {
        ...(resolved ? { tenantId: resolved.tenant.id } : {}),
        ...(principal ? { actor: actorOf(principal) } : {}),
      },
      next,
    );
  };
}

/** The buckets one request draws from: its tenant's plan, its credential, its client address. */
function bucketsOf(config: Config) {
  return (req: Request, res: Response): RateBucket[] => {
    const buckets: RateBucket[] = [];
    const resolved = tenantSlot.get(res);
    if (resolved) {
      const { tenant } = resolved;
      const limit = effectiveQuotas(tenant.plan, tenant.quotas).apiRequestsPerMinute;
      buckets.push({ scope: 'tenant', id: tenant.id, limit });
    }
    const principal = principalSlot.get(res);
    if (principal) {
      const id =
        principal.kind === 'apiKey'
          ? `key:${principal.apiKeyId}`
          : principal.sessionId
            ? `session:${principal.sessionId}`
            : `user:${principal.tenantId}:${principal.userId}`;
      buckets.push({ scope: 'credential', id, limit: config.RATE_LIMIT_PER_TOKEN_PER_MINUTE });
    }
    const ip = currentContext()?.clientIp ?? req.socket.remoteAddress;
    if (ip) buckets.push({ scope: 'ip', id: ip, limit: config.RATE_LIMIT_PER_IP_PER_MINUTE });
    return buckets;
  };
}

/**
 * The rate limits, or null when RATE_LIMIT_ENABLED is off. Counters live in Redis (a connection
 * of their own) when the node has one, so the whole fleet shares them; else in this process.
 */
function createRateLimits(deps: ApiDeps): RateLimits | null {
  const { config, logger } = deps;
  if (!config.RATE_LIMIT_ENABLED) return null;
  const target = config.REDIS_URL
    ? { url: config.REDIS_URL }
    : config.REDIS_CLUSTER_NODES
      ? { clusterNodes: config.REDIS_CLUSTER_NODES }
      : null;
  // One retry per command at most: a request must not wait out a Redis reconnect.
  const redis = target
    ? createRedis({
        ...target,
        purpose: 'rate-limit',
        logger,
        redisOptions: { maxRetriesPerRequest: 1 },
      })
    : null;
  if (redis) deps.lifecycle?.onStop('rate-limit-redis', () => closeRedis(redis));
  const keyPrefix = createKeyspace(config.REDIS_KEY_PREFIX).global('rate-limit');
  return new RateLimits({ redis, keyPrefix, logger });
}

/**
 * `/api/v1`: the public OpenAPI document and docs page, then tenant resolution, authentication,
 * tenant binding, rate limits, tenant gates and the modules' routes.
 */
export function apiV1(deps: ApiDeps): Router {
  const router = Router();
  // Before tenant resolution: the document is the same for everyone and needs no credentials.
  router.use(openApiRoutes({ title: API_TITLE, build: buildApiDocument }));
  router.use(resolveTenantMiddleware(deps.resolver));
  router.use(authenticateMiddleware(deps.authenticator));
  router.use(bindTenant(deps.resolver));
  const limits = createRateLimits(deps);
  if (limits) router.use(rateLimitMiddleware(limits, bucketsOf(deps.config)));
  router.use(tenantGatesMiddleware(deps));
  router.use(tenantSettingsRoutes(deps));
  router.use(domainsRoutes(deps));
  // Tenancy flows; /auth/tenants comes before the identity module's /auth router.
  const sessions = new SessionIssuer(deps.accessTokens, deps.secrets);
  const urls = { publicUrl: deps.config.FOLIO_PUBLIC_URL, port: deps.config.PORT };
  const flows = {
    dataSource: deps.dataSource,
    resolver: deps.resolver,
    accessChanges: deps.accessChanges,
    sessions,
    urls,
  };
  router.use('/auth/tenants', tenantSwitcherRoutes(flows));
  router.use('/signup', signupRoutes({ ...flows, baseDomain: deps.config.FOLIO_BASE_DOMAIN }));
  router.use('/invitations', invitationRoutes(flows));
  router.use('/members', memberRoutes(flows));
  router.use('/roles', roleRoutes(flows));
  router.use('/audit-log', auditRoutes(deps));
  router.use('/documents', documentsRoutes({ ...deps, contentTypes: contentTypeCatalogue }));
  router.use('/auth', authRoutes(deps));
  router.use('/auth/mfa', mfaRoutes(deps));
  router.use('/api-keys', apiKeysRoutes(deps));
  for (const mount of deps.mounts ?? []) router.use(mount.path, mount.router);
  return router;
}
