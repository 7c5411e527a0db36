/**
 * Types of REST calls derived from the generated OpenAPI `paths` (openapi.ts): for each path and
 * method, the path parameters, query, JSON body and JSON response the server documents.
 */
import type { paths } from './openapi.js';

/** HTTP methods the REST client offers. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The operation object of `path` × `method` (never when the server has no such route). */
export type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The documented paths that answer `method`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

type Params<O> = O extends { parameters: infer Pm } ? Pm : never;
type PathParamsOf<O> =
  Params<O> extends { path: infer Pp } ? ([Pp] extends [never] ? never : Pp) : never;
type QueryOf<O> = Params<O> extends { query?: infer Q } ? ([Q] extends [never] ? never : Q) : never;
type BodyOf<O> = O extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? never
    : NonNullable<R> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never;
/** Whether the operation's body is required (`requestBody` not optional). */
type BodyRequired<O> = O extends { requestBody: object } ? true : false;

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : unknown;
type SuccessCodes = 200 | 201 | 202 | 204;

/** The JSON of the operation's success response (unknown when the server documents no schema). */
export type ResponseOf<O> = O extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, SuccessCodes>]>
  : unknown;

/** Options of a typed call: path parameters, query and body exactly as documented. */
export type TypedOptions<O> = ([PathParamsOf<O>] extends [never]
  ? { readonly params?: undefined }
  : { readonly params: PathParamsOf<O> }) &
  ([QueryOf<O>] extends [never]
    ? { readonly query?: undefined }
    : { readonly query?: QueryOf<O> }) &
  ([BodyOf<O>] extends [never]
    ? { readonly body?: undefined }
    : BodyRequired<O> extends true
      ? { readonly body: BodyOf<O> }
      : { readonly body?: BodyOf<O> }) &
  CommonOptions;

/** Options every call takes. */
export interface CommonOptions {
  /** Sends `If-Match` (optimistic concurrency: the server answers 412 when the ETag is stale). */
  readonly ifMatch?: string;
  readonly headers?: Record<string, string>;
}

/** Options of an untyped call (a concrete path such as `/api/v1/documents/<id>`). */
export interface LooseOptions extends CommonOptions {
  readonly params?: Record<string, string | number>;
  readonly query?: Record<string, string | number | boolean | undefined | null>;
  readonly body?: unknown;
}

/** Whether some call of `O` needs options (required path parameters or body). */
export type NeedsOptions<O> = [PathParamsOf<O>] extends [never] ? BodyRequired<O> : true;
