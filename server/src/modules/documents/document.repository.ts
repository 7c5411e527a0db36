import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';
import { DocumentEntity, type DocumentRecord } from './document.entity.js';

/** Reads and writes of document rows; callers are inside withTenant (RLS applies). */
export const documentRepository = {
  /** One document; `lock` holds its row until the transaction ends (read-modify-write). */
  findById(
    tx: EntityManager,
    tenantId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<DocumentRecord | null> {
    return tx.getRepository(DocumentEntity).findOne({
      where: { tenantId, id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  },

  async slugTaken(
    tx: EntityManager,
    tenantId: string,
    slug: string,
    exceptId?: string,
  ): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM documents WHERE tenant_id = $1 AND slug = $2 AND ($3::uuid IS NULL OR id <> $3) LIMIT 1`,
      [tenantId, slug, exceptId ?? null],
    );
    return rows.length > 0;
  },

  /** One page, newest first, keyset-paginated on (created_at, id). */
  async page(
    tx: EntityManager,
    tenantId: string,
    options: { limit: number; after?: Keyset; contentType?: string; q?: string },
  ): Promise<{ rows: DocumentRecord[]; keysets: Keyset[] }> {
    const qb = tx
      .getRepository(DocumentEntity)
      .createQueryBuilder('d')
      .addSelect(cursorTimestampSql('d.created_at'), 'cursor_ts')
      .where('d.tenant_id = :tenantId', { tenantId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(options.limit);
    if (options.after) {
      qb.andWhere('(d.created_at, d.id) < (:ts::timestamptz, :id::uuid)', {
        ts: options.after.createdAt,
        id: options.after.id,
      });
    }
    if (options.contentType) qb.andWhere('d.content_type = :ct', { ct: options.contentType });
    if (options.q)
      qb.andWhere('d.title ILIKE :q', { q: `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_ts: string }>();
    return {
      rows: entities,
      keysets: entities.map((e, i) => ({ createdAt: raw[i]!.cursor_ts, id: e.id })),
    };
  },
};
