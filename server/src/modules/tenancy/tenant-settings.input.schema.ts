import { z } from 'zod';
import { tenantSettingsSchema } from './tenant-settings.schema.js';

/**
 * `PATCH /tenant`: a new name and/or settings merged per top-level key — a key given replaces that
 * whole section, `null` removes it, keys not given stay. The merged result is validated with
 * tenantSettingsSchema, so stored settings are always valid as a whole.
 */
export const patchTenantBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    settings: z.partialRecord(tenantSettingsSchema.keyof(), z.unknown()).optional(),
  })
  .strict()
  .refine((body) => body.name !== undefined || body.settings !== undefined, {
    message: 'give name or settings',
  });

export type PatchTenantBody = z.infer<typeof patchTenantBody>;
