import type { EntityManager } from 'typeorm';

/** What the database counts for one tenant right now. */
export interface UsageCounts {
  documents: number;
  members: number;
  pendingInvitations: number;
  activeApiKeys: number;
  webhooks: number;
  activeWebhooks: number;
  storage: { collabUpdates: number; collabSnapshots: number; versions: number };
}

/** Per-day counts of one series, keyed by UTC day `YYYY-MM-DD`. */
export type DailySeries = Map<string, number>;

/** The daily series and the tables (and timestamp columns) they are counted from. */
export const DAILY_SOURCES = {
  documentsCreated: { table: 'documents', column: 'created_at' },
  versionsCreated: { table: 'document_versions', column: 'created_at' },
  commentsPosted: { table: 'comments', column: 'created_at' },
  auditEntries: { table: 'audit_log', column: 'occurred_at' },
  webhookDeliveries: { table: 'webhook_deliveries', column: 'created_at' },
} as const;

export type DailyKey = keyof typeof DAILY_SOURCES;

// Every query names the tenant explicitly, on top of row-level security (the transaction's
// app.tenant_id), so a missing policy could never widen a count to other tenants.

/**
 * The tenant's current counts. Storage is the bytes its collaboration log, snapshots and versions
 * hold (payload columns only: row and index overhead is the operator's, not the plan's).
 */
export async function countUsage(tx: EntityManager, tenantId: string): Promise<UsageCounts> {
  const [row] = await tx.query<Record<string, number | string>[]>(
    `SELECT
       (SELECT count(*) FROM documents WHERE tenant_id = $1)::int AS documents,
       (SELECT count(*) FROM memberships WHERE tenant_id = $1)::int AS members,
       (SELECT count(*) FROM invitations
         WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
           AND expires_at > now())::int AS pending_invitations,
       (SELECT count(*) FROM api_keys
         WHERE tenant_id = $1 AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > now()))::int AS active_api_keys,
       (SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1)::int AS webhooks,
       (SELECT count(*) FROM webhook_endpoints
         WHERE tenant_id = $1 AND is_active)::int AS active_webhooks,
       (SELECT coalesce(sum(octet_length(update)), 0) FROM document_updates
         WHERE tenant_id = $1)::bigint AS collab_updates,
       (SELECT coalesce(sum(octet_length(state)), 0) FROM document_snapshots
         WHERE tenant_id = $1)::bigint AS collab_snapshots,
       (SELECT coalesce(sum(octet_length(state) + octet_length(state_vector)
                            + octet_length(html) + octet_length(rendered::text)), 0)
          FROM document_versions WHERE tenant_id = $1)::bigint AS versions`,
    [tenantId],
  );
  const n = (key: string) => Number(row![key]);
  return {
    documents: n('documents'),
    members: n('members'),
    pendingInvitations: n('pending_invitations'),
    activeApiKeys: n('active_api_keys'),
    webhooks: n('webhooks'),
    activeWebhooks: n('active_webhooks'),
    storage: {
      collabUpdates: n('collab_updates'),
      collabSnapshots: n('collab_snapshots'),
      versions: n('versions'),
    },
  };
}

/** Rows per UTC day since `from` (a UTC midnight) in each daily series. */
export async function countDaily(
  tx: EntityManager,
  tenantId: string,
  from: Date,
): Promise<Record<DailyKey, DailySeries>> {
  const result = {} as Record<DailyKey, DailySeries>;
  for (const [key, { table, column }] of Object.entries(DAILY_SOURCES) as [
    DailyKey,
    (typeof DAILY_SOURCES)[DailyKey],
  ][]) {
    const rows = await tx.query<{ day: string; n: number }[]>(
      `SELECT to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM ${table}
        WHERE tenant_id = $1 AND ${column} >= $2
        GROUP BY 1`,
      [tenantId, from],
    );
    result[key] = new Map(rows.map((r) => [r.day, Number(r.n)]));
  }
  return result;
}
