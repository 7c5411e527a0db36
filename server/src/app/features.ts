/**
 * The content features built on the collaboration engine — content types, versions, workflow,
 * comments — assembled from one bag of dependencies. Each module takes what it needs from it.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config.js';
import type { EventBus } from '../platform/bus/bus.port.js';
import type { FolioModule } from '../platform/http/folio-module.js';
import type { Logger } from '../platform/logging/logger.js';
import type { JobQueue } from '../platform/queue/queue.port.js';
import type { DocumentContent } from '../modules/collab/index.js';
import type { EventFeed, OutboxHandler } from '../modules/events/index.js';
import type { Keyspace } from '../platform/redis/keys.js';
import type { SecretBox } from '../platform/crypto/secret-box.js';
import type { AccessChanges, AccessTokens, Authenticator } from '../modules/identity/index.js';
import type { Principal } from '../modules/access/index.js';
import type { TenantResolver } from '../modules/tenancy/index.js';
import { createCommentsModule } from '../modules/comments/index.js';
import { createContentModule } from '../modules/content/index.js';
import { createVersionsModule } from '../modules/versions/index.js';
import { createWorkflowModule } from '../modules/workflow/index.js';
import { createPublishingModule } from '../modules/publishing/index.js';
import { createGraphqlModule } from '../modules/graphql/index.js';
import { createWebhooksModule } from '../modules/webhooks/index.js';
import { createSearchModule } from '../modules/search/index.js';
import { createUsageModule } from '../modules/usage/index.js';

/** What every feature module may be built from. */
export interface FeatureDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly queue: JobQueue;
  readonly bus: EventBus;
  /** The live documents of the collaboration engine (read, change as the server, hear changes). */
  readonly content: DocumentContent;
  /** Every delivered domain event, on every node (subscriptions, cache invalidation). */
  readonly events: EventFeed;
  /** Redis key and channel names (one place builds them). */
  readonly keyspace: Keyspace;
  /** Where Redis is, for adapters with their own connections; null when embedded. */
  readonly redis: { url: string } | { clusterNodes: string[] } | null;
  /** Credentials → principal (tokens, API keys), for transports outside `/api/v1` (GraphQL). */
  readonly authenticator: Authenticator;
  /** Host → tenant, cached. */
  readonly resolver: TenantResolver;
  readonly secrets: SecretBox;
  readonly accessTokens: AccessTokens;
  /** Access changes of members and keys, on every node (long-lived connections re-check). */
  readonly accessChanges: AccessChanges;
  /** Whether a tenant is still open to a principal, read fresh (suspension, maintenance). */
  readonly tenantGate: (tenantId: string, principal: Principal) => Promise<void>;
}

/** A feature module, with the outbox handlers it contributes (webhooks, cache invalidation). */
export interface Feature extends FolioModule {
  readonly outboxHandlers?: readonly OutboxHandler[];
}

/** The feature modules in dependency order (content types before versions before workflow …). */
export function createFeatures(deps: FeatureDeps): Feature[] {
  return [
    createContentModule(deps),
    createVersionsModule(deps),
    createWorkflowModule(deps),
    createCommentsModule(deps),
    createPublishingModule(deps),
    createWebhooksModule(deps),
    createSearchModule(deps),
    createUsageModule(deps),
    createGraphqlModule(deps),
  ];
}
