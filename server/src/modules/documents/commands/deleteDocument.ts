import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { DocumentEntity } from '../document.entity.js';
import { documentRepository } from '../document.repository.js';

/** Deletes a document's row (its content goes with it once the collab tables reference it). */
export async function deleteDocument(
  ds: DataSource,
  input: { tenantId: string; id: string },
): Promise<void> {
  await withTenant(ds, input.tenantId, async (tx) => {
    const doc = await documentRepository.findById(tx, input.tenantId, input.id);
    if (!doc) throw new AppError('not_found', 'No such document');
    await tx.getRepository(DocumentEntity).delete({ tenantId: input.tenantId, id: input.id });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      action: 'document.deleted',
      targetType: 'document',
      targetId: input.id,
      before: { title: doc.title, slug: doc.slug, contentType: doc.contentType },
    });
  });
}
