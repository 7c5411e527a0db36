import { z } from 'zod';
import { PERMISSIONS } from '../access/index.js';
import { ROLE_KEY_PATTERN } from './route-params.js';

const permissions = z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length * 2);
const name = z.string().trim().min(1).max(80);

/** `GET /api/v1/roles`: ordered by key; the cursor is the last key of the previous page. */
export const listRolesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: z
      .string()
      .regex(ROLE_KEY_PATTERN, 'must be a cursor returned by a previous page')
      .optional(),
  })
  .strict();

/** `POST /api/v1/roles`: a custom role from the permission catalogue. */
export const createRoleBody = z
  .object({
    key: z
      .string()
      .regex(
        ROLE_KEY_PATTERN,
        '2–40 characters: a lower-case letter, then letters, digits, _ or -',
      ),
    name,
    permissions,
  })
  .strict();

/** `PATCH /api/v1/roles/:key` */
export const updateRoleBody = z
  .object({ name: name.optional(), permissions: permissions.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.permissions !== undefined, 'give a name or permissions');
