import { Router, type Response } from 'express';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { apiKeyRepository } from './api-key.repository.js';
import { createApiKeyBody, listApiKeysQuery } from './api-keys.schema.js';
import { createApiKey } from './commands/createApiKey.js';
import { revokeApiKey } from './commands/revokeApiKey.js';
import type { IdentityRouteDeps } from './identity.deps.js';
import { requireMember, requirePermission } from './identity.http.js';
import { presentApiKey } from './identity.presenter.js';

/** Managing keys is for people: a member holding `apiKeys.manage` (no key can hold that scope). */
function requireKeyManager(res: Response) {
  requirePermission(res, 'apiKeys.manage');
  return requireMember(res);
}

/** `/api/v1/api-keys`: create (token shown once), list, show and revoke the tenant's API keys. */
export function apiKeysRoutes(
  deps: Pick<IdentityRouteDeps, 'dataSource' | 'accessChanges'>,
): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const member = requireKeyManager(res);
    const query = parseInput(listApiKeysQuery, req.query, 'query');
    const page = await withTenant(deps.dataSource, member.tenantId, (tx) =>
      apiKeyRepository.list(tx, member.tenantId, query),
    );
    res.json({ items: page.items.map(presentApiKey), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const member = requireKeyManager(res);
    const body = parseInput(createApiKeyBody, req.body);
    const { key, token } = await withTenant(deps.dataSource, member.tenantId, (tx) =>
      createApiKey(tx, member, body),
    );
    res.status(201).json({ ...presentApiKey(key), token });
  });

  router.get('/:id', async (req, res) => {
    const member = requireKeyManager(res);
    const key = await withTenant(deps.dataSource, member.tenantId, (tx) =>
      apiKeyRepository.findById(tx, member.tenantId, req.params.id),
    );
    if (!key) throw new AppError('not_found', 'API key not found');
    res.json(presentApiKey(key));
  });

  router.delete('/:id', async (req, res) => {
    const member = requireKeyManager(res);
    const key = await withTenant(deps.dataSource, member.tenantId, (tx) =>
      revokeApiKey(tx, member, req.params.id),
    );
    await deps.accessChanges.publish({
      tenantId: member.tenantId,
      apiKeyId: key.id,
      reason: 'api_key_revoked',
    });
    res.status(204).end();
  });

  return router;
}
