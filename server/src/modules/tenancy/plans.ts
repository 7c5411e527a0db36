/** Plans and the quotas they grant; a tenant's `quotas` column overrides single entries. */
export const PLANS = {
  free: {
    members: 5,
    documents: 100,
    storageBytes: 1 * 1024 ** 3,
    apiRequestsPerMinute: 300,
    documentBytes: 2 * 1024 ** 2,
  },
  team: {
    members: 50,
    documents: 10_000,
    storageBytes: 50 * 1024 ** 3,
    apiRequestsPerMinute: 3000,
    documentBytes: 10 * 1024 ** 2,
  },
  business: {
    members: 500,
    documents: 100_000,
    storageBytes: 500 * 1024 ** 3,
    apiRequestsPerMinute: 10_000,
    documentBytes: 20 * 1024 ** 2,
  },
  enterprise: {
    members: 10_000,
    documents: 1_000_000,
    storageBytes: 5 * 1024 ** 4,
    apiRequestsPerMinute: 50_000,
    documentBytes: 50 * 1024 ** 2,
  },
} as const;

export type PlanKey = keyof typeof PLANS;
export type Quotas = { [K in keyof (typeof PLANS)['free']]: number };

export const PLAN_KEYS = Object.keys(PLANS) as PlanKey[];

/** True when value names a plan. */
export function isPlan(value: string): value is PlanKey {
  return value in PLANS;
}

/** The effective quotas: the plan's, overridden by the tenant's own entries. */
export function effectiveQuotas(plan: string, overrides: Partial<Quotas>): Quotas {
  const base: Quotas = isPlan(plan) ? { ...PLANS[plan] } : { ...PLANS.free };
  return { ...base, ...overrides };
}
