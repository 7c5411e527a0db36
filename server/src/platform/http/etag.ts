/**
 * Optimistic concurrency for REST resources that are edited as a whole (not CRDTs): `GET` sends an
 * ETag, and a `PATCH`/`PUT`/`DELETE` carrying `If-Match` applies only while the resource still has
 * that ETag; otherwise it answers 412 `precondition_failed` with the current representation, so
 * the client can merge and retry without another read. Without `If-Match` nothing changes.
 *
 * Resources with a revision column use it as the tag (`"3"`); the others tag the very JSON they
 * present (a digest of it), which changes exactly when something a client sees changes.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError } from '../errors.js';

/** The entity tags an `If-Match` header lists (quotes kept, `W/` dropped); null when absent or `*`. */
export function parseIfMatch(header: string | undefined): string[] | null {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return null;
  return header
    .split(',')
    .map((tag) => /^\s*(?:W\/)?("[^"]*")\s*$/.exec(tag)?.[1])
    .filter((tag): tag is string => tag !== undefined);
}

/** The revisions an `If-Match` header names (`"3"`); a tag that is no revision matches none. */
export function parseIfMatchRevisions(header: string | undefined): number[] | null {
  const tags = parseIfMatch(header);
  if (tags === null) return null;
  return tags.flatMap((tag) => {
    const match = /^"(\d{1,9})"$/.exec(tag);
    return match ? [Number(match[1])] : [];
  });
}

/** A strong ETag for a revision number. */
export function revisionEtag(revision: number): string {
  return `"${revision}"`;
}

/** A strong ETag for a JSON representation: a digest of its serialisation. */
export function representationEtag(representation: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(representation)).digest('base64url');
  return `"${digest.slice(0, 27)}"`;
}

/**
 * Refuses with 412 unless `tags` (from If-Match; null: no precondition) include the current
 * representation's ETag. The error carries that ETag and the representation itself.
 */
export function assertIfMatch(
  tags: readonly string[] | null,
  current: unknown,
  what = 'The resource',
): void {
  if (tags === null) return;
  const etag = representationEtag(current);
  if (!tags.includes(etag)) {
    throw new AppError('precondition_failed', `${what} changed since it was read`, {
      details: { etag, current },
    });
  }
}

/**
 * The check a command runs on the row it locked, inside its transaction, when the request sent
 * If-Match: the row is presented as the client would have seen it, then compared. Undefined
 * without If-Match, so commands skip it.
 */
export function ifMatchGuard<T>(
  req: Request,
  present: (current: T) => unknown,
  what?: string,
): ((current: T) => void) | undefined {
  const tags = parseIfMatch(req.get('If-Match'));
  if (tags === null) return undefined;
  return (current) => assertIfMatch(tags, present(current), what);
}

/** Sends a representation with its ETag. */
export function sendTagged(res: Response, representation: unknown, status = 200): void {
  res.status(status).setHeader('ETag', representationEtag(representation)).json(representation);
}
