import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config.js';
import { checkDatabase, createDataSource } from '../platform/db/data-source.js';
import { createHttpApp } from '../platform/http/app.js';
import { listenHttp } from '../platform/http/http-server.js';
import { refuseUnownedUpgrades } from '../platform/http/upgrade-guard.js';
import { listRoutes, type RouteInfo } from '../platform/http/route-table.js';
import type { Lifecycle } from '../platform/lifecycle/lifecycle.js';
import type { Logger } from '../platform/logging/logger.js';
import { createMetrics, type Metrics } from '../platform/telemetry/metrics.js';
import { Gauge } from 'prom-client';
import { NodeRegistry } from '../platform/fleet/node-registry.js';
import { closeRedis, createRedis } from '../platform/redis/connection.js';
import { allEntities } from './entities.js';
import { createPlatformServices, type PlatformServices } from './platform-services.js';
import { rootRoutes } from './root.routes.js';
import { ADMIN_UI_PATH, adminUiRoutes } from './admin-ui.js';
import { apiV1 } from './api.js';
import { SecretBox } from '../platform/crypto/secret-box.js';
import { AccessChanges, AccessTokens, Authenticator } from '../modules/identity/index.js';
import {
  attachCollab,
  createCollabMetrics,
  ownsCollabUpgrade,
  RedisRoomPeers,
  type CollabEndpoint,
  type CollabOptions,
} from '../modules/collab/index.js';
import { attachLive, ownsLiveUpgrade, type LiveEndpoint } from '../modules/live/index.js';
import type { DocumentChange, DocumentContent } from '../modules/collab/index.js';
import { createFeatures, type Feature } from './features.js';
import {
  auditDelivery,
  EventFeed,
  liveDelivery,
  OutboxDispatcher,
} from '../modules/events/index.js';
import {
  freshTenantGate,
  platformAdminRoutes,
  systemTxtResolver,
  TenantResolver,
  type TxtResolver,
} from '../modules/tenancy/index.js';

export interface FolioOptions {
  config: Config;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Connection URL of the runtime role (subject to row-level security). */
  databaseUrl: string;
  /** Root key material for signing and encryption. */
  secret: string;
  /** TXT lookups for custom-domain verification; the system resolver when absent (tests fake it). */
  dnsResolver?: TxtResolver;
}

/** A running Folio node: what tests, the seed and later modules reach for. */
export interface FolioNode extends PlatformServices {
  nodeId: string;
  port: number;
  dataSource: DataSource;
  metrics: Metrics;
  secrets: SecretBox;
  accessTokens: AccessTokens;
  /** Announces revoked or changed access to every node's long-lived connections. */
  accessChanges: AccessChanges;
  resolver: TenantResolver;
  /** Every HTTP route the node serves (method + path pattern), for coverage checks. */
  routes: RouteInfo[];
  /** The realtime endpoint `/collab/<documentId>` and its rooms. */
  collab: CollabEndpoint;
  /** The socket.io live channel at `/live`: presence and notifications. */
  live: LiveEndpoint;
  /** The fleet's node registry (heartbeats in Redis; this node only, when embedded). */
  fleet: NodeRegistry;
  /** Server-side access to live document content (through this node's rooms). */
  content: DocumentContent;
  /** Content types, versions, workflow, comments, publishing. */
  features: Feature[];
  /** Every delivered domain event, on every node. */
  events: EventFeed;
  /** Delivers domain events after commit (audit log, live clients). */
  outbox: OutboxDispatcher;
}

/**
 * Composition root: connects the database and Redis (when configured), builds the bus, queue and
 * storage adapters, mounts the HTTP surface and registers every stop step with the lifecycle, in
 * start order, so shutdown undoes them in reverse.
 */
