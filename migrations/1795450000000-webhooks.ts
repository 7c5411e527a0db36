import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

// Row level security: webhook_endpoints, webhook_deliveries get ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * Outgoing webhooks: each tenant's endpoints (URL, subscribed event types, secrets sealed with
 * the server's SecretBox) and the log of deliveries to them.
 *
 * - `secrets` is a JSON array of `{ id, sealed, createdAt }`; the application keeps at most two.
 * - A delivery is `pending` until a job claims it (`delivering`, with `next_attempt_at` as the
 *   claim's lease), then `succeeded`, `failed`, back to `pending` for a retry, or `cancelled`
 *   (coalesced into a later event by debouncing, or its endpoint was disabled).
 * - `scan_pending` reveals unfinished deliveries (and nothing else) to a transaction that set
 *   `app.scan = 'webhook_deliveries'`: on start a node re-enqueues deliveries whose job was lost.
 *   It also reveals `delivering` rows, so a claim abandoned by a crashed worker is retried once
 *   its lease expires.
 */
export class Webhooks1795450000000 implements MigrationInterface {
  name = 'Webhooks1795450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
        event_types text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 50),
        is_active boolean NOT NULL DEFAULT true,
        secrets jsonb NOT NULL CHECK (jsonb_typeof(secrets) = 'array'),
        debounce_ms integer NOT NULL DEFAULT 0 CHECK (debounce_ms BETWEEN 0 AND 3600000),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        document_id uuid,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_status_code integer,
        last_error text CHECK (length(last_error) <= 2000),
        response_excerpt text CHECK (length(response_excerpt) <= 2048),
        attempt_log jsonb NOT NULL DEFAULT '[]',
        request_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        delivered_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, endpoint_id)
          REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
      )`);
    // The delivery log: an endpoint's deliveries, newest first.
    await q.query(
      `CREATE INDEX webhook_deliveries_endpoint_idx
         ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC, id DESC)`,
    );
    // Debouncing looks for the not yet attempted delivery of one (endpoint, document, type).
    await q.query(
      `CREATE INDEX webhook_deliveries_debounce_idx
         ON webhook_deliveries (tenant_id, endpoint_id, document_id, event_type)
         WHERE status = 'pending' AND attempts = 0`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_unfinished_idx
         ON webhook_deliveries (status) WHERE status IN ('pending', 'delivering')`,
    );
    await enableTenantRls(q, 'webhook_endpoints');
    await enableTenantRls(q, 'webhook_deliveries');
    await q.query(`CREATE POLICY scan_pending ON webhook_deliveries FOR SELECT
      USING (status IN ('pending', 'delivering')
             AND current_setting('app.scan', true) = 'webhook_deliveries')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
