import { z } from 'zod';
import { isReservedSlug } from './reserved-slugs.js';
import { MAX_PASSWORD_LENGTH } from './password-policy.js';

/**
 * `POST /api/v1/signup`. The password rule for new accounts (at least 10 characters) is checked by
 * the command: an existing account joins with whatever password it already has.
 */
export const signupBody = z
  .object({
    tenantSlug: z
      .string()
      .trim()
      .toLowerCase()
      .min(3, 'must be at least 3 characters')
      .max(63)
      .regex(
        /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
        'lower-case letters, digits and inner dashes only',
      )
      .refine((slug) => !isReservedSlug(slug), 'this slug is reserved'),
    tenantName: z.string().trim().min(1).max(200),
    email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH).optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type SignupBody = z.infer<typeof signupBody>;
