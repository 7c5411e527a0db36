import { useState, type FormEvent, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';
import { seg, useAdminApi } from './api.js';
import { useAction, usePaged } from './hooks.js';
import type { ApiKey, Page } from './types.js';
import {
  CheckboxGroup,
  ConfirmButton,
  ErrorAlert,
  Notice,
  PageHeader,
  Pager,
  SecretReveal,
  StatusBadge,
  Time,
} from './ui.js';

/** Permissions only people hold; the server never puts them on a key (API_KEY_SCOPES). */
const PEOPLE_ONLY = new Set(['tenant.delete', 'roles.manage', 'apiKeys.manage']);

function keyState(key: ApiKey, now: number): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

/** Scoped API keys: created with a secret shown once, listed by prefix, revoked at once. */
export function ApiKeysPage(): ReactNode {
  const api = useAdminApi();
  const { permissions } = useFolio();
  // A key's scopes may be no wider than its creator's permissions.
  const scopes = [...permissions].filter((p) => !PEOPLE_ONLY.has(p)).sort();
  const keys = usePaged(
    (cursor) => api.get<Page<ApiKey>>('/api/v1/api-keys', { limit: 50, cursor }),
    'api-keys',
  );
  const action = useAction();
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [notice, setNotice] = useState<string>();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>(['published.read']);
  const [expires, setExpires] = useState('');

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const result = await action.run(() =>
      api.post<ApiKey & { token: string }>('/api/v1/api-keys', {
        name,
        scopes: chosen,
        // A date input names a day; the key lasts until the end of it, local time.
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      }),
    );
    if (!result) return;
    const { token, ...key } = result;
    setCreated({ name: key.name, token });
    keys.setItems((items) => [key, ...items]);
    setName('');
    setExpires('');
  };

  const revoke = async (key: ApiKey) => {
    setNotice(undefined);
    const done = await action.run(async () => {
      await api.del(`/api/v1/api-keys/${seg(key.id)}`);
      return true;
    });
    if (!done) return;
    keys.setItems((items) =>
      items.map((k) => (k.id === key.id ? { ...k, revokedAt: new Date().toISOString() } : k)),
    );
    setNotice(`Key ${key.name} was revoked; requests with it now fail.`);
  };

  const now = Date.now();
  return (
    <section className="stack adm-page">
      <PageHeader
        title="API keys"
        description="Keys for apps and scripts. Each carries only the scopes given here; the secret is shown once."
      />
      <form className="card stack" onSubmit={(e) => void create(e)}>
        <h2>New key</h2>
        <div className="row adm-form-row">
          <label className="field grow">
            <span>Name</span>
            <input
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Expires (optional)</span>
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        </div>
        <CheckboxGroup legend="Scopes" options={scopes} value={chosen} onChange={setChosen} />
        <div className="row">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={action.busy || chosen.length === 0}
          >
            Create key
          </button>
        </div>
      </form>
      <ErrorAlert error={keys.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      {created && (
        <SecretReveal
          title={`Key ${created.name} created`}
          hint="Copy the key now: only its prefix is kept, it cannot be shown again."
          value={created.token}
          onDone={() => setCreated(undefined)}
        />
      )}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.items.map((key) => {
              const state = keyState(key, now);
              return (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>
                    <ul className="adm-chips">
                      {key.scopes.map((s) => (
                        <li key={s}>
                          <code>{s}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <StatusBadge status={state} />
                  </td>
                  <td>
                    <Time iso={key.lastUsedAt} fallback="never" />
                  </td>
                  <td>
                    <Time iso={key.expiresAt} fallback="never" />
                  </td>
                  <td>
                    {state === 'active' && (
                      <ConfirmButton
                        label="Revoke"
                        accessibleName={`Revoke key ${key.name}`}
                        disabled={action.busy}
                        onConfirm={() => revoke(key)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!keys.loading && keys.items.length === 0 && <p className="empty">No API keys yet.</p>}
      </div>
      <Pager loading={keys.loading} hasMore={keys.hasMore} onMore={() => void keys.loadMore()} />
    </section>
  );
}
