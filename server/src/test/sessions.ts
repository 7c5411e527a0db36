import type { FolioNode } from '../app/folio.js';
import { digest, randomToken } from '../platform/crypto/secret-box.js';
import { withTenant } from '../platform/db/unit-of-work.js';
import { RefreshTokenFamilyEntity } from '../modules/identity/index.js';

/**
 * A real access token for a member, without going through login: a session row (refresh-token
 * family) plus a token signed by the node's own AccessTokens, exactly what login would produce.
 */
export async function issueTestToken(
  node: Pick<FolioNode, 'dataSource' | 'accessTokens'>,
  member: { tenantId: string; userId: string },
): Promise<string> {
  const family = await withTenant(node.dataSource, member.tenantId, (tx) => {
    const repo = tx.getRepository(RefreshTokenFamilyEntity);
    return repo.save(
      repo.create({
        tenantId: member.tenantId,
        userId: member.userId,
        currentHash: digest(randomToken()),
        expiresAt: new Date(Date.now() + 3600_000),
        lastUsedAt: new Date(),
      }),
    );
  });
  const { token } = await node.accessTokens.issue({ ...member, sessionId: family.id });
  return token;
}
