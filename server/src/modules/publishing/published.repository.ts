import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';
import {
  PUBLISHED_COLUMNS,
  toPublishedDocument,
  type PublishedDocument,
  type PublishedRow,
} from './published-document.js';

const FROM_PUBLISHED = `FROM document_publications p
  JOIN documents d ON d.tenant_id = p.tenant_id AND d.id = p.document_id
  JOIN document_versions v ON v.tenant_id = p.tenant_id AND v.id = p.version_id`;

/**
 * The publication tables read together (document_publications → documents → document_versions);
 * inside withTenant. Only published versions are ever selected here — never the live draft.
 */
export const publishedRepository = {
  /** Ids of one page of published documents, newest publication first, plus each row's keyset. */
  async page(
    tx: EntityManager,
    tenantId: string,
    options: { limit: number; contentType?: string; after?: Keyset },
  ): Promise<{ ids: string[]; keysets: Keyset[] }> {
    const args: unknown[] = [tenantId];
    const where = ['p.tenant_id = $1'];
    if (options.contentType) {
      args.push(options.contentType);
      where.push(`d.content_type = $${args.length}`);
    }
    if (options.after) {
      args.push(options.after.createdAt, options.after.id);
      where.push(
        `(p.published_at, p.document_id) < ($${args.length - 1}::timestamptz, $${args.length}::uuid)`,
      );
    }
    args.push(options.limit);
    const rows = await tx.query<{ id: string; at: string }[]>(
      `SELECT p.document_id AS id, ${cursorTimestampSql('p.published_at')} AS at
         FROM document_publications p
         JOIN documents d ON d.tenant_id = p.tenant_id AND d.id = p.document_id
        WHERE ${where.join(' AND ')}
        ORDER BY p.published_at DESC, p.document_id DESC
        LIMIT $${args.length}`,
      args,
    );
    return {
      ids: rows.map((r) => r.id),
      keysets: rows.map((r) => ({ createdAt: r.at, id: r.id })),
    };
  },

  /** The published representation of each of `ids` that is published (absent ones are left out). */
  async byIds(
    tx: EntityManager,
    tenantId: string,
    ids: readonly string[],
  ): Promise<PublishedDocument[]> {
    if (ids.length === 0) return [];
    const rows = await tx.query<PublishedRow[]>(
      `SELECT ${PUBLISHED_COLUMNS} ${FROM_PUBLISHED}
        WHERE p.tenant_id = $1 AND p.document_id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return rows.map(toPublishedDocument);
  },

  /** The id of the published document with `slug`, or null (unpublished documents are not found). */
  async idBySlug(tx: EntityManager, tenantId: string, slug: string): Promise<string | null> {
    const rows = await tx.query<{ id: string }[]>(
      `SELECT d.id FROM documents d
         JOIN document_publications p ON p.tenant_id = d.tenant_id AND p.document_id = d.id
        WHERE d.tenant_id = $1 AND d.slug = $2`,
      [tenantId, slug],
    );
    return rows[0]?.id ?? null;
  },

  /**
   * Any version of a document in the delivery shape (for previews): `versionId`, or the newest
   * version when null. `publishedAt` is set only when that version is the published one.
   */
  async version(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    versionId: string | null,
  ): Promise<PublishedDocument | null> {
    const rows = await tx.query<PublishedRow[]>(
      `SELECT ${PUBLISHED_COLUMNS}
         FROM documents d
         JOIN document_versions v ON v.tenant_id = d.tenant_id AND v.document_id = d.id
         LEFT JOIN document_publications p
           ON p.tenant_id = d.tenant_id AND p.document_id = d.id AND p.version_id = v.id
        WHERE d.tenant_id = $1 AND d.id = $2 AND ($3::uuid IS NULL OR v.id = $3::uuid)
        ORDER BY v.number DESC
        LIMIT 1`,
      [tenantId, documentId, versionId],
    );
    return rows[0] ? toPublishedDocument(rows[0]) : null;
  },
};
