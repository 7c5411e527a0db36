/**
 * Outgoing webhooks: tenants' endpoints subscribed to event types, signed deliveries made from
 * the outbox, retried through the job queue, logged, debounced per document, SSRF-guarded.
 */
import type { DataSource } from 'typeorm';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { FolioModule } from '../../platform/http/folio-module.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { JobQueue } from '../../platform/queue/queue.port.js';
import type { OutboxHandler } from '../events/index.js';
import { deliveriesRoutes } from './deliveries.routes.js';
import { WebhookDeliverer } from './delivery.processor.js';
import { webhookOutboxHandler } from './webhook.outbox.js';
import { endpointsRoutes } from './webhooks.routes.js';

export { verifyWebhookSignature, WEBHOOK_HEADERS, type VerifyWebhookInput } from './signature.js';
export { webhooksRouteDocs } from './webhooks.openapi.js';

/** What the webhooks module is built from (a subset of the app's feature deps). */
export interface WebhooksModuleDeps {
  readonly dataSource: DataSource;
  readonly queue: JobQueue;
  readonly logger: Logger;
  readonly secrets: SecretBox;
  readonly config: {
    readonly WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean;
    readonly WEBHOOK_TIMEOUT_MS: number;
    readonly WEBHOOK_MAX_ATTEMPTS: number;
  };
}

/** The TypeORM entity schemas this module owns (none: its tables are reached with SQL). */
export const webhooksEntities = [];

/** `/webhooks` routes, the outbox handler making deliveries, and their re-enqueue on start. */
export function createWebhooksModule(
  deps: WebhooksModuleDeps,
): FolioModule & { outboxHandlers: readonly OutboxHandler[] } {
  const deliverer = new WebhookDeliverer(deps);
  return {
    name: 'webhooks',
    routes: [
      { path: '/webhooks', router: endpointsRoutes(deps) },
      { path: '/webhooks', router: deliveriesRoutes({ dataSource: deps.dataSource, deliverer }) },
    ],
    outboxHandlers: [webhookOutboxHandler(deliverer, deps.logger)],
    start: async () => {
      await deliverer.resume();
    },
  };
}
