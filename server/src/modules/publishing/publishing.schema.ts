import { z } from 'zod';

const CONTENT_TYPE = /^[a-z][a-z0-9_-]{0,63}$/;
const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The parts of a document beyond its metadata and fields that a reader may ask for. */
export const INCLUDABLE = ['body', 'html'] as const;
export type Includable = (typeof INCLUDABLE)[number];

/** A comma-separated list in a query string ("a,b"); an empty string is the empty list. */
function commaList<T extends z.ZodType<string, string>>(item: T, max: number) {
  return z
    .string()
    .max(2000)
    .transform((s) =>
      s
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max));
}

const representation = {
  /** Keys of the rendered `fields` to return (default: all). */
  fields: commaList(z.string().regex(FIELD_KEY, 'a field key'), 50).optional(),
  /** `body` (rich text JSON) and/or `html`; `include=` asks for neither. */
  include: commaList(z.enum(INCLUDABLE), INCLUDABLE.length).optional(),
};

/** `GET /published/documents`: newest publication first; bodies only when included. */
export const listPublishedQuery = z
  .object({
    contentType: z.string().regex(CONTENT_TYPE, 'a content type key such as article').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    ...representation,
  })
  .strict();

/** `GET /published/documents/:idOrSlug`: body and HTML included unless `include` says otherwise. */
export const getPublishedQuery = z.object(representation).strict();

/** `GET /published/preview?token=…`: the token alone authorises the read. */
export const previewQuery = z
  .object({ token: z.string().min(1).max(4000), ...representation })
  .strict();

/** `POST /documents/:documentId/preview-tokens`. */
export const createPreviewTokenBody = z
  .object({
    versionId: z
      .string()
      .regex(UUID, 'a version id')
      .transform((s) => s.toLowerCase())
      .optional(),
    ttlSeconds: z.number().int().min(1).max(3600).default(900),
  })
  .strict();

/** True when `value` looks like a document id rather than a slug. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
