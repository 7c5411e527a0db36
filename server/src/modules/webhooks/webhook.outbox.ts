/**
 * The outbox consumer that turns events into deliveries. In the delivery transaction (committed
 * with the event's "processed" mark, so an event is neither lost nor delivered twice) each
 * active, subscribed endpoint gets a `pending` row; after commit their jobs are enqueued.
 * Debouncing: an endpoint with `debounceMs` coalesces events of one (document, type) arriving
 * within the window — the latest replaces the undelivered earlier one and keeps its due time.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../../platform/logging/logger.js';
import type { OutboxEvent, OutboxHandler } from '../events/index.js';
import { deliveryBody } from './delivery-body.js';
import { deliveryRepository, type DeliveryRecord } from './delivery.repository.js';
import type { WebhookDeliverer } from './delivery.processor.js';
import { endpointRepository } from './endpoint.repository.js';
import { isSubscribed } from './event-filter.js';

/** The webhooks module's outbox handler. */
export function webhookOutboxHandler(deliverer: WebhookDeliverer, logger: Logger): OutboxHandler {
  // Deliveries written in a transaction, waiting for its commit; keyed by event id.
  const awaitingCommit = new Map<string, DeliveryRecord[]>();
  return {
    name: 'webhooks',
    inTransaction: async (tx, event) => {
      const created = await createDeliveries(tx, event);
      if (created.length > 0) awaitingCommit.set(event.id, created);
      else awaitingCommit.delete(event.id);
    },
    afterCommit: (event) => {
      const created = awaitingCommit.get(event.id);
      awaitingCommit.delete(event.id);
      // A lost enqueue is not a lost delivery: the row is pending and start() re-enqueues it.
      for (const delivery of created ?? []) {
        deliverer.enqueue(delivery).catch((error: unknown) => {
          logger.warn({ error, deliveryId: delivery.id }, 'webhook job not enqueued; start() will');
        });
      }
    },
  };
}

/**
 * Changes to webhooks themselves (`webhook.*`) are audited but not delivered: their payloads
 * name other endpoints' URLs, which one endpoint's receiver has no business learning.
 */
function isDeliverable(type: string): boolean {
  return !type.startsWith('webhook.');
}

async function createDeliveries(tx: EntityManager, event: OutboxEvent): Promise<DeliveryRecord[]> {
  if (!isDeliverable(event.type)) return [];
  const endpoints = await endpointRepository.active(tx, event.tenantId);
  const created: DeliveryRecord[] = [];
  for (const endpoint of endpoints) {
    if (!isSubscribed(endpoint.eventTypes, event.type)) continue;
    let notBefore: Date | undefined;
    if (endpoint.debounceMs > 0 && event.documentId) {
      const windowEnd = await deliveryRepository.supersede(tx, {
        tenantId: event.tenantId,
        endpointId: endpoint.id,
        documentId: event.documentId,
        eventType: event.type,
      });
      notBefore = windowEnd ?? new Date(Date.now() + endpoint.debounceMs);
    }
    const id = randomUUID();
    created.push(
      await deliveryRepository.insert(tx, {
        tenantId: event.tenantId,
        id,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        documentId: event.documentId,
        requestBody: deliveryBody(id, event),
        ...(notBefore ? { notBefore } : {}),
      }),
    );
  }
  return created;
}
