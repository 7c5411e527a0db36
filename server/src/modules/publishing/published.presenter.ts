import { createHash } from 'node:crypto';
import type { Includable } from './publishing.schema.js';
import type { PublishedDocument } from './published-document.js';

/** Which parts of a document a response carries. */
export interface Representation {
  /** Keys of `fields` to keep; null keeps all. */
  readonly fields: readonly string[] | null;
  readonly include: ReadonlySet<Includable>;
}

/** The representation a query asks for, with the route's default `include`. */
export function representationOf(
  query: { fields?: string[] | undefined; include?: Includable[] | undefined },
  defaultInclude: readonly Includable[],
): Representation {
  return {
    fields: query.fields ?? null,
    include: new Set(query.include ?? defaultInclude),
  };
}

/** A document in the delivery JSON, trimmed to the representation. */
export function presentPublished(
  doc: PublishedDocument,
  rep: Representation,
): Record<string, unknown> {
  const fields = rep.fields
    ? Object.fromEntries(rep.fields.filter((k) => k in doc.fields).map((k) => [k, doc.fields[k]]))
    : doc.fields;
  return {
    id: doc.id,
    slug: doc.slug,
    title: doc.title,
    contentType: doc.contentType,
    version: doc.version,
    publishedAt: doc.publishedAt,
    fields,
    ...(rep.include.has('body') ? { body: doc.body } : {}),
    ...(rep.include.has('html') ? { html: doc.html } : {}),
  };
}

/** The options part of a validator: the same document in another shape is another entity. */
function optionsTag(rep: Representation): string {
  const fields = rep.fields ? [...rep.fields].sort().join(',') : '*';
  return `${fields};${[...rep.include].sort().join(',')}`;
}

/** What identifies one document's representation: its version's hash plus its metadata. */
function documentTag(doc: PublishedDocument): string {
  return [
    doc.id,
    doc.version.id,
    doc.version.contentHash,
    doc.publishedAt,
    doc.slug,
    doc.title,
  ].join('|');
}

function strong(parts: string[]): string {
  return `"${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32)}"`;
}

/** A strong ETag for one document in a representation (cheap: no hashing of the body). */
export function documentEtag(doc: PublishedDocument, rep: Representation): string {
  return strong([documentTag(doc), optionsTag(rep)]);
}

/** A strong ETag for a page: its documents, its continuation and the representation. */
export function pageEtag(
  docs: readonly PublishedDocument[],
  nextCursor: string | null,
  rep: Representation,
): string {
  return strong([...docs.map(documentTag), nextCursor ?? '', optionsTag(rep)]);
}
