import { z } from 'zod';
import { EVENT_TYPE_PATTERN } from './event-filter.js';

const eventTypes = z
  .array(
    z
      .string()
      .max(100)
      .regex(EVENT_TYPE_PATTERN, 'must be an event type, a family like `workflow.*`, or `*`'),
  )
  .min(1)
  .max(50);

/** `POST /webhooks` body. */
export const createWebhookBody = z
  .object({
    url: z.string().min(1).max(2000),
    description: z.string().max(500).default(''),
    eventTypes,
    isActive: z.boolean().default(true),
    debounceMs: z.number().int().min(0).max(3_600_000).default(0),
  })
  .strict();

/** `PATCH /webhooks/:endpointId` body: any subset of the endpoint's settings. */
export const updateWebhookBody = z
  .object({
    url: z.string().min(1).max(2000),
    description: z.string().max(500),
    eventTypes,
    isActive: z.boolean(),
    debounceMs: z.number().int().min(0).max(3_600_000),
  })
  .partial()
  .strict();

/** `GET /webhooks` query. */
export const listWebhooksQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const DELIVERY_STATUSES = [
  'pending',
  'delivering',
  'succeeded',
  'failed',
  'cancelled',
] as const;

/** `GET /webhooks/:endpointId/deliveries` query: newest first. */
export const listDeliveriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    status: z.enum(DELIVERY_STATUSES).optional(),
  })
  .strict();

export type CreateWebhookBody = z.infer<typeof createWebhookBody>;
export type UpdateWebhookBody = z.infer<typeof updateWebhookBody>;
