/**
 * Publishing: the delivery API over published versions (REST under `/published`, and the reads
 * the GraphQL module serves), cached per node or in Redis, invalidated on every node when a
 * document is published or unpublished; CDN purges; and signed preview links to draft versions.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { FolioModule } from '../../platform/http/folio-module.js';
import type { Keyspace } from '../../platform/redis/keys.js';
import type { EventFeed, OutboxHandler } from '../events/index.js';
import { cdnInvalidationHandler } from './cdn-invalidation.handler.js';
import { cdnInvalidatorFor, type CdnInvalidator } from './cdn-invalidator.js';
import { PreviewTokens } from './preview-tokens.js';
import { previewTokenRoutes } from './preview-tokens.routes.js';
import { createPublishedContent } from './published-reads.js';
import { publishedRoutes } from './published.routes.js';

export {
  createPublishedContent,
  type PublishedReads,
  type PublishedReadsDeps,
} from './published-reads.js';
export type { PublishedContent } from './published-content.js';
export type { PublishedDocument } from './published-document.js';
export { CloudFrontInvalidator, noCdnInvalidator, type CdnInvalidator } from './cdn-invalidator.js';
export { publishingRouteDocs } from './publishing.openapi.js';
export { cdnInvalidationHandler } from './cdn-invalidation.handler.js';

/** What the publishing module is built from (a subset of the app's feature deps). */
export interface PublishingModuleDeps {
  readonly config: Pick<Config, 'PUBLISHED_CACHE_TTL_SECONDS' | 'CDN_CLOUDFRONT_DISTRIBUTION_ID'>;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly events: Pick<EventFeed, 'subscribe'>;
  readonly keyspace: Keyspace;
  readonly redis: { url: string } | { clusterNodes: string[] } | null;
  readonly secrets: SecretBox;
  /** Tests pass a fake; otherwise CloudFront when configured, else none. */
  readonly cdn?: CdnInvalidator;
}

/** The module, with its outbox handler (CDN purges). */
export interface PublishingModule extends FolioModule {
  readonly outboxHandlers: readonly OutboxHandler[];
}

/** `/published` (delivery, previews) and `/documents/:documentId/preview-tokens`. */
export function createPublishingModule(deps: PublishingModuleDeps): PublishingModule {
  const reads = createPublishedContent(deps);
  const previews = new PreviewTokens(deps.secrets);
  const cdn = deps.cdn ?? cdnInvalidatorFor(deps.config);
  return {
    name: 'publishing',
    routes: [
      {
        path: '/published',
        router: publishedRoutes({ dataSource: deps.dataSource, reads, previews }),
      },
      {
        path: '/documents/:documentId/preview-tokens',
        router: previewTokenRoutes({ dataSource: deps.dataSource, previews }),
      },
    ],
    outboxHandlers: [
      cdnInvalidationHandler({ dataSource: deps.dataSource, logger: deps.logger, cdn }),
    ],
    stop: () => reads.close(),
  };
}
