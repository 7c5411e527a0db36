import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import { DocumentEntity, type DocumentRecord } from '../document.entity.js';
import { documentRepository } from '../document.repository.js';

/**
 * Renames a document or changes its slug; 404 when it does not exist in this tenant. `precondition`
 * (If-Match) sees the row locked, so no other change slips in between the check and the write.
 */
export async function updateDocument(
  ds: DataSource,
  input: { tenantId: string; id: string; title?: string; slug?: string },
  precondition?: (current: DocumentRecord) => void,
): Promise<DocumentRecord> {
  try {
    return await withTenant(ds, input.tenantId, async (tx) => {
      const before = await documentRepository.findById(tx, input.tenantId, input.id, {
        lock: true,
      });
      if (!before) throw new AppError('not_found', 'No such document');
      precondition?.(before);
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
      // The audit entry, the published cache, the CDN and webhooks all follow from this event.
      await recordEvent(tx, {
        tenantId: input.tenantId,
        type: 'document.updated',
        documentId: input.id,
        target: { type: 'document', id: input.id },
        payload: {
          title: saved.title,
          slug: saved.slug,
          contentType: saved.contentType,
          changed: (['title', 'slug'] as const).filter((key) => before[key] !== saved[key]),
          previous: { title: before.title, slug: before.slug },
        },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'Slug is taken', { details: { reason: 'slug_taken' } });
    throw error;
  }
}
