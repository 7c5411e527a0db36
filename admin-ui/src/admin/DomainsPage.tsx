import { useState, type FormEvent, type ReactNode } from 'react';
import { seg, useAdminApi } from './api.js';
import { useAction, usePaged } from './hooks.js';
import type { Domain, Page } from './types.js';
import { ConfirmButton, ErrorAlert, Notice, PageHeader, Pager, StatusBadge, Time } from './ui.js';

/** Custom domains: add, verify by a DNS TXT record, make primary, remove. */
export function DomainsPage(): ReactNode {
  const api = useAdminApi();
  const domains = usePaged(
    (cursor) => api.get<Page<Domain>>('/api/v1/domains', { limit: 100, cursor }),
    'domains',
  );
  const action = useAction();
  const [notice, setNotice] = useState<string>();
  const [host, setHost] = useState('');

  const replace = (domain: Domain) =>
    domains.setItems((items) => items.map((d) => (d.host === domain.host ? domain : d)));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const domain = await action.run(() => api.post<Domain>('/api/v1/domains', { host }));
    if (!domain) return;
    domains.setItems((items) => [...items, domain]);
    setHost('');
    setNotice(`Added ${domain.host}. Create its TXT record, then verify it.`);
  };

  const verify = async (domain: Domain) => {
    setNotice(undefined);
    const result = await action.run(() =>
      api.post<Domain>(`/api/v1/domains/${seg(domain.host)}/verify`),
    );
    if (!result) return;
    replace(result);
    setNotice(`${result.host} is verified.`);
  };

  const makePrimary = async (domain: Domain) => {
    setNotice(undefined);
    const result = await action.run(() =>
      api.post<Domain>(`/api/v1/domains/${seg(domain.host)}/primary`),
    );
    if (!result) return;
    // Only one domain is primary: the others lost the flag.
    domains.setItems((items) =>
      items.map((d) => (d.host === result.host ? result : { ...d, isPrimary: false })),
    );
    setNotice(`${result.host} is now the primary domain.`);
  };

  const remove = async (domain: Domain) => {
    setNotice(undefined);
    const done = await action.run(async () => {
      await api.del(`/api/v1/domains/${seg(domain.host)}`);
      return true;
    });
    if (!done) return;
    domains.setItems((items) => items.filter((d) => d.host !== domain.host));
    setNotice(`${domain.host} was removed.`);
  };

  return (
    <section className="stack adm-page">
      <PageHeader
        title="Domains"
        description="Serve this tenant on your own host names. Each is verified by a DNS TXT record."
      />
      <form className="card row adm-form-row" onSubmit={(e) => void add(e)}>
        <label className="field grow">
          <span>Host name</span>
          <input
            required
            placeholder="docs.example.com"
            autoComplete="off"
            value={host}
            onChange={(e) => setHost(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary adm-align-end" disabled={action.busy}>
          Add domain
        </button>
      </form>
      <ErrorAlert error={domains.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      <ul className="adm-cards">
        {domains.items.map((domain) => (
          <li key={domain.host} className="card stack">
            <div className="row">
              <h2 className="grow">
                <code>{domain.host}</code>
              </h2>
              {domain.isPrimary && <span className="badge">primary</span>}
              <StatusBadge status={domain.verified ? 'verified' : 'unverified'} />
            </div>
            {domain.verified ? (
              <p className="muted">
                Verified <Time iso={domain.verifiedAt} />
              </p>
            ) : (
              <div className="stack">
                <p>Create this DNS record, then press Verify:</p>
                <dl className="adm-dl">
                  <dt>Type</dt>
                  <dd>
                    <code>{domain.verification.type}</code>
                  </dd>
                  <dt>Name</dt>
                  <dd>
                    <code className="adm-break">{domain.verification.name}</code>
                  </dd>
                  <dt>Value</dt>
                  <dd>
                    <code className="adm-break">{domain.verification.value}</code>
                  </dd>
                </dl>
              </div>
            )}
            <div className="row">
              {!domain.verified && (
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={action.busy}
                  aria-label={`Verify ${domain.host}`}
                  onClick={() => void verify(domain)}
                >
                  Verify
                </button>
              )}
              {domain.verified && !domain.isPrimary && (
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={action.busy}
                  aria-label={`Make ${domain.host} the primary domain`}
                  onClick={() => void makePrimary(domain)}
                >
                  Make primary
                </button>
              )}
              <ConfirmButton
                label="Remove"
                accessibleName={`Remove ${domain.host}`}
                disabled={action.busy}
                onConfirm={() => remove(domain)}
              />
            </div>
          </li>
        ))}
      </ul>
      {!domains.loading && domains.items.length === 0 && (
        <p className="empty">No custom domains. The tenant is served on its default host.</p>
      )}
      <Pager
        loading={domains.loading}
        hasMore={domains.hasMore}
        onMore={() => void domains.loadMore()}
      />
    </section>
  );
}
