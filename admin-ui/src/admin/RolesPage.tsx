import { useState, type FormEvent, type ReactNode } from 'react';
import { useCan, useFolio } from '../app-context.js';
import { seg, StaleError, useAdminApi } from './api.js';
import { useAction, useLoad } from './hooks.js';
import type { Page, Role } from './types.js';
import { CheckboxGroup, ConfirmButton, ErrorAlert, Notice, PageHeader } from './ui.js';

/** Built-in and custom roles; custom roles are created, edited and deleted here. */
export function RolesPage(): ReactNode {
  const api = useAdminApi();
  const { permissions: mine } = useFolio();
  const canManage = useCan('roles.manage');
  const roles = useLoad(
    () => api.get<Page<Role>>('/api/v1/roles', { limit: 200 }).then((p) => p.items),
    'roles',
  );
  const action = useAction();
  const [notice, setNotice] = useState<string>();
  // The role being edited, as read (with its ETag) when the form opened.
  const [editing, setEditing] = useState<{ role: Role; etag: string | null } | null>(null);

  // The owner role grants the whole catalogue, so the catalogue is read from it rather than copied.
  const catalogue = roles.data?.find((r) => r.key === 'owner')?.permissions ?? [...mine].sort();
  // The server refuses a role with a permission the caller lacks; offer only what may be granted.
  const notMine = new Set(catalogue.filter((p) => !mine.has(p)));

  const path = (role: Role) => `/api/v1/roles/${seg(role.key)}`;

  const edit = async (role: Role) => {
    setNotice(undefined);
    const current = await action.run(() => api.read<{ role: Role }>(path(role)));
    if (current) setEditing({ role: current.body.role, etag: current.etag });
  };

  const create = async (draft: RoleDraft) => {
    setNotice(undefined);
    const result = await action.run(() => api.post<{ role: Role }>('/api/v1/roles', draft));
    if (!result) return false;
    await roles.reload();
    setNotice(`Role ${result.role.name} created.`);
    return true;
  };

  const update = async (draft: RoleDraft) => {
    if (!editing) return false;
    setNotice(undefined);
    const body = { name: draft.name, permissions: draft.permissions };
    const result = await action.run(
      () => api.change<{ role: Role }>('PATCH', path(editing.role), body, editing.etag),
      {
        onStale: async () => {
          setEditing(null);
          await roles.reload();
        },
      },
    );
    if (!result) return false;
    await roles.reload();
    setEditing(null);
    setNotice(`Role ${result.body.role.name} saved.`);
    return true;
  };

  const remove = async (role: Role) => {
    setNotice(undefined);
    const done = await action.run(
      async () => {
        // Delete the role the page shows, not one someone has changed since.
        const current = await api.read<{ role: Role }>(path(role));
        if (current.body.role.updatedAt !== role.updatedAt) throw new StaleError();
        await api.change('DELETE', path(role), undefined, current.etag);
        return true;
      },
      { onStale: roles.reload },
    );
    if (!done) return;
    roles.setData((list) => list?.filter((r) => r.key !== role.key));
    setNotice(`Role ${role.name} deleted.`);
  };

  return (
    <section className="stack adm-page">
      <PageHeader
        title="Roles"
        description="What each role may do. Built-in roles are fixed; custom roles pick from the permission catalogue."
      />
      <ErrorAlert error={roles.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      <ul className="adm-cards">
        {(roles.data ?? []).map((role) =>
          editing?.role.key === role.key ? (
            <li key={role.key} className="card">
              <RoleForm
                title={`Edit ${editing.role.name}`}
                initial={{
                  key: editing.role.key,
                  name: editing.role.name,
                  permissions: editing.role.permissions,
                }}
                catalogue={catalogue}
                disabledOptions={notMine}
                keyFixed
                busy={action.busy}
                onSubmit={update}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={role.key} className="card stack">
              <div className="row">
                <h2 className="grow">
                  {role.name} <code className="muted">{role.key}</code>
                </h2>
                {role.isBuiltin ? (
                  <span className="badge">built-in</span>
                ) : (
                  canManage && (
                    <>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`Edit role ${role.name}`}
                        disabled={action.busy}
                        onClick={() => void edit(role)}
                      >
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        accessibleName={`Delete role ${role.name}`}
                        disabled={action.busy}
                        onConfirm={() => remove(role)}
                      />
                    </>
                  )
                )}
              </div>
              <p className="muted">
                {role.memberCount ?? 0} member{role.memberCount === 1 ? '' : 's'} ·{' '}
                {role.permissions.length} permissions
              </p>
              <ul className="adm-chips" aria-label={`Permissions of ${role.name}`}>
                {role.permissions.map((p) => (
                  <li key={p}>
                    <code>{p}</code>
                  </li>
                ))}
              </ul>
            </li>
          ),
        )}
      </ul>
      {canManage && (
        <div className="card">
          <RoleForm
            title="New custom role"
            initial={{ key: '', name: '', permissions: ['documents.read'] }}
            catalogue={catalogue}
            disabledOptions={notMine}
            busy={action.busy}
            resetOnSave
            onSubmit={create}
          />
        </div>
      )}
    </section>
  );
}

interface RoleDraft {
  key: string;
  name: string;
  permissions: string[];
}

function RoleForm(props: {
  title: string;
  initial: RoleDraft;
  catalogue: readonly string[];
  disabledOptions: ReadonlySet<string>;
  keyFixed?: boolean;
  busy: boolean;
  resetOnSave?: boolean;
  onSubmit: (draft: RoleDraft) => Promise<boolean>;
  onCancel?: () => void;
}): ReactNode {
  const [draft, setDraft] = useState(props.initial);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await props.onSubmit(draft);
    if (ok && props.resetOnSave) setDraft(props.initial);
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <h2>{props.title}</h2>
      <div className="row adm-form-row">
        <label className="field">
          <span>Key</span>
          <input
            required
            pattern="[a-z][a-z0-9_\-]{1,39}"
            title="2–40 characters: a lower-case letter, then letters, digits, _ or -"
            value={draft.key}
            disabled={props.keyFixed}
            onChange={(e) => setDraft({ ...draft, key: e.target.value })}
          />
        </label>
        <label className="field grow">
          <span>Name</span>
          <input
            required
            maxLength={80}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </label>
      </div>
      <CheckboxGroup
        legend="Permissions"
        options={props.catalogue}
        value={draft.permissions}
        disabledOptions={props.disabledOptions}
        onChange={(permissions) => setDraft({ ...draft, permissions })}
      />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={props.busy}>
          {props.keyFixed ? 'Save role' : 'Create role'}
        </button>
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
