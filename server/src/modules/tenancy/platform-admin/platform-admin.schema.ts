import { z } from 'zod';
import { AppError } from '../../../platform/errors.js';
import { PLAN_KEYS, PLANS } from '../plans.js';
import { tenantFeaturesSchema } from '../tenant-settings.schema.js';

export const platformLoginBody = z
  .object({
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(1024),
    totp: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

const plan = z.enum(PLAN_KEYS as [string, ...string[]]);

export const createTenantBody = z
  .object({
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a slug: a-z, 0-9 and dashes'),
    name: z.string().trim().min(1).max(200),
    plan: plan.optional(),
    ownerEmail: z.email().max(320),
  })
  .strict();

export const listTenantsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
    status: z.enum(['active', 'suspended', 'maintenance']).optional(),
  })
  .strict();

export const maintenanceBody = z
  .object({ retryAfterSeconds: z.number().int().min(1).max(86_400).optional() })
  .strict();

const quotaKeys = Object.keys(PLANS.free) as [
  keyof typeof PLANS.free,
  ...(keyof typeof PLANS.free)[],
];

/** Plan, feature flags (merged per flag) and quota overrides (`null` removes an override). */
export const updateTenantBody = z
  .object({
    plan: plan.optional(),
    features: tenantFeaturesSchema.optional(),
    quotas: z
      .partialRecord(
        z.enum(quotaKeys),
        z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
      )
      .optional(),
  })
  .strict()
  .refine((b) => b.plan !== undefined || b.features !== undefined || b.quotas !== undefined, {
    message: 'give plan, features or quotas',
  });

export type UpdateTenantBody = z.infer<typeof updateTenantBody>;

export const deleteTenantBody = z.object({ confirmSlug: z.string().max(63) }).strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant id from the path; anything that cannot be one is simply not found. */
export function tenantIdParam(raw: unknown): string {
  if (typeof raw !== 'string' || !UUID.test(raw)) throw new AppError('not_found', 'No such tenant');
  return raw.toLowerCase();
}
