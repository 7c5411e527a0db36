import type { DataSource } from 'typeorm';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { AccessTokens } from './access-token.js';
import type { AccessChanges } from './access-changes.js';

/** What the identity module's HTTP adapters are built from (a subset of the app's ApiDeps). */
export interface IdentityRouteDeps {
  dataSource: DataSource;
  accessTokens: AccessTokens;
  secrets: SecretBox;
  logger: Logger;
  /** Where revoked sessions and keys are announced, so open connections close on every node. */
  accessChanges: AccessChanges;
}
