import { EntitySchema } from 'typeorm';

/** One audited change: who did what to which target, with the before/after and where from. */
export interface AuditEntry {
  tenantId: string;
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  ip: string | null;
  requestId: string | null;
}

export const AuditEntryEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'bigint', primary: true, generated: 'increment' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz', createDate: true },
    actorType: { name: 'actor_type', type: 'text' },
    actorId: { name: 'actor_id', type: 'text', nullable: true },
    action: { type: 'text' },
    targetType: { name: 'target_type', type: 'text' },
    targetId: { name: 'target_id', type: 'text', nullable: true },
    before: { type: 'jsonb', nullable: true },
    after: { type: 'jsonb', nullable: true },
    diff: { type: 'jsonb', nullable: true },
    ip: { type: 'inet', nullable: true },
    requestId: { name: 'request_id', type: 'text', nullable: true },
  },
});
