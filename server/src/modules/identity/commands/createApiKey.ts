import type { EntityManager } from 'typeorm';
import { digest } from '../../../platform/crypto/secret-box.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import type { Permission } from '../../access/index.js';
import { generateApiKeyToken } from '../api-key-format.js';
import { ApiKeyEntity, type ApiKey } from '../api-key.entity.js';
import { presentApiKey } from '../identity.presenter.js';

export interface CreateApiKeyInput {
  name: string;
  scopes: Permission[];
  expiresAt?: Date | undefined;
}

/**
 * Creates a key in the actor's tenant (`tx` bound to it). The caller may only hand out
 * permissions it holds itself, so a custom role with `apiKeys.manage` cannot mint a key stronger
 * than its own role. The token is returned once; only the prefix and a digest are stored.
 */
export async function createApiKey(
  tx: EntityManager,
  actor: { tenantId: string; userId: string; permissions: ReadonlySet<Permission> },
  input: CreateApiKeyInput,
): Promise<{ key: ApiKey; token: string }> {
  const beyond = input.scopes.filter((scope) => !actor.permissions.has(scope));
  if (beyond.length > 0) {
    throw new AppError('forbidden', 'An API key cannot have permissions you do not hold', {
      details: { scopes: beyond },
    });
  }
  const { token, prefix, secret } = generateApiKeyToken();
  const repo = tx.getRepository(ApiKeyEntity);
  const key = await repo.save(
    repo.create({
      tenantId: actor.tenantId,
      name: input.name,
      prefix,
      secretHash: digest(secret),
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
      createdBy: actor.userId,
      lastUsedAt: null,
      revokedAt: null,
    }),
  );
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    action: 'api_key.created',
    targetType: 'api_key',
    targetId: key.id,
    after: { ...presentApiKey(key) },
  });
  return { key, token };
}
