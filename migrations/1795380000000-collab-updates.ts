import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from './support/rls.js';

// Row level security: both tables get ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * The collaboration engine's durable state: an append-only Yjs update log written in group
 * commits, and at most one snapshot per document that compaction folds the log into. Loading reads
 * the snapshot plus the log rows after `up_to_seq`. `fencing_token` lets a compactor holding a
 * newer lease refuse to be overwritten by a stale one.
 */
export class CollabUpdates1795380000000 implements MigrationInterface {
  name = 'CollabUpdates1795380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_updates (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        update bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id, seq),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE document_snapshots (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        state bytea NOT NULL,
        up_to_seq bigint NOT NULL,
        fencing_token bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    await enableTenantRls(q, 'document_updates');
    await enableTenantRls(q, 'document_snapshots');
  }

  async down(q: QueryRunner): Promise<void> {
    await disableTenantRls(q, 'document_snapshots');
    await disableTenantRls(q, 'document_updates');
    await q.query(`DROP TABLE document_snapshots`);
    await q.query(`DROP TABLE document_updates`);
  }
}
