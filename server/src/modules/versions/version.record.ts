import type { RenderedContent } from '../content/index.js';

/** Every reason a version is made for (the table's CHECK lists the same). */
export const VERSION_REASONS = ['manual', 'checkpoint', 'workflow', 'restore'] as const;

/** Why a version was made. */
export type VersionReason = (typeof VERSION_REASONS)[number];

/** A version's metadata: what a listing shows (no content, no Yjs state). */
export interface VersionSummary {
  readonly tenantId: string;
  readonly documentId: string;
  readonly id: string;
  /** 1, 2, 3… per document, in the order versions were made. */
  readonly number: number;
  /** `sha256:<hex>` over the rendered content (see the content module's contentHash). */
  readonly contentHash: string;
  readonly reason: VersionReason;
  readonly label: string | null;
  /** Members whose edits this node applied since its previous version of the document. */
  readonly authors: string[];
  /** For a restore: the version whose content was brought back. */
  readonly restoredFrom: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** An immutable version of a document: its metadata and rendered content (state bytes apart). */
export interface VersionRecord extends VersionSummary {
  readonly rendered: RenderedContent;
  /** Sanitised HTML of the rendered body. */
  readonly html: string;
}

/** A row of document_versions as node-postgres returns it (the columns named in SQL below). */
export interface VersionRow {
  tenant_id: string;
  document_id: string;
  id: string;
  number: number;
  content_hash: string;
  reason: VersionReason;
  label: string | null;
  authors: string[];
  restored_from: string | null;
  created_by: string | null;
  created_at: Date;
  rendered?: RenderedContent;
  html?: string;
}

/** The metadata columns, in the order VersionRow names them. */
export const SUMMARY_COLUMNS =
  'tenant_id, document_id, id, number, content_hash, reason, label, authors, restored_from, created_by, created_at';

/** Metadata plus rendered content. */
export const RECORD_COLUMNS = `${SUMMARY_COLUMNS}, rendered, html`;

/** A row's metadata. */
export function toSummary(row: VersionRow): VersionSummary {
  return {
    tenantId: row.tenant_id,
    documentId: row.document_id,
    id: row.id,
    number: row.number,
    contentHash: row.content_hash,
    reason: row.reason,
    label: row.label,
    authors: row.authors,
    restoredFrom: row.restored_from,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** A row selected with RECORD_COLUMNS. */
export function toRecord(row: VersionRow): VersionRecord {
  if (row.rendered === undefined || row.html === undefined) {
    throw new Error('version row selected without its rendered content');
  }
  return { ...toSummary(row), rendered: row.rendered, html: row.html };
}
