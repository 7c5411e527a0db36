import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishing reads document_publications (the workflow module's table) and adds no table of its
 * own; it only needs the delivery listing's order, newest publication first, to be an index scan.
 */
export class Publishing1795460000000 implements MigrationInterface {
  name = 'Publishing1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX document_publications_tenant_published_idx
         ON document_publications (tenant_id, published_at DESC, document_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_publications_tenant_published_idx`);
  }
}
