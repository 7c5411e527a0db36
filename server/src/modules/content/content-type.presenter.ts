import type { ContentTypeRecord } from './content-type.js';

/** The public JSON of a content type. */
export function presentContentType(type: ContentTypeRecord) {
  return {
    key: type.key,
    name: type.name,
    description: type.description,
    fields: type.fields,
    isBuiltIn: type.isBuiltIn,
    revision: type.revision,
    createdAt: type.createdAt?.toISOString() ?? null,
    updatedAt: type.updatedAt?.toISOString() ?? null,
  };
}

/** The ETag of a content type: its revision, as a strong entity tag. */
export function contentTypeEtag(type: ContentTypeRecord): string {
  return `"${type.revision}"`;
}

/**
 * The revisions an `If-Match` header accepts: null when absent or `*` (any), else the listed
 * entity tags (weak or strong); a tag that is not a revision can never match, so it yields none.
 */
export function parseIfMatch(header: string | undefined): number[] | null {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return null;
  return header
    .split(',')
    .map((tag) => /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(tag)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
}
