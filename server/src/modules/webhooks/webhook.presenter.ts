import type { DeliveryRecord } from './delivery.repository.js';
import type { EndpointRecord } from './endpoint.repository.js';

/** The public JSON of an endpoint: its secrets by id and age only, never their values. */
export function presentEndpoint(endpoint: EndpointRecord) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    isActive: endpoint.isActive,
    debounceMs: endpoint.debounceMs,
    secrets: endpoint.secrets.map((s) => ({ id: s.id, createdAt: s.createdAt })),
    createdBy: endpoint.createdBy,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    revision: endpoint.revision,
  };
}

/** The ETag of an endpoint: its revision. */
export function endpointEtag(endpoint: EndpointRecord): string {
  return `"${endpoint.revision}"`;
}

/** A delivery as the log lists it; `full` adds the request body, response excerpt and attempts. */
export function presentDelivery(delivery: DeliveryRecord, full = false) {
  const summary = {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    documentId: delivery.documentId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
  if (!full) return summary;
  return {
    ...summary,
    responseExcerpt: delivery.responseExcerpt,
    attemptLog: delivery.attemptLog,
    requestBody: delivery.requestBody,
  };
}
