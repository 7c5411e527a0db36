import type { AuditEntry } from './audit-entry.entity.js';

/** The public JSON of an audit entry. */
export function presentAuditEntry(entry: AuditEntry) {
  return {
    id: String(entry.id),
    occurredAt: entry.occurredAt.toISOString(),
    actor: { type: entry.actorType, id: entry.actorId },
    action: entry.action,
    target: { type: entry.targetType, id: entry.targetId },
    before: entry.before,
    after: entry.after,
    diff: entry.diff,
    ip: entry.ip,
    requestId: entry.requestId,
  };
}
