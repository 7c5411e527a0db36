import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed' | 'cancelled';

/** One attempt as the delivery log shows it. */
export interface AttemptEntry {
  readonly attempt: number;
  readonly at: string;
  readonly durationMs: number;
  readonly statusCode: number | null;
  readonly error: string | null;
}

/** A delivery of one event to one endpoint. */
export interface DeliveryRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly documentId: string | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly responseExcerpt: string | null;
  readonly attemptLog: AttemptEntry[];
  readonly requestBody: Record<string, unknown>;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
  readonly keyset: Keyset;
}

interface DeliveryRow {
  tenant_id: string;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  document_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  attempt_log: AttemptEntry[];
  request_body: Record<string, unknown>;
  created_at: Date;
  delivered_at: Date | null;
  cursor_ts: string;
}

const COLUMNS = `tenant_id, id, endpoint_id, event_id, event_type, document_id, status, attempts,
  next_attempt_at, last_status_code, last_error, response_excerpt, attempt_log, request_body,
  created_at, delivered_at, ${cursorTimestampSql('created_at')} AS cursor_ts`;

function toRecord(row: DeliveryRow): DeliveryRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    documentId: row.document_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    responseExcerpt: row.response_excerpt,
    attemptLog: row.attempt_log,
    requestBody: row.request_body,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    keyset: { createdAt: row.cursor_ts, id: row.id },
  };
}

/** What a new delivery is made of. */
export interface NewDelivery {
  readonly tenantId: string;
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly documentId: string | null;
  readonly requestBody: Record<string, unknown>;
  /** Defaults to now. */
  readonly notBefore?: Date;
}

/** How an attempt ended, as written back to the row. */
export interface AttemptResult {
  readonly status: Exclude<DeliveryStatus, 'pending' | 'delivering'> | 'pending';
  readonly entry: AttemptEntry;
  readonly responseExcerpt: string | null;
  readonly nextAttemptAt: Date | null;
}

/** The unfinished deliveries a scan finds, with what is needed to enqueue them again. */
export interface UnfinishedDelivery {
  readonly tenantId: string;
  readonly id: string;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
}

/** SQL for webhook_deliveries; every call runs inside withTenant unless it says otherwise. */
export const deliveryRepository = {
  async insert(tx: EntityManager, input: NewDelivery): Promise<DeliveryRecord> {
    const rows = await tx.query<DeliveryRow[]>(
      `INSERT INTO webhook_deliveries
         (tenant_id, id, endpoint_id, event_id, event_type, document_id, request_body, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, clock_timestamp()))
       RETURNING ${COLUMNS}`,
      [
        input.tenantId,
        input.id,
        input.endpointId,
        input.eventId,
        input.eventType,
        input.documentId,
        JSON.stringify(input.requestBody),
        input.notBefore?.toISOString() ?? null,
      ],
    );
    return toRecord(rows[0]!);
  },

  /**
   * Cancels the not yet attempted deliveries of one (endpoint, document, type): a newer event
   * replaces them. Resolves to the earliest time they were due (the debounce window's end).
   */
  async supersede(
    tx: EntityManager,
    key: { tenantId: string; endpointId: string; documentId: string; eventType: string },
  ): Promise<Date | null> {
    const [rows] = await tx.query<[{ next_attempt_at: Date }[], number]>(
      `UPDATE webhook_deliveries SET status = 'cancelled', last_error = 'superseded by a later event'
        WHERE tenant_id = $1 AND endpoint_id = $2 AND document_id = $3 AND event_type = $4
          AND status = 'pending' AND attempts = 0
        RETURNING next_attempt_at`,
      [key.tenantId, key.endpointId, key.documentId, key.eventType],
    );
    const times = rows.map((r) => r.next_attempt_at.getTime());
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  },

  async find(tx: EntityManager, tenantId: string, id: string): Promise<DeliveryRecord | null> {
    const rows = await tx.query<DeliveryRow[]>(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** An endpoint's deliveries, newest first, keyset-paginated. */
  async page(
    tx: EntityManager,
    tenantId: string,
    endpointId: string,
    options: { limit: number; after?: Keyset; status?: DeliveryStatus },
  ): Promise<DeliveryRecord[]> {
    const params: unknown[] = [tenantId, endpointId, options.limit];
    const where: string[] = [];
    if (options.status) {
      params.push(options.status);
      where.push(`status = $${params.length}`);
    }
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      where.push(
        `(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    const rows = await tx.query<DeliveryRow[]>(
      `SELECT ${COLUMNS} FROM webhook_deliveries
        WHERE tenant_id = $1 AND endpoint_id = $2 ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      params,
    );
    return rows.map(toRecord);
  },

  /**
   * Takes a delivery for one attempt: pending, or delivering with an expired lease (its worker
   * died). Null when another worker has it or it is finished. The lease is `next_attempt_at`.
   */
  async claim(
    tx: EntityManager,
    tenantId: string,
    id: string,
    leaseMs: number,
  ): Promise<DeliveryRecord | null> {
    // The pg driver answers UPDATE … RETURNING with [rows, affected], unlike INSERT.
    const [rows] = await tx.query<[DeliveryRow[], number]>(
      `UPDATE webhook_deliveries
          SET status = 'delivering', attempts = attempts + 1,
              next_attempt_at = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
        WHERE tenant_id = $1 AND id = $2
          AND (status = 'pending' OR (status = 'delivering' AND next_attempt_at < clock_timestamp()))
        RETURNING ${COLUMNS}`,
      [tenantId, id, leaseMs],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** Writes an attempt's outcome, appending it to the attempt log. */
  async finishAttempt(
    tx: EntityManager,
    delivery: DeliveryRecord,
    result: AttemptResult,
  ): Promise<void> {
    await tx.query(
      `UPDATE webhook_deliveries
          SET status = $3, last_status_code = $4, last_error = $5, response_excerpt = $6,
              attempt_log = attempt_log || $7::jsonb,
              next_attempt_at = COALESCE($8::timestamptz, next_attempt_at),
              delivered_at = CASE WHEN $3 = 'succeeded' THEN clock_timestamp() ELSE delivered_at END
        WHERE tenant_id = $1 AND id = $2`,
      [
        delivery.tenantId,
        delivery.id,
        result.status,
        result.entry.statusCode,
        result.entry.error?.slice(0, 2000) ?? null,
        result.responseExcerpt,
        JSON.stringify([result.entry]),
        result.nextAttemptAt?.toISOString() ?? null,
      ],
    );
  },

  /** Cancels a delivery that may no longer be sent (its endpoint is disabled). */
  async cancel(tx: EntityManager, delivery: DeliveryRecord, reason: string): Promise<void> {
    await tx.query(
      `UPDATE webhook_deliveries SET status = 'cancelled', last_error = $3
        WHERE tenant_id = $1 AND id = $2`,
      [delivery.tenantId, delivery.id, reason],
    );
  },

  /** Unfinished deliveries of every tenant; only inside withLookup('app.scan', 'webhook_deliveries'). */
  async unfinished(tx: EntityManager): Promise<UnfinishedDelivery[]> {
    const rows = await tx.query<
      { tenant_id: string; id: string; attempts: number; next_attempt_at: Date }[]
    >(
      `SELECT tenant_id, id, attempts, next_attempt_at FROM webhook_deliveries
        WHERE status IN ('pending', 'delivering') ORDER BY next_attempt_at LIMIT 10000`,
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      id: r.id,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
    }));
  },
};
