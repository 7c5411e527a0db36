/** The outbox's standard consumers: the audit log (in the delivery transaction) and live clients. */
import type { Actor } from '../../platform/context.js';
import { recordAudit } from '../audit/index.js';
import type { OutboxEvent, OutboxHandler } from './outbox-dispatcher.js';

/** What live clients receive as the payload of a socket.io event named after the event type. */
export interface LiveEventEnvelope {
  id: string;
  type: string;
  tenantId: string;
  documentId: string | null;
  target: { type: string; id: string };
  actor: { type: string; id: string | null };
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The live channel's emitters the delivery needs (LiveEndpoint has them). */
export interface LiveEmitter {
  emitToTenant(tenantId: string, event: string, payload: unknown): void;
  emitToTenantAndDocument(
    tenantId: string,
    documentId: string,
    event: string,
    payload: unknown,
  ): void;
}

/** Every event becomes an audit entry, committed with its "processed" mark. */
export function auditDelivery(): OutboxHandler {
  return {
    name: 'audit',
    inTransaction: (tx, event) =>
      recordAudit(tx, {
        tenantId: event.tenantId,
        action: event.type,
        targetType: event.target.type,
        targetId: event.target.id,
        after: { ...event.payload, ...(event.documentId ? { documentId: event.documentId } : {}) },
        actor: event.context.actor,
      }),
  };
}

/** Every event goes to the tenant's live sockets and the document's room. */
export function liveDelivery(live: LiveEmitter): OutboxHandler {
  return {
    name: 'live',
    afterCommit: (event) => {
      const envelope = toEnvelope(event);
      if (event.documentId) {
        live.emitToTenantAndDocument(event.tenantId, event.documentId, event.type, envelope);
      } else {
        live.emitToTenant(event.tenantId, event.type, envelope);
      }
    },
  };
}

/** The client-facing shape of an event. */
export function toEnvelope(event: OutboxEvent): LiveEventEnvelope {
  return {
    id: event.id,
    type: event.type,
    tenantId: event.tenantId,
    documentId: event.documentId,
    target: event.target,
    actor: actorRef(event.context.actor),
    occurredAt: new Date(event.occurredAt).toISOString(),
    payload: event.payload,
  };
}

function actorRef(actor: Actor): { type: string; id: string | null } {
  switch (actor.kind) {
    case 'user':
      return { type: 'user', id: actor.userId };
    case 'apiKey':
      return { type: 'apiKey', id: actor.apiKeyId };
    case 'system':
      return { type: 'system', id: actor.reason };
    case 'anonymous':
      return { type: 'anonymous', id: null };
    default: {
      const exhaustive: never = actor;
      return exhaustive;
    }
  }
}
