import type { FolioClient } from './app-context.js';

/** Query values the REST helpers accept. */
export type Query = Record<string, string | number | boolean | undefined>;

/** A response body with its entity tag (null when the route sends none). */
export interface Tagged<T> {
  body: T;
  etag: string | null;
}

/**
 * The REST calls the UI makes, through the SDK's `folio.rest` (auth header, one refresh and
 * retry on 401, `FolioApiError` on failure). Pages build concrete paths
 * (`/api/v1/documents/<id>/workflow`) and most routes document no response schema, so the
 * response type is stated at the call site. `ifMatch` sends If-Match (412 when stale).
 */
export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, ifMatch?: string): Promise<T>;
  patch<T>(path: string, body: unknown, ifMatch?: string): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T = void>(path: string, ifMatch?: string): Promise<T>;
  /** A read with its ETag, to send back as If-Match with the change that follows. */
  read<T>(path: string): Promise<Tagged<T>>;
  /** A change guarded by If-Match, answering the new representation with its ETag. */
  change<T>(
    method: 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    ifMatch?: string | null,
  ): Promise<Tagged<T>>;
}

function clean(query: Query | undefined): Query | undefined {
  if (!query) return undefined;
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== ''),
  ) as Query;
}

const withMatch = (ifMatch?: string | null) => (ifMatch ? { ifMatch } : {});

/** Wraps `folio.rest` into the call-site-typed helpers above. */
export function createApi(folio: FolioClient): Api {
  const { rest } = folio;
  return {
    get: <T>(path: string, query?: Query) => {
      const q = clean(query);
      return rest.get<T>(path, q ? { query: q } : {});
    },
    post: <T>(path: string, body?: unknown, ifMatch?: string) =>
      rest.post<T>(path, { body: body ?? {}, ...withMatch(ifMatch) }),
    patch: <T>(path: string, body: unknown, ifMatch?: string) =>
      rest.patch<T>(path, { body, ...withMatch(ifMatch) }),
    put: <T>(path: string, body: unknown) => rest.put<T>(path, { body }),
    delete: <T = void>(path: string, ifMatch?: string) => rest.delete<T>(path, withMatch(ifMatch)),
    read: <T>(path: string) => rest.tagged<T>('GET', path),
    change: <T>(method: 'PATCH' | 'DELETE', path: string, body: unknown, ifMatch?: string | null) =>
      rest.tagged<T>(method, path, {
        ...(body === undefined ? {} : { body }),
        ...withMatch(ifMatch),
      }),
  };
}

/** The server's message for an error (a `FolioApiError` or anything thrown), for an alert. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string' && message.length > 0) return message;
  }
  return 'Something went wrong';
}

/** The API error code (`forbidden`, `transition_blocked`…) when the error carries one. */
export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
