/**
 * Published content (`/api/v1/published/documents`): only published versions, never drafts. Works
 * with a delivery key (`published.read`) as well as with a member's session.
 */
import type { Page, RestClient } from '../rest/rest-client.js';

/** A published document as the delivery API serves it. */
export interface PublishedDocument {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly contentType: string;
  readonly version: { readonly id: string; readonly number: number; readonly contentHash: string };
  readonly publishedAt: string | null;
  readonly fields: Record<string, unknown>;
  /** ProseMirror JSON of the body, when included. */
  readonly body?: unknown;
  /** Sanitised HTML of the body, when included. */
  readonly html?: string;
}

/** Which parts of a published document to return. */
export interface Selection {
  /** Keep only these keys of `fields`. */
  readonly fields?: readonly string[];
  /** `body` and/or `html` (lists leave both out by default; `get` includes both). */
  readonly include?: readonly ('body' | 'html')[];
}

/** Filters and paging of `list`. */
export interface ListOptions extends Selection {
  /** A content type key (`article`). */
  readonly type?: string;
  /** 1..100 (server default 20). */
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** Reads published content. */
export class PublishedContent {
  constructor(private readonly rest: RestClient) {}

  /** One page of published documents, newest publication first. */
  list(options: ListOptions = {}): Promise<Page<PublishedDocument>> {
    return this.rest.get<Page<PublishedDocument>>('/api/v1/published/documents', {
      query: {
        contentType: options.type,
        limit: options.limit,
        cursor: options.cursor,
        ...selection(options),
      },
    });
  }

  /** A published document by id or slug; FolioApiError 404 `not_found` when not published. */
  get(idOrSlug: string, options: Selection = {}): Promise<PublishedDocument> {
    return this.rest.get<PublishedDocument>(
      `/api/v1/published/documents/${encodeURIComponent(idOrSlug)}`,
      {
        query: selection(options),
      },
    );
  }

  /** Every published document (of a type), page after page as the loop asks. */
  async *iterate(
    options: Omit<ListOptions, 'cursor'> = {},
  ): AsyncGenerator<PublishedDocument, void, undefined> {
    let cursor: string | null = null;
    do {
      const page: Page<PublishedDocument> = await this.list({ ...options, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}

function selection(options: Selection): Record<string, string | undefined> {
  return {
    fields: options.fields?.join(','),
    include: options.include?.join(','),
  };
}
