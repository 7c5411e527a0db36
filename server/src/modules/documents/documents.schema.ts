import { z } from 'zod';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/;
const CONTENT_TYPE = /^[a-z][a-z0-9_-]{0,63}$/;

const title = z.string().trim().min(1).max(300);
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG, 'lower-case letters, digits and inner dashes (at most 120)');
const contentType = z.string().regex(CONTENT_TYPE, 'a content type key such as article');

/** `POST /api/v1/documents` */
export const createDocumentBody = z
  .object({ title, contentType: contentType.default('article'), slug: slug.optional() })
  .strict();

/** `PATCH /api/v1/documents/:id` */
export const updateDocumentBody = z
  .object({ title: title.optional(), slug: slug.optional() })
  .strict()
  .refine((b) => b.title !== undefined || b.slug !== undefined, 'give a title or a slug');

/** `GET /api/v1/documents`: newest first, optionally of one content type or matching a title. */
export const listDocumentsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
    contentType: contentType.optional(),
    q: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** A URL slug from a title: ASCII letters and digits joined by dashes. */
export function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
  return base || 'untitled';
}
