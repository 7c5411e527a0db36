/** The SDK's HTTP layer: base URL, tenant header, JSON in and out, errors as FolioApiError. */
import { FolioApiError } from './errors.js';

/** Query values; `undefined` entries are left out. */
export type QueryValues = Record<string, string | number | boolean | undefined | null>;

/** One request to the API. */
export interface HttpRequest {
  readonly method: string;
  /** Absolute path on the server (`/api/v1/...`). */
  readonly path: string;
  readonly query?: QueryValues | undefined;
  readonly body?: unknown;
  readonly headers?: Record<string, string> | undefined;
  /** `Authorization: Bearer <credential>` when set. */
  readonly credential?: string | undefined;
}

/** A response body with the headers a caller may need (ETag). */
export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Sends requests to one Folio origin for one tenant. */
export class HttpTransport {
  private readonly fetchImpl: typeof fetch;
  private origin: string;

  constructor(
    baseUrl: string,
    private tenantSlug: string | undefined,
    fetchImpl?: typeof fetch,
  ) {
    this.origin = trimSlashes(baseUrl);
    this.fetchImpl = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The server origin (no trailing slash); changes when the client moves to another tenant host. */
  get baseUrl(): string {
    return this.origin;
  }

  set baseUrl(url: string) {
    this.origin = trimSlashes(url);
  }

  /** The tenant sent as X-Folio-Tenant (when the host names none). */
  get tenant(): string | undefined {
    return this.tenantSlug;
  }

  set tenant(slug: string | undefined) {
    this.tenantSlug = slug;
  }

  /** The full URL of `path` with `query`. */
  url(path: string, query?: QueryValues): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) search.set(key, String(value));
    }
    const qs = search.toString();
    return `${this.origin}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends the request; resolves with the parsed body of a 2xx, throws FolioApiError otherwise. */
  async send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (this.tenantSlug) headers['x-folio-tenant'] = this.tenantSlug;
    if (request.credential) headers.authorization = `Bearer ${request.credential}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const response = await this.fetchImpl(this.url(request.path, request.query), {
      method: request.method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const parsed = await readBody(response);
    if (!response.ok) throw FolioApiError.from(response.status, parsed, response.statusText);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
