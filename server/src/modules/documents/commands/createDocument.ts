import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import { DocumentEntity, type DocumentRecord } from '../document.entity.js';
import { documentRepository } from '../document.repository.js';
import { slugify } from '../documents.schema.js';

/** Which content types a tenant has (the content module's, plugged in by the composition root). */
export interface ContentTypeCatalogue {
  exists(tx: EntityManager, tenantId: string, key: string): Promise<boolean>;
}

/**
 * Creates a document's metadata row. A slug given by the caller must be free (409); one derived
 * from the title gets a short random suffix when the plain form is taken.
 */
export async function createDocument(
  ds: DataSource,
  input: {
    tenantId: string;
    createdBy: string | null;
    title: string;
    contentType: string;
    slug?: string;
  },
  contentTypes?: ContentTypeCatalogue,
): Promise<DocumentRecord> {
  try {
    return await withTenant(ds, input.tenantId, async (tx) => {
      if (contentTypes && !(await contentTypes.exists(tx, input.tenantId, input.contentType))) {
        throw new AppError('validation_failed', `Unknown content type "${input.contentType}"`, {
          details: [{ path: ['contentType'], message: 'no such content type in this tenant' }],
        });
      }
      let slug = input.slug ?? slugify(input.title);
      if (await documentRepository.slugTaken(tx, input.tenantId, slug)) {
        if (input.slug)
          throw new AppError('conflict', `Slug "${slug}" is taken`, {
            details: { reason: 'slug_taken' },
          });
        slug = `${slug}-${randomBytes(3).toString('hex')}`;
      }
      const repo = tx.getRepository(DocumentEntity);
      const doc = await repo.save(
        repo.create({
          tenantId: input.tenantId,
          title: input.title,
          contentType: input.contentType,
          slug,
          createdBy: input.createdBy,
        }),
      );
      // The audit entry, live clients and webhooks all come from this event (after commit).
      await recordEvent(tx, {
        tenantId: input.tenantId,
        type: 'document.created',
        documentId: doc.id,
        target: { type: 'document', id: doc.id },
        payload: { title: doc.title, slug: doc.slug, contentType: doc.contentType },
      });
      return doc;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'Slug is taken', { details: { reason: 'slug_taken' } });
    throw error;
  }
}
