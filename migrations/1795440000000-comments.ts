import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

// Row level security: comment_threads, comments get ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * Anchored comments: a thread per anchor (a range of the body held as Yjs relative positions, or
 * a field), its comments in order. Both go with their document.
 *
 * - `anchor` is the normalised anchor (`{kind:'text',start,end}` base64 relative positions or
 *   `{kind:'field',field}`); `quote` is the text it covered when the thread was created.
 * - Authors are users, or API keys (`author_api_key_id`, no FK: keys are revoked, not deleted,
 *   and the id only decides who may edit). A deleted user leaves the comment authorless.
 * - Deleting a comment is soft (`deleted_at`): the thread's order and replies stay intact.
 */
export class Comments1795440000000 implements MigrationInterface {
  name = 'Comments1795440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE comment_threads (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        anchor jsonb NOT NULL CHECK (anchor->>'kind' IN ('text', 'field')),
        quote text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
        resolved_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX comment_threads_document_idx
         ON comment_threads (tenant_id, document_id, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE comments (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        thread_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        author_api_key_id uuid,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
        mentions uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, thread_id) REFERENCES comment_threads (tenant_id, id) ON DELETE CASCADE,
        CHECK (author_id IS NULL OR author_api_key_id IS NULL)
      )`);
    await q.query(
      `CREATE INDEX comments_thread_idx ON comments (tenant_id, thread_id, created_at, id)`,
    );
    await enableTenantRls(q, 'comment_threads');
    await enableTenantRls(q, 'comments');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE comments`);
    await q.query(`DROP TABLE comment_threads`);
  }
}
