import { z } from 'zod';

/** The longest daily series a request may ask for. */
export const MAX_USAGE_DAYS = 90;

/** `GET /api/v1/usage` query: how many UTC days of activity to chart (today included). */
export const usageQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(MAX_USAGE_DAYS).default(30),
  })
  .strict();

export type UsageQuery = z.infer<typeof usageQuery>;

/** A counted quantity against its plan limit; `limit` is null where no plan limits it. */
const meter = z.object({
  used: z.number().int().min(0),
  limit: z.number().int().min(0).nullable(),
});

/** One UTC day of activity, each figure counted from rows the database still holds. */
export const usageDay = z.object({
  date: z.string().describe('UTC day, YYYY-MM-DD'),
  documentsCreated: z.number().int().min(0),
  versionsCreated: z.number().int().min(0),
  commentsPosted: z.number().int().min(0),
  auditEntries: z.number().int().min(0),
  webhookDeliveries: z.number().int().min(0),
});

/** `GET /api/v1/usage` response. */
export const usageResponse = z.object({
  plan: z.string(),
  measuredAt: z.string(),
  meters: z.object({
    documents: meter,
    members: meter,
    storageBytes: meter,
    apiKeys: meter,
    webhooks: meter,
  }),
  rateLimits: z.object({
    apiRequestsPerMinute: z.number().int().min(0),
    documentBytes: z.number().int().min(0),
  }),
  details: z.object({
    pendingInvitations: z.number().int().min(0),
    activeWebhooks: z.number().int().min(0),
    storage: z.object({
      collabUpdates: z.number().int().min(0),
      collabSnapshots: z.number().int().min(0),
      versions: z.number().int().min(0),
    }),
  }),
  daily: z.object({
    from: z.string(),
    to: z.string(),
    days: z.array(usageDay),
  }),
});

export type UsageDay = z.infer<typeof usageDay>;
export type UsageView = z.infer<typeof usageResponse>;
