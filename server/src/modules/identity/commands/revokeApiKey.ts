import type { EntityManager } from 'typeorm';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { ApiKeyEntity, type ApiKey } from '../api-key.entity.js';
import { apiKeyRepository } from '../api-key.repository.js';
import { presentApiKey } from '../identity.presenter.js';

/**
 * Revokes a key of the actor's tenant (`tx` bound to it). Soft: the row stays for the list and
 * the audit trail, and the Authenticator refuses the key from the next request on. Revoking a
 * revoked key changes nothing.
 */
export async function revokeApiKey(
  tx: EntityManager,
  actor: { tenantId: string },
  id: string,
): Promise<ApiKey> {
  const key = await apiKeyRepository.findById(tx, actor.tenantId, id);
  if (!key) throw new AppError('not_found', 'API key not found');
  if (key.revokedAt) return key;
  const revoked: ApiKey = { ...key, revokedAt: new Date() };
  await tx
    .getRepository(ApiKeyEntity)
    .update({ tenantId: key.tenantId, id: key.id }, { revokedAt: revoked.revokedAt });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    action: 'api_key.revoked',
    targetType: 'api_key',
    targetId: key.id,
    before: { ...presentApiKey(key) },
    after: { ...presentApiKey(revoked) },
  });
  return revoked;
}
