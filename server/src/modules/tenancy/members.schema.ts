import { z } from 'zod';
import { ROLE_KEY_PATTERN } from './route-params.js';

/** `GET /api/v1/members`: oldest member first. */
export const listMembersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** `PATCH /api/v1/members/:userId` */
export const changeMemberBody = z
  .object({ role: z.string().regex(ROLE_KEY_PATTERN, 'must be a role key of this tenant') })
  .strict();
