import { z } from 'zod';
import { API_KEY_SCOPES } from '../access/index.js';

/** Longest lifetime a key may be given at creation. */
const MAX_KEY_LIFETIME_MS = 5 * 365 * 24 * 3600 * 1000;

/** `POST /api-keys` */
export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1)
    .max(API_KEY_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must not repeat'),
  expiresAt: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() > Date.now(), 'expiresAt must be in the future')
    .refine(
      (date) => date.getTime() <= Date.now() + MAX_KEY_LIFETIME_MS,
      'expiresAt must be within five years',
    )
    .optional(),
});

/** `GET /api-keys?limit=&cursor=` */
export const listApiKeysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});
