/**
 * The typed REST client: `folio.rest.get('/api/v1/documents', { query: { limit: 20 } })`. Paths,
 * parameters, queries and bodies are checked against the server's OpenAPI document; any other
 * string path is accepted too (response type chosen by the caller). A 401 triggers one token
 * renewal and one retry; failures throw FolioApiError. A signed-out client calls anonymously.
 */
import type { FolioAuth } from '../auth/auth.js';
import type { HttpResponse, HttpTransport } from '../http.js';
import type {
  LooseOptions,
  Method,
  NeedsOptions,
  Operation,
  PathsWith,
  ResponseOf,
  TypedOptions,
} from './typed-paths.js';

/**
 * A path the OpenAPI document does not list for the method (a concrete `/api/v1/documents/<id>`):
 * such calls are untyped. A documented path is only accepted by the typed overload, so a wrong
 * body or missing parameter is a compile error, unless the caller names the response type.
 */
type Unlisted<P extends string, M extends Method> = P extends PathsWith<M> ? never : P;

type Args<P extends PathsWith<M>, M extends Method> =
  NeedsOptions<Operation<P, M>> extends true
    ? [options: TypedOptions<Operation<P, M>>]
    : [options?: TypedOptions<Operation<P, M>>];

/** A page of a cursor-paginated list. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** A response with its entity tag, for a later `ifMatch`. */
export interface Tagged<T> {
  readonly body: T;
  readonly etag: string | null;
  readonly status: number;
}

/** REST calls against `/api/v1`, authenticated by the client's auth. */
export class RestClient {
  constructor(
    private readonly http: HttpTransport,
    private readonly auth: FolioAuth,
  ) {}

  /** GET a documented path (typed) or any path (untyped). */
  get<P extends PathsWith<'get'>>(
    path: P,
    ...args: Args<P, 'get'>
  ): Promise<ResponseOf<Operation<P, 'get'>>>;
  get<T = unknown, P extends string = string>(
    path: P & Unlisted<P, 'get'>,
    options?: LooseOptions,
  ): Promise<T>;
  async get(path: string, options?: LooseOptions): Promise<unknown> {
    return (await this.request('GET', path, options)).body;
  }

  /** POST (typed for documented paths). */
  post<P extends PathsWith<'post'>>(
    path: P,
    ...args: Args<P, 'post'>
  ): Promise<ResponseOf<Operation<P, 'post'>>>;
  post<T = unknown, P extends string = string>(
    path: P & Unlisted<P, 'post'>,
    options?: LooseOptions,
  ): Promise<T>;
  async post(path: string, options?: LooseOptions): Promise<unknown> {
    return (await this.request('POST', path, options)).body;
  }

  /** PUT (typed for documented paths). */
  put<P extends PathsWith<'put'>>(
    path: P,
    ...args: Args<P, 'put'>
  ): Promise<ResponseOf<Operation<P, 'put'>>>;
  put<T = unknown, P extends string = string>(
    path: P & Unlisted<P, 'put'>,
    options?: LooseOptions,
  ): Promise<T>;
  async put(path: string, options?: LooseOptions): Promise<unknown> {
    return (await this.request('PUT', path, options)).body;
  }

  /** PATCH (typed for documented paths); pass `ifMatch` for optimistic concurrency. */
  patch<P extends PathsWith<'patch'>>(
    path: P,
    ...args: Args<P, 'patch'>
  ): Promise<ResponseOf<Operation<P, 'patch'>>>;
  patch<T = unknown, P extends string = string>(
    path: P & Unlisted<P, 'patch'>,
    options?: LooseOptions,
  ): Promise<T>;
  async patch(path: string, options?: LooseOptions): Promise<unknown> {
    return (await this.request('PATCH', path, options)).body;
  }

  /** DELETE (typed for documented paths). */
  delete<P extends PathsWith<'delete'>>(
    path: P,
    ...args: Args<P, 'delete'>
  ): Promise<ResponseOf<Operation<P, 'delete'>>>;
  delete<T = unknown, P extends string = string>(
    path: P & Unlisted<P, 'delete'>,
    options?: LooseOptions,
  ): Promise<T>;
  async delete(path: string, options?: LooseOptions): Promise<unknown> {
    return (await this.request('DELETE', path, options)).body;
  }

  /** Any call, with the response's ETag and status (read, then PATCH with `ifMatch`). */
  async tagged<T = unknown>(
    method: Uppercase<Method>,
    path: string,
    options?: LooseOptions,
  ): Promise<Tagged<T>> {
    const res = await this.request<T>(method, path, options);
    return { body: res.body, etag: res.headers.get('etag'), status: res.status };
  }

  /** Every item of a cursor-paginated list, fetching page after page as the loop asks. */
  async *paginate<T = unknown>(
    path: string,
    options: LooseOptions = {},
  ): AsyncGenerator<T, void, undefined> {
    let cursor: string | null | undefined = options.query?.cursor as string | undefined;
    do {
      const page: Page<T> = await this.get<Page<T>>(path, {
        ...options,
        query: { ...options.query, cursor },
      });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async request<T>(
    method: string,
    template: string,
    options: LooseOptions = {},
  ): Promise<HttpResponse<T>> {
    const path = fillPath(template, options.params);
    const headers = {
      ...options.headers,
      ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
    };
    return this.auth.authorized((credential) =>
      this.http.send<T>({
        method,
        path,
        query: options.query,
        body: options.body,
        headers,
        credential,
      }),
    );
  }
}

/** `/a/{id}` + `{ id: 'x' }` → `/a/x` (encoded); a missing parameter is a caller bug. */
export function fillPath(
  template: string,
  params: Record<string, string | number> | undefined,
): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined)
      throw new TypeError(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(String(value));
  });
}
