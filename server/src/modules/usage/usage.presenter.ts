import type { Quotas } from '../tenancy/index.js';
import type { DailyKey, DailySeries, UsageCounts } from './usage.queries.js';
import type { UsageDay, UsageView } from './usage.schema.js';

const DAY_MS = 86_400_000;

/** UTC midnight `days - 1` days before `now`: the first day of a series that ends today. */
export function seriesStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

/** Every day from `from` for `days` days, zero where nothing happened (a chart needs no gaps). */
export function fillDays(
  from: Date,
  days: number,
  series: Record<DailyKey, DailySeries>,
): UsageDay[] {
  const out: UsageDay[] = [];
  for (let i = 0; i < days; i += 1) {
    const date = new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    out.push({
      date,
      documentsCreated: series.documentsCreated.get(date) ?? 0,
      versionsCreated: series.versionsCreated.get(date) ?? 0,
      commentsPosted: series.commentsPosted.get(date) ?? 0,
      auditEntries: series.auditEntries.get(date) ?? 0,
      webhookDeliveries: series.webhookDeliveries.get(date) ?? 0,
    });
  }
  return out;
}

/** The public JSON of a tenant's usage against its effective quotas. */
export function presentUsage(input: {
  plan: string;
  quotas: Quotas;
  counts: UsageCounts;
  now: Date;
  from: Date;
  days: UsageDay[];
}): UsageView {
  const { quotas, counts } = input;
  const storage = counts.storage;
  return {
    plan: input.plan,
    measuredAt: input.now.toISOString(),
    meters: {
      documents: { used: counts.documents, limit: quotas.documents },
      members: { used: counts.members, limit: quotas.members },
      storageBytes: {
        used: storage.collabUpdates + storage.collabSnapshots + storage.versions,
        limit: quotas.storageBytes,
      },
      // No plan limits these (yet): the meter still shows what exists.
      apiKeys: { used: counts.activeApiKeys, limit: null },
      webhooks: { used: counts.webhooks, limit: null },
    },
    rateLimits: {
      apiRequestsPerMinute: quotas.apiRequestsPerMinute,
      documentBytes: quotas.documentBytes,
    },
    details: {
      pendingInvitations: counts.pendingInvitations,
      activeWebhooks: counts.activeWebhooks,
      storage,
    },
    daily: {
      from: input.days[0]?.date ?? input.from.toISOString().slice(0, 10),
      to: input.days[input.days.length - 1]?.date ?? input.from.toISOString().slice(0, 10),
      days: input.days,
    },
  };
}
