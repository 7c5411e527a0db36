import type { FolioClient } from './app-context.js';

/** Query values the REST helpers accept. */
export type Query = Record<string, string | number | boolean | undefined>;

/**
 * The REST calls the shell makes, through the SDK's `folio.rest` (auth header, one refresh and
 * retry on 401, `FolioApiError` on failure). The SDK types its methods from the OpenAPI paths;
 * the pages here build concrete paths (`/api/v1/documents/<id>/workflow`), so this adapter states
 * the response type at the call site instead of matching path templates.
 */
export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown, ifMatch?: string): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

interface LooseRest {
  get(path: string, options?: { query?: Query }): Promise<unknown>;
  post(path: string, options?: { body?: unknown }): Promise<unknown>;
  patch(path: string, options: { body: unknown; ifMatch?: string }): Promise<unknown>;
  put(path: string, options: { body: unknown }): Promise<unknown>;
  delete(path: string): Promise<unknown>;
}

function clean(query: Query | undefined): Query | undefined {
  if (!query) return undefined;
  const out: Query = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Wraps `folio.rest` into the call-site-typed helpers above. */
export function createApi(folio: FolioClient): Api {
  const rest = folio.rest as unknown as LooseRest;
  return {
    get: async (path, query) => {
      const q = clean(query);
      return (await rest.get(path, q ? { query: q } : undefined)) as never;
    },
    post: async (path, body) => (await rest.post(path, { body: body ?? {} })) as never,
    patch: async (path, body, ifMatch) =>
      (await rest.patch(path, ifMatch ? { body, ifMatch } : { body })) as never,
    put: async (path, body) => (await rest.put(path, { body })) as never,
    delete: async (path) => {
      await rest.delete(path);
    },
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
