export { UserEntity, type User } from './user.entity.js';
export { ApiKeyEntity, type ApiKey } from './api-key.entity.js';
export {
  RefreshTokenFamilyEntity,
  type RefreshTokenFamily,
} from './refresh-token-family.entity.js';
export { userRepository } from './user.repository.js';
export { hashPassword, verifyPassword } from './password.js';
export { AccessTokens, ACCESS_TOKEN_TTL_SECONDS, type AccessClaims } from './access-token.js';
export { Authenticator, rolePermissions } from './authenticator.js';
export { generateApiKeyToken, parseApiKeyToken } from './api-key-format.js';
export {
  principalSlot,
  authenticateMiddleware,
  requirePrincipal,
  requirePermission,
  requireMember,
} from './identity.http.js';

import { ApiKeyEntity } from './api-key.entity.js';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity.js';
import { UserEntity } from './user.entity.js';

/** The TypeORM entity schemas this module owns. */
export const identityEntities = [UserEntity, ApiKeyEntity, RefreshTokenFamilyEntity];
