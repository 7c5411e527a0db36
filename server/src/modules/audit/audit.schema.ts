import { z } from 'zod';

/** `GET /api/v1/audit-log` query: newest first, keyset-paginated by id. */
export const listAuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/, 'must be a cursor returned by a previous page')
      .optional(),
    action: z.string().max(100).optional(),
    targetType: z.string().max(100).optional(),
    targetId: z.string().max(200).optional(),
  })
  .strict();

export type ListAuditQuery = z.infer<typeof listAuditQuery>;
