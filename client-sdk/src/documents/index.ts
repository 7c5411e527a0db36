/**
 * Document sessions: `openDocumentSession` opens a live Yjs session on a Folio document
 * (session.ts); `folio.openDocument` (client.ts) calls it with the client's URL, tokens and
 * WebSocket.
 */
import { FolioDocumentSession } from './session.js';
import type { DocumentSession, DocumentSessionOptions } from './types.js';

export {
  DocumentSessionError,
  type DocumentPermission,
  type DocumentSession,
  type DocumentSessionEvents,
  type DocumentSessionOptions,
  type DocumentStatus,
  type WebSocketConstructor,
  type WebSocketLike,
} from './types.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

/** Opens a document session; it connects at once and keeps reconnecting until destroyed. */
export function openDocumentSession(options: DocumentSessionOptions): DocumentSession {
  return new FolioDocumentSession(options);
}
