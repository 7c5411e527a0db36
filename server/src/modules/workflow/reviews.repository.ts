import type { EntityManager } from 'typeorm';

/** What a reviewer decided about a frozen version. */
export type ReviewDecision = 'approved' | 'changes_requested';

/** One reviewer's latest decision on one frozen version. */
export interface ReviewRecord {
  id: string;
  versionId: string;
  contentHash: string;
  reviewerId: string;
  decision: ReviewDecision;
  note: string | null;
  createdAt: Date;
}

const COLUMNS = `id, version_id AS "versionId", content_hash AS "contentHash",
  reviewer_id AS "reviewerId", decision, note, created_at AS "createdAt"`;

/** workflow_reviews; inside withTenant. */
export const reviewsRepository = {
  /** The decisions on a version, oldest first (one per reviewer by the unique index). */
  forVersion(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    versionId: string,
  ): Promise<ReviewRecord[]> {
    return tx.query<ReviewRecord[]>(
      `SELECT ${COLUMNS} FROM workflow_reviews
        WHERE tenant_id = $1 AND document_id = $2 AND version_id = $3
        ORDER BY created_at, id`,
      [tenantId, documentId, versionId],
    );
  },

  /** Records a decision; the reviewer's earlier decision on the same version is replaced. */
  async upsert(
    tx: EntityManager,
    input: {
      tenantId: string;
      documentId: string;
      versionId: string;
      contentHash: string;
      reviewerId: string;
      decision: ReviewDecision;
      note: string | null;
    },
  ): Promise<ReviewRecord> {
    const rows = await tx.query<ReviewRecord[]>(
      `INSERT INTO workflow_reviews
         (tenant_id, document_id, version_id, content_hash, reviewer_id, decision, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, document_id, version_id, reviewer_id) DO UPDATE
         SET decision = EXCLUDED.decision, note = EXCLUDED.note,
             content_hash = EXCLUDED.content_hash, created_at = clock_timestamp()
       RETURNING ${COLUMNS}`,
      [
        input.tenantId,
        input.documentId,
        input.versionId,
        input.contentHash,
        input.reviewerId,
        input.decision,
        input.note,
      ],
    );
    return rows[0]!;
  },
};
