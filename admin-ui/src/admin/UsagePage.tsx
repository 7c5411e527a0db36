import { useState, type ReactNode } from 'react';
import { useAdminApi } from './api.js';
import { DailyChart, formatAmount, QuotaBar } from './charts.js';
import { useLoad } from './hooks.js';
import type { UsageDay, UsageReport } from './types.js';
import { ErrorAlert, PageHeader, Time } from './ui.js';

const METERS: { key: keyof UsageReport['meters']; label: string; unit: 'count' | 'bytes' }[] = [
  { key: 'documents', label: 'Documents', unit: 'count' },
  { key: 'members', label: 'Members', unit: 'count' },
  { key: 'storageBytes', label: 'Storage', unit: 'bytes' },
  { key: 'apiKeys', label: 'Active API keys', unit: 'count' },
  { key: 'webhooks', label: 'Webhook endpoints', unit: 'count' },
];

const SERIES: { key: Exclude<keyof UsageDay, 'date'>; label: string }[] = [
  { key: 'documentsCreated', label: 'Documents created' },
  { key: 'versionsCreated', label: 'Versions created' },
  { key: 'commentsPosted', label: 'Comments posted' },
  { key: 'webhookDeliveries', label: 'Webhook deliveries' },
  { key: 'auditEntries', label: 'Audited changes' },
];

const RANGES = [7, 30, 90];

/** Usage of the tenant against its plan's quotas, and daily activity charted in plain SVG. */
export function UsagePage(): ReactNode {
  const api = useAdminApi();
  const [days, setDays] = useState(30);
  const report = useLoad(() => api.get<UsageReport>('/api/v1/usage', { days }), `usage:${days}`);
  const r = report.data;
  return (
    <section className="stack adm-page">
      <PageHeader
        title="Usage & quotas"
        description={
          r ? (
            <>
              Plan <code>{r.plan}</code>, measured <Time iso={r.measuredAt} />
            </>
          ) : undefined
        }
      >
        <button type="button" className="btn" onClick={() => void report.reload()}>
          Refresh
        </button>
      </PageHeader>
      <ErrorAlert error={report.error} />
      {r && (
        <>
          <div className="card stack">
            <h2>Against the plan</h2>
            <div className="adm-quotas" data-testid="quotas">
              {METERS.map((m) => (
                <QuotaBar
                  key={m.key}
                  label={m.label}
                  used={r.meters[m.key].used}
                  limit={r.meters[m.key].limit}
                  unit={m.unit}
                />
              ))}
            </div>
            <dl className="adm-dl">
              <dt>API requests</dt>
              <dd>at most {formatAmount(r.rateLimits.apiRequestsPerMinute, 'count')} a minute</dd>
              <dt>Document size</dt>
              <dd>at most {formatAmount(r.rateLimits.documentBytes, 'bytes')} each</dd>
              <dt>Storage</dt>
              <dd>
                {formatAmount(r.details.storage.collabUpdates, 'bytes')} recent edits,{' '}
                {formatAmount(r.details.storage.collabSnapshots, 'bytes')} snapshots,{' '}
                {formatAmount(r.details.storage.versions, 'bytes')} versions
              </dd>
              <dt>Also</dt>
              <dd>
                {r.details.pendingInvitations} pending invitations, {r.details.activeWebhooks}{' '}
                active webhook endpoints
              </dd>
            </dl>
          </div>
          <div className="card stack">
            <div className="row">
              <h2 className="grow">Daily activity</h2>
              <label className="field field-inline">
                <span>Period</span>
                <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
                  {RANGES.map((n) => (
                    <option key={n} value={n}>
                      Last {n} days
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="muted">
              UTC days from {r.daily.from} to {r.daily.to}, counted from what the database holds.
            </p>
            <div className="adm-quotas" data-testid="daily-charts">
              {SERIES.map((s) => (
                <DailyChart
                  key={s.key}
                  label={s.label}
                  points={r.daily.days.map((d) => ({ date: d.date, value: d[s.key] }))}
                />
              ))}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
