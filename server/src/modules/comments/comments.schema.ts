import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

const position = z.string().min(2).max(1000).regex(BASE64, 'base64 of Y.encodeRelativePosition');
const offset = z.number().int().min(0);

/** A thread's anchor: relative positions, flow offsets, or a field key. */
export const anchorInput = z.union([
  z.object({ kind: z.literal('text'), start: position, end: position }).strict(),
  z.object({ kind: z.literal('text'), from: offset, to: offset }).strict(),
  z
    .object({
      kind: z.literal('field'),
      field: z.string().regex(FIELD_KEY, 'a key of the fields map'),
    })
    .strict(),
]);

const body = z.string().trim().min(1).max(10_000);
const mentions = z.array(z.string().regex(UUID, 'a user id')).max(50);

/** `POST /documents/:documentId/comments` */
export const createThreadBody = z
  .object({ anchor: anchorInput, body, mentions: mentions.optional() })
  .strict();

/** `POST /documents/:documentId/comments/:threadId/replies` and `PATCH …/comments/:commentId` */
export const commentBody = z.object({ body, mentions: mentions.optional() }).strict();

/** `GET /documents/:documentId/comments`: newest first, optionally only open or resolved threads. */
export const listThreadsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
    status: z.enum(['open', 'resolved']).optional(),
  })
  .strict();

/** Whether a path segment is a UUID (anything else cannot name a row). */
export function isUuid(raw: unknown): raw is string {
  return typeof raw === 'string' && UUID.test(raw);
}
