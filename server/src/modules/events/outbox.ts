/**
 * Writing domain events: one row in `outbox_events`, in the caller's transaction, so an event
 * exists exactly when the change it describes committed (HOUSE-STYLE, dependency rule 2).
 */
import type { EntityManager } from 'typeorm';
import { currentContext, type Actor } from '../../platform/context.js';

/** Something that happened to a tenant's content; written in the transaction that made it so. */
export interface DomainEvent {
  readonly tenantId: string;
  /** Past tense, dotted: `version.created`, `workflow.transitioned`, `comment.created`. */
  readonly type: string;
  /** Delivered to the document's live room (and the tenant's) when set. */
  readonly documentId?: string | null;
  /** What the audit entry names as its target. */
  readonly target: { readonly type: string; readonly id: string };
  /** JSON-serialisable facts for listeners (live clients, webhooks); no secrets. */
  readonly payload: Record<string, unknown>;
}

/** The context an event was recorded in; its handlers run in it again. */
export interface EventContext {
  readonly requestId: string;
  readonly traceId: string;
  readonly actor: Actor;
  readonly clientIp: string | null;
}

const EVENT_TYPE = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

/** Appends the event to the outbox in the caller's transaction; delivered after it commits. */
export async function recordEvent(tx: EntityManager, event: DomainEvent): Promise<void> {
  if (!EVENT_TYPE.test(event.type)) throw new Error(`invalid event type ${event.type}`);
  const ctx = currentContext();
  const context: EventContext = {
    requestId: ctx?.requestId ?? 'none',
    traceId: ctx?.traceId ?? 'none',
    actor: ctx?.actor ?? { kind: 'system', reason: 'unknown' },
    clientIp: ctx?.clientIp ?? null,
  };
  await tx.query(
    `INSERT INTO outbox_events (tenant_id, type, document_id, target_type, target_id, payload, context)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.tenantId,
      event.type,
      event.documentId ?? null,
      event.target.type,
      event.target.id,
      JSON.stringify(event.payload),
      JSON.stringify(context),
    ],
  );
}
