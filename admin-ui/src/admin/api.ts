import { useMemo } from 'react';
import { useFolio } from '../app-context.js';

/** Query values the admin pages send; undefined entries are left out of the URL. */
export type Query = Record<string, string | number | boolean | undefined>;

/**
 * The slice of `folio.rest` the administration pages use. Most admin routes document their
 * answers in prose only (the OpenAPI document has no response schemas for them), so each page
 * names the body it expects with the types of ./types.ts instead of the generated `unknown`.
 */
export interface AdminApi {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, ifMatch?: string): Promise<T>;
  patch<T>(path: string, body: unknown, ifMatch?: string): Promise<T>;
  del<T = void>(path: string, ifMatch?: string): Promise<T>;
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

/** A response body with its entity tag (null when the route sends none). */
export interface Tagged<T> {
  body: T;
  etag: string | null;
}

interface LooseRest {
  get(path: string, options?: { query?: Query }): Promise<unknown>;
  post(path: string, options?: { body?: unknown; ifMatch?: string }): Promise<unknown>;
  patch(path: string, options?: { body?: unknown; ifMatch?: string }): Promise<unknown>;
  delete(path: string, options?: { ifMatch?: string }): Promise<unknown>;
  tagged(
    method: 'GET' | 'PATCH' | 'DELETE',
    path: string,
    options?: { body?: unknown; ifMatch?: string },
  ): Promise<{ body: unknown; etag: string | null }>;
}

function clean(query: Query | undefined): Query | undefined {
  if (!query) return undefined;
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  ) as Query;
}

/** The admin pages' REST access, through the shared SDK client (tokens, refresh, errors). */
export function useAdminApi(): AdminApi {
  const { folio } = useFolio();
  return useMemo(() => {
    // Paths are built at run time from ids (`/api/v1/webhooks/${id}`), which the literal-path
    // typing of the generated client cannot check, so the pages see the loose shape.
    const rest = folio.rest as unknown as LooseRest;
    const withMatch = (ifMatch?: string) => (ifMatch ? { ifMatch } : {});
    return {
      get: async <T>(path: string, query?: Query) =>
        (await rest.get(path, { query: clean(query) })) as T,
      post: async <T>(path: string, body?: unknown, ifMatch?: string) =>
        (await rest.post(path, { body: body ?? {}, ...withMatch(ifMatch) })) as T,
      patch: async <T>(path: string, body: unknown, ifMatch?: string) =>
        (await rest.patch(path, { body, ...withMatch(ifMatch) })) as T,
      del: async <T>(path: string, ifMatch?: string) =>
        (await rest.delete(path, withMatch(ifMatch))) as T,
      read: async <T>(path: string) => (await rest.tagged('GET', path)) as Tagged<T>,
      change: async <T>(
        method: 'PATCH' | 'DELETE',
        path: string,
        body: unknown,
        ifMatch?: string | null,
      ) =>
        (await rest.tagged(method, path, {
          ...(body === undefined ? {} : { body }),
          ...withMatch(ifMatch ?? undefined),
        })) as Tagged<T>,
    };
  }, [folio]);
}

/** What an SDK error (FolioApiError) carries that the pages show. */
interface ApiErrorLike {
  status?: number;
  code?: string;
  message?: string;
}

/** Shown when a change was refused because someone else changed the resource first. */
export const STALE_MESSAGE =
  'This was changed by someone else since you opened it. The current version is shown now; review it and try again.';

/**
 * Raised by a page before it sends a change when the resource already differs from what the page
 * shows (the read for the ETag returned something newer): the same outcome as a 412.
 */
export class StaleError extends Error {
  readonly status = 412;
  readonly code = 'precondition_failed';
  constructor() {
    super(STALE_MESSAGE);
  }
}

/** The server's `error.message` (or the thrown error's), for an accessible alert. */
export function errorMessage(error: unknown): string {
  if (isStale(error)) return STALE_MESSAGE;
  if (error && typeof error === 'object') {
    const e = error as ApiErrorLike;
    if (typeof e.message === 'string' && e.message !== '') return e.message;
  }
  return typeof error === 'string' ? error : 'Something went wrong';
}

/** The HTTP status of an SDK error, when it has one. */
export function errorStatus(error: unknown): number | undefined {
  if (error && typeof error === 'object') {
    const status = (error as ApiErrorLike).status;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/**
 * True for an optimistic-concurrency refusal (412 `precondition_failed`): someone else changed the
 * resource since we read it. Other 409s (a last secret, a role in use) carry their own message.
 */
export function isStale(error: unknown): boolean {
  return (
    errorStatus(error) === 412 || (error as ApiErrorLike | null)?.code === 'precondition_failed'
  );
}

/** Encodes one path segment (ids, hosts, role keys). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
