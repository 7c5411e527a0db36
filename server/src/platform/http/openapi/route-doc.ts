/**
 * How a module describes one of its REST routes for the OpenAPI document: with the very zod
 * schemas its route validates requests with, so documentation and validation cannot drift.
 * Each module exports its `RouteDoc[]` (in `<module>.openapi.ts`); the generator collects them.
 */
import type { ZodType } from 'zod';

export type HttpVerb = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** One response of a route. */
export interface ResponseDoc {
  readonly description: string;
  /** The JSON body's schema; absent for 204 and for bodies described only in words. */
  readonly schema?: ZodType;
}

/** One REST route under `/api/v1`. */
export interface RouteDoc {
  readonly method: HttpVerb;
  /** Express pattern relative to `/api/v1`, exactly as mounted: `/documents/:documentId/versions`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** Grouping in the docs page (the module's name). */
  readonly tags: readonly string[];
  /** The permission required, or null for routes open without credentials. */
  readonly permission: string | null;
  readonly query?: ZodType;
  readonly body?: ZodType;
  /** By status code. Error responses use the common error envelope and need not be listed. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}
