import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from './password-policy.js';
import { ROLE_KEY_PATTERN } from './route-params.js';

const email = z.string().trim().toLowerCase().max(320).pipe(z.email());

/** `POST /api/v1/invitations` */
export const createInvitationBody = z
  .object({
    email,
    role: z.string().regex(ROLE_KEY_PATTERN, 'must be a role key of this tenant'),
  })
  .strict();

/** `GET /api/v1/invitations`: newest first; `status` filters. */
export const listInvitationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
    status: z.enum(['pending', 'expired', 'accepted', 'revoked']).optional(),
  })
  .strict();

/**
 * `POST /api/v1/invitations/accept`. `password` is required for a new account (at least 10
 * characters, checked by the command) and proves an existing one unless the request carries that
 * account's session.
 */
export const acceptInvitationBody = z
  .object({
    token: z.string().min(1).max(300),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH).optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
