import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { DocumentEntity, type DocumentRecord } from '../document.entity.js';
import { documentRepository } from '../document.repository.js';

/** Renames a document or changes its slug; 404 when it does not exist in this tenant. */
export async function updateDocument(
  ds: DataSource,
  input: { tenantId: string; id: string; title?: string; slug?: string },
): Promise<DocumentRecord> {
  try {
    return await withTenant(ds, input.tenantId, async (tx) => {
      const before = await documentRepository.findById(tx, input.tenantId, input.id);
      if (!before) throw new AppError('not_found', 'No such document');
      if (
        input.slug &&
        (await documentRepository.slugTaken(tx, input.tenantId, input.slug, input.id))
      ) {
        throw new AppError('conflict', `Slug "${input.slug}" is taken`, {
          details: { reason: 'slug_taken' },
        });
      }
      const after: DocumentRecord = {
        ...before,
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.slug === undefined ? {} : { slug: input.slug }),
      };
      const saved = await tx.getRepository(DocumentEntity).save(after);
      await recordAudit(tx, {
        tenantId: input.tenantId,
        action: 'document.updated',
        targetType: 'document',
        targetId: input.id,
        before: { title: before.title, slug: before.slug },
        after: { title: saved.title, slug: saved.slug },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'Slug is taken', { details: { reason: 'slug_taken' } });
    throw error;
  }
}
