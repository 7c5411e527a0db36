import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

// Row level security: outbox_events gets ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * The transactional outbox: domain events (a workflow transition, a new version, a comment) are
 * inserted in the transaction that made them true and delivered after it commits — to live
 * clients and the audit log now, to webhooks later.
 *
 * - An AFTER INSERT trigger calls `pg_notify('folio_outbox', tenant_id)`. PostgreSQL delivers
 *   notifications only when the transaction commits (and folds duplicates within it), so every
 *   node's dispatcher hears "tenant T has new events" exactly when they become visible.
 * - Dispatchers claim rows with `FOR UPDATE SKIP LOCKED`, so several nodes never deliver one event
 *   twice while both are up.
 * - `scan_pending` reveals pending rows (and nothing processed) to a transaction that set
 *   `app.scan = 'outbox'`: the periodic sweep that catches notifications lost while a listener
 *   reconnected learns which tenants have work, then does it inside that tenant's transaction.
 */
export class OutboxEvents1795400000000 implements MigrationInterface {
  name = 'OutboxEvents1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
        document_id uuid,
        target_type text NOT NULL,
        target_id text NOT NULL,
        payload jsonb NOT NULL,
        context jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        PRIMARY KEY (tenant_id, seq)
      )`);
    await q.query(
      `CREATE INDEX outbox_events_pending_idx ON outbox_events (tenant_id, seq) WHERE processed_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_events_processed_idx ON outbox_events (tenant_id, processed_at) WHERE processed_at IS NOT NULL`,
    );
    await enableTenantRls(q, 'outbox_events');
    await q.query(`CREATE POLICY scan_pending ON outbox_events FOR SELECT
      USING (processed_at IS NULL AND current_setting('app.scan', true) = 'outbox')`);
    await q.query(`
      CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('folio_outbox', NEW.tenant_id::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
      FOR EACH ROW EXECUTE FUNCTION outbox_events_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_events`);
    await q.query(`DROP FUNCTION outbox_events_notify()`);
  }
}
