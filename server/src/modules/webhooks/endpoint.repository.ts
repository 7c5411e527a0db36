import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';
import type { StoredSecret } from './webhook-secrets.js';

/** A webhook endpoint as stored (secrets still sealed). */
export interface EndpointRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly eventTypes: string[];
  readonly isActive: boolean;
  readonly secrets: StoredSecret[];
  readonly debounceMs: number;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly revision: number;
  readonly keyset: Keyset;
}

interface EndpointRow {
  tenant_id: string;
  id: string;
  url: string;
  description: string;
  event_types: string[];
  is_active: boolean;
  secrets: StoredSecret[];
  debounce_ms: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  revision: number;
  cursor_ts: string;
}

const COLUMNS = `tenant_id, id, url, description, event_types, is_active, secrets, debounce_ms,
  created_by, created_at, updated_at, revision, ${cursorTimestampSql('created_at')} AS cursor_ts`;

function toRecord(row: EndpointRow): EndpointRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    isActive: row.is_active,
    secrets: row.secrets,
    debounceMs: row.debounce_ms,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
    keyset: { createdAt: row.cursor_ts, id: row.id },
  };
}

/** The settings an insert or update writes. */
export interface EndpointChanges {
  url?: string;
  description?: string;
  eventTypes?: string[];
  isActive?: boolean;
  debounceMs?: number;
  secrets?: StoredSecret[];
}

/** SQL for webhook_endpoints; every call runs inside withTenant. */
export const endpointRepository = {
  async insert(
    tx: EntityManager,
    input: Required<Omit<EndpointChanges, 'secrets'>> & {
      tenantId: string;
      secrets: StoredSecret[];
      createdBy: string | null;
    },
  ): Promise<EndpointRecord> {
    const rows = await tx.query<EndpointRow[]>(
      `INSERT INTO webhook_endpoints
         (tenant_id, url, description, event_types, is_active, secrets, debounce_ms, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        input.tenantId,
        input.url,
        input.description,
        input.eventTypes,
        input.isActive,
        JSON.stringify(input.secrets),
        input.debounceMs,
        input.createdBy,
      ],
    );
    return toRecord(rows[0]!);
  },

  async find(
    tx: EntityManager,
    tenantId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<EndpointRecord | null> {
    const rows = await tx.query<EndpointRow[]>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2
       ${options.lock ? 'FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** Oldest first, keyset-paginated. */
  async page(
    tx: EntityManager,
    tenantId: string,
    options: { limit: number; after?: Keyset },
  ): Promise<EndpointRecord[]> {
    const params: unknown[] = [tenantId, options.limit];
    let after = '';
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      after = `AND (created_at, id) > ($3::timestamptz, $4::uuid)`;
    }
    const rows = await tx.query<EndpointRow[]>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 ${after}
       ORDER BY created_at, id LIMIT $2`,
      params,
    );
    return rows.map(toRecord);
  },

  /** The tenant's active endpoints, for matching an event against their subscriptions. */
  async active(tx: EntityManager, tenantId: string): Promise<EndpointRecord[]> {
    const rows = await tx.query<EndpointRow[]>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND is_active`,
      [tenantId],
    );
    return rows.map(toRecord);
  },

  /** Applies changes and bumps the revision. */
  async update(
    tx: EntityManager,
    endpoint: EndpointRecord,
    changes: EndpointChanges,
  ): Promise<EndpointRecord> {
    // The pg driver answers UPDATE … RETURNING with [rows, affected], unlike INSERT.
    const [rows] = await tx.query<[EndpointRow[], number]>(
      `UPDATE webhook_endpoints SET
         url = $3, description = $4, event_types = $5, is_active = $6, debounce_ms = $7,
         secrets = $8, revision = revision + 1, updated_at = clock_timestamp()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [
        endpoint.tenantId,
        endpoint.id,
        changes.url ?? endpoint.url,
        changes.description ?? endpoint.description,
        changes.eventTypes ?? endpoint.eventTypes,
        changes.isActive ?? endpoint.isActive,
        changes.debounceMs ?? endpoint.debounceMs,
        JSON.stringify(changes.secrets ?? endpoint.secrets),
      ],
    );
    return toRecord(rows[0]!);
  },

  async remove(tx: EntityManager, tenantId: string, id: string): Promise<void> {
    await tx.query(`DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ]);
  },
};
