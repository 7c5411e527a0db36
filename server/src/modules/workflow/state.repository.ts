import type { EntityManager } from 'typeorm';

/** A document's place in its workflow. */
export interface WorkflowState {
  tenantId: string;
  documentId: string;
  workflowKey: string;
  stage: string;
  frozenVersionId: string | null;
  assignees: string[];
  dueAt: Date | null;
  revision: number;
  updatedAt: Date;
}

/** One transition taken, as history shows it. */
export interface TransitionRecord {
  id: string;
  transition: string;
  fromStage: string;
  toStage: string;
  versionId: string | null;
  actorId: string | null;
  note: string | null;
  createdAt: Date;
}

/** The version of a document that is published now. */
export interface PublicationRecord {
  tenantId: string;
  documentId: string;
  versionId: string;
  publishedAt: Date;
  publishedBy: string | null;
}

const STATE_COLUMNS = `tenant_id AS "tenantId", document_id AS "documentId",
  workflow_key AS "workflowKey", stage, frozen_version_id AS "frozenVersionId", assignees,
  due_at AS "dueAt", revision, updated_at AS "updatedAt"`;

/** document_workflows, workflow_transitions and the publication tables; inside withTenant. */
export const stateRepository = {
  /** The content type of the document, or null when it does not exist (for this tenant). */
  async documentContentType(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
  ): Promise<string | null> {
    const rows = await tx.query<{ content_type: string }[]>(
      `SELECT content_type FROM documents WHERE tenant_id = $1 AND id = $2`,
      [tenantId, documentId],
    );
    return rows[0]?.content_type ?? null;
  },

  async find(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    options: { lock?: boolean } = {},
  ): Promise<WorkflowState | null> {
    const rows = await tx.query<WorkflowState[]>(
      `SELECT ${STATE_COLUMNS} FROM document_workflows
        WHERE tenant_id = $1 AND document_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [tenantId, documentId],
    );
    return rows[0] ?? null;
  },

  /** Creates the row in the initial stage unless it exists (a concurrent creator wins). */
  async ensure(
    tx: EntityManager,
    input: { tenantId: string; documentId: string; workflowKey: string; stage: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO document_workflows (tenant_id, document_id, workflow_key, stage)
       VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, document_id) DO NOTHING`,
      [input.tenantId, input.documentId, input.workflowKey, input.stage],
    );
  },

  async update(
    tx: EntityManager,
    state: WorkflowState,
    patch: Partial<Pick<WorkflowState, 'stage' | 'frozenVersionId' | 'assignees' | 'dueAt'>>,
  ): Promise<void> {
    const next = { ...state, ...patch };
    await tx.query(
      `UPDATE document_workflows
          SET stage = $3, frozen_version_id = $4, assignees = $5, due_at = $6,
              revision = revision + 1, updated_at = now()
        WHERE tenant_id = $1 AND document_id = $2`,
      [
        state.tenantId,
        state.documentId,
        next.stage,
        next.frozenVersionId,
        next.assignees,
        next.dueAt,
      ],
    );
  },

  async addTransition(
    tx: EntityManager,
    input: Omit<TransitionRecord, 'id' | 'createdAt'> & { tenantId: string; documentId: string },
  ): Promise<string> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO workflow_transitions
         (tenant_id, document_id, transition, from_stage, to_stage, version_id, actor_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        input.tenantId,
        input.documentId,
        input.transition,
        input.fromStage,
        input.toStage,
        input.versionId,
        input.actorId,
        input.note,
      ],
    );
    return rows[0]!.id;
  },

  /** History, newest first. */
  history(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    limit: number,
  ): Promise<TransitionRecord[]> {
    return tx.query<TransitionRecord[]>(
      `SELECT id, transition, from_stage AS "fromStage", to_stage AS "toStage",
              version_id AS "versionId", actor_id AS "actorId", note, created_at AS "createdAt"
         FROM workflow_transitions WHERE tenant_id = $1 AND document_id = $2
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [tenantId, documentId, limit],
    );
  },

  /** Stages the document entered since it last entered `initialStage` (all of them, if never). */
  async stagesThisRound(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    initialStage: string,
  ): Promise<string[]> {
    const rows = await tx.query<{ to_stage: string }[]>(
      `SELECT DISTINCT t.to_stage FROM workflow_transitions t
        WHERE t.tenant_id = $1 AND t.document_id = $2
          AND t.created_at >= COALESCE((
            SELECT max(r.created_at) FROM workflow_transitions r
             WHERE r.tenant_id = $1 AND r.document_id = $2 AND r.to_stage = $3), '-infinity')`,
      [tenantId, documentId, initialStage],
    );
    return rows.map((r) => r.to_stage);
  },

  async findPublication(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
  ): Promise<PublicationRecord | null> {
    const rows = await tx.query<PublicationRecord[]>(
      `SELECT tenant_id AS "tenantId", document_id AS "documentId", version_id AS "versionId",
              published_at AS "publishedAt", published_by AS "publishedBy"
         FROM document_publications WHERE tenant_id = $1 AND document_id = $2`,
      [tenantId, documentId],
    );
    return rows[0] ?? null;
  },

  /** Makes `versionId` the published version and writes the history entry. */
  async publish(
    tx: EntityManager,
    input: { tenantId: string; documentId: string; versionId: string; actorId: string | null },
  ): Promise<void> {
    const args = [input.tenantId, input.documentId, input.versionId, input.actorId];
    await tx.query(
      `INSERT INTO document_publications (tenant_id, document_id, version_id, published_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, document_id) DO UPDATE
         SET version_id = EXCLUDED.version_id, published_by = EXCLUDED.published_by,
             published_at = now()`,
      args,
    );
    await tx.query(
      `INSERT INTO publication_history (tenant_id, document_id, action, version_id, actor_id)
       VALUES ($1, $2, 'published', $3, $4)`,
      args,
    );
  },

  /** Takes the document offline; returns the version that was published, if any. */
  async unpublish(
    tx: EntityManager,
    input: { tenantId: string; documentId: string; actorId: string | null },
  ): Promise<string | null> {
    const rows = await tx.query<{ version_id: string }[]>(
      // Wrapped in a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
      `WITH gone AS (DELETE FROM document_publications WHERE tenant_id = $1 AND document_id = $2
                      RETURNING version_id)
       SELECT version_id FROM gone`,
      [input.tenantId, input.documentId],
    );
    const versionId = rows[0]?.version_id ?? null;
    if (versionId) {
      await tx.query(
        `INSERT INTO publication_history (tenant_id, document_id, action, version_id, actor_id)
         VALUES ($1, $2, 'unpublished', $3, $4)`,
        [input.tenantId, input.documentId, versionId, input.actorId],
      );
    }
    return versionId;
  },
};
