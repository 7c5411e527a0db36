import type { EntityManager } from 'typeorm';
import { currentContext, type Actor } from '../../platform/context.js';

/** Fields never written to the audit log, whatever object they appear in. */
const REDACTED = new Set([
  'passwordHash',
  'password',
  'secretHash',
  'currentHash',
  'tokenHash',
  'totpSecretEncrypted',
  'totpPendingEncrypted',
  'verificationToken',
]);

export interface AuditInput {
  tenantId: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Defaults to the actor of the current context. */
  actor?: Actor;
}

function redact(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !REDACTED.has(key))
      .map(([key, v]) => [key, v instanceof Date ? v.toISOString() : v]),
  );
}

/** Top-level fields whose JSON differs between before and after. */
export function diffObjects(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { before: unknown; after: unknown }> | null {
  if (!before || !after) return null;
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      diff[key] = { before: before[key] ?? null, after: after[key] ?? null };
    }
  }
  return diff;
}

function actorFields(actor: Actor): { actorType: string; actorId: string | null } {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId };
    case 'apiKey':
      return { actorType: 'apiKey', actorId: actor.apiKeyId };
    case 'system':
      return { actorType: 'system', actorId: actor.reason };
    case 'anonymous':
      return { actorType: 'anonymous', actorId: null };
    default: {
      const exhaustive: never = actor;
      return exhaustive;
    }
  }
}

/**
 * Appends an audit entry in the caller's transaction (so it commits or rolls back with the change
 * it describes), stamped with the actor, IP and request id of the current context.
 */
export async function recordAudit(tx: EntityManager, input: AuditInput): Promise<void> {
  const ctx = currentContext();
  const before = redact(input.before);
  const after = redact(input.after);
  const diff = diffObjects(before, after);
  const { actorType, actorId } = actorFields(input.actor ?? ctx?.actor ?? { kind: 'anonymous' });
  await tx.query(
    `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, target_type, target_id, before, after, diff, ip, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      input.tenantId,
      actorType,
      actorId,
      input.action,
      input.targetType,
      input.targetId ?? null,
      before && JSON.stringify(before),
      after && JSON.stringify(after),
      diff && JSON.stringify(diff),
      ctx?.clientIp ?? null,
      ctx?.requestId ?? null,
    ],
  );
}
