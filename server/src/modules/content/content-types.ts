import type { EntityManager } from 'typeorm';
import { BUILT_IN_CONTENT_TYPES, type ContentTypeRecord } from './content-type.js';
import { contentTypeRepository } from './content-type.repository.js';

/**
 * The content type `key` as the tenant sees it: a built-in (which no tenant can replace, so no
 * query is needed), else the tenant's own row, else null. Call inside withTenant.
 */
export async function findContentType(
  tx: EntityManager,
  tenantId: string,
  key: string,
): Promise<ContentTypeRecord | null> {
  const builtIn = BUILT_IN_CONTENT_TYPES.get(key);
  if (builtIn) return structuredClone(builtIn);
  return contentTypeRepository.find(tx, tenantId, key);
}

/** Every content type of the tenant, built-ins first, then its own by key. */
export async function listContentTypes(
  tx: EntityManager,
  tenantId: string,
): Promise<ContentTypeRecord[]> {
  const own = await contentTypeRepository.list(tx, tenantId);
  return [...[...BUILT_IN_CONTENT_TYPES.values()].map((t) => structuredClone(t)), ...own];
}
