import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';

/** What is known about a stored object without reading it. */
export interface BlobMetadata {
  key: string;
  size: number;
  /** SHA-256 of the content, hex. */
  etag: string;
  contentType?: string;
  lastModified: Date;
}

export interface PutBlobResult {
  key: string;
  size: number;
  etag: string;
}

export interface BlobObject extends BlobMetadata {
  body: Readable;
}

export interface PutBlobOptions {
  contentType?: string;
}

/**
 * Object storage with S3's shape: flat keys (`/` is only a convention), whole-object writes that
 * replace atomically, listing by string prefix. Local disk in the embedded node, S3 on a fleet.
 */
export interface BlobStorage {
  /** Stores body under key, replacing any previous object only once it is completely written. */
  put(key: string, body: Buffer | Readable, options?: PutBlobOptions): Promise<PutBlobResult>;
  /** Opens an object; AppError('not_found') when there is none. */
  get(key: string): Promise<BlobObject>;
  /** The object's metadata, or null when there is none. */
  head(key: string): Promise<BlobMetadata | null>;
  /** Removes an object; removing a missing one succeeds. */
  delete(key: string): Promise<void>;
  /** Keys starting with prefix (plain string prefix, like S3), in ascending order. */
  list(prefix: string): AsyncIterable<string>;
}

/** S3's own limit; also keeps local paths well below PATH_MAX. */
export const MAX_BLOB_KEY_BYTES = 1024;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function refuse(message: string, key: string): never {
  throw new AppError('bad_request', message, { details: { key } });
}

/**
 * Rejects keys that could escape a directory or mean different things on disk and in S3:
 * absolute paths, `.`/`..` or empty segments, backslashes, NUL and other control characters.
 */
export function assertBlobKey(key: string, { isPrefix = false } = {}): void {
  if (typeof key !== 'string') refuse('Blob key must be a string', String(key));
  if (key.length === 0) {
    if (isPrefix) return;
    refuse('Blob key must not be empty', key);
  }
  if (Buffer.byteLength(key) > MAX_BLOB_KEY_BYTES)
    refuse(`Blob key is longer than ${MAX_BLOB_KEY_BYTES} bytes`, key);
  if (key.includes('\\')) refuse('Blob key must not contain backslashes', key);
  if (CONTROL_CHARACTERS.test(key)) refuse('Blob key must not contain control characters', key);
  if (key.startsWith('/')) refuse('Blob key must be relative', key);
  const segments = key.split('/');
  // A prefix may end in "/" (the "directory" convention); a key may not.
  if (isPrefix && segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      refuse('Blob key must not contain empty, "." or ".." segments', key);
    }
  }
}

/** A Content-Type worth storing: `type/subtype` with optional parameters, nothing exotic. */
export function assertContentType(contentType: string | undefined): void {
  if (contentType === undefined) return;
  if (
    !/^[\w.+-]+\/[\w.+-]+(?:\s*;\s*[\w.+-]+=(?:[\w.+-]+|"[^"\r\n]*"))*$/.test(contentType) ||
    contentType.length > 255
  ) {
    throw new AppError('bad_request', 'Invalid content type', { details: { contentType } });
  }
}
