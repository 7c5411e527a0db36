import { useMemo } from 'react';
import type { Api, Query, Tagged } from '../api.js';
import { useFolio } from '../app-context.js';

export type { Query, Tagged };

/**
 * The shell's REST helpers (../api.ts) as the administration pages use them: each page names the
 * body it expects with the types of ./types.ts, since most admin routes document their answers in
 * prose only.
 */
export interface AdminApi extends Omit<Api, 'delete' | 'put'> {
  del<T = void>(path: string, ifMatch?: string): Promise<T>;
}

/** The admin pages' REST access, through the shell's shared SDK client. */
export function useAdminApi(): AdminApi {
  const { api } = useFolio();
  return useMemo(() => ({ ...api, del: api.delete }), [api]);
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
