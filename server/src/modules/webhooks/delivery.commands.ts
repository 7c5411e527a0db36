/** Deliveries made on request: a ping, and a fresh delivery of an earlier one's event. */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import type { DeliveryBody } from './delivery-body.js';
import { deliveryRepository, type DeliveryRecord } from './delivery.repository.js';
import type { WebhookDeliverer } from './delivery.processor.js';
import { endpointRepository } from './endpoint.repository.js';

/** What the delivery commands need. */
export interface DeliveryCommandDeps {
  readonly dataSource: DataSource;
  readonly deliverer: WebhookDeliverer;
}

/** Who asked, as the ping event's actor. */
export type Requester = { type: 'user'; id: string } | { type: 'apiKey'; id: string };

/** Sends a `webhook.ping` event to one endpoint (409 when it is disabled). */
export async function pingEndpoint(
  deps: DeliveryCommandDeps,
  input: { tenantId: string; endpointId: string; requester: Requester },
): Promise<DeliveryRecord> {
  const delivery = await withTenant(deps.dataSource, input.tenantId, async (tx) => {
    const endpoint = await endpointRepository.find(tx, input.tenantId, input.endpointId);
    if (!endpoint) throw new AppError('not_found', 'No such webhook');
    if (!endpoint.isActive) throw new AppError('conflict', 'The webhook is disabled');
    const id = randomUUID();
    const eventId = randomUUID();
    const body: DeliveryBody = {
      id,
      event: {
        id: eventId,
        type: 'webhook.ping',
        tenantId: input.tenantId,
        documentId: null,
        target: { type: 'webhook', id: endpoint.id },
        actor: input.requester,
        occurredAt: new Date().toISOString(),
        payload: { endpointId: endpoint.id, url: endpoint.url },
      },
    };
    return deliveryRepository.insert(tx, {
      tenantId: input.tenantId,
      id,
      endpointId: endpoint.id,
      eventId,
      eventType: 'webhook.ping',
      documentId: null,
      requestBody: body,
    });
  });
  await deps.deliverer.enqueue(delivery);
  return delivery;
}

/** A new delivery (new id, fresh attempts) of a finished delivery's event. */
export async function redeliver(
  deps: DeliveryCommandDeps,
  input: { tenantId: string; endpointId: string; deliveryId: string },
): Promise<DeliveryRecord> {
  const delivery = await withTenant(deps.dataSource, input.tenantId, async (tx) => {
    const original = await deliveryRepository.find(tx, input.tenantId, input.deliveryId);
    if (!original || original.endpointId !== input.endpointId)
      throw new AppError('not_found', 'No such delivery');
    if (original.status === 'pending' || original.status === 'delivering')
      throw new AppError('conflict', 'The delivery is still in progress');
    const endpoint = await endpointRepository.find(tx, input.tenantId, input.endpointId);
    if (!endpoint?.isActive) throw new AppError('conflict', 'The webhook is disabled');
    const id = randomUUID();
    return deliveryRepository.insert(tx, {
      tenantId: input.tenantId,
      id,
      endpointId: original.endpointId,
      eventId: original.eventId,
      eventType: original.eventType,
      documentId: original.documentId,
      requestBody: { ...original.requestBody, id },
    });
  });
  await deps.deliverer.enqueue(delivery);
  return delivery;
}
