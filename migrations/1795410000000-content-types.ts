import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

// Row level security: content_types gets ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * Content types: a tenant's own document types (the built-in `article` and `page` need no row).
 * `fields` is the JSON list of field definitions, validated by the content module's zod schema;
 * `revision` is the optimistic-concurrency counter behind the ETag.
 */
export class ContentTypes1795410000000 implements MigrationInterface {
  name = 'ContentTypes1795410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE content_types (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{0,63}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        description text CHECK (length(description) <= 1000),
        fields jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(fields) = 'array'),
        revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
    await enableTenantRls(q, 'content_types');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE content_types`);
  }
}
