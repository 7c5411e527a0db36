import type { EntityManager } from 'typeorm';
import type { RenderedContent } from '../content/index.js';
import {
  RECORD_COLUMNS,
  SUMMARY_COLUMNS,
  toRecord,
  toSummary,
  type VersionReason,
  type VersionRecord,
  type VersionRow,
  type VersionSummary,
} from './version.record.js';

/** What a new version row is made of (its number is the document's latest + 1). */
export interface NewVersion {
  readonly tenantId: string;
  readonly documentId: string;
  readonly number: number;
  readonly state: Uint8Array;
  readonly stateVector: Uint8Array;
  readonly rendered: RenderedContent;
  readonly html: string;
  readonly contentHash: string;
  readonly authors: readonly string[];
  readonly reason: VersionReason;
  readonly label: string | null;
  readonly restoredFrom: string | null;
  readonly createdBy: string | null;
}

/**
 * Reads and inserts of document_versions (raw SQL: the table needs no entity). Callers are inside
 * withTenant (RLS applies); every query still names the tenant. There is deliberately no update.
 */
export const versionRepository = {
  /** Locks the document row so that versions of one document are numbered one at a time. */
  async lockDocument(tx: EntityManager, tenantId: string, documentId: string): Promise<boolean> {
    // NO KEY UPDATE serialises version makers without blocking the collab engine's inserts into
    // tables whose foreign keys take KEY SHARE on the same row.
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM documents WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [tenantId, documentId],
    );
    return rows.length > 0;
  },

  async documentExists(tx: EntityManager, tenantId: string, documentId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM documents WHERE tenant_id = $1 AND id = $2`,
      [tenantId, documentId],
    );
    return rows.length > 0;
  },

  async find(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    versionId: string,
  ): Promise<VersionRecord | null> {
    const rows = await tx.query<VersionRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM document_versions
        WHERE tenant_id = $1 AND document_id = $2 AND id = $3`,
      [tenantId, documentId, versionId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  async latest(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
  ): Promise<VersionRecord | null> {
    const rows = await tx.query<VersionRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM document_versions
        WHERE tenant_id = $1 AND document_id = $2 ORDER BY number DESC LIMIT 1`,
      [tenantId, documentId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** The Yjs state (`Y.encodeStateAsUpdate`) of one version, or null. */
  async state(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    versionId: string,
  ): Promise<Uint8Array | null> {
    const rows = await tx.query<{ state: Buffer }[]>(
      `SELECT state FROM document_versions WHERE tenant_id = $1 AND document_id = $2 AND id = $3`,
      [tenantId, documentId, versionId],
    );
    return rows[0] ? new Uint8Array(rows[0].state) : null;
  },

  /** One page of metadata, newest first, of versions numbered below `beforeNumber`. */
  async page(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    options: { limit: number; beforeNumber?: number },
  ): Promise<VersionSummary[]> {
    const rows = await tx.query<VersionRow[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM document_versions
        WHERE tenant_id = $1 AND document_id = $2 AND ($3::int IS NULL OR number < $3)
        ORDER BY number DESC LIMIT $4`,
      [tenantId, documentId, options.beforeNumber ?? null, options.limit],
    );
    return rows.map(toSummary);
  },

  async insert(tx: EntityManager, version: NewVersion): Promise<VersionRecord> {
    const rows = await tx.query<VersionRow[]>(
      `INSERT INTO document_versions (tenant_id, document_id, number, state, state_vector, rendered,
         html, content_hash, authors, reason, label, restored_from, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::uuid[], $10, $11, $12, $13)
       RETURNING ${RECORD_COLUMNS}`,
      [
        version.tenantId,
        version.documentId,
        version.number,
        Buffer.from(version.state),
        Buffer.from(version.stateVector),
        JSON.stringify(version.rendered),
        version.html,
        version.contentHash,
        version.authors,
        version.reason,
        version.label,
        version.restoredFrom,
        version.createdBy,
      ],
    );
    return toRecord(rows[0]!);
  },
};
