import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import { BUILT_IN_CONTENT_TYPES } from '../content-type.js';
import { contentTypeRepository } from '../content-type.repository.js';

/**
 * Deletes a tenant's content type; 409 for a built-in or while documents of the type exist
 * (their content would lose its schema), 412 when `expectedRevisions` are stale.
 */
export async function deleteContentType(
  ds: DataSource,
  input: { tenantId: string; key: string; expectedRevisions: readonly number[] | null },
): Promise<void> {
  if (BUILT_IN_CONTENT_TYPES.has(input.key))
    throw new AppError('conflict', `Content type "${input.key}" is built in`, {
      details: { reason: 'built_in' },
    });
  await withTenant(ds, input.tenantId, async (tx) => {
    const before = await contentTypeRepository.findForUpdate(tx, input.tenantId, input.key);
    if (!before) throw new AppError('not_found', 'No such content type');
    if (input.expectedRevisions && !input.expectedRevisions.includes(before.revision))
      throw new AppError('precondition_failed', 'The content type changed since it was read', {
        details: { revision: before.revision },
      });
    const documents = await contentTypeRepository.documentCount(tx, input.tenantId, input.key);
    if (documents > 0)
      throw new AppError('conflict', `${documents} documents are of type "${input.key}"`, {
        details: { reason: 'in_use', documents },
      });
    await contentTypeRepository.remove(tx, input.tenantId, input.key);
    await recordEvent(tx, {
      tenantId: input.tenantId,
      type: 'content_type.deleted',
      documentId: null,
      target: { type: 'content_type', id: input.key },
      payload: { key: input.key, revision: before.revision },
    });
  });
}
