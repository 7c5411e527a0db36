/**
 * GraphQL on `/graphql`: queries and mutations over HTTP (graphql-http), subscriptions over
 * websockets (graphql-ws) on the same path, fed by the event feed so every node delivers every
 * tenant's events to its own subscribers. docs/api-graphql.md is the reference.
 */
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config.js';
import {
  MemoryPersistedQueries,
  RedisPersistedQueries,
  type PersistedQueryStore,
} from '../../platform/graphql/persisted-queries.js';
import type { OperationLimits } from '../../platform/graphql/limits.js';
import type { FolioModule } from '../../platform/http/folio-module.js';
import { upgradePath } from '../../platform/http/upgrade-guard.js';
import type { Logger } from '../../platform/logging/logger.js';
import { closeRedis, createRedis, type RedisClient } from '../../platform/redis/connection.js';
import type { Keyspace } from '../../platform/redis/keys.js';
import type { DocumentContent } from '../collab/index.js';
import type { LiveEventEnvelope } from '../events/index.js';
import type { AccessChanges, Authenticator } from '../identity/index.js';
import type { Principal } from '../access/index.js';
import { createPublishedContent } from '../publishing/index.js';
import type { TenantResolver } from '../tenancy/index.js';
import { graphqlHttpRouter } from './graphql.http.js';
import { attachGraphqlWs, type GraphqlWsEndpoint } from './graphql.ws.js';
import { buildGraphqlSchema } from './schema/index.js';

export { QUERY_TOO_COMPLEX } from '../../platform/graphql/limits.js';

/** What the GraphQL module is built from (a subset of the app's feature deps). */
export interface GraphqlModuleDeps {
  readonly config: Pick<
    Config,
    'GRAPHQL_MAX_DEPTH' | 'GRAPHQL_MAX_COST' | 'GRAPHIQL' | 'NODE_ENV' | 'ACCESS_RECHECK_MS'
  >;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
  readonly events: { subscribe(listener: (event: LiveEventEnvelope) => void): () => void };
  readonly keyspace: Keyspace;
  readonly redis: { url: string } | { clusterNodes: string[] } | null;
  readonly authenticator: Authenticator;
  readonly resolver: TenantResolver;
  /** Access changes close or re-authorize open graphql-ws connections. */
  readonly accessChanges: AccessChanges;
  readonly tenantGate: (tenantId: string, principal: Principal) => Promise<void>;
}

/** The path both transports serve. */
export const GRAPHQL_PATH = '/graphql';

/** documentChanged sends at most one event per document per second. */
const CHANGE_DEBOUNCE_MS = 1000;

/** See the file comment. */
export function createGraphqlModule(
  deps: GraphqlModuleDeps & Parameters<typeof createPublishedContent>[0],
): FolioModule {
  const published = createPublishedContent(deps);
  const schema = buildGraphqlSchema({
    dataSource: deps.dataSource,
    content: deps.content,
    events: deps.events,
    published,
    changeDebounceMs: CHANGE_DEBOUNCE_MS,
  });
  const limits: OperationLimits = {
    maxDepth: deps.config.GRAPHQL_MAX_DEPTH,
    maxCost: deps.config.GRAPHQL_MAX_COST,
    defaultListSize: 20,
  };
  let redis: RedisClient | null = null;
  let persisted: PersistedQueryStore = new MemoryPersistedQueries();
  if (deps.redis) {
    redis = createRedis({ ...deps.redis, purpose: 'graphql-apq', logger: deps.logger, lazy: true });
    persisted = new RedisPersistedQueries(redis, (hash) =>
      deps.keyspace.global('graphql', 'apq', hash),
    );
  }
  const shared = {
    schema,
    limits,
    logger: deps.logger,
    dataSource: deps.dataSource,
    published,
    authenticator: deps.authenticator,
    resolver: deps.resolver,
    accessChanges: deps.accessChanges,
    accessRecheckMs: deps.config.ACCESS_RECHECK_MS,
    tenantGate: deps.tenantGate,
  };
  let ws: GraphqlWsEndpoint | null = null;
  return {
    name: 'graphql',
    routes: [],
    rootRoutes: [
      {
        path: GRAPHQL_PATH,
        router: graphqlHttpRouter({
          ...shared,
          persisted,
          queryPage: deps.config.GRAPHIQL ?? deps.config.NODE_ENV !== 'production',
        }),
      },
    ],
    attach(server: Server) {
      ws = attachGraphqlWs(server, { ...shared, path: GRAPHQL_PATH });
    },
    ownsUpgrade: (request) => upgradePath(request) === GRAPHQL_PATH,
    async stop() {
      await ws?.stop();
      if (redis) await closeRedis(redis);
    },
  };
}
