/** The public types of document sessions (client-sdk/src/documents). */
import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** What the connected member may do to the document, as the server reported it. */
export type DocumentPermission = 'read' | 'comment' | 'write';

/** The socket's state: `connected` once the websocket is open. */
export type DocumentStatus = 'connecting' | 'connected' | 'disconnected';

/** The WebSocket constructor the session uses: the browser's, or `ws`'s in Node. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A constructor of WebSocketLike sockets (`globalThis.WebSocket`, or `ws` in Node). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of `openDocumentSession`. */
export interface DocumentSessionOptions {
  /** The collab endpoint, `ws(s)://<tenant host>/collab`. */
  readonly collabUrl: string;
  readonly documentId: string;
  /** A valid access token (or API key); called on every (re)connect and before expiry. */
  readonly getToken: (options?: { forceRefresh?: boolean }) => Promise<string>;
  /** Required in Node 20 (`ws`); browsers use the global. */
  readonly WebSocket?: WebSocketConstructor;
  /** The tenant slug, to name the offline store (the token decides the tenant on the server). */
  readonly tenant?: string;
  /** Shown to others in awareness; the server overwrites id and name with the token's (R15). */
  readonly user?: { readonly id?: string; readonly name?: string; readonly color?: string };
  /** Keep the document in IndexedDB (browsers, or Node with an IndexedDB polyfill). */
  readonly offline?: boolean;
  /** Reconnect backoff: first delay and ceiling (ms); each wait is jittered in [0, delay]. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Refresh the token this long before it expires (default: a quarter of its lifetime, ≤ 60 s). */
  readonly refreshLeadMs?: number;
  /** A connection that received nothing this long is considered dead and reopened (ms). */
  readonly livenessTimeoutMs?: number;
}

/** Why a session stopped reconnecting, or failed an operation. */
export class DocumentSessionError extends Error {
  override readonly name = 'DocumentSessionError';

  constructor(
    message: string,
    /** The websocket close code (4401, 4403, 4404, …) or 0 when there was none. */
    readonly code: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The events a session emits. */
export interface DocumentSessionEvents extends Record<string, unknown> {
  status: DocumentStatus;
  synced: boolean;
  persisted: boolean;
  permission: DocumentPermission | undefined;
  error: DocumentSessionError;
}

/** A live, collaborative document (SDK-CONTRACT.md "documents"). */
export interface DocumentSession {
  readonly documentId: string;
  readonly doc: Y.Doc;
  /** The rich-text body (a ProseMirror/Tiptap binding edits it). */
  readonly body: Y.XmlFragment;
  /** Structured fields of the document. */
  readonly fields: Y.Map<unknown>;
  readonly awareness: awarenessProtocol.Awareness;
  readonly status: DocumentStatus;
  /** The current connection finished its sync with the server. */
  readonly synced: boolean;
  readonly permission: DocumentPermission | undefined;
  /** Every local change made so far is durable on the server (PostgreSQL). */
  readonly persisted: boolean;
  /** Resolves once synced (now, or on the next sync). */
  whenSynced(): Promise<void>;
  /** Resolves once every local change made before the call is durable on the server. */
  whenPersisted(): Promise<void>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof DocumentSessionEvents>(
    event: K,
    listener: (value: DocumentSessionEvents[K]) => void,
  ): () => void;
  /** Closes the socket and stops every timer; the Y.Doc stays readable. */
  destroy(): void;
}
