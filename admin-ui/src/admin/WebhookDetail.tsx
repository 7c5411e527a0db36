import { useState, type ReactNode } from 'react';
import { seg, useAdminApi } from './api.js';
import { DeliveryLog } from './DeliveryLog.js';
import { useAction, useLoad } from './hooks.js';
import type { Delivery, WebhookEndpoint, WebhookWithSecret } from './types.js';
import { ConfirmButton, ErrorAlert, Notice, PageHeader, SecretReveal, Time } from './ui.js';
import { draftOf, WebhookForm, type WebhookDraft } from './webhook-form.js';

/** One endpoint: its settings (edited with If-Match), signing secrets, ping and delivery log. */
export function WebhookDetail(props: { endpointId: string; onBack: () => void }): ReactNode {
  const api = useAdminApi();
  const base = `/api/v1/webhooks/${seg(props.endpointId)}`;
  const endpoint = useLoad(() => api.get<WebhookEndpoint>(base), base);
  const action = useAction();
  const [notice, setNotice] = useState<string>();
  const [secret, setSecret] = useState<string>();
  const [editing, setEditing] = useState(false);
  // Bumped after a ping or redelivery so the log shows the new delivery at once.
  const [logVersion, setLogVersion] = useState(0);

  const current = endpoint.data;
  const ifMatch = current ? `"${current.revision}"` : undefined;

  /** Runs a change guarded by the revision shown; a 412 reloads what is current now. */
  const guarded = <R,>(change: () => Promise<R>): Promise<R | undefined> => {
    setNotice(undefined);
    return action.run(change, {
      onStale: async () => {
        setEditing(false);
        await endpoint.reload();
      },
    });
  };

  const save = async (draft: WebhookDraft) => {
    const updated = await guarded(() => api.patch<WebhookEndpoint>(base, draft, ifMatch));
    if (!updated) return false;
    endpoint.setData(() => updated);
    setEditing(false);
    setNotice('Endpoint saved.');
    return true;
  };

  const rotate = async () => {
    const result = await guarded(() =>
      api.post<WebhookWithSecret>(`${base}/secrets`, undefined, ifMatch),
    );
    if (!result) return;
    setSecret(result.secret.value);
    await endpoint.reload();
  };

  const revokeSecret = async (secretId: string) => {
    const updated = await guarded(() =>
      api.del<WebhookEndpoint>(`${base}/secrets/${seg(secretId)}`, ifMatch),
    );
    if (!updated) return;
    endpoint.setData(() => updated);
    setNotice('Secret revoked.');
  };

  const remove = async () => {
    const done = await guarded(async () => {
      await api.del(base, ifMatch);
      return true;
    });
    if (done) props.onBack();
  };

  const ping = async () => {
    setNotice(undefined);
    const delivery = await action.run(() => api.post<Delivery>(`${base}/ping`));
    if (!delivery) return;
    setNotice('Ping queued: it appears in the delivery log below.');
    setLogVersion((v) => v + 1);
  };

  return (
    <section className="stack adm-page">
      <PageHeader
        title={current ? `Webhook ${current.url}` : 'Webhook'}
        description={current?.description || undefined}
      >
        <button type="button" className="btn" onClick={props.onBack}>
          Back to webhooks
        </button>
      </PageHeader>
      <ErrorAlert error={endpoint.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      {secret && (
        <SecretReveal
          title="New signing secret"
          hint="Deliveries are now signed with both secrets until you revoke the older one. Shown once."
          value={secret}
          onDone={() => setSecret(undefined)}
        />
      )}
      {current && (
        <div className="card stack">
          <div className="row">
            <h2 className="grow">Settings</h2>
            <button
              type="button"
              className="btn btn-small"
              disabled={action.busy || !current.isActive}
              title={current.isActive ? undefined : 'Disabled endpoints receive no pings'}
              onClick={() => void ping()}
            >
              Send ping
            </button>
            {!editing && (
              <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            <ConfirmButton
              label="Delete"
              accessibleName="Delete this endpoint and its delivery log"
              disabled={action.busy}
              onConfirm={remove}
            />
          </div>
          {editing ? (
            <WebhookForm
              key={current.revision}
              initial={draftOf(current)}
              submitLabel="Save endpoint"
              busy={action.busy}
              onSubmit={save}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <dl className="adm-dl">
              <dt>URL</dt>
              <dd>
                <code className="adm-break">{current.url}</code>
              </dd>
              <dt>Events</dt>
              <dd>{current.eventTypes.join(', ')}</dd>
              <dt>State</dt>
              <dd>{current.isActive ? 'Active' : 'Disabled'}</dd>
              <dt>Debounce</dt>
              <dd>{current.debounceMs ? `${current.debounceMs} ms` : 'none'}</dd>
              <dt>Revision</dt>
              <dd>{current.revision}</dd>
            </dl>
          )}
          <h3>Signing secrets</h3>
          <ul className="stack adm-plain">
            {current.secrets.map((s) => (
              <li key={s.id} className="row">
                <code className="grow">{s.id}</code>
                <span className="muted">
                  created <Time iso={s.createdAt} />
                </span>
                {current.secrets.length > 1 && (
                  <ConfirmButton
                    label="Revoke"
                    accessibleName={`Revoke secret ${s.id}`}
                    disabled={action.busy}
                    onConfirm={() => revokeSecret(s.id)}
                  />
                )}
              </li>
            ))}
          </ul>
          <div className="row">
            <button
              type="button"
              className="btn btn-small"
              disabled={action.busy}
              onClick={() => void rotate()}
            >
              Rotate secret
            </button>
          </div>
        </div>
      )}
      <DeliveryLog base={base} version={logVersion} />
    </section>
  );
}
