import { z } from 'zod';

/** What can be searched, each behind its own read permission. */
export const SEARCH_TYPES = ['documents', 'members', 'audit'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** How deep a result list may be paged: ranking past this is noise, and every page re-ranks. */
export const MAX_SEARCH_OFFSET = 500;

const types = z
  .string()
  .max(100)
  .transform((raw, ctx) => {
    const names = [
      ...new Set(
        raw
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    ];
    for (const name of names) {
      if (!(SEARCH_TYPES as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown type ${name}; use ${SEARCH_TYPES.join(',')}`,
        });
        return z.NEVER;
      }
    }
    return names as SearchType[];
  });

/** `GET /api/v1/search` query. */
export const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(200).describe('Web-search syntax: words, "a phrase", -not, or'),
    types: types
      .optional()
      .describe(`Comma-separated subset of ${SEARCH_TYPES.join(',')}; all when absent`),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    cursor: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a cursor returned by a previous page')
      .optional()
      .describe('nextCursor of the previous page'),
  })
  .strict();

/** A parsed search request. */
export type SearchQuery = z.infer<typeof searchQuery>;

const segment = z.object({ text: z.string(), match: z.boolean() });

/** One search result: its type, what it points at, its rank and a highlighted snippet. */
export const searchHit = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('document'),
    id: z.uuid(),
    title: z.string(),
    slug: z.string(),
    contentType: z.string(),
    rank: z.number(),
    snippet: z.array(segment),
  }),
  z.object({
    type: z.literal('member'),
    id: z.uuid(),
    displayName: z.string(),
    email: z.string(),
    role: z.string(),
    rank: z.number(),
    snippet: z.array(segment),
  }),
  z.object({
    type: z.literal('audit'),
    id: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    occurredAt: z.string(),
    rank: z.number(),
    snippet: z.array(segment),
  }),
]);

/** The search response. */
export const searchResponse = z.object({
  items: z.array(searchHit),
  omitted: z
    .array(z.object({ type: z.enum(SEARCH_TYPES), reason: z.string(), permission: z.string() }))
    .describe('Requested types left out because the caller may not read them'),
  nextCursor: z.string().nullable(),
});
