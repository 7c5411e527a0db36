import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

const TABLES = [
  'workflow_definitions',
  'document_workflows',
  'workflow_transitions',
  'workflow_reviews',
  'document_publications',
  'publication_history',
  'scheduled_transitions',
];

// Row level security: workflow_definitions, document_workflows, workflow_transitions, workflow_reviews, document_publications, publication_history, scheduled_transitions get ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * The review workflow: per-tenant definitions, each document's workflow state and history,
 * reviews bound to a frozen version's content hash, the current publication (plus its history)
 * and scheduled transitions.
 *
 * - `workflow_reviews` is unique per (document, version, reviewer): a reviewer deciding again
 *   replaces their decision, so the same reviewer never counts twice.
 * - `scan_scheduled` reveals pending schedules (and nothing else) to a transaction that set
 *   `app.scan = 'scheduled_transitions'`: on start a node learns which schedules exist across
 *   tenants and re-enqueues them, then acts on each inside its tenant's transaction.
 */
export class Workflow1795430000000 implements MigrationInterface {
  name = 'Workflow1795430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_definitions (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{0,63}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        definition jsonb NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
    // At most one stored definition is the tenant's default (none: the built-in one).
    await q.query(
      `CREATE UNIQUE INDEX workflow_definitions_default_key
         ON workflow_definitions (tenant_id) WHERE is_default`,
    );
    await q.query(`
      CREATE TABLE document_workflows (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL,
        workflow_key text NOT NULL,
        stage text NOT NULL,
        frozen_version_id uuid,
        assignees uuid[] NOT NULL DEFAULT '{}',
        due_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, frozen_version_id) REFERENCES document_versions (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE workflow_transitions (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        transition text NOT NULL,
        from_stage text NOT NULL,
        to_stage text NOT NULL,
        version_id uuid,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        note text CHECK (length(note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX workflow_transitions_document_idx
         ON workflow_transitions (tenant_id, document_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE workflow_reviews (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL,
        content_hash text NOT NULL,
        reviewer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        decision text NOT NULL CHECK (decision IN ('approved', 'changes_requested')),
        note text CHECK (length(note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, version_id) REFERENCES document_versions (tenant_id, id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX workflow_reviews_reviewer_key
         ON workflow_reviews (tenant_id, document_id, version_id, reviewer_id)`,
    );
    await q.query(`
      CREATE TABLE document_publications (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL,
        version_id uuid NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid REFERENCES users (id) ON DELETE SET NULL,
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, version_id) REFERENCES document_versions (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE publication_history (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL,
        action text NOT NULL CHECK (action IN ('published', 'unpublished')),
        version_id uuid,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, version_id) REFERENCES document_versions (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE scheduled_transitions (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL,
        transition text NOT NULL,
        run_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'cancelled', 'done', 'failed')),
        failure jsonb,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX scheduled_transitions_document_idx
         ON scheduled_transitions (tenant_id, document_id, run_at)`,
    );
    await q.query(
      `CREATE INDEX scheduled_transitions_pending_idx
         ON scheduled_transitions (run_at) WHERE status = 'scheduled'`,
    );
    for (const table of TABLES) await enableTenantRls(q, table);
    await q.query(`CREATE POLICY scan_scheduled ON scheduled_transitions FOR SELECT
      USING (status = 'scheduled' AND current_setting('app.scan', true) = 'scheduled_transitions')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await q.query(`DROP TABLE ${table}`);
  }
}
