import type { EntityManager } from 'typeorm';

/** A schedule's life: pending, then cancelled, done or failed. */
export type ScheduleStatus = 'scheduled' | 'cancelled' | 'done' | 'failed';

/** A transition to run at a set time. */
export interface ScheduleRecord {
  tenantId: string;
  id: string;
  documentId: string;
  transition: string;
  runAt: Date;
  status: ScheduleStatus;
  failure: { message: string; code?: string; details?: unknown } | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `tenant_id AS "tenantId", id, document_id AS "documentId", transition,
  run_at AS "runAt", status, failure, created_by AS "createdBy", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/** scheduled_transitions; inside withTenant except `pending` (inside the scan lookup). */
export const schedulesRepository = {
  async insert(
    tx: EntityManager,
    input: {
      tenantId: string;
      documentId: string;
      transition: string;
      runAt: Date;
      createdBy: string | null;
    },
  ): Promise<ScheduleRecord> {
    const rows = await tx.query<ScheduleRecord[]>(
      `INSERT INTO scheduled_transitions (tenant_id, document_id, transition, run_at, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.tenantId, input.documentId, input.transition, input.runAt, input.createdBy],
    );
    return rows[0]!;
  },

  list(tx: EntityManager, tenantId: string, documentId: string): Promise<ScheduleRecord[]> {
    return tx.query<ScheduleRecord[]>(
      `SELECT ${COLUMNS} FROM scheduled_transitions
        WHERE tenant_id = $1 AND document_id = $2 ORDER BY run_at, id`,
      [tenantId, documentId],
    );
  },

  async find(
    tx: EntityManager,
    tenantId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<ScheduleRecord | null> {
    const rows = await tx.query<ScheduleRecord[]>(
      `SELECT ${COLUMNS} FROM scheduled_transitions WHERE tenant_id = $1 AND id = $2
       ${options.lock ? 'FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  },

  async update(
    tx: EntityManager,
    schedule: ScheduleRecord,
    patch: Partial<Pick<ScheduleRecord, 'runAt' | 'status' | 'failure'>>,
  ): Promise<ScheduleRecord> {
    const next = { ...schedule, ...patch };
    const rows = await tx.query<ScheduleRecord[]>(
      `WITH changed AS (
         UPDATE scheduled_transitions SET run_at = $3, status = $4, failure = $5, updated_at = now()
          WHERE tenant_id = $1 AND id = $2 RETURNING *)
       SELECT ${COLUMNS} FROM changed`,
      [
        schedule.tenantId,
        schedule.id,
        next.runAt,
        next.status,
        next.failure === null ? null : JSON.stringify(next.failure),
      ],
    );
    return rows[0]!;
  },

  /** Every pending schedule of every tenant; only inside withLookup('app.scan', 'scheduled_transitions'). */
  pending(tx: EntityManager): Promise<Pick<ScheduleRecord, 'tenantId' | 'id' | 'runAt'>[]> {
    return tx.query(
      `SELECT tenant_id AS "tenantId", id, run_at AS "runAt" FROM scheduled_transitions
        WHERE status = 'scheduled' ORDER BY run_at`,
    );
  },
};
