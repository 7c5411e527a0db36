import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import { DocumentEntity, type DocumentRecord } from '../document.entity.js';
import { documentRepository } from '../document.repository.js';

/**
 * Deletes a document's row; its content, versions and workflow go with it (foreign keys cascade).
 * `precondition` (If-Match) sees the row locked.
 */
export async function deleteDocument(
  ds: DataSource,
  input: { tenantId: string; id: string },
  precondition?: (current: DocumentRecord) => void,
): Promise<void> {
  await withTenant(ds, input.tenantId, async (tx) => {
    const doc = await documentRepository.findById(tx, input.tenantId, input.id, { lock: true });
    if (!doc) throw new AppError('not_found', 'No such document');
    precondition?.(doc);
    await tx.getRepository(DocumentEntity).delete({ tenantId: input.tenantId, id: input.id });
    // The payload names the slug the row no longer can: caches and the CDN purge by it.
    await recordEvent(tx, {
      tenantId: input.tenantId,
      type: 'document.deleted',
      documentId: input.id,
      target: { type: 'document', id: input.id },
      payload: { title: doc.title, slug: doc.slug, contentType: doc.contentType },
    });
  });
}
