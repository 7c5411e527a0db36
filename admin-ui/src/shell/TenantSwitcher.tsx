import { useEffect, useState, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';

interface TenantChoice {
  tenant: { id: string; slug: string; name: string };
  role: string;
  url: string;
  isCurrent: boolean;
}

/**
 * The tenants the user belongs to (`GET /api/v1/auth/tenants`). Each tenant lives on its own host,
 * so switching opens that host's admin UI, where the user signs in (sessions are per tenant).
 */
export function TenantSwitcher(): ReactNode {
  const { api, tenant } = useFolio();
  const [choices, setChoices] = useState<TenantChoice[]>([]);

  useEffect(() => {
    let live = true;
    api
      .get<{ items: TenantChoice[] }>('/api/v1/auth/tenants')
      .then((body) => live && setChoices(body.items))
      .catch(() => live && setChoices([]));
    return () => {
      live = false;
    };
  }, [api]);

  if (choices.length < 2) return <span className="tenant-name">{tenant.name}</span>;
  return (
    <label className="field-inline">
      <span className="visually-hidden">Switch workspace</span>
      <select
        value={tenant.slug}
        onChange={(event) => {
          const next = choices.find((c) => c.tenant.slug === event.target.value);
          if (next && !next.isCurrent)
            window.location.assign(`${next.url.replace(/\/$/, '')}/admin/`);
        }}
      >
        {choices.map((choice) => (
          <option key={choice.tenant.id} value={choice.tenant.slug}>
            {choice.tenant.name} ({choice.role})
          </option>
        ))}
      </select>
    </label>
  );
}
