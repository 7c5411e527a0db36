export { UserEntity, type User } from './user.entity.js';
export { ApiKeyEntity, type ApiKey } from './api-key.entity.js';
export {
  RefreshTokenFamilyEntity,
  type RefreshTokenFamily,
} from './refresh-token-family.entity.js';
export { userRepository } from './user.repository.js';
export { hashPassword, verifyPassword } from './password.js';
export { AccessTokens, ACCESS_TOKEN_TTL_SECONDS, type AccessClaims } from './access-token.js';
export {
  Authenticator,
  identityOf,
  rolePermissions,
  type PrincipalIdentity,
} from './authenticator.js';
export {
  AccessChanges,
  ACCESS_CHANGE_REASONS,
  type AccessChange,
  type AccessChangeListener,
  type AccessChangeReason,
} from './access-changes.js';
export { LiveAccessRegistry, type AccessDecision } from './live-access.js';
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
export {
  SessionIssuer,
  revokeUserSessions,
  revokeSession,
  SESSION_IDLE_SECONDS,
  SESSION_MAX_SECONDS,
  type IssuedSession,
  type SessionInput,
  type SessionRevokeReason,
} from './session-issuer.js';
export { SecondFactor, type SecondFactorKind } from './second-factor.js';
export { RecoveryCodes, RECOVERY_CODE_COUNT } from './recovery-codes.js';
export type { IdentityRouteDeps } from './identity.deps.js';
export { authRoutes } from './auth.routes.js';
export { mfaRoutes } from './mfa.routes.js';
export { apiKeysRoutes } from './api-keys.routes.js';
export {
  loginThrottle,
  lockedOut,
  lockSeconds,
  LOCKOUT_THRESHOLD,
  LOCKOUT_MAX_SECONDS,
  type AttemptReservation,
} from './login-throttle.js';
export { identityRouteDocs } from './identity.openapi.js';
