import { useState, type ReactNode } from 'react';
import { useCan, useFolio } from '../app-context.js';
import { useAdminApi } from './api.js';
import { useAction, useLoad } from './hooks.js';
import type { CspDirective, TenantView } from './types.js';
import {
  BrandingForm,
  compact,
  MaintenanceCard,
  SettingsForm,
  type Patch,
} from './settings-forms.js';
import { ErrorAlert, Notice, PageHeader } from './ui.js';

const CSP_DIRECTIVES: { key: CspDirective; label: string }[] = [
  { key: 'imgSrc', label: 'Images (img-src)' },
  { key: 'connectSrc', label: 'Connections (connect-src)' },
  { key: 'scriptSrc', label: 'Scripts (script-src)' },
  { key: 'styleSrc', label: 'Styles (style-src)' },
  { key: 'fontSrc', label: 'Fonts (font-src)' },
  { key: 'frameSrc', label: 'Frames (frame-src)' },
  { key: 'mediaSrc', label: 'Media (media-src)' },
];

function lines(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Tenant settings: name, branding, support contact, CSP, IP allowlist, workflow; maintenance state. */
export function SettingsPage(): ReactNode {
  const api = useAdminApi();
  const { refresh } = useFolio();
  const canEdit = useCan('settings.manage');
  // Read with its ETag: every save sends it as If-Match, so a change someone else made in the
  // meantime is refused (412) instead of silently overwritten.
  const tenant = useLoad(() => api.read<TenantView>('/api/v1/tenant'), 'tenant');
  const action = useAction();
  const [notice, setNotice] = useState<string>();

  const save = async (patch: Patch, what: string) => {
    setNotice(undefined);
    const updated = await action.run(
      () => api.change<TenantView>('PATCH', '/api/v1/tenant', patch, tenant.data?.etag),
      { onStale: tenant.reload },
    );
    if (!updated) return;
    tenant.setData(() => updated);
    setNotice(`${what} saved.`);
    // The shell re-reads the tenant, so a new branding colour or logo applies everywhere at once.
    await refresh();
  };

  const t = tenant.data?.body;
  return (
    <section className="stack adm-page">
      <PageHeader
        title="Settings"
        description={
          canEdit ? undefined : 'You can read these settings; changing them needs settings.manage.'
        }
      />
      <ErrorAlert error={tenant.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      {t && (
        // Keyed by the last update, so every form starts again from what the server stored.
        <div className="stack" key={t.updatedAt}>
          <MaintenanceCard tenant={t} />
          <SettingsForm
            title="General"
            disabled={!canEdit || action.busy}
            onSave={(f) => save({ name: f.get('name') as string }, 'Name')}
          >
            <label className="field">
              <span>Tenant name</span>
              <input name="name" required maxLength={200} defaultValue={t.name} />
            </label>
            <p className="muted">
              Slug <code>{t.slug}</code> · plan <code>{t.plan}</code>
            </p>
          </SettingsForm>
          <BrandingForm tenant={t} disabled={!canEdit || action.busy} onSave={save} />
          <SettingsForm
            title="Support contact"
            disabled={!canEdit || action.busy}
            onSave={(f) =>
              save(
                {
                  settings: {
                    supportContact: compact({
                      email: String(f.get('supportEmail') ?? ''),
                      url: String(f.get('supportUrl') ?? ''),
                    }),
                  },
                },
                'Support contact',
              )
            }
          >
            <div className="row adm-form-row">
              <label className="field grow">
                <span>Email</span>
                <input
                  name="supportEmail"
                  type="email"
                  defaultValue={t.settings.supportContact?.email ?? ''}
                />
              </label>
              <label className="field grow">
                <span>Web page</span>
                <input
                  name="supportUrl"
                  type="url"
                  defaultValue={t.settings.supportContact?.url ?? ''}
                />
              </label>
            </div>
          </SettingsForm>
          <SettingsForm
            title="Content Security Policy"
            saveLabel="Save Content Security Policy"
            description="Extra sources allowed on this tenant's pages, one per line (https://cdn.example.com or a scheme such as data:)."
            disabled={!canEdit || action.busy}
            onSave={(f) => {
              const csp: Partial<Record<CspDirective, string[]>> = {};
              for (const { key } of CSP_DIRECTIVES) {
                const sources = lines(String(f.get(key) ?? ''));
                if (sources.length > 0) csp[key] = sources;
              }
              return save(
                { settings: { csp: Object.keys(csp).length ? csp : null } },
                'Content Security Policy',
              );
            }}
          >
            <div className="adm-grid">
              {CSP_DIRECTIVES.map(({ key, label }) => (
                <label key={key} className="field">
                  <span>{label}</span>
                  <textarea
                    name={key}
                    rows={3}
                    defaultValue={(t.settings.csp?.[key] ?? []).join('\n')}
                  />
                </label>
              ))}
            </div>
          </SettingsForm>
          <SettingsForm
            title="IP allowlist"
            saveLabel="Save IP allowlist"
            description="Only these addresses or CIDR ranges may reach the tenant, one per line. Empty allows every address. A list that excludes your own address is refused."
            disabled={!canEdit || action.busy}
            onSave={(f) => {
              const ranges = lines(String(f.get('ipAllowlist') ?? ''));
              return save(
                { settings: { ipAllowlist: ranges.length ? ranges : null } },
                'IP allowlist',
              );
            }}
          >
            <label className="field">
              <span>Allowed addresses</span>
              <textarea
                name="ipAllowlist"
                rows={4}
                defaultValue={(t.settings.ipAllowlist ?? []).join('\n')}
              />
            </label>
          </SettingsForm>
          <SettingsForm
            title="Workflow"
            disabled={!canEdit || action.busy}
            onSave={(f) =>
              save(
                { settings: { workflow: { staleApprovals: f.get('staleApprovals') } } },
                'Workflow',
              )
            }
          >
            <label className="field">
              <span>Approvals of content that changed since</span>
              <select
                name="staleApprovals"
                defaultValue={t.settings.workflow?.staleApprovals ?? 'block'}
              >
                <option value="block">Block publishing until reviewed again</option>
                <option value="allow">Still count</option>
              </select>
            </label>
          </SettingsForm>
        </div>
      )}
    </section>
  );
}
