/**
 * `createFolioClient`: one object for a Folio tenant — auth, REST, GraphQL, published content,
 * live events and collaborative document sessions, sharing one token source.
 */
import { FolioAuth } from './auth/auth.js';
import { memoryTokenStore, type TokenStore } from './auth/token-store.js';
import { PublishedContent } from './content/content.js';
import {
  openDocumentSession,
  type DocumentSession,
  type DocumentSessionOptions,
  type WebSocketConstructor,
} from './documents/index.js';
import { GraphQLClient } from './graphql/graphql-client.js';
import { HttpTransport } from './http.js';
import { LiveChannel } from './live/live.js';
import { RestClient } from './rest/rest-client.js';

/** Options of createFolioClient. */
export interface FolioClientOptions {
  /** The tenant's origin (`https://acme.folio.example`), or a shared host together with `tenant`. */
  readonly baseUrl: string;
  /** Sent as X-Folio-Tenant, for hosts that name no tenant. */
  readonly tenant?: string;
  /** Required in Node 20 for documents and subscriptions (pass `ws`); browsers use the global. */
  readonly WebSocket?: WebSocketConstructor;
  readonly fetch?: typeof fetch;
  /** Where tokens live (default: memory; `localStorageTokenStore()` in browsers). */
  readonly tokenStore?: TokenStore;
}

/** What `openDocument` takes besides the document id (the client supplies URL, tokens, socket). */
export type OpenDocumentOptions = Omit<
  DocumentSessionOptions,
  'collabUrl' | 'documentId' | 'getToken' | 'WebSocket'
>;

/** A Folio client; see docs/sdk.md. */
export interface FolioClient {
  readonly auth: FolioAuth;
  readonly rest: RestClient;
  readonly graphql: GraphQLClient;
  readonly content: PublishedContent;
  /** The live channel (socket.io), connected on first use. */
  live(): LiveChannel;
  /** A live Yjs session on a document (y-websocket protocol with Folio's extensions). */
  openDocument(documentId: string, options?: OpenDocumentOptions): DocumentSession;
  /** Closes the live channel and the subscription socket (document sessions close on destroy). */
  close(): Promise<void>;
}

/** Creates a client for one Folio tenant. */
export function createFolioClient(options: FolioClientOptions): FolioClient {
  const http = new HttpTransport(options.baseUrl, options.tenant, options.fetch);
  const auth = new FolioAuth(http, options.tokenStore ?? memoryTokenStore());
  const rest = new RestClient(http, auth);
  const graphql = new GraphQLClient(http, auth, options.WebSocket);
  let live: LiveChannel | null = null;
  // Sockets authenticate once, at connect: after a sign-in, sign-out or tenant switch they would
  // go on as the previous identity, so they close and the next use opens them afresh.
  auth.onChange(() => {
    live?.close();
    live = null;
    void graphql.close();
  });
  return {
    auth,
    rest,
    graphql,
    content: new PublishedContent(rest),
    live: () => (live ??= new LiveChannel(http, auth)),
    openDocument: (documentId, sessionOptions = {}) => {
      // Awareness shows the signed-in member's name before the server stamps it (R15).
      const me = auth.currentMe;
      const user = me
        ? { id: me.user.id, name: me.user.displayName || me.user.email, ...sessionOptions.user }
        : sessionOptions.user;
      return openDocumentSession({
        ...sessionOptions,
        ...(user ? { user } : {}),
        collabUrl: `${http.baseUrl.replace(/^http/, 'ws')}/collab`,
        documentId,
        getToken: (tokenOptions) => auth.getAccessToken(tokenOptions),
        ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
        ...(http.tenant && sessionOptions.tenant === undefined ? { tenant: http.tenant } : {}),
      });
    },
    close: async () => {
      live?.close();
      live = null;
      await graphql.close();
    },
  };
}