export async function startFolio(options: FolioOptions): Promise<FolioNode> {
  const { config, logger, lifecycle } = options;
  const nodeId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const metrics = createMetrics({ defaultLabels: { node: nodeId } });

  const dataSource = createDataSource({
    url: options.databaseUrl,
    poolSize: config.DATABASE_POOL_SIZE,
    entities: allEntities,
    applicationName: `folio:${nodeId}`,
    logger,
  });
  await dataSource.initialize();
  lifecycle.onStop('database', () => dataSource.destroy());

  const services = await createPlatformServices({ config, logger, nodeId, lifecycle });
  const secrets = new SecretBox(options.secret);
  const accessTokens = new AccessTokens(secrets);
  const authenticator = new Authenticator(dataSource, accessTokens, {
    apiKeyCacheMs: config.API_KEY_CACHE_MS,
  });
  const resolver = new TenantResolver({
    dataSource,
    baseDomain: config.FOLIO_BASE_DOMAIN,
    bus: services.bus,
    channel: services.keyspace.global('tenancy', 'tenant-changed'),
    logger,
  });
  await resolver.start();
  lifecycle.onStop('tenant-resolver', () => resolver.stop());
  const accessChanges = new AccessChanges({
    bus: services.bus,
    channel: services.keyspace.global('access', 'changed'),
    logger,
  });
  // Revoked keys leave the authenticator's cache at once here and on every node.
  const stopForgettingKeys = await accessChanges.subscribe((change) =>
    authenticator.forgetApiKeys(change),
  );
  const stopClearingKeys = accessChanges.onResubscribe(() => authenticator.forgetAllApiKeys());
  lifecycle.onStop('api-key-cache', async () => {
    stopClearingKeys();
    await stopForgettingKeys();
  });
  // The registry starts once the node listens; its entry goes last, after rooms drained.
  let fleet: NodeRegistry | null = null;
  const fleetRedis = services.redis
    ? createRedis({ ...services.redis, purpose: 'fleet', logger })
    : null;
  if (fleetRedis) lifecycle.onStop('fleet-redis', () => closeRedis(fleetRedis));
  lifecycle.onStop('node-registry', async () => {
    await fleet?.stop();
  });
  lifecycle.onDrainStart(() => void fleet?.heartbeat());
  const tenantGate = freshTenantGate(dataSource);
  const apiDeps = {
    lifecycle,
    fleet: {
      list: async () => (fleet ? fleet.list() : []),
    },
    accessChanges,
    config,
    logger,
    dataSource,
    bus: services.bus,
    queue: services.queue,
    secrets,
    accessTokens,
    authenticator,
    resolver,
    dnsResolver: options.dnsResolver ?? systemTxtResolver(),
  };

  // The rooms exist only once the HTTP server listens; the feature modules are built before it.
  let attached: CollabEndpoint | null = null;
  const changeListeners = new Set<(change: DocumentChange) => void>();
  const collabNotReady = () => new Error('the collaboration endpoint is not attached yet');
  const content: DocumentContent = {
    read: (tenantId, documentId) =>
      attached ? attached.content.read(tenantId, documentId) : Promise.reject(collabNotReady()),
    change: (tenantId, documentId, fn) =>
      attached
        ? attached.content.change(tenantId, documentId, fn)
        : Promise.reject(collabNotReady()),
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
  const events = new EventFeed({
    bus: services.bus,
    channel: services.keyspace.global('events', 'delivered'),
    logger,
  });
  await events.start();
  lifecycle.onStop('event-feed', () => events.stop());
  const features = createFeatures({
    ...apiDeps,
    tenantGate,
    queue: services.queue,
    content,
    events,
    keyspace: services.keyspace,
    redis: services.redis,
  });
  const mounts = features.flatMap((feature) => feature.routes);

  const app = createHttpApp({
    logger,
    metrics,
    isDraining: () => lifecycle.isDraining(),
    readiness: { database: () => checkDatabase(dataSource), ...services.readiness },
    routers: [
      { path: '/', router: rootRoutes({ nodeId }) },
      { path: '/api/v1', router: apiV1({ ...apiDeps, mounts }) },
      { path: '/platform/v1', router: platformAdminRoutes(apiDeps) },
      { path: ADMIN_UI_PATH, router: adminUiRoutes(apiDeps) },
      ...features.flatMap((feature) => feature.rootRoutes ?? []),
    ],
  });
  const http = await listenHttp(app, config.HOST, config.PORT);
  lifecycle.onStop('http', () => http.close(Math.max(100, config.SHUTDOWN_TIMEOUT_MS / 2)));
  // Registered after 'http' so it stops before it: rooms flush and clients get 4512 (reconnect
  // elsewhere) while the database is still there; upgraded sockets do not hold http.close back.
  // Stops after the collab endpoint (registered before it): the final flushes still reach peers.
  const peers = services.redis
    ? new RedisRoomPeers({ redis: services.redis, keyspace: services.keyspace, logger })
    : null;
  if (peers) lifecycle.onStop('collab-peers', () => peers.close());
  const collab = attachCollab({
    server: http.server,
    ...(peers ? { peers } : {}),
    dataSource,
    queue: services.queue,
    nodeId,
    authenticator,
    accessChanges,
    tenantGate,
    accessRecheckMs: config.ACCESS_RECHECK_MS,
    resolver,
    logger,
    metrics: createCollabMetrics(metrics.registry),
    ...collabSettings(config),
  });
  lifecycle.onStop('collab', () => collab.stop());
  attached = collab;
  for (const feature of features) await feature.attach?.(http.server);
  collab.content.onChange((change) => {
    for (const listener of changeListeners) listener(change);
  });
  // Stops before the collab endpoint: live clients hear "draining" while rooms still flush.
  const live = await attachLive({
    server: http.server,
    dataSource,
    authenticator,
    resolver,
    logger,
    keyspace: services.keyspace,
    redis: services.redis,
    accessChanges,
    tenantGate,
    accessRecheckMs: config.ACCESS_RECHECK_MS,
    isDraining: () => lifecycle.isDraining(),
  });
  lifecycle.onStop('live', () => live.stop());
  // After every endpoint: an upgrade to a path none of them owns gets 404 at once.
  refuseUnownedUpgrades(http.server, [
    ownsCollabUpgrade,
    ownsLiveUpgrade,
    ...features.flatMap((feature) => (feature.ownsUpgrade ? [feature.ownsUpgrade] : [])),
  ]);
  // Stops before the live channel, so the last deliveries still reach clients.
  const outbox = new OutboxDispatcher({
    dataSource,
    databaseUrl: options.databaseUrl,
    logger,
    handlers: [
      auditDelivery(),
      liveDelivery(live),
      events.publisher(),
      ...features.flatMap((feature) => feature.outboxHandlers ?? []),
    ],
  });
  await outbox.start();
  lifecycle.onStop('outbox', () => outbox.stop());
  fleet = new NodeRegistry({
    self: { nodeId, host: hostname(), port: http.port, pid: process.pid, roles: [...config.roles] },
    load: () => ({
      rooms: collab.manager.roomCount,
      connections: collab.manager.connectionCount,
      liveSockets: live.socketCount,
    }),
    isDraining: () => lifecycle.isDraining(),
    logger,
    heartbeatMs: config.FLEET_HEARTBEAT_MS,
    ...(fleetRedis
      ? { redis: { client: fleetRedis, key: services.keyspace.global('fleet', 'nodes') } }
      : {}),
    gauge: new Gauge({
      name: 'folio_fleet_nodes',
      help: 'Nodes with a recent heartbeat in the registry, by state (as this node sees them)',
      labelNames: ['state'],
      registers: [metrics.registry],
    }),
  });
  await fleet.start();
  for (const feature of features) {
    await feature.start?.();
    // Registered last, so each stops before the rooms drain and the database closes.
    if (feature.stop) lifecycle.onStop(feature.name, async () => feature.stop?.());
  }
  logger.info(
    { port: http.port, host: config.HOST, nodeId, roles: [...config.roles] },
    'listening',
  );

  return {
    ...services,
    nodeId,
    port: http.port,
    dataSource,
    metrics,
    secrets,
    accessTokens,
    accessChanges,
    resolver,
    routes: listRoutes(app.router),
    collab,
    live,
    fleet,
    content,
    features,
    events,
    outbox,
  };
}

/** The collab endpoint's limits, timings and compaction policy from the environment. */
function collabSettings(
  config: Config,
): Pick<CollabOptions, 'maxRooms' | 'limits' | 'timings' | 'storage' | 'compaction'> {
  return {
    maxRooms: config.COLLAB_MAX_ROOMS,
    limits: {
      maxMessageBytes: config.COLLAB_MAX_MESSAGE_BYTES,
      maxConnections: config.COLLAB_MAX_CONNECTIONS_PER_ROOM,
      maxBufferedBytes: config.COLLAB_MAX_BUFFERED_BYTES,
      updateRate: {
        burst: config.COLLAB_UPDATE_BURST,
        perSecond: config.COLLAB_UPDATES_PER_SECOND,
      },
      awarenessRate: {
        burst: config.COLLAB_AWARENESS_BURST,
        perSecond: config.COLLAB_AWARENESS_PER_SECOND,
      },
    },
    timings: { idleUnloadMs: config.COLLAB_IDLE_UNLOAD_MS },
    storage: { maxDelayMs: config.COLLAB_FLUSH_DELAY_MS },
    compaction: {
      maxUpdates: config.COLLAB_COMPACT_AFTER_UPDATES,
      maxBytes: config.COLLAB_COMPACT_AFTER_BYTES,
      maxAgeMs: config.COLLAB_COMPACT_AFTER_MS,
    },
  };
}
