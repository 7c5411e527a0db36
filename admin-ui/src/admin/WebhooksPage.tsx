import { useState, type ReactNode } from 'react';
import { useRouter } from '../router.js';
import { useAdminApi } from './api.js';
import { useAction, usePaged } from './hooks.js';
import type { Page, WebhookEndpoint, WebhookWithSecret } from './types.js';
import { ErrorAlert, PageHeader, Pager, SecretReveal, StatusBadge } from './ui.js';
import { WebhookDetail } from './WebhookDetail.js';
import { WebhookForm, type WebhookDraft } from './webhook-form.js';

const NEW_ENDPOINT: WebhookDraft = {
  url: '',
  description: '',
  eventTypes: ['*'],
  isActive: true,
  debounceMs: 0,
};

/**
 * Webhook endpoints. The chosen endpoint (`?endpoint=<id>`, so it survives a reload and can be
 * linked) opens its settings, secrets and delivery log.
 */
export function WebhooksPage(): ReactNode {
  const api = useAdminApi();
  const { path, search, navigate } = useRouter();
  const selected = search.get('endpoint');
  const endpoints = usePaged(
    (cursor) => api.get<Page<WebhookEndpoint>>('/api/v1/webhooks', { limit: 100, cursor }),
    'webhooks',
  );
  const action = useAction();
  const [created, setCreated] = useState<WebhookWithSecret>();

  const select = (id: string | null) => navigate(id ? `${path}?endpoint=${id}` : path);

  const create = async (draft: WebhookDraft) => {
    const result = await action.run(() => api.post<WebhookWithSecret>('/api/v1/webhooks', draft));
    if (!result) return false;
    setCreated(result);
    await endpoints.reload();
    return true;
  };

  if (selected) {
    return (
      <WebhookDetail
        endpointId={selected}
        onBack={() => {
          select(null);
          void endpoints.reload();
        }}
      />
    );
  }

  return (
    <section className="stack adm-page">
      <PageHeader
        title="Webhooks"
        description="Signed POST requests to your endpoints for the events they subscribe to, retried with backoff."
      />
      <ErrorAlert error={endpoints.error} />
      {created && (
        <SecretReveal
          title={`Signing secret for ${created.url}`}
          hint="Verify each delivery's Folio-Webhook-Signature with this secret. It is shown once."
          value={created.secret.value}
          onDone={() => setCreated(undefined)}
        />
      )}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.items.map((endpoint) => (
              <tr key={endpoint.id}>
                <th scope="row">
                  <code className="adm-break">{endpoint.url}</code>
                  {endpoint.description && <div className="muted">{endpoint.description}</div>}
                </th>
                <td>{endpoint.eventTypes.join(', ')}</td>
                <td>
                  <StatusBadge status={endpoint.isActive ? 'active' : 'disabled'} />
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Open ${endpoint.url}: settings and deliveries`}
                    onClick={() => select(endpoint.id)}
                  >
                    Deliveries &amp; settings
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!endpoints.loading && endpoints.items.length === 0 && (
          <p className="empty">No webhook endpoints yet.</p>
        )}
      </div>
      <Pager
        loading={endpoints.loading}
        hasMore={endpoints.hasMore}
        onMore={() => void endpoints.loadMore()}
      />
      <div className="card stack">
        <h2>Add an endpoint</h2>
        <ErrorAlert error={action.error} onDismiss={action.clearError} />
        <WebhookForm
          initial={NEW_ENDPOINT}
          submitLabel="Add endpoint"
          busy={action.busy}
          onSubmit={create}
        />
      </div>
    </section>
  );
}
