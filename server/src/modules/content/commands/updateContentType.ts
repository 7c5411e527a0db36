import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import type { FieldDefinition } from '../content-type.schema.js';
import { BUILT_IN_CONTENT_TYPES, type ContentTypeRecord } from '../content-type.js';
import { contentTypeRepository } from '../content-type.repository.js';

/**
 * Changes a tenant's content type. With `expectedRevisions` (from If-Match) the update applies only
 * to that revision — 412 otherwise — so two editors of one type cannot overwrite each other.
 */
export async function updateContentType(
  ds: DataSource,
  input: {
    tenantId: string;
    key: string;
    expectedRevisions: readonly number[] | null;
    name?: string;
    description?: string | null;
    fields?: FieldDefinition[];
  },
): Promise<ContentTypeRecord> {
  if (BUILT_IN_CONTENT_TYPES.has(input.key))
    throw new AppError('conflict', `Content type "${input.key}" is built in and cannot change`, {
      details: { reason: 'built_in' },
    });
  return withTenant(ds, input.tenantId, async (tx) => {
    const before = await contentTypeRepository.findForUpdate(tx, input.tenantId, input.key);
    if (!before) throw new AppError('not_found', 'No such content type');
    if (input.expectedRevisions && !input.expectedRevisions.includes(before.revision))
      throw new AppError('precondition_failed', 'The content type changed since it was read', {
        details: { revision: before.revision },
      });
    const after = await contentTypeRepository.update(tx, {
      ...before,
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.fields === undefined ? {} : { fields: input.fields }),
    });
    await recordEvent(tx, {
      tenantId: input.tenantId,
      type: 'content_type.updated',
      documentId: null,
      target: { type: 'content_type', id: after.key },
      payload: {
        key: after.key,
        revision: after.revision,
        changed: (['name', 'description', 'fields'] as const).filter((k) => input[k] !== undefined),
        fieldKeys: after.fields.map((f) => f.key),
      },
    });
    return after;
  });
}
