/**
 * GraphQL over `/graphql`: queries and mutations as graphql-http POSTs, subscriptions over
 * graphql-ws on the same path. The socket opens on the first subscription and authenticates with
 * `connectionParams.token`, asked afresh on every (re)connect, so an expired token is replaced.
 */
import { createClient, type Client } from 'graphql-ws';
import type { FolioAuth } from '../auth/auth.js';
import { FolioApiError } from '../errors.js';
import type { HttpTransport } from '../http.js';
import type { WebSocketConstructor } from '../documents/index.js';

/** One error of a GraphQL response. */
export interface GraphQLErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string } & Record<string, unknown>;
}

/** A GraphQL response with errors (validation, limits, resolver failures). */
export class FolioGraphQLError extends Error {
  override readonly name = 'FolioGraphQLError';
  /** The first error's `extensions.code` (for example `GRAPHQL_VALIDATION_FAILED`, `forbidden`). */
  readonly code: string;

  constructor(
    readonly errors: readonly GraphQLErrorEntry[],
    /** Partial data, when the server returned some. */
    readonly data: unknown,
    readonly status: number,
  ) {
    super(errors.map((error) => error.message).join('; ') || 'GraphQL request failed');
    this.code = errors[0]?.extensions?.code ?? 'graphql_error';
  }
}

/** What a subscription delivers. */
export interface SubscriptionSink<T> {
  next(data: T): void;
  error?(error: unknown): void;
  complete?(): void;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/** GraphQL calls of one client. */
export class GraphQLClient {
  private ws: Client | null = null;

  constructor(
    private readonly http: HttpTransport,
    private readonly auth: FolioAuth,
    private readonly WebSocketImpl: WebSocketConstructor | undefined,
  ) {}

  /** Runs a query or mutation; resolves with `data`, throws FolioGraphQLError on errors. */
  async query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T> {
    let res;
    try {
      res = await this.auth.authorized((credential) =>
        this.http.send<GraphQLResponse<T>>({
          method: 'POST',
          path: '/graphql',
          body: { query, ...(variables ? { variables } : {}) },
          headers: { accept: 'application/graphql-response+json, application/json' },
          credential,
        }),
      );
    } catch (error) {
      throw asGraphQLError(error);
    }
    if (res.body.errors?.length)
      throw new FolioGraphQLError(res.body.errors, res.body.data, res.status);
    return res.body.data as T;
  }

  /** Subscribes; returns the function that ends the subscription. */
  subscribe<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> | undefined,
    sink: SubscriptionSink<T>,
  ): () => void {
    return this.socket().subscribe<T>(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (result) => {
          if (result.errors?.length) {
            sink.error?.(new FolioGraphQLError(result.errors, result.data, 200));
          } else {
            sink.next(result.data as T);
          }
        },
        error: (error) => sink.error?.(error),
        complete: () => sink.complete?.(),
      },
    );
  }

  /** Closes the subscription socket (subscriptions end). */
  async close(): Promise<void> {
    const ws = this.ws;
    this.ws = null;
    await ws?.dispose();
  }

  private socket(): Client {
    if (this.ws) return this.ws;
    const WebSocketImpl = this.WebSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!WebSocketImpl) {
      throw new TypeError(
        'No WebSocket here: pass `WebSocket` (from the ws package) to createFolioClient',
      );
    }
    this.ws = createClient({
      url: this.http.url('/graphql').replace(/^http/, 'ws'),
      webSocketImpl: WebSocketImpl,
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      // graphql-ws treats 4401 and 4400 as final itself; a tenant refusal (4403) is final too.
      // Anything else (restarts, drains, network) is retried, each time with a fresh token.
      shouldRetry: (event) => !isCloseWithCode(event, [4403]),
      connectionParams: async () => ({ token: await this.auth.getAccessToken() }),
    });
    return this.ws;
  }
}

function isCloseWithCode(event: unknown, codes: readonly number[]): boolean {
  const code = (event as { code?: unknown } | null)?.code;
  return typeof code === 'number' && codes.includes(code);
}

/** A refused request whose body is a GraphQL error list becomes a FolioGraphQLError. */
function asGraphQLError(error: unknown): unknown {
  if (!(error instanceof FolioApiError)) return error;
  const body = error.body as GraphQLResponse<unknown> | undefined;
  if (body && Array.isArray(body.errors) && body.errors.length > 0) {
    return new FolioGraphQLError(body.errors, body.data ?? null, error.status);
  }
  return error;
}
