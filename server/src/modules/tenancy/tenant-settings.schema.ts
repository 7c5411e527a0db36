import { z } from 'zod';

/** A CSP source expression we are willing to emit: a host source or a scheme, never a keyword. */
const cspSource = z
  .string()
  .trim()
  .max(200)
  .regex(
    /^(https?:\/\/)?(\*\.)?[a-z0-9.-]+(:\d{1,5})?(\/[^\s;,']*)?$|^(https:|data:|blob:|wss:)$/i,
    'must be a host source such as https://cdn.example.com or a scheme such as data:',
  );

const cidr = z
  .string()
  .trim()
  .refine((v) => parseCidrShape(v), 'must be an IPv4 or IPv6 address or CIDR range');

function parseCidrShape(value: string): boolean {
  const [addr, bits, extra] = value.split('/');
  if (extra !== undefined || !addr) return false;
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(addr);
  const v6 = !v4 && /^[0-9a-f:]+$/i.test(addr) && addr.includes(':');
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (v4 ? 32 : 128);
}

/** Per-tenant settings, stored as JSON on the tenant row and validated on every write. */
export const tenantSettingsSchema = z
  .object({
    branding: z
      .object({
        logoUrl: z
          .url({ protocol: /^https?$/ })
          .max(500)
          .optional(),
        primaryColor: z
          .string()
          .regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #1a73e8')
          .optional(),
      })
      .strict()
      .optional(),
    supportContact: z
      .object({
        email: z.email().max(320).optional(),
        url: z
          .url({ protocol: /^https?$/ })
          .max(500)
          .optional(),
      })
      .strict()
      .optional(),
    csp: z
      .object({
        imgSrc: z.array(cspSource).max(20).optional(),
        connectSrc: z.array(cspSource).max(20).optional(),
        scriptSrc: z.array(cspSource).max(20).optional(),
        styleSrc: z.array(cspSource).max(20).optional(),
        fontSrc: z.array(cspSource).max(20).optional(),
        frameSrc: z.array(cspSource).max(20).optional(),
        mediaSrc: z.array(cspSource).max(20).optional(),
      })
      .strict()
      .optional(),
    ipAllowlist: z.array(cidr).max(100).optional(),
    workflow: z
      .object({
        /** Whether approvals of content that changed since block approval guards and publishing (default block). */
        staleApprovals: z.enum(['block', 'allow']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** Feature flags a plan or a platform admin turns on per tenant. */
export const tenantFeaturesSchema = z
  .object({
    cms: z.boolean().optional(),
    ecommerce: z.boolean().optional(),
    analytics: z.boolean().optional(),
  })
  .strict();

export type TenantFeatures = z.infer<typeof tenantFeaturesSchema>;
