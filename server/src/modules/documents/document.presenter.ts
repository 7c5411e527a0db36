import type { DocumentRecord } from './document.entity.js';

/** The public JSON of a document's metadata. */
export function presentDocument(doc: DocumentRecord) {
  return {
    id: doc.id,
    contentType: doc.contentType,
    title: doc.title,
    slug: doc.slug,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
