/**
 * @folio/client-sdk: Folio from browsers and Node — auth, typed REST, GraphQL with
 * subscriptions, published content, live events and collaborative documents (docs/sdk.md).
 */
export {
  createFolioClient,
  type FolioClient,
  type FolioClientOptions,
  type OpenDocumentOptions,
} from './client.js';
export { FolioApiError, FolioAuthError, type ApiErrorBody } from './errors.js';
export {
  FolioAuth,
  type AccessTokenOptions,
  type AuthState,
  type LoginResult,
  type Me,
  type TenantChoice,
} from './auth/auth.js';
export {
  localStorageTokenStore,
  memoryTokenStore,
  type StoredSession,
  type TokenStore,
} from './auth/token-store.js';
export { RestClient, fillPath, type Page, type Tagged } from './rest/rest-client.js';
export type {
  LooseOptions,
  Method,
  PathsWith,
  ResponseOf,
  TypedOptions,
} from './rest/typed-paths.js';
export type { components, operations, paths } from './rest/openapi.js';
export {
  FolioGraphQLError,
  GraphQLClient,
  type GraphQLErrorEntry,
  type SubscriptionSink,
} from './graphql/graphql-client.js';
export {
  PublishedContent,
  type ListOptions,
  type PublishedDocument,
  type Selection,
} from './content/content.js';
export { LiveChannel, type LiveEvent, type PresenceUpdate } from './live/live.js';
export {
  DocumentSessionError,
  openDocumentSession,
  type DocumentPermission,
  type DocumentSession,
  type DocumentSessionEvents,
  type DocumentSessionOptions,
  type DocumentStatus,
  type WebSocketConstructor,
  type WebSocketLike,
} from './documents/index.js';
