import { z } from 'zod';
import { AppError } from '../../platform/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const label = z.string().trim().min(1).max(200);
const uuid = z
  .string()
  .regex(UUID, 'a version id')
  .transform((s) => s.toLowerCase());

/** `GET /documents/:documentId/versions`: newest first. */
export const listVersionsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .strict();

/** `POST /documents/:documentId/versions` and `POST …/:versionId/restore`. */
export const versionLabelBody = z.object({ label: label.nullish() }).strict();

/** `GET /documents/:documentId/versions/:versionId`. */
export const getVersionQuery = z.object({ include: z.enum(['state']).optional() }).strict();

/** `GET /documents/:documentId/versions/compare?from=…&to=…` (`to` defaults to the live content). */
export const compareVersionsQuery = z
  .object({ from: uuid, to: z.union([z.literal('current'), uuid]).default('current') })
  .strict();

/** An id from the path; one that cannot exist is simply not found. */
export function pathId(raw: unknown, what: 'document' | 'version'): string {
  if (typeof raw !== 'string' || !UUID.test(raw)) {
    throw new AppError('not_found', `No such ${what}`);
  }
  return raw.toLowerCase();
}

/** The opaque cursor after a page ending at version `number`. */
export function encodeVersionCursor(number: number): string {
  return Buffer.from(`v1|${number}`, 'utf8').toString('base64url');
}

/** The version number a cursor continues below; 400 `validation_failed` for anything else. */
export function decodeVersionCursor(cursor: string): number {
  const match = /^v1\|([1-9][0-9]{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new AppError('validation_failed', 'Invalid request query', {
      details: [{ path: 'query.cursor', message: 'must be a cursor returned by a previous page' }],
    });
  }
  return Number(match[1]);
}
