import type { RichTextJson } from '../content/index.js';

/** A document as the delivery API serves it: its published version's content and metadata. */
export interface PublishedDocument {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly contentType: string;
  readonly version: { readonly id: string; readonly number: number; readonly contentHash: string };
  /** ISO timestamp of the publication (null only for a preview of an unpublished version). */
  readonly publishedAt: string | null;
  readonly fields: Record<string, unknown>;
  readonly body: RichTextJson;
  readonly html: string;
}

/** The row the publishing queries select (see PUBLISHED_COLUMNS). */
export interface PublishedRow {
  id: string;
  slug: string;
  title: string;
  content_type: string;
  version_id: string;
  number: number;
  content_hash: string;
  rendered: { fields: Record<string, unknown>; body: RichTextJson };
  html: string;
  published_at: Date | null;
}

/** Columns of documents `d`, document_versions `v` and document_publications `p`. */
export const PUBLISHED_COLUMNS = `d.id, d.slug, d.title, d.content_type, v.id AS version_id,
  v.number, v.content_hash, v.rendered, v.html, p.published_at`;

/** A row as the delivery representation. */
export function toPublishedDocument(row: PublishedRow): PublishedDocument {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    contentType: row.content_type,
    version: { id: row.version_id, number: row.number, contentHash: row.content_hash },
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    fields: row.rendered.fields,
    body: row.rendered.body,
    html: row.html,
  };
}
