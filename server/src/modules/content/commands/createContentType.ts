import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import type { FieldDefinition } from '../content-type.schema.js';
import { BUILT_IN_CONTENT_TYPES, type ContentTypeRecord } from '../content-type.js';
import { contentTypeRepository } from '../content-type.repository.js';

/** Creates a tenant's content type; 409 when the key is a built-in or already taken. */
export async function createContentType(
  ds: DataSource,
  input: {
    tenantId: string;
    key: string;
    name: string;
    description: string | null;
    fields: FieldDefinition[];
  },
): Promise<ContentTypeRecord> {
  if (BUILT_IN_CONTENT_TYPES.has(input.key))
    throw new AppError('conflict', `Content type "${input.key}" is built in`, {
      details: { reason: 'built_in' },
    });
  return withTenant(ds, input.tenantId, async (tx) => {
    const created = await contentTypeRepository.insert(tx, input);
    if (!created)
      throw new AppError('conflict', `Content type "${input.key}" exists`, {
        details: { reason: 'key_taken' },
      });
    await recordEvent(tx, {
      tenantId: input.tenantId,
      type: 'content_type.created',
      documentId: null,
      target: { type: 'content_type', id: created.key },
      payload: {
        key: created.key,
        name: created.name,
        revision: created.revision,
        fieldKeys: created.fields.map((f) => f.key),
      },
    });
    return created;
  });
}
