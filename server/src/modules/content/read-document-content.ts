import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import type { DocumentContent } from '../collab/index.js';
import { documentRepository } from '../documents/index.js';
import { contentHash } from './content-hash.js';
import { findContentType } from './content-types.js';
import { renderDocument, type RenderedContent } from './render-document.js';
import { renderHtml } from './render-html.js';
import { validateContent, type ContentIssue } from './validate-content.js';

/** A document's current content, rendered, hashed and checked against its content type. */
export interface DocumentContentView extends RenderedContent {
  documentId: string;
  contentType: string;
  html: string;
  hash: string;
  issues: ContentIssue[];
}

/** Renders a document's live content; 404 when the document does not exist in the tenant. */
export async function readDocumentContent(
  deps: { dataSource: DataSource; content: Pick<DocumentContent, 'read'> },
  tenantId: string,
  documentId: string,
): Promise<DocumentContentView> {
  const found = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const doc = await documentRepository.findById(tx, tenantId, documentId);
    if (!doc) return null;
    return { doc, type: await findContentType(tx, tenantId, doc.contentType) };
  });
  if (!found) throw new AppError('not_found', 'No such document');
  const ydoc = await deps.content.read(tenantId, documentId);
  const rendered = renderDocument(ydoc);
  ydoc.destroy();
  const issues: ContentIssue[] = found.type
    ? validateContent(found.type, rendered)
    : [
        {
          path: [],
          code: 'unknown_content_type',
          message: `Content type "${found.doc.contentType}" does not exist`,
        },
      ];
  return {
    documentId,
    contentType: found.doc.contentType,
    fields: rendered.fields,
    body: rendered.body,
    html: renderHtml(rendered.body),
    hash: contentHash(rendered),
    issues,
  };
}
