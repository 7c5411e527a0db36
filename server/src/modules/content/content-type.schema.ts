import { z } from 'zod';

/** A content type key: the same shape as a document's `content_type` column. */
export const CONTENT_TYPE_KEY = /^[a-z][a-z0-9_-]{0,63}$/;
/** A field key: an identifier the SDK can use as a property name. */
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const count = z.number().int().min(0).max(1_000_000);

/** The options of each kind of value; a list item is one of these (lists do not nest). */
const textValue = z
  .object({ kind: z.literal('text'), minLength: count.optional(), maxLength: count.optional() })
  .strict()
  .refine(
    (d) => d.minLength === undefined || d.maxLength === undefined || d.minLength <= d.maxLength,
    {
      message: 'minLength must not exceed maxLength',
    },
  );
const richTextValue = z.object({ kind: z.literal('richText') }).strict();
const numberValue = z
  .object({
    kind: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
  })
  .strict()
  .refine((d) => d.min === undefined || d.max === undefined || d.min <= d.max, {
    message: 'min must not exceed max',
  });
const booleanValue = z.object({ kind: z.literal('boolean') }).strict();
const dateValue = z.object({ kind: z.literal('date') }).strict();
const referenceValue = z
  .object({
    kind: z.literal('reference'),
    contentType: z.string().regex(CONTENT_TYPE_KEY, 'a content type key').optional(),
  })
  .strict();
const mediaValue = z.object({ kind: z.literal('media') }).strict();

const itemValue = z.discriminatedUnion('kind', [
  textValue,
  richTextValue,
  numberValue,
  booleanValue,
  dateValue,
  referenceValue,
  mediaValue,
]);

const listValue = z
  .object({
    kind: z.literal('list'),
    item: itemValue,
    minItems: count.optional(),
    maxItems: count.optional(),
  })
  .strict()
  .refine((d) => d.minItems === undefined || d.maxItems === undefined || d.minItems <= d.maxItems, {
    message: 'minItems must not exceed maxItems',
  });

const common = {
  key: z.string().regex(FIELD_KEY, 'a letter, then letters, digits or underscores (at most 64)'),
  label: z.string().trim().min(1).max(120),
  required: z.boolean().default(false),
  description: z.string().trim().max(500).optional(),
};

/** One field of a content type, a tagged union on `kind`. */
export const fieldDefinition = z.discriminatedUnion('kind', [
  textValue.safeExtend(common),
  richTextValue.extend(common),
  numberValue.safeExtend(common),
  booleanValue.extend(common),
  dateValue.extend(common),
  referenceValue.extend(common),
  mediaValue.extend(common),
  listValue.safeExtend(common),
]);

/** A content type's fields: at most 100, keys unique. */
export const fieldList = z
  .array(fieldDefinition)
  .max(100)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.key))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'key'],
          message: `duplicate field key "${field.key}"`,
        });
      seen.add(field.key);
    });
  });

/** One field of a content type. */
export type FieldDefinition = z.infer<typeof fieldDefinition>;
/** The value part of a field (also the shape of a list's item). */
export type ItemDefinition = z.infer<typeof itemValue>;

const name = z.string().trim().min(1).max(120);
const description = z.string().trim().max(1000).nullable();

/** `POST /api/v1/content-types` */
export const createContentTypeBody = z
  .object({
    key: z.string().regex(CONTENT_TYPE_KEY, 'a content type key such as article'),
    name,
    description: description.optional(),
    fields: fieldList.default([]),
  })
  .strict();

/** `PATCH /api/v1/content-types/:key`: `fields` replaces the whole list. */
export const updateContentTypeBody = z
  .object({
    name: name.optional(),
    description: description.optional(),
    fields: fieldList.optional(),
  })
  .strict()
  .refine(
    (b) => b.name !== undefined || b.description !== undefined || b.fields !== undefined,
    'give a name, a description or fields',
  );
